import { normalizeName } from '../../parse/requirement';
import type { AnalyzedDocument, CommandInfo, Instruction, Stage } from '../../model/types';
import type { WorkspaceView } from '../../workspace';
import { variableForCommand } from '../helpers';
import { mayDefine } from '../mlStage';
import { pipInstalls } from '../pipPins';

/** Packages whose pip install compiles CUDA code from source (no usable wheel on PyPI). */
export const SOURCE_BUILDS: ReadonlySet<string> = new Set(['flash-attn', 'mamba-ssm', 'causal-conv1d', 'apex', 'nvidia-apex', 'pytorch3d', 'detectron2']);
/** Git repositories whose install compiles CUDA extensions. */
export const SOURCE_REPOS = /github\.com\/(NVIDIA\/apex|facebookresearch\/(xformers|pytorch3d|detectron2)|Dao-AILab\/flash-attention|state-spaces\/mamba|mit-han-lab|NVlabs\/tiny-cuda-nn)/i;

/**
 * Packages that compile CUDA kernels with nvcc while the program runs: DeepSpeed builds its ops just in
 * time unless DS_BUILD_OPS=1 prebuilt them; FlashInfer JIT-compiles its kernels; vLLM and SGLang use
 * FlashInfer/DeepGEMM JIT (vLLM's own image installs cuda-nvcc into its final stage for this).
 */
const RUNTIME_JIT = new Set(['deepspeed', 'flashinfer', 'flashinfer-python', 'vllm', 'sglang']);

/** Environment that only matters when CUDA code is compiled. */
const BUILD_ENV = ['TORCH_CUDA_ARCH_LIST', 'CUDACXX', 'CMAKE_CUDA_ARCHITECTURES', 'CMAKE_ARGS'];
const BUILD_PROGRAMS = new Set(['nvcc', 'cmake', 'make', 'ninja']);
const COMPILERS = new Set(['nvcc', 'cmake', 'make', 'ninja', 'gcc', 'g++', 'cc', 'c++']);

/** flash-attn honours FLASH_ATTENTION_SKIP_CUDA_BUILD (it downloads a prebuilt wheel instead). */
export function skipsCudaBuild(doc: AnalyzedDocument, info: CommandInfo, instruction: Instruction): boolean {
  const stage = doc.stages[instruction.stageIndex];
  if (!stage || !mayDefine(stage, info.program.env, ['FLASH_ATTENTION_SKIP_CUDA_BUILD'])) return false;
  const skip = variableForCommand(doc, info, instruction, 'FLASH_ATTENTION_SKIP_CUDA_BUILD');
  return skip !== undefined && /^(true|1|yes)$/i.test(skip);
}

export interface BuildStep {
  readonly instruction: Instruction;
  /** What compiles, for messages: `nvcc`, `flash-attn`, `TORCH_CUDA_ARCH_LIST` … */
  readonly what: string;
}

/** The first step in these stages that looks like it compiles native or CUDA code during the build (generous on purpose). */
export function buildStep(doc: AnalyzedDocument, stages: readonly Stage[], workspace: WorkspaceView | undefined): BuildStep | undefined {
  const steps: BuildStep[] = [];
  for (const stage of stages) {
    for (const instruction of stage.instructions) {
      const declared = instruction.keyword === 'ENV' || instruction.keyword === 'ARG' ? instruction.properties.find((p) => BUILD_ENV.includes(p.name)) : undefined;
      if (declared) steps.push({ instruction, what: `\`${declared.name}\`` });
      for (const info of instruction.commands) {
        const name = info.program.name;
        const args = info.program.args.map((a) => a.value);
        const inline = BUILD_ENV.find((n) => info.program.env.has(n));
        if (BUILD_PROGRAMS.has(name)) steps.push({ instruction, what: `\`${name}\`` });
        else if (/^python/.test(name) && args[0] === 'setup.py') steps.push({ instruction, what: '`python setup.py`' });
        else if (info.pip && (info.pip.subcommand === 'wheel' || args.includes('--no-build-isolation'))) steps.push({ instruction, what: `\`pip ${info.pip.subcommand}${args.includes('--no-build-isolation') ? ' --no-build-isolation' : ''}\`` });
        else if (inline) steps.push({ instruction, what: `\`${inline}\`` });
      }
    }
  }
  const set = new Set(stages);
  for (const install of pipInstalls(doc, workspace)) {
    if (!set.has(install.stage) || skipsCudaBuild(doc, install.info, install.instruction)) continue;
    const pin = install.pins.find((p) => SOURCE_BUILDS.has(normalizeName(p.name)));
    const repo = install.pip.requirements.find((r) => r.requirement.kind === 'url' && SOURCE_REPOS.test(r.requirement.raw) && !/\.whl(\W|$)/.test(r.requirement.raw));
    if (pin) steps.push({ instruction: install.instruction, what: `\`${pin.name}\`` });
    else if (repo) steps.push({ instruction: install.instruction, what: `\`${repo.requirement.raw}\`` });
  }
  return steps.sort((a, b) => a.instruction.index - b.instruction.index)[0];
}

/**
 * Why the image needs a CUDA compiler when it runs, or undefined: a JIT-compiling package, a
 * `TORCH_EXTENSIONS_DIR` for torch's JIT extensions, a compiler as the command, or a development image
 * (`.devcontainer/`, `Dockerfile.dev`).
 */
export function runtimeCompilation(doc: AnalyzedDocument, stages: readonly Stage[], workspace: WorkspaceView | undefined): string | undefined {
  if (workspace && (/(^|[\\/])\.devcontainer([\\/]|$)/.test(workspace.contextDir) || /devcontainer|(^|[.\-_])dev(el|elop|elopment)?([.\-_]|$)/i.test(workspace.dockerfileName ?? ''))) {
    return 'it is a development image';
  }
  const set = new Set(stages);
  for (const install of pipInstalls(doc, workspace)) {
    if (!set.has(install.stage)) continue;
    const jit = install.pins.find((p) => RUNTIME_JIT.has(normalizeName(p.name)));
    if (jit && !(normalizeName(jit.name) === 'deepspeed' && variableForCommand(doc, install.info, install.instruction, 'DS_BUILD_OPS') === '1')) {
      return `\`${jit.name}\` compiles CUDA kernels when it runs`;
    }
  }
  for (const stage of stages) {
    if (stage.env.some((e) => e.name === 'TORCH_EXTENSIONS_DIR')) return '`TORCH_EXTENSIONS_DIR` is set for just-in-time torch extensions';
    for (const instruction of stage.instructions) {
      if (instruction.keyword !== 'CMD' && instruction.keyword !== 'ENTRYPOINT') continue;
      const program = (instruction.execForm?.[0]?.value ?? instruction.commands[0]?.program.name ?? '').replace(/^.*\//, '');
      if (COMPILERS.has(program)) return `its ${instruction.keyword} runs \`${program}\``;
    }
  }
  return undefined;
}
