import type { AnalyzedDocument, Instruction, Span } from '../model/types';
import type { WorkspaceView } from '../workspace';
import { requirementsSource } from '../rules/pipPins';
import { envVarHover } from './envHover';
import { imageHover } from './imageHover';
import { mountHover } from './mountHover';
import { requirementHover } from './requirementHover';
import { requirementsFileHover } from './requirementsFileHover';

/**
 * MLDock's own hover at a document offset: FROM images, ML pip requirements (in RUN and in copied
 * requirements files), ML environment variables in ENV/ARG and `RUN --mount` options. Undefined when
 * there is nothing ML-specific to say; the server adds diagnostics and Dockerfile reference docs.
 */
export function mlHover(doc: AnalyzedDocument, offset: number, workspace?: WorkspaceView): string | undefined {
  const instruction = instructionAt(doc, offset);
  if (!instruction) return undefined;
  const inside = (span: Span | undefined) => span !== undefined && span.start <= offset && offset <= span.end;
  switch (instruction.keyword) {
    case 'FROM': {
      const stage = doc.stages[instruction.stageIndex];
      return stage?.image && inside(stage.imageSpan) ? imageHover(stage.image) : undefined;
    }
    case 'ENV':
    case 'ARG': {
      const property = instruction.properties.find((p) => inside(p.nameSpan) || inside(p.valueSpan));
      return property ? envVarHover(property.name, instruction.keyword) : undefined;
    }
    case 'RUN': {
      const flag = instruction.flags.find((f) => inside(f));
      if (flag) return mountHover(flag);
      for (const info of instruction.commands) {
        const pip = info.pip;
        if (!pip) continue;
        const hit = pip.requirements.find((r) => inside(r.word));
        if (hit) return requirementHover(hit.requirement);
        const file = pip.requirementFiles.find((o) => inside(o.valueWord));
        if (file?.value && workspace) return copiedFileHover(doc, instruction, file.value, workspace);
      }
      return undefined;
    }
    case 'COPY':
    case 'ADD': {
      if (!workspace || instruction.flags.some((f) => f.name === 'from')) return undefined;
      const word = wordAt(doc.text, instruction, offset);
      return word && /\.(txt|in)$/.test(word) ? safeFileHover(word, workspace) : undefined;
    }
  }
  return undefined;
}

function copiedFileHover(doc: AnalyzedDocument, instruction: Instruction, path: string, workspace: WorkspaceView): string | undefined {
  const stage = doc.stages[instruction.stageIndex];
  const source = stage ? requirementsSource(doc, stage, instruction, path) : undefined;
  return source ? safeFileHover(source, workspace) : undefined;
}

function safeFileHover(path: string, workspace: WorkspaceView): string | undefined {
  const text = workspace.readFile(path);
  return text === undefined ? undefined : requirementsFileHover(path, text);
}

/** The instruction whose text contains the offset (instructions are in document order). */
export function instructionAt(doc: AnalyzedDocument, offset: number): Instruction | undefined {
  const list = doc.instructions;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const i = list[mid]!;
    if (offset < i.start) hi = mid - 1;
    else if (offset > i.end) lo = mid + 1;
    else return i;
  }
  return undefined;
}

/** The whitespace-delimited word of an instruction's arguments under the offset. */
function wordAt(text: string, instruction: Instruction, offset: number): string | undefined {
  const span = instruction.argsSpan;
  if (!span || offset < span.start || offset > span.end) return undefined;
  let start = offset;
  while (start > span.start && !/\s/.test(text[start - 1]!)) start--;
  let end = offset;
  while (end < span.end && !/\s/.test(text[end]!)) end++;
  const word = text.slice(start, end).replace(/^\[?"|",?\]?$/g, '');
  return word || undefined;
}
