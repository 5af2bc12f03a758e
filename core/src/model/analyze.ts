import { DockerfileParser, type From } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import { LineIndex } from '../text/lineIndex';
import { relocateInstruction } from './relocate';
import { buildInstruction, toSpan } from './instructions';
import { argDeclarations, buildStages } from './stages';
import { collectSuppressions } from './suppressions';
import type { AnalyzedDocument, ArgDeclaration, CommentLine, Directive, Instruction } from './types';
import { installDockerfileAstSpeedups } from '../parse/dockerfileAstSpeedups';

// Parsing is the bulk of the work here: use the memoised dockerfile-ast (identical results, ~4× faster).
installDockerfileAstSpeedups();

export interface AnalyzeOptions {
  /** Build target (`docker build --target`); the final stage otherwise. */
  readonly target?: string;
  /**
   * The analysis of an earlier version of the same document (the editor's last one). Instructions
   * that lie wholly before the first changed character are taken from it instead of being built again.
   */
  readonly previous?: AnalyzedDocument;
}

/** Parses a Dockerfile once into the model all rules share. May throw on pathological input: call it guarded. */
export function analyzeDocument(text: string, options: AnalyzeOptions = {}): AnalyzedDocument {
  const ast = DockerfileParser.parse(text);
  const lines = new LineIndex(text);
  const escape = ast.getEscapeCharacter();
  const directives: Directive[] = ast.getDirectives().map((d) => ({
    name: d.getName().toLowerCase(),
    value: d.getValue(),
    ...toSpan(d.getRange(), lines),
  }));
  const comments: CommentLine[] = ast.getComments().map((c) => ({
    content: c.getContent().trim(),
    line: c.getRange().start.line,
    ...toSpan(c.getRange(), lines),
  }));

  const instructions: Instruction[] = [];
  const fromNodes = new Map<number, From>();
  const nodes = ast.getInstructions();
  // A fragment without any FROM (a snippet from docs or a partial file) is analysed as the body of one stage.
  const fragment = !nodes.some((node) => node.getKeyword() === 'FROM');
  const earlier = options.previous?.escapeChar === escape ? new EarlierVersion(options.previous, text) : undefined;
  let stageIndex = fragment ? 0 : -1;
  for (const node of nodes) {
    const keyword = node.getKeyword();
    if (keyword === 'FROM') stageIndex++;
    const index = instructions.length;
    const instruction = earlier?.instructionFor(node, index, stageIndex, lines) ?? buildInstruction(node, index, stageIndex, text, lines, escape);
    if (keyword === 'FROM') fromNodes.set(instruction.index, node as From);
    instructions.push(instruction);
  }

  const globalArgs: ArgDeclaration[] = instructions
    .filter((i) => i.stageIndex === -1 && i.keyword === 'ARG')
    .flatMap((i) => argDeclarations(i));
  const stages = buildStages(instructions, fromNodes, globalArgs, lines, fragment, earlier ? options.previous : undefined);
  const target = options.target?.toLowerCase();
  const finalStage = (target && stages.find((s) => s.name === target)) || stages.at(-1);
  // Scanned from the text: dockerfile-ast reads a leading `# mldock global ignore=…` as a parser directive.
  const standalone: CommentLine[] = [];
  let next = 0; // instructions are in document order: sweep them alongside the lines
  for (let line = 0; line < lines.lineCount; line++) {
    const start = lines.lineStart(line);
    while (next < instructions.length && instructions[next]!.end <= start) next++;
    const inside = next < instructions.length && instructions[next]!.start <= start;
    const content = lines.lineText(line).trim();
    if (inside || !content.startsWith('#')) continue;
    standalone.push({ content: content.slice(1).trim(), line, start, end: lines.lineEnd(line) });
  }

  return {
    text,
    lines,
    escapeChar: escape,
    directives,
    comments,
    instructions,
    globalArgs,
    stages,
    finalStage,
    suppressions: collectSuppressions(standalone, instructions),
  };
}

/**
 * The analysis of an earlier version of the document, for the instructions whose text the edit left
 * alone. An instruction is built from its own text only (and its escape character), so one that lies
 * wholly before the first changed character is the same object again, and one wholly after the last
 * changed character is the same instruction moved by the change in length. The new parse must give it
 * the same extent (the edit may have joined or split instructions), and a margin of one character each
 * side keeps the line breaks around it unchanged too.
 */
class EarlierVersion {
  /** Instructions ending before the first changed character, by index. */
  private readonly before: readonly Instruction[];
  /** Instructions starting after the last changed character, by their earlier start offset. */
  private readonly after = new Map<number, Instruction>();
  private readonly delta: number;

  constructor(previous: AnalyzedDocument, text: string) {
    const old = previous.text;
    const prefix = commonPrefixLength(old, text);
    const suffix = commonSuffixLength(old, text, prefix);
    this.delta = text.length - old.length;
    const before: Instruction[] = [];
    for (const instruction of previous.instructions) {
      if (instruction.end + 1 < prefix) before.push(instruction);
      else if (instruction.start - 1 >= old.length - suffix) this.after.set(instruction.start, instruction);
    }
    this.before = before;
  }

  instructionFor(node: { getRange(): Range }, index: number, stageIndex: number, lines: LineIndex): Instruction | undefined {
    const range = node.getRange();
    const start = lines.offsetAt(range.start);
    const end = lines.offsetAt(range.end);
    const unmoved = this.before[index];
    if (unmoved) return unmoved.start === start && unmoved.end === end && unmoved.stageIndex === stageIndex ? unmoved : undefined;
    const moved = this.after.get(start - this.delta);
    if (!moved || moved.end + this.delta !== end) return undefined;
    const lineDelta = range.start.line - moved.startLine;
    if (this.delta === 0 && lineDelta === 0 && moved.index === index && moved.stageIndex === stageIndex) return moved;
    return relocateInstruction(moved, this.delta, lineDelta, index, stageIndex);
  }
}

/** Compared a block at a time (a native comparison) before the last characters one by one. */
const BLOCK = 64;

function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + BLOCK <= n && a.startsWith(b.slice(i, i + BLOCK), i)) i += BLOCK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common end of `a` and `b`, not reaching into their first `prefix` characters. */
function commonSuffixLength(a: string, b: string, prefix: number): number {
  const n = Math.min(a.length, b.length) - prefix;
  let i = 0;
  while (i + BLOCK <= n && a.endsWith(b.slice(b.length - i - BLOCK, b.length - i), a.length - i)) i += BLOCK;
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}
