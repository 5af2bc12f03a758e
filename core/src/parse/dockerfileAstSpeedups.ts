import { Argument, DockerfileParser, Instruction } from 'dockerfile-ast';
import { Dockerfile } from 'dockerfile-ast/lib/dockerfile';
import { Util } from 'dockerfile-ast/lib/util';
import { version as astVersion } from 'dockerfile-ast/package.json';
import type { Position, Range } from 'vscode-languageserver-types';

/**
 * Two hot spots of dockerfile-ast 0.7.1, which dockerfile-utils, dockerfile-language-service and our
 * analysis all parse with (measured on a 10,000-line Dockerfile; see docs/performance.md):
 *
 * - `Instruction.getRawArguments` re-tokenises the instruction on every call, and nearly every accessor
 *   (`getArguments`, `getFlags`, `getArgumentsRange`, properties, JSON strings …) calls it: ~58% of
 *   `validate`. We tokenise once per instruction and hand out fresh copies, because callers mutate
 *   what they get (`ModifiableInstruction.getArguments` shifts the array, `From.getImageNameRange`
 *   moves the range's start).
 * - `Dockerfile.organizeComments` recomputes every build stage's range for every comment (quadratic:
 *   ~30% of the parse of a 10,000-line file). Stage ranges depend only on instructions, so we compute
 *   each once and keep the same assignment loop.
 * - Every consumer parses the text again: validation, our analysis, then hover and completion on the
 *   same version. `DockerfileParser.parse` keeps the trees of the last two texts, so one version is
 *   parsed once. Sharing is safe because nothing mutates a tree once built, now that arguments are
 *   handed out as copies (that is what the equivalence test checks, consumers running in sequence).
 *
 * Results are identical to the unpatched library (test/unit/dockerfileAstSpeedups.test.ts compares
 * validation, hovers and the model with and without them). Applied only to the version verified.
 */
export const VERIFIED_AST_VERSION = '0.7.1';

interface Patch {
  readonly target: object;
  readonly name: string;
  readonly original: unknown;
}

let applied: Patch[] | undefined;

export function dockerfileAstSpeedupsActive(): boolean {
  return applied !== undefined;
}

/** Installs the speed-ups once (idempotent). Returns false when the installed dockerfile-ast is not the verified version. */
export function installDockerfileAstSpeedups(): boolean {
  if (applied) return true;
  if (astVersion !== VERIFIED_AST_VERSION) return false;
  const instructionProto = Instruction.prototype as unknown as { getRawArguments(): Argument[] };
  const dockerfileProto = Dockerfile.prototype as unknown as DockerfileInternals;
  const parser = DockerfileParser as { parse(content: string): ReturnType<typeof DockerfileParser.parse> };
  applied = [
    { target: instructionProto, name: 'getRawArguments', original: instructionProto.getRawArguments },
    { target: dockerfileProto, name: 'organizeComments', original: dockerfileProto.organizeComments },
    { target: parser, name: 'parse', original: parser.parse },
  ];

  const parse = parser.parse;
  const recent: { text: string; tree: ReturnType<typeof parse> }[] = [];
  parser.parse = (content: string) => {
    const hit = recent.find((r) => r.text === content);
    if (hit) return hit.tree;
    const tree = parse(content);
    recent.unshift({ text: content, tree });
    if (recent.length > 2) recent.pop();
    return tree;
  };

  const tokenise = instructionProto.getRawArguments;
  const tokens = new WeakMap<object, Argument[]>();
  instructionProto.getRawArguments = function (this: object): Argument[] {
    let args = tokens.get(this);
    if (!args) {
      args = tokenise.call(this);
      tokens.set(this, args);
    }
    return args.map((a) => new Argument(a.getValue(), copyRange(a.getRange())));
  };

  dockerfileProto.organizeComments = function (this: DockerfileInternals): void {
    const initialRange = this.initialInstructions.getRange() as Range;
    const stages = this.buildStages.map((stage) => ({ stage, range: stage.getRange() as Range }));
    for (const comment of this.getComments()) {
      const range = comment.getRange();
      if (Util.isInsideRange(range.end, initialRange)) {
        this.initialInstructions.addComment(comment);
        continue;
      }
      for (const { stage, range: stageRange } of stages) {
        if (Util.isInsideRange(range.start, stageRange)) stage.addComment(comment);
      }
    }
  };
  return true;
}

/** Restores the library's own methods (the equivalence test runs both). */
export function uninstallDockerfileAstSpeedups(): void {
  // (the parse cache lives in the closure installed above and goes with it)
  for (const p of applied ?? []) (p.target as Record<string, unknown>)[p.name] = p.original;
  applied = undefined;
}

interface CommentLike {
  getRange(): Range;
}

interface TemplateLike {
  getRange(): Range | null;
  addComment(comment: CommentLike): void;
}

interface DockerfileInternals {
  readonly initialInstructions: TemplateLike;
  readonly buildStages: TemplateLike[];
  getComments(): CommentLike[];
  organizeComments(): void;
}

function copyPosition(p: Position): Position {
  return { line: p.line, character: p.character };
}

function copyRange(r: Range): Range {
  return { start: copyPosition(r.start), end: copyPosition(r.end) };
}
