import { analyzeDocument } from '../model/analyze';
import type { AnalyzedDocument, Instruction } from '../model/types';

export interface BuildProgress {
  /** 1-based step: over the whole file for the legacy builder, within the stage for BuildKit. */
  step: number;
  total?: number;
  /** The instruction as the builder prints it (`RUN pip install …`). */
  text: string;
  /** BuildKit's stage name (`builder`), when it printed one. */
  stage?: string;
}

/** Legacy builder: `Step 3/7 : RUN pip install torch`. */
const LEGACY_STEP = /^Step (\d+)\/(\d+) : (.*)$/;
/** BuildKit plain progress: `#8 [builder 3/5] RUN pip install torch` or `#5 [2/3] COPY . .`. */
const BUILDKIT_STEP = /^#\d+ \[(?:(\S+) )?(\d+)\/(\d+)\] (.*)$/;

/** The build step a line of `docker build` output announces, for both builders; undefined for other lines. */
export function parseBuildProgress(line: string): BuildProgress | undefined {
  const text = line.replace(/\r$/, '');
  const legacy = LEGACY_STEP.exec(text);
  if (legacy) return { step: Number(legacy[1]), total: Number(legacy[2]), text: legacy[3]!.trim() };
  const kit = BUILDKIT_STEP.exec(text);
  if (kit) return { step: Number(kit[2]), total: Number(kit[3]), text: kit[4]!.trim(), ...(kit[1] && { stage: kit[1] }) };
  return undefined;
}

export interface FailingStep {
  /** 0-based line of the instruction that failed. */
  line: number;
  /** What went wrong, from the builder's output (`The command '/bin/sh -c exit 3' returned a non-zero code: 3`). */
  message: string;
}

/**
 * Maps a failed build's output back to the Dockerfile line of the failing instruction, so the failure
 * becomes a diagnostic there. BuildKit names the line (`Dockerfile:12` above its source excerpt) or the
 * step (`ERROR [builder 3/5] RUN …`); the legacy builder only numbers the steps (`Step 6/7 : RUN exit 3`),
 * which count every instruction of the file from the top, global ARGs included.
 */
export function failingStep(outputLines: readonly string[], dockerfileText: string): FailingStep | undefined {
  const lines = outputLines.flatMap((l) => l.split(/\r?\n/)).map((l) => l.replace(/\r$/, ''));
  let doc: AnalyzedDocument;
  try {
    doc = analyzeDocument(dockerfileText);
  } catch {
    return undefined;
  }
  return buildKitFailure(lines, doc) ?? legacyFailure(lines, doc);
}

function legacyFailure(lines: readonly string[], doc: AnalyzedDocument): FailingStep | undefined {
  let last: { index: number; progress: BuildProgress } | undefined;
  lines.forEach((line, index) => {
    const m = LEGACY_STEP.exec(line);
    if (m) last = { index, progress: { step: Number(m[1]), total: Number(m[2]), text: m[3]!.trim() } };
  });
  if (!last) return undefined;
  const after = lines.slice(last.index + 1);
  // A step that finished (` ---> 1d235dc8d060`) and was followed by "Successfully built" did not fail.
  if (after.some((l) => /^Successfully built /.test(l))) return undefined;
  const instruction = stepInstruction(doc, last.progress);
  if (!instruction) return undefined;
  return { line: instruction.startLine, message: legacyMessage(after) ?? `Step ${last.progress.step}/${last.progress.total} failed: ${last.progress.text}` };
}

/**
 * The instruction the builder printed: the Nth when its text agrees, else the one with that text (the
 * file was edited since), else the Nth when at least its keyword agrees.
 */
function stepInstruction(doc: AnalyzedDocument, progress: BuildProgress): Instruction | undefined {
  const printed = normalise(progress.text);
  const textOf = (i: Instruction) => normalise(doc.text.slice(i.start, i.end));
  const nth = doc.instructions[progress.step - 1];
  if (nth && textOf(nth) === printed) return nth;
  const same = doc.instructions.find((i) => textOf(i) === printed);
  if (same) return same;
  const keyword = progress.text.split(/\s+/)[0]?.toUpperCase();
  return nth && nth.keyword === keyword ? nth : undefined;
}

/** Continuations joined and whitespace collapsed, as the legacy builder prints an instruction. */
function normalise(text: string): string {
  return text.replace(/\\\r?\n/g, ' ').replace(/\s+/g, ' ').trim();
}

const LEGACY_ERROR = /^(The command .* returned a non-zero code: \d+|COPY failed: .*|ADD failed: .*|failed to .*|error .*|Error .*|unable to .*)$/i;

function legacyMessage(after: readonly string[]): string | undefined {
  const candidates = after.map((l) => l.trim()).filter((l) => LEGACY_ERROR.test(l));
  return candidates.at(-1);
}

/** `Dockerfile:12` (the line above BuildKit's `--------------------` source excerpt) or `ERROR [stage 3/5] …`. */
function buildKitFailure(lines: readonly string[], doc: AnalyzedDocument): FailingStep | undefined {
  const message = buildKitMessage(lines);
  for (let i = 0; i < lines.length - 1; i++) {
    const m = /^\s*\S*?:(\d+)\s*$/.exec(lines[i]!);
    if (m && /^-{8,}$/.test(lines[i + 1]!.trim())) {
      const line = Number(m[1]) - 1;
      if (line >= 0 && line < doc.lines.lineCount) return { line, message: message ?? lines[i]!.trim() };
    }
  }
  const failed = lines.map((l) => /(?:^#\d+ )?ERROR:? \[(?:(\S+) )?(\d+)\/(\d+)\] (.*)$/.exec(l) ?? /^\s*> \[(?:(\S+) )?(\d+)\/(\d+)\] (.*?):?$/.exec(l)).find((m) => m !== null);
  if (!failed) return undefined;
  const stageName = failed[1]?.toLowerCase();
  const step = Number(failed[2]);
  // Without a name BuildKit prints only the step numbers of the one stage it built: the target (last).
  const stage = stageName !== undefined ? doc.stages.find((s) => s.name === stageName || `stage-${s.index}` === stageName) : doc.stages.at(-1);
  const instruction = stage?.instructions[step - 1];
  if (!instruction) return undefined;
  return { line: instruction.startLine, message: message ?? `${failed[4]} failed` };
}

function buildKitMessage(lines: readonly string[]): string | undefined {
  const solve = lines.find((l) => /^ERROR: failed to (?:solve|build)/.test(l.trim()));
  if (solve) return solve.trim().replace(/^ERROR: (?:failed to (?:solve|build): )+/, '');
  const step = lines.find((l) => /^#\d+ ERROR: /.test(l));
  return step?.replace(/^#\d+ ERROR: /, '').trim();
}
