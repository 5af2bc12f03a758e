import type { AnalyzedDocument, CommandInfo, Instruction, Span, Stage } from '../model/types';
import { isInFinalImage, lookupStageVariable, resolveGlobalArgs } from '../model/stages';

/** The stage an instruction belongs to. */
export function stageOf(doc: AnalyzedDocument, instruction: Instruction): Stage | undefined {
  return doc.stages[instruction.stageIndex];
}

/** Stages whose layers end up in the final image, in document order. */
export function finalImageStages(doc: AnalyzedDocument): Stage[] {
  return doc.stages.filter((s) => isInFinalImage(s, doc.finalStage));
}

/** A variable's value for a RUN: command-line env, then stage ENV/ARG (ARG values are exported to RUN). */
export function variableForCommand(doc: AnalyzedDocument, info: CommandInfo, instruction: Instruction, name: string): string | undefined {
  const inline = info.program.env.get(name);
  if (inline !== undefined) return inline;
  const stage = stageOf(doc, instruction);
  return stage ? lookupStageVariable(stage, name, instruction.index, resolveGlobalArgs(doc.globalArgs)) : undefined;
}

/** `RUN --mount=type=cache,target=…` targets of an instruction. */
export function cacheMountTargets(instruction: Instruction): string[] {
  const targets: string[] = [];
  for (const flag of instruction.flags) {
    if (flag.name !== 'mount') continue;
    const type = flag.options.find((o) => o.name === 'type')?.value;
    const target = flag.options.find((o) => o.name === 'target' || o.name === 'dst' || o.name === 'destination')?.value;
    if (type === 'cache' && target) targets.push(target.replace(/\/+$/, ''));
  }
  return targets;
}

/** Commands of the instruction that run after `info` (same RUN). */
export function laterCommands(instruction: Instruction, info: CommandInfo): CommandInfo[] {
  const i = instruction.commands.indexOf(info);
  return i < 0 ? [] : instruction.commands.slice(i + 1);
}

export function span(start: number, end: number): Span {
  return { start, end };
}

/** The external image a stage is ultimately built on (following `FROM <stage>` links), if any. */
export function rootImage(stage: Stage) {
  let s: Stage | undefined = stage;
  const seen = new Set<Stage>();
  while (s?.baseStage && !seen.has(s)) {
    seen.add(s);
    s = s.baseStage;
  }
  return s?.image;
}
