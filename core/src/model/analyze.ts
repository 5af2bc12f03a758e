import { DockerfileParser, type From } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import { LineIndex } from '../text/lineIndex';
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
  const reusable = unchangedInstructions(options.previous, text, escape);
  let stageIndex = fragment ? 0 : -1;
  for (const node of nodes) {
    const keyword = node.getKeyword();
    if (keyword === 'FROM') stageIndex++;
    const index = instructions.length;
    const earlier = reusable[index];
    const instruction = earlier && earlier.stageIndex === stageIndex && sameExtent(earlier, node, lines) ? earlier : buildInstruction(node, index, stageIndex, text, lines, escape);
    if (keyword === 'FROM') fromNodes.set(instruction.index, node as From);
    instructions.push(instruction);
  }

  const globalArgs: ArgDeclaration[] = instructions
    .filter((i) => i.stageIndex === -1 && i.keyword === 'ARG')
    .flatMap((i) => argDeclarations(i));
  const stages = buildStages(instructions, fromNodes, globalArgs, lines, fragment);
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
 * The previous version's instructions that end before the first changed character, and the one
 * after it (so the line break that ends them is unchanged too). An instruction is built only from
 * its own text and what precedes it, so these are what building would give again, every offset
 * included. The caller still checks that the new parse gives each the same extent and stage index
 * (a fragment without FROM numbers its stages differently).
 */
function unchangedInstructions(previous: AnalyzedDocument | undefined, text: string, escape: string): readonly Instruction[] {
  if (!previous || previous.escapeChar !== escape) return [];
  const unchanged = commonPrefixLength(previous.text, text);
  const reusable: Instruction[] = [];
  for (const instruction of previous.instructions) {
    if (instruction.end + 1 >= unchanged) break;
    reusable.push(instruction);
  }
  return reusable;
}

function sameExtent(instruction: Instruction, node: { getRange(): Range }, lines: LineIndex): boolean {
  const range = node.getRange();
  return lines.offsetAt(range.start) === instruction.start && lines.offsetAt(range.end) === instruction.end;
}

function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
