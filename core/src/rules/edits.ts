import { effectiveCommands } from '../model/serving';
import type { AnalyzedDocument, Instruction } from '../model/types';
import type { ShellWord } from '../parse/shellTokens';
import type { OffsetEdit } from './types';

/**
 * Edits that add whole instructions or arguments in the places a careful engineer would choose:
 * above the comment block that introduces an instruction, in the document's own line endings.
 */

/** Inserts lines above `instruction` and any comment lines directly above it (they describe it). */
export function insertBefore(doc: AnalyzedDocument, instruction: Instruction, lines: readonly string[]): OffsetEdit {
  const previousEnd = doc.instructions[instruction.index - 1]?.endLine ?? -1;
  let line = instruction.startLine;
  while (line - 1 > previousEnd && doc.lines.lineText(line - 1).trim().startsWith('#') && !isDirectiveLine(doc, line - 1)) line--;
  const indent = doc.lines.indentation(instruction.startLine);
  const at = doc.lines.lineStart(line);
  return { start: at, end: at, newText: lines.map((l) => indent + l + doc.lines.eol).join('') };
}

/** Inserts lines on new lines after `instruction` (after its last continuation line). */
export function insertAfter(doc: AnalyzedDocument, instruction: Instruction, lines: readonly string[]): OffsetEdit {
  const indent = doc.lines.indentation(instruction.startLine);
  const at = doc.lines.lineEnd(instruction.endLine);
  return { start: at, end: at, newText: lines.map((l) => doc.lines.eol + indent + l).join('') };
}

/**
 * Where runtime settings (ENV, HEALTHCHECK, USER) of the final image go: above its CMD/ENTRYPOINT
 * when the final stage has them, else at the end of the final stage.
 */
export function insertBeforeStart(doc: AnalyzedDocument, lines: readonly string[]): OffsetEdit | undefined {
  const final = doc.finalStage;
  if (!final) return undefined;
  const { entrypoint, cmd } = effectiveCommands(doc);
  const own = [entrypoint, cmd].filter((i): i is Instruction => i !== undefined && i.stageIndex === final.index);
  const first = own.sort((a, b) => a.index - b.index)[0];
  return first ? insertBefore(doc, first, lines) : insertAfter(doc, final.instructions.at(-1)!, lines);
}

function isDirectiveLine(doc: AnalyzedDocument, line: number): boolean {
  return doc.directives.some((d) => doc.lines.positionAt(d.start).line === line);
}

/** Adds arguments after `word`: as JSON strings when the word is an exec-form argument, else as shell words. */
export function insertArguments(instruction: Instruction, word: ShellWord, args: readonly string[]): OffsetEdit {
  const json = instruction.execForm?.some((a) => a.start === word.start && a.end === word.end) === true;
  const newText = json ? args.map((a) => `, ${JSON.stringify(a)}`).join('') : args.map((a) => ` ${shellQuote(a)}`).join('');
  return { start: word.end, end: word.end, newText };
}

function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** `HEALTHCHECK CMD ["python3", "-c", "…"]`: a JSON array of strings. */
export function toJsonArray(argv: readonly string[]): string {
  return `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;
}
