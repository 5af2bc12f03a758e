import { baseImageFacts, type BaseImageFacts, type CudaFacts } from '../knowledge/baseImages';
import type { ImageRef } from '../parse/imageRef';
import { stageAncestry } from '../model/stages';
import type { Instruction, Stage } from '../model/types';
import type { PipInstall } from './pipPins';
import { rootImage } from './helpers';

/** What the ML rules need to know about a stage's base image: its facts and CUDA. */
export interface StageImage {
  readonly image: ImageRef;
  readonly facts: BaseImageFacts;
  /** The FROM that names the image (possibly in an earlier stage this one builds on). */
  readonly from: Instruction;
}

const imageCache = new WeakMap<Stage, StageImage | null>();

export function stageImage(stage: Stage): StageImage | undefined {
  const cached = imageCache.get(stage);
  if (cached !== undefined) return cached ?? undefined;
  const image = rootImage(stage);
  const facts = image ? baseImageFacts(image) : undefined;
  const from = stageAncestry(stage).at(-1)!.from;
  const result = image && facts ? { image, facts, from } : undefined;
  imageCache.set(stage, result ?? null);
  return result;
}

export function stageCuda(stage: Stage): CudaFacts | undefined {
  return stageImage(stage)?.facts.cuda;
}

/**
 * Per stage (with its bases), the first instruction index at which something was installed: the distro
 * python3, a versioned python3.X, a CUDA compiler. Computed once per stage so rules stay linear.
 */
interface StageInstalls {
  readonly python3: number;
  readonly versionedPython: number;
  readonly cudaCompiler: number;
  /** Names declared by ENV/ARG anywhere in the stage and its bases (to skip variable lookups). */
  readonly declared: ReadonlySet<string>;
}

const installsCache = new WeakMap<Stage, StageInstalls>();

function stageInstalls(stage: Stage): StageInstalls {
  let cached = installsCache.get(stage);
  if (cached) return cached;
  // What the base stages installed (a stage only builds on earlier ones), then its own instructions.
  const base = stage.baseStage && stage.baseStage.index < stage.index ? stageInstalls(stage.baseStage) : undefined;
  let python3 = base?.python3 ?? Infinity;
  let versionedPython = base?.versionedPython ?? Infinity;
  let cudaCompiler = base?.cudaCompiler ?? Infinity;
  const declared = new Set<string>(base?.declared);
  for (const instruction of stage.instructions) {
    const own = instructionInstalls(instruction);
    if (own.python3) python3 = Math.min(python3, instruction.index);
    if (own.versionedPython) versionedPython = Math.min(versionedPython, instruction.index);
    if (own.cudaCompiler) cudaCompiler = Math.min(cudaCompiler, instruction.index);
    for (const name of own.declared) declared.add(name);
  }
  cached = { python3, versionedPython, cudaCompiler, declared };
  installsCache.set(stage, cached);
  return cached;
}

interface InstructionInstalls {
  readonly python3: boolean;
  readonly versionedPython: boolean;
  readonly cudaCompiler: boolean;
  readonly declared: readonly string[];
}

/**
 * What one instruction installs or declares. It depends on the instruction alone, and the analysis
 * hands out the same instruction object for as long as its text is unchanged, so this is kept across lints.
 */
const instructionCache = new WeakMap<Instruction, InstructionInstalls>();

function instructionInstalls(instruction: Instruction): InstructionInstalls {
  let cached = instructionCache.get(instruction);
  if (cached) return cached;
  let python3 = false;
  let versionedPython = false;
  let cudaCompiler = false;
  const declared = instruction.keyword === 'ENV' || instruction.keyword === 'ARG' ? instruction.properties.map((p) => p.name) : [];
  for (const c of instruction.commands) {
    const apt = c.apt?.subcommand === 'install' ? c.apt.packages.map((p) => p.name) : [];
    if (apt.some((p) => /^python(3\.\d+)(-dev|-venv|-distutils)?$/.test(p))) versionedPython = true;
    if (apt.some((p) => p === 'python3' || p === 'python3-pip' || p === 'python3-dev' || p === 'python-is-python3')) python3 = true;
    if (apt.some((p) => /^(cuda-nvcc|cuda-toolkit|cuda-compiler|nvidia-cuda-toolkit|cuda$|cuda-\d)/.test(p))
      || (c.conda !== undefined && /\b(cuda-nvcc|cuda-toolkit|cudatoolkit-dev|cuda-compiler)\b/.test(c.command.argv.map((w) => w.value).join(' ')))
      || c.program.args.some((w) => /cuda_[\d.]+_.*linux\.run$/.test(w.value))) {
      cudaCompiler = true;
    }
  }
  cached = { python3, versionedPython, cudaCompiler, declared };
  instructionCache.set(instruction, cached);
  return cached;
}

/** Whether any of the names is set by ENV/ARG in the stage or its bases (or on the command line). */
export function mayDefine(stage: Stage, env: ReadonlyMap<string, string>, names: readonly string[]): boolean {
  const declared = stageInstalls(stage).declared;
  return names.some((n) => declared.has(n) || env.has(n));
}

/**
 * The Python a pip install runs under: the interpreter named on the command line (`python3.11 -m pip`),
 * the image's Python, or the distro `python3` that apt installed on a Python-less base. Undefined when unknown
 * (virtualenvs, conda environments and uv-managed Pythons are not followed).
 */
export function pythonForInstall(install: PipInstall): { version: string; source: string } | undefined {
  const explicit = /^python(\d+\.\d+)$/.exec(install.pip.interpreter ?? '');
  if (explicit) return { version: explicit[1]!, source: `\`${install.pip.interpreter} -m pip\`` };
  if (install.pip.tool === 'uv') return undefined;
  const img = stageImage(install.stage);
  if (!img) return undefined;
  if (typeof img.facts.python === 'string') return { version: img.facts.python, source: `the base image \`${img.image.raw}\`` };
  if (img.facts.python === null && img.facts.aptPython3) {
    const installs = stageInstalls(install.stage);
    const before = install.instruction.index;
    // A deadsnakes/versioned Python: which one pip uses depends on the setup.
    if (installs.versionedPython < before) return undefined;
    if (installs.python3 < before) return { version: img.facts.aptPython3, source: `the \`python3\` that apt installs on ${img.facts.os}` };
  }
  return undefined;
}

/** Whether nvcc is available to a RUN: a `devel` CUDA base, or a CUDA compiler installed with apt/conda up to this RUN. */
export function hasNvcc(stage: Stage, before: Instruction): boolean | undefined {
  if (stageInstalls(stage).cudaCompiler <= before.index) return true;
  const cuda = stageCuda(stage);
  return cuda ? cuda.flavor === 'devel' : undefined;
}
