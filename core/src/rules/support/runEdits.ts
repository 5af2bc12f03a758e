import type { AnalyzedDocument, Instruction } from '../../model/types';
import { endsInsideQuote } from '../../parse/shellTokens';
import type { OffsetEdit } from '../types';

/**
 * Where a shell-form RUN's script ends in the document (after its last command, before a trailing
 * continuation escape, blank or comment lines), or undefined when appending there would change
 * the script's meaning (it ends with an operator, a shell comment or inside an unclosed quote) or is not
 * shell (exec form, heredocs).
 */
export function runScriptEnd(doc: AnalyzedDocument, instruction: Instruction): number | undefined {
  if (instruction.keyword !== 'RUN' || instruction.execForm || instruction.heredocs.length > 0 || !instruction.argsSpan) return undefined;
  if (endsInsideQuote(instruction.args)) return undefined; // unbalanced quote: an append would land inside the string
  for (let line = instruction.endLine; line >= instruction.startLine; line--) {
    const text = doc.lines.lineText(line);
    const trimmed = text.trim();
    if (trimmed === '' || (line > instruction.startLine && trimmed.startsWith('#'))) continue;
    let body = text.trimEnd();
    if (body.endsWith(doc.escapeChar)) body = body.slice(0, -1).trimEnd();
    if (/(;|&|\|)$/.test(body) || /\s#/.test(body)) return undefined;
    return doc.lines.lineStart(line) + body.length;
  }
  return undefined;
}

/** Indentation for a new continuation line of `instruction`: that of its own continuation lines, else four spaces in. */
export function continuationIndent(doc: AnalyzedDocument, instruction: Instruction): string {
  for (let line = instruction.startLine + 1; line <= instruction.endLine; line++) {
    const text = doc.lines.lineText(line);
    if (text.trim() !== '' && !text.trim().startsWith('#')) return doc.lines.indentation(line);
  }
  return `${doc.lines.indentation(instruction.startLine)}    `;
}

/** Appends `&& command` to a RUN, on a new continuation line when the RUN already spans several lines. */
export function appendToRun(doc: AnalyzedDocument, instruction: Instruction, command: string): OffsetEdit | undefined {
  const end = runScriptEnd(doc, instruction);
  if (end === undefined) return undefined;
  const multiline = instruction.endLine > instruction.startLine;
  const newText = multiline
    ? ` && ${doc.escapeChar}${doc.lines.eol}${continuationIndent(doc, instruction)}${command}`
    : ` && ${command}`;
  return { start: end, end, newText };
}

/** An edit inserting ` flag` right after a word (e.g. `--no-install-recommends` after `install`). */
export function insertAfter(offset: number, flag: string): OffsetEdit {
  return { start: offset, end: offset, newText: ` ${flag}` };
}
