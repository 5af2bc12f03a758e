import type { Instruction } from './types';

/**
 * An instruction of an earlier version moved to where the same text now stands: every document offset
 * (each `start` and `end` in it, which the model uses for nothing else) shifted by `delta`, its lines by
 * `lineDelta`, and its place in the document (index, stage) set anew. Objects it shares inside (a
 * command and the script it belongs to) stay shared in the copy. Copying is a fraction of building:
 * no tokenising, parsing or recognising. Undefined when the instruction holds something this does not
 * know how to copy, so the caller builds it instead.
 */
export function relocateInstruction(instruction: Instruction, delta: number, lineDelta: number, index: number, stageIndex: number): Instruction | undefined {
  const copies = new Map<object, unknown>();
  try {
    const moved = copy(instruction, delta, copies) as { -readonly [K in keyof Instruction]: Instruction[K] };
    moved.index = index;
    moved.stageIndex = stageIndex;
    moved.startLine = instruction.startLine + lineDelta;
    moved.endLine = instruction.endLine + lineDelta;
    return moved;
  } catch (error) {
    if (error instanceof UnknownShape) return undefined;
    throw error;
  }
}

class UnknownShape extends Error {}

function copy(value: unknown, delta: number, copies: Map<object, unknown>): unknown {
  if (value === null || typeof value !== 'object') return value;
  const known = copies.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    copies.set(value, out);
    for (const item of value) out.push(copy(item, delta, copies));
    return out;
  }
  if (value instanceof Map) {
    const out = new Map<unknown, unknown>();
    copies.set(value, out);
    for (const [k, v] of value) out.set(copy(k, delta, copies), copy(v, delta, copies));
    return out;
  }
  if (value instanceof Set) {
    const out = new Set<unknown>();
    copies.set(value, out);
    for (const v of value) out.add(copy(v, delta, copies));
    return out;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) throw new UnknownShape();
  const out: Record<string, unknown> = {};
  copies.set(value, out);
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    out[key] = (key === 'start' || key === 'end') && typeof v === 'number' ? v + delta : copy(v, delta, copies);
  }
  return out;
}
