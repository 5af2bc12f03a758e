import { DockerfileParser, From, Instruction, type Argument } from 'dockerfile-ast';
import { Dockerfile } from 'dockerfile-ast/lib/dockerfile';
import { Parser } from 'dockerfile-ast/lib/parser';
import { ImageTemplate } from 'dockerfile-ast/lib/imageTemplate';
import { Util } from 'dockerfile-ast/lib/util';
import { version as astVersion } from 'dockerfile-ast/package.json';
import { tokenizeArguments, type TokenizedInstruction } from './argumentTokenizer';
import { Range as RangeNamespace, type Position, type Range } from 'vscode-languageserver-types';

/**
 * Hot spots of dockerfile-ast 0.7.1, which dockerfile-utils, dockerfile-language-service and our
 * analysis all parse with (measured with CPU profiles; see docs/performance.md):
 *
 * - `Instruction.getRawArguments` re-tokenises the instruction on every call, and nearly every accessor
 *   (`getArguments`, `getFlags`, `getArgumentsRange`, properties, JSON strings …) calls it: ~14 times
 *   per instruction in one lint, ~58% of `validate`. We tokenise once per instruction (with the same
 *   state machine, gathering text in runs: argumentTokenizer.ts), take the tokens of the previous
 *   text's instruction when text and start are the same (all but the edited one), and hand out a
 *   fresh array of the same `Argument` objects: callers reshape the array
 *   (`ModifiableInstruction.getArguments` shifts the flags off it), and the one caller that changes
 *   an argument's range (`From.getImageNameRange`/`getRegistryRange`, through `getImageRange`) gets a
 *   copy of that range.
 * - `Dockerfile.organizeComments` recomputes every build stage's range for every comment (quadratic:
 *   ~30% of the parse of a 10,000-line file). Stage ranges depend only on instructions, so we compute
 *   each once, and find a comment's stage by binary search when the stages do not overlap.
 * - Every consumer parses the text again: validation, our analysis, then hover and completion on the
 *   same version. `DockerfileParser.parse` keeps the trees of the last two texts, so one version is
 *   parsed once. A shared tree must not change under its readers, so the lists a tree hands out
 *   (comments, instructions, directives) are copies too: dockerfile-language-service's semantic
 *   tokens splice the comment list they get.
 * - `Dockerfile.getContainingImage` recomputes the range of every stage on every call, and validation
 *   calls it for each variable it resolves: a finished tree keeps those ranges.
 * - The parser builds every instruction twice: once at the end of its arguments, only to look for
 *   heredocs in them (`processArguments` → `processHeredocs`), then again as the instruction it keeps.
 *   A heredoc needs an argument starting with `<<`, so for text without a `<` the probe is skipped
 *   (processHeredocs would return the offset it was given).
 * - After a keystroke the parser constructs every instruction again, and the constructors of RUN, CMD,
 *   COPY … scan their arguments for JSON (~10% of a lint at 50 lines). What a constructor sets depends
 *   only on the instruction's text, where it starts, and the escape character, so the fields of the
 *   previous two texts' instructions are kept by those, and an unchanged instruction is a new object
 *   of the same class with the same fields, pointing at the new document and tree (variables resolve
 *   in the tree an instruction is in). ARG is built anew: its Property keeps the document it was
 *   built from. Every instruction is handed out that way, so all have one hidden class per class.
 * - `Range.create(start, end)` of vscode-languageserver-types, which dockerfile-ast calls for nearly
 *   every range it returns, first tests whether its arguments are four numbers, then whether they
 *   are positions, through three namespaces: ~5% of a lint. The same tests, positions first.
 *
 * Results are identical to the unpatched library (test/unit/dockerfileAstSpeedups.test.ts runs every
 * consumer before and after every other feature of dockerfile-language-service, with and without the
 * speed-ups). Applied only to the version verified.
 */
export const VERIFIED_AST_VERSION = '0.7.1';

/** Where an instruction keeps its tokenised arguments. */
const TOKENS = Symbol('mldock.tokens');
/** Marks a tree the patched parser finished building (only those are read from caches). */
const BUILT = Symbol('mldock.built');
/** Where a finished tree keeps the ranges getContainingImage compares against. */
const LAYOUT = Symbol('mldock.layout');

interface Patch {
  readonly target: Record<string, unknown>;
  readonly name: string;
  readonly original: unknown;
}

let applied: Patch[] | undefined;

export function dockerfileAstSpeedupsActive(): boolean {
  return applied !== undefined;
}

type Method<T> = (this: object, ...args: never[]) => T;

/** Installs the speed-ups once (idempotent). Returns false when the installed dockerfile-ast is not the verified version. */
export function installDockerfileAstSpeedups(): boolean {
  if (applied) return true;
  if (astVersion !== VERIFIED_AST_VERSION) return false;
  const patches: Patch[] = [];
  /** Replaces `target[name]`, handing the replacement the original to call. */
  const patch = <T>(target: object, name: string, replace: (original: Method<T>) => Method<T>): void => {
    const record = target as Record<string, unknown>;
    const original = record[name] as Method<T>;
    patches.push({ target: record, name, original });
    record[name] = replace(original);
  };

  patch<Range>(RangeNamespace, 'create', (create) => function (this: object, one: unknown, two: unknown, three: unknown, four: unknown) {
    // Two positions can never be four unsigned integers, so testing them first changes no answer.
    if (isPosition(one) && isPosition(two)) return { start: one, end: two };
    return (create as (...args: unknown[]) => Range).call(this, one, two, three, four);
  } as Method<Range>);

  // Tokens of the instructions of the text parsed last and of the one before, by what determines them.
  let tokensNow = new Map<string, Argument[]>();
  let tokensBefore = new Map<string, Argument[]>();
  // What the constructors of the instructions of the last two texts produced, by what determines it.
  let builtNow = new Map<string, BuiltInstruction>();
  let builtBefore = new Map<string, BuiltInstruction>();

  patch(DockerfileParser, 'parse', (parse) => {
    const recent: { text: string; tree: unknown }[] = [];
    return function (this: object, content: string) {
      const hit = recent.find((r) => r.text === content);
      if (hit) return hit.tree;
      tokensBefore = tokensNow;
      tokensNow = new Map();
      builtBefore = builtNow;
      builtNow = new Map();
      const tree = (parse as (content: string) => object).call(this, content);
      (tree as { [BUILT]?: boolean })[BUILT] = true;
      recent.unshift({ text: content, tree });
      if (recent.length > 2) recent.pop();
      return tree;
    } as Method<unknown>;
  });

  // The heredoc probe of processArguments is built lazily: processArguments marks the parser while it
  // runs, createInstruction answers a placeholder then, and processHeredocs builds the instruction
  // only when its text holds a `<` (nothing else in processArguments creates instructions).
  const parser = Parser.prototype as unknown as object;
  const createInstruction = (parser as Record<string, Method<unknown>>).createInstruction as unknown as (this: ParserInternals, ...args: ProbeArgs) => unknown;
  patch<number>(parser, 'processArguments', (processArguments) => function (this: object, ...args: never[]) {
    const self = this as ParserInternals;
    self[PROBING] = true;
    try {
      return processArguments.apply(this, args);
    } finally {
      self[PROBING] = false;
    }
  });
  patch<unknown>(parser, 'createInstruction', (create) => function (this: object, ...args: never[]) {
    const self = this as ParserInternals;
    if (self[PROBING]) return new HeredocProbe(args as unknown as ProbeArgs);
    // An instruction is built from its own text, where it starts, and the escape character; one the
    // edit left alone is rebuilt from what its constructor produced last time, without re-scanning.
    const [dockerfile, keyword, start, instructionEnd, end] = args as unknown as ProbeArgs;
    if (keyword.toUpperCase() === 'ARG') return create.apply(this, args); // its Property keeps the document it was built from
    const at = self.document.positionAt(start);
    const key = `${self.escapeChar}${at.line}:${at.character}:${instructionEnd - start}:${keyword}:${self.buffer.slice(start, end)}`;
    const built = builtNow.get(key) ?? builtBefore.get(key);
    if (built) {
      builtNow.set(key, built);
      return revive(built, self.document, dockerfile);
    }
    const fresh = snapshot(create.apply(this, args) as object);
    builtNow.set(key, fresh);
    // Handed out revived too: instructions made by the constructor and by Object.create have different
    // hidden classes, and every reader of a mix of both would go polymorphic.
    return revive(fresh, self.document, dockerfile);
  });
  patch<number>(parser, 'processHeredocs', (processHeredocs) => function (this: object, instruction: never, offset: never) {
    if (!((instruction as unknown) instanceof HeredocProbe)) return processHeredocs.call(this, instruction, offset);
    const self = this as ParserInternals;
    const probe = (instruction as unknown as HeredocProbe).args;
    if (!holdsLessThan(self.buffer, probe[2], probe[4])) return offset;
    self[PROBING] = false;
    try {
      return processHeredocs.call(this, createInstruction.apply(self, probe) as never, offset);
    } finally {
      self[PROBING] = true;
    }
  });

  patch<Argument[]>(Instruction.prototype, 'getRawArguments', () => function (this: object) {
    // Kept on the instruction itself: a WeakMap lookup per call cost more than the copy.
    const self = this as { [TOKENS]?: Argument[] };
    let args = self[TOKENS];
    if (!args) {
      // An instruction's tokens depend on its text, its escape character and where it starts (their
      // ranges are lines and columns): after a keystroke every instruction but the edited one has
      // the same three, so the previous version's tokens are taken as they are.
      const instruction = this as unknown as TokenizedInstruction;
      const start = instruction.getRange().start;
      const key = `${instruction.escapeChar}${start.line}:${start.character}:${instruction.getTextContent()}`;
      args = tokensNow.get(key) ?? tokensBefore.get(key) ?? tokenizeArguments(instruction);
      tokensNow.set(key, args);
      self[TOKENS] = args;
    }
    return args.slice();
  });
  patch<Range | null>(From.prototype, 'getImageRange', (imageRange) => function (this: object) {
    const range = imageRange.call(this);
    return range ? copyRange(range) : null;
  });

  for (const name of ['getComments', 'getInstructions']) {
    patch<unknown[]>(ImageTemplate.prototype, name, (list) => function (this: object) {
      return list.call(this).slice();
    });
  }
  patch<unknown[]>(Dockerfile.prototype, 'getDirectives', (list) => function (this: object) {
    return list.call(this).slice();
  });

  // Which part of a finished tree holds a position: the stage ranges it compares against are
  // computed once per tree instead of on every call (validation asks for every variable it resolves).
  patch<unknown>(Dockerfile.prototype, 'getContainingImage', (find) => function (this: object, position: Position) {
    const self = this as DockerfileInternals & { [BUILT]?: boolean; [LAYOUT]?: Layout };
    if (!self[BUILT]) return (find as (p: Position) => unknown).call(this, position);
    const layout = (self[LAYOUT] ??= layoutOf(self));
    if (!Util.isInsideRange(position, layout.document)) return null;
    if (layout.initial && Util.isInsideRange(position, layout.initial)) return self.initialInstructions;
    for (let i = 0; i < layout.stages.length; i++) if (Util.isInsideRange(position, layout.stages[i]!)) return self.buildStages[i];
    return self;
  } as Method<unknown>);

  patch<void>(Dockerfile.prototype, 'organizeComments', () => function (this: object) {
    const self = this as unknown as DockerfileInternals;
    const initialRange = self.initialInstructions.getRange() as Range;
    const stages = self.buildStages.map((stage) => ({ stage, range: stage.getRange() as Range }));
    // Stages follow each other without overlapping, so only the last one starting at or before a
    // comment can hold it: a binary search instead of every stage per comment (unless they overlap).
    const ordered = stages.every((s, i) => !before(s.range.end, s.range.start) && (i === 0 || before(stages[i - 1]!.range.end, s.range.start)));
    for (const comment of self.getComments()) {
      const range = comment.getRange();
      if (Util.isInsideRange(range.end, initialRange)) {
        self.initialInstructions.addComment(comment);
        continue;
      }
      if (ordered) {
        const candidate = stages[lastStartingBy(stages, range.start)];
        if (candidate && Util.isInsideRange(range.start, candidate.range)) candidate.stage.addComment(comment);
        continue;
      }
      for (const { stage, range: stageRange } of stages) {
        if (Util.isInsideRange(range.start, stageRange)) stage.addComment(comment);
      }
    }
  });
  applied = patches;
  return true;
}

/** Restores the library's own methods (the equivalence test runs both). */
export function uninstallDockerfileAstSpeedups(): void {
  // (the parse cache lives in the closure installed above and goes with it)
  for (const p of [...(applied ?? [])].reverse()) p.target[p.name] = p.original;
  applied = undefined;
}

/** Set on the parser while processArguments runs (see the heredoc probe above). */
const PROBING = Symbol('mldock.probing');

/** `createInstruction(dockerfile, keyword, start, instructionEnd, end)` as processArguments calls it. */
type ProbeArgs = [dockerfile: unknown, keyword: string, start: number, instructionEnd: number, end: number];

interface ParserInternals {
  readonly buffer: string;
  readonly document: { positionAt(offset: number): Position };
  readonly escapeChar: string;
  [PROBING]?: boolean;
}

/**
 * The fields an instruction's constructor set, in one fixed order per class (so every revived
 * instruction of a class has the same shape), without the document and tree it was built in: a
 * revived one gets the new ones.
 */
interface BuiltInstruction {
  readonly prototype: object;
  readonly keys: readonly (string | symbol)[];
  readonly values: readonly unknown[];
}

function snapshot(instruction: object): BuiltInstruction {
  const keys = Reflect.ownKeys(instruction);
  const record = instruction as Record<string | symbol, unknown>;
  return { prototype: Object.getPrototypeOf(instruction) as object, keys, values: keys.map((k) => (k === 'document' || k === 'dockerfile' ? undefined : record[k])) };
}

function revive(built: BuiltInstruction, document: unknown, dockerfile: unknown): object {
  const instruction = Object.create(built.prototype) as Record<string | symbol, unknown>;
  for (let i = 0; i < built.keys.length; i++) {
    const key = built.keys[i]!;
    const value = built.values[i];
    // Arrays (jsonStrings, flags) are handed out as they are, so each instruction gets its own, of the same elements.
    instruction[key] = key === 'document' ? document : key === 'dockerfile' ? dockerfile : Array.isArray(value) ? value.slice() : value;
  }
  return instruction;
}

/** Whether `text[start, end)` holds a `<`; bounded, where indexOf would scan on to the end of the file for every instruction. */
function holdsLessThan(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 0x3c) return true;
  return false;
}

/** What processArguments gets instead of the instruction it would build only to look for heredocs. */
class HeredocProbe {
  constructor(readonly args: ProbeArgs) {}
}

interface CommentLike {
  getRange(): Range;
}

interface TemplateLike {
  getRange(): Range | null;
  addComment(comment: CommentLike): void;
}

interface DockerfileInternals {
  readonly initialInstructions: TemplateLike & { getComments(): unknown[]; getInstructions(): unknown[] };
  readonly buildStages: TemplateLike[];
  readonly document: { getText(): string; positionAt(offset: number): Position };
  getComments(): CommentLike[];
  organizeComments(): void;
}

interface Layout {
  readonly document: Range;
  /** The range of the instructions before the first FROM, when there are any (or comments). */
  readonly initial: Range | undefined;
  readonly stages: readonly Range[];
}

/** The ranges Dockerfile.getContainingImage computes on every call, as it computes them. */
function layoutOf(tree: DockerfileInternals): Layout {
  const initial = tree.initialInstructions;
  return {
    document: { start: { line: 0, character: 0 }, end: tree.document.positionAt(tree.document.getText().length) },
    initial: initial.getComments().length > 0 || initial.getInstructions().length > 0 ? (initial.getRange() as Range) : undefined,
    stages: tree.buildStages.map((stage) => stage.getRange() as Range),
  };
}

/** Position.is of vscode-languageserver-types: an object with unsigned 31-bit integer line and character. */
function isPosition(value: unknown): value is Position {
  if (value === null || typeof value !== 'object') return false;
  const { line, character } = value as Record<string, unknown>;
  return typeof line === 'number' && line >= 0 && line <= 2147483647 && typeof character === 'number' && character >= 0 && character <= 2147483647;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Index of the last stage whose range starts at or before `p` (0 when none does). */
function lastStartingBy(stages: readonly { range: Range }[], p: Position): number {
  let lo = 0;
  let hi = stages.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (before(p, stages[mid]!.range.start)) hi = mid - 1;
    else lo = mid;
  }
  return lo;
}

function copyPosition(p: Position): Position {
  return { line: p.line, character: p.character };
}

function copyRange(r: Range): Range {
  return { start: copyPosition(r.start), end: copyPosition(r.end) };
}
