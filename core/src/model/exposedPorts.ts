import { substituteVariables } from '../parse/variables';
import { isInFinalImage, lookupStageVariable, resolveGlobalArgs } from './stages';
import type { AnalyzedDocument, Instruction } from './types';

export interface ExposedPort {
  readonly instruction: Instruction;
  /** undefined when the port comes from a variable MLDock cannot resolve. */
  readonly port: number | undefined;
  /** Last port of a range (`8000-8002`), else equal to `port`. */
  readonly last: number | undefined;
  readonly protocol: 'tcp' | 'udp';
  readonly text: string;
}

/** Ports the final image EXPOSEs (its own and those of the stages it builds on), in document order. */
export function exposedPorts(doc: AnalyzedDocument): ExposedPort[] {
  const ports: ExposedPort[] = [];
  const globals = resolveGlobalArgs(doc.globalArgs);
  for (const stage of doc.stages.filter((s) => isInFinalImage(s, doc.finalStage))) {
    for (const instruction of stage.instructions) {
      if (instruction.keyword !== 'EXPOSE') continue;
      for (const text of instruction.args.split(/\s+/).filter(Boolean)) {
        const sub = substituteVariables(text, (n) => lookupStageVariable(stage, n, instruction.index, globals), doc.escapeChar);
        const m = /^(\d{1,5})(?:-(\d{1,5}))?(?:\/(tcp|udp|sctp))?$/i.exec(sub.value);
        const known = sub.unresolved.length === 0 && m !== null;
        ports.push({
          instruction,
          port: known ? Number(m![1]) : undefined,
          last: known ? Number(m![2] ?? m![1]) : undefined,
          protocol: m?.[3]?.toLowerCase() === 'udp' ? 'udp' : 'tcp',
          text,
        });
      }
    }
  }
  return ports;
}
