import { healthcheckCommandSpan } from './instructions';
import { effectiveInstruction } from './serving';
import type { AnalyzedDocument, Instruction, Span } from './types';

export interface Healthcheck {
  readonly instruction: Instruction;
  /** `HEALTHCHECK NONE`: the check is switched off on purpose. */
  readonly none: boolean;
  /** Shell form runs under `/bin/sh -c`; exec form (`CMD ["curl", …]`) does not need a shell. */
  readonly shellForm: boolean;
  /** Programs the check runs, with the span of each program word. */
  readonly programs: readonly { readonly name: string; readonly span: Span }[];
}

/** The HEALTHCHECK the final image uses (its own last one, or one inherited from its base stages). */
export function finalHealthcheck(doc: AnalyzedDocument): Healthcheck | undefined {
  const instruction = effectiveInstruction(doc, 'HEALTHCHECK');
  if (!instruction) return undefined;
  if (/^\s*NONE\s*$/i.test(instruction.args)) return { instruction, none: true, shellForm: false, programs: [] };
  const span = instruction.argsSpan ? healthcheckCommandSpan(doc.text, instruction.argsSpan) : undefined;
  const body = span ? doc.text.slice(span.start, span.end) : '';
  if (span && body.trimStart().startsWith('[')) {
    const first = /\[\s*"((?:[^"\\]|\\.)*)"/.exec(body);
    if (!first) return { instruction, none: false, shellForm: false, programs: [] };
    const start = span.start + first.index + first[0].indexOf('"');
    const name = JSON.parse(`"${first[1]}"`) as string;
    return { instruction, none: false, shellForm: false, programs: [{ name: name.slice(name.lastIndexOf('/') + 1), span: { start, end: start + first[1]!.length + 2 } }] };
  }
  const programs = instruction.commands
    .filter((c) => c.program.word)
    .map((c) => ({ name: c.program.name, span: { start: c.program.word!.start, end: c.program.word!.end } }));
  return { instruction, none: false, shellForm: true, programs };
}
