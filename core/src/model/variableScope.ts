import { stageAncestry } from './stages';
import type { Stage } from './types';

/**
 * ARGs BuildKit defines automatically in the global scope (usable in FROM); a stage sees them only
 * after `ARG NAME` (Dockerfile reference, "Automatic platform ARGs in the global scope").
 */
export const PLATFORM_ARGS: ReadonlySet<string> = new Set([
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT',
]);

/**
 * True when `name` is defined for the instruction at `beforeInstruction` of `stage`: by an ARG or ENV
 * earlier in the stage, or by an ENV of a stage it is built on (ARGs end with their stage; ENVs are inherited).
 */
export function isDefinedInStage(stage: Stage, name: string, beforeInstruction: number): boolean {
  let first = true;
  for (const s of stageAncestry(stage)) {
    for (const instruction of s.instructions) {
      if (first && instruction.index >= beforeInstruction) break;
      const counts = instruction.keyword === 'ENV' || (first && instruction.keyword === 'ARG');
      if (counts && instruction.properties.some((p) => p.name === name)) return true;
    }
    first = false;
  }
  return false;
}
