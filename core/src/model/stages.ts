import type { From } from 'dockerfile-ast';
import { parseImageRef } from '../parse/imageRef';
import { substituteVariables } from '../parse/variables';
import type { LineIndex } from '../text/lineIndex';
import { toSpan } from './instructions';
import type { ArgDeclaration, EnvAssignment, Instruction, Span, Stage, StageReference } from './types';

interface MutableStage extends Stage {
  instructions: Instruction[];
  args: ArgDeclaration[];
  env: EnvAssignment[];
  copiesFrom: StageReference[];
}

/** Rules resolve the global ARGs for every variable they look up: once per document is enough. */
const resolvedGlobals = new WeakMap<readonly ArgDeclaration[], ReadonlyMap<string, string | undefined>>();

/** The values of the ARGs declared before the first FROM, each default expanded with the ones before it. */
export function resolveGlobalArgs(globalArgs: readonly ArgDeclaration[]): ReadonlyMap<string, string | undefined> {
  let values = resolvedGlobals.get(globalArgs);
  if (!values) resolvedGlobals.set(globalArgs, (values = computeGlobalArgs(globalArgs)));
  return values;
}

function computeGlobalArgs(globalArgs: readonly ArgDeclaration[]): Map<string, string | undefined> {
  const values = new Map<string, string | undefined>();
  for (const arg of globalArgs) {
    const value = arg.defaultValue === undefined ? values.get(arg.name) : substituteVariables(arg.defaultValue, (n) => values.get(n)).value;
    values.set(arg.name, value);
  }
  return values;
}

export function argDeclarations(instruction: Instruction): ArgDeclaration[] {
  return instruction.properties.map((property) => ({ name: property.name, defaultValue: property.value, instruction, property }));
}

/**
 * Groups instructions into stages and links them: base stages, `COPY --from`, `RUN --mount=from=`.
 * With the analysis of an earlier version, the stages that precede the edit are taken from it as
 * they are (see reusableStages), so what rules memoise per stage lasts across keystrokes.
 */
export function buildStages(
  instructions: readonly Instruction[],
  fromNodes: ReadonlyMap<number, From>,
  globalArgs: readonly ArgDeclaration[],
  lines: LineIndex,
  fragment = false,
  previous?: { readonly stages: readonly Stage[]; readonly globalArgs: readonly ArgDeclaration[] },
): Stage[] {
  const globals = resolveGlobalArgs(globalArgs);
  const stages: MutableStage[] = previous ? reusableStages(instructions, globalArgs, previous) : [];
  const resume = stages.length > 0 ? stages.at(-1)!.instructions.at(-1)!.index + 1 : 0;
  for (let at = resume; at < instructions.length; at++) {
    const instruction = instructions[at]!;
    if (instruction.keyword === 'FROM' || (fragment && stages.length === 0)) {
      stages.push(newStage(instruction, fromNodes.get(instruction.index), stages, globals, lines));
      if (!fragment) continue;
    }
    const stage = stages.at(-1);
    if (!stage) continue;
    if (stage.from !== instruction) stage.instructions.push(instruction);
    if (instruction.keyword === 'ARG') stage.args.push(...argDeclarations(instruction));
    if (instruction.keyword === 'ENV') {
      for (const property of instruction.properties) {
        stage.env.push({ name: property.name, value: property.value ?? '', instruction, property });
      }
    }
    for (const ref of stageReferences(instruction)) {
      stage.copiesFrom.push({ ...ref, stage: lookupStage(ref.text, stages) });
    }
  }
  return stages;
}

/**
 * The leading stages of an earlier analysis that this one would rebuild identically: every instruction
 * of the stage is the very object the new analysis holds at its index (the analysis hands out the same
 * object only for unchanged text before the edit, at the same index and stage), the stage ends where it
 * ended (the next instruction is a FROM, or there is none), and the global ARGs are the same objects.
 * A stage only refers to stages before it, which are then reused too. The returned stages are the
 * earlier analysis's objects, never changed afterwards (the caller appends new stages only).
 */
function reusableStages(
  instructions: readonly Instruction[],
  globalArgs: readonly ArgDeclaration[],
  previous: { readonly stages: readonly Stage[]; readonly globalArgs: readonly ArgDeclaration[] },
): MutableStage[] {
  const old = previous.globalArgs;
  if (old.length !== globalArgs.length || old.some((a, i) => a.instruction !== globalArgs[i]!.instruction || a.property !== globalArgs[i]!.property)) return [];
  const reused: MutableStage[] = [];
  for (const stage of previous.stages) {
    if (!stage.instructions.every((i) => instructions[i.index] === i)) break;
    const next = instructions[stage.instructions.at(-1)!.index + 1];
    if (next !== undefined && next.keyword !== 'FROM') break;
    reused.push(stage as MutableStage);
  }
  return reused;
}

function newStage(from: Instruction, node: From | undefined, earlier: MutableStage[], globals: ReadonlyMap<string, string | undefined>, lines: LineIndex): MutableStage {
  const imageRange = node?.getImageRange();
  const imageSpan: Span | undefined = imageRange ? toSpan(imageRange, lines) : undefined;
  const imageText = node?.getImage() ?? '';
  const stageName = node?.getBuildStage() ?? undefined;
  const stageRange = node?.getBuildStageRange();
  const substituted = substituteVariables(imageText, (n) => globals.get(n) ?? undefined);
  const baseStage = substituted.unresolved.length === 0 ? lookupStage(substituted.value, earlier) : undefined;
  const isImage = !baseStage && substituted.unresolved.length === 0 && substituted.value.toLowerCase() !== 'scratch';
  return {
    index: earlier.length,
    name: stageName ? stageName.toLowerCase() : undefined,
    nameSpan: stageRange ? toSpan(stageRange, lines) : undefined,
    from,
    imageText,
    imageSpan,
    image: isImage ? parseImageRef(substituted.value) : undefined,
    unresolvedImageArgs: substituted.unresolved,
    baseStage,
    instructions: [from],
    args: [],
    env: [],
    copiesFrom: [],
  };
}

function lookupStage(text: string, stages: readonly Stage[]): Stage | undefined {
  const key = text.trim().toLowerCase();
  if (/^\d+$/.test(key)) return stages[Number(key)];
  return stages.find((s) => s.name === key);
}

function stageReferences(instruction: Instruction): Omit<StageReference, 'stage'>[] {
  const refs: Omit<StageReference, 'stage'>[] = [];
  if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
    for (const flag of instruction.flags) {
      if (flag.name === 'from' && flag.value && flag.valueSpan) refs.push({ instruction, text: flag.value, span: flag.valueSpan });
    }
  }
  if (instruction.keyword === 'RUN') {
    for (const flag of instruction.flags) {
      if (flag.name !== 'mount') continue;
      const from = flag.options.find((o) => o.name === 'from');
      if (from?.value) refs.push({ instruction, text: from.value, span: { start: from.start, end: from.end } });
    }
  }
  return refs;
}

/** The stage itself and the stages it is built `FROM`, nearest first: their layers are in its image. */
export function stageAncestry(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.baseStage) chain.push(s);
  return chain;
}

/** True when the stage's layers end up in the final image (it is the final stage or one of its bases). */
export function isInFinalImage(stage: Stage, finalStage: Stage | undefined): boolean {
  return finalStage !== undefined && stageAncestry(finalStage).includes(stage);
}

const declared = new WeakMap<Stage, ReadonlySet<string>>();

/** Every name an ENV or ARG of the stage or its bases declares (built on the base stage's set). */
function declaredNames(stage: Stage): ReadonlySet<string> {
  let names = declared.get(stage);
  if (names) return names;
  const base = stage.baseStage && stage.baseStage.index < stage.index ? declaredNames(stage.baseStage) : undefined;
  const own = new Set<string>(base);
  for (const instruction of stage.instructions) {
    if (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') for (const p of instruction.properties) own.add(p.name);
  }
  declared.set(stage, (names = own));
  return names;
}

/**
 * The value of a variable in a stage just before instruction `beforeInstruction`: its ENV or ARG
 * (an ARG without default takes the global default), else an ENV inherited from the base stages
 * (ARGs do not cross stages). Undefined when it is not set.
 */
export function lookupStageVariable(stage: Stage, name: string, beforeInstruction: number, globals?: ReadonlyMap<string, string | undefined>): string | undefined {
  // Rules ask for many names no ENV or ARG declares (PIP_INDEX_URL, CONDA_ALWAYS_YES …): answer those at once.
  if (!declaredNames(stage).has(name)) return undefined;
  let envOnly = false;
  let limit = beforeInstruction;
  for (const s of stageAncestry(stage)) {
    let value: string | undefined;
    let found = false;
    for (const instruction of s.instructions) {
      if (instruction.index >= limit) break;
      const isEnv = instruction.keyword === 'ENV';
      if (!isEnv && (envOnly || instruction.keyword !== 'ARG')) continue;
      for (const p of instruction.properties) {
        if (p.name !== name) continue;
        value = isEnv ? p.value ?? '' : p.value ?? globals?.get(name) ?? value;
        found = true;
      }
    }
    if (found) return value;
    envOnly = true;
    limit = Number.POSITIVE_INFINITY;
  }
  return undefined;
}
