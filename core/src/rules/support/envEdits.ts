import type { AnalyzedDocument, Instruction, Property } from '../../model/types';
import type { OffsetEdit } from '../types';

/**
 * Edits removing some `NAME=value` pairs from an ENV (or ARG/LABEL) instruction, keeping the others with
 * their continuations, indentation and comments; the whole instruction (its lines) when none is left.
 * Undefined when a removal would swallow a comment line.
 */
export function removeProperties(doc: AnalyzedDocument, instruction: Instruction, remove: ReadonlySet<string>): OffsetEdit[] | undefined {
  const props = instruction.properties;
  if (props.every((p) => remove.has(p.name))) return [removeInstruction(doc, instruction)];
  const edits: OffsetEdit[] = [];
  for (let i = 0; i < props.length; i++) {
    if (!remove.has(props[i]!.name)) continue;
    let last = i;
    while (last + 1 < props.length && remove.has(props[last + 1]!.name)) last++;
    // A run of removed pairs: cut up to the next kept pair, or back to the previous one at the end.
    const next = props[last + 1];
    const edit = next
      ? { start: props[i]!.nameSpan.start, end: next.nameSpan.start, newText: '' }
      : { start: propertyEnd(props[i - 1]!), end: propertyEnd(props[last]!), newText: '' };
    if (/(^|\n)[ \t]*#/.test(doc.text.slice(edit.start, edit.end))) return undefined;
    edits.push(edit);
    i = last;
  }
  return edits;
}

function propertyEnd(p: Property): number {
  return p.valueSpan?.end ?? p.nameSpan.end;
}

/** The instruction's lines, with their line break. */
function removeInstruction(doc: AnalyzedDocument, instruction: Instruction): OffsetEdit {
  const start = doc.lines.lineStart(instruction.startLine);
  const nextLine = instruction.endLine + 1;
  const end = nextLine < doc.lines.lineCount ? doc.lines.lineStart(nextLine) : doc.text.length;
  return { start, end, newText: '' };
}
