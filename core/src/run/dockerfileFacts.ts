import { baseImageFacts } from '../knowledge/baseImages';
import { DEFAULT_SETTINGS } from '../config/settings';
import { analyzeDocument } from '../model/analyze';
import { exposedPorts } from '../model/exposedPorts';
import { finalHealthcheck } from '../model/healthcheck';
import { runtimeEnv } from '../model/serving';
import { stageAncestry } from '../model/stages';
import type { AnalyzedDocument } from '../model/types';
import { ML004 } from '../rules/ML004-buildkit-only-syntax';
import { rootImage } from '../rules/helpers';

export interface RunStageFact {
  /** `AS name`, lower-cased; undefined for an unnamed stage. */
  name?: string;
  index: number;
  /** 0-based line of the stage's FROM (where a CodeLens goes). */
  line: number;
}

export interface RunArgFact {
  name: string;
  /** The default as written; undefined when the ARG has none. */
  default?: string;
}

export type MlFramework = 'torch' | 'tensorflow' | 'jax';

/** What Build & Run infers from a Dockerfile so it only asks for what it cannot know. */
export interface RunFacts {
  stages: RunStageFact[];
  /** Every ARG a --build-arg can set (global and per stage), first declaration wins, in document order. */
  args: RunArgFact[];
  /** Ports the built image EXPOSEs (of the target stage, or the last). */
  exposedPorts: number[];
  /** The built image has a HEALTHCHECK (not `HEALTHCHECK NONE`). */
  hasHealthcheck: boolean;
  /** Uses constructs the legacy builder rejects (ML004: RUN --mount, heredocs, COPY --link/--chmod …). */
  usesBuildKitSyntax: boolean;
  /** The ML framework the image runs, when one is recognisable (for `--shm-size` / `--ipc=host` advice). */
  framework?: MlFramework;
  /** CUDA the image needs from the host driver: NVIDIA_REQUIRE_CUDA or the base image's tag (`12.4`). */
  cuda?: { version: string; source: 'NVIDIA_REQUIRE_CUDA' | 'base image tag' };
  /** The base image of the built stage as written (for reading its NVIDIA_REQUIRE_CUDA from the engine). */
  baseImage?: string;
}

export interface RunFactsOptions {
  /** Facts as if building this stage; the last stage otherwise. */
  readonly target?: string;
}

/** Parses the Dockerfile once (the shared model) and reads the facts Build & Run needs. */
export function runFactsFromDockerfile(text: string, options: RunFactsOptions = {}): RunFacts {
  const doc = analyzeDocument(text, { target: options.target });
  const stages = doc.stages.map((s) => ({
    ...(s.name !== undefined && { name: s.name }),
    index: s.index,
    line: s.from.startLine,
  }));
  const args: RunArgFact[] = [];
  const seen = new Set<string>();
  for (const declaration of [...doc.globalArgs, ...doc.stages.flatMap((s) => s.args)]) {
    if (seen.has(declaration.name)) continue;
    seen.add(declaration.name);
    args.push({ name: declaration.name, ...(declaration.defaultValue !== undefined && { default: declaration.defaultValue }) });
  }
  const ports = [...new Set(exposedPorts(doc).filter((p) => p.protocol === 'tcp' && p.port !== undefined).map((p) => p.port!))];
  const health = finalHealthcheck(doc);
  const framework = detectFramework(doc);
  const cuda = requiredCuda(doc);
  const base = doc.finalStage ? rootImage(doc.finalStage) : undefined;
  return {
    stages,
    args,
    exposedPorts: ports,
    hasHealthcheck: health !== undefined && !health.none,
    usesBuildKitSyntax: usesBuildKitSyntax(doc),
    ...(framework && { framework }),
    ...(cuda && { cuda }),
    ...(base && { baseImage: base.raw }),
  };
}

/** ML004's verdict (one source of truth for what the legacy builder rejects). */
function usesBuildKitSyntax(doc: AnalyzedDocument): boolean {
  return ML004.check({ doc, settings: DEFAULT_SETTINGS, workspace: undefined }).length > 0;
}

const FRAMEWORK_PACKAGES: Readonly<Record<string, MlFramework>> = {
  torch: 'torch', pytorch: 'torch', torchvision: 'torch', lightning: 'torch', 'pytorch-lightning': 'torch',
  tensorflow: 'tensorflow', 'tensorflow-cpu': 'tensorflow', 'tf-nightly': 'tensorflow', keras: 'tensorflow',
  jax: 'jax', jaxlib: 'jax', flax: 'jax',
};

/** From the base image (pytorch/pytorch, tensorflow/tensorflow) or what pip/conda install in the built stages. */
function detectFramework(doc: AnalyzedDocument): MlFramework | undefined {
  if (!doc.finalStage) return undefined;
  const image = rootImage(doc.finalStage);
  const family = image ? baseImageFacts(image)?.family : undefined;
  if (family === 'pytorch') return 'torch';
  if (family === 'tensorflow') return 'tensorflow';
  if (image && /(^|\/)(pytorch|tensorflow|jax)(:|$)/.test(image.name + ':')) {
    return /pytorch/.test(image.name) ? 'torch' : /tensorflow/.test(image.name) ? 'tensorflow' : 'jax';
  }
  for (const stage of stageAncestry(doc.finalStage).reverse()) {
    for (const instruction of stage.instructions) {
      for (const c of instruction.commands) {
        const names = c.pip ? c.pip.requirements.map((r) => r.requirement.name)
          : c.conda ? c.command.argv.slice(1).map((w) => w.value.split(/[=<>]/)[0]!.toLowerCase()) : [];
        for (const name of names) if (FRAMEWORK_PACKAGES[name]) return FRAMEWORK_PACKAGES[name];
      }
    }
  }
  return undefined;
}

/** `NVIDIA_REQUIRE_CUDA=cuda>=12.4 brand=…` in the image's ENV wins over the base tag's CUDA. */
function requiredCuda(doc: AnalyzedDocument): RunFacts['cuda'] {
  const env = runtimeEnv(doc, 'NVIDIA_REQUIRE_CUDA');
  const fromEnv = env ? cudaFromRequirement(env.value) : undefined;
  if (fromEnv) return { version: fromEnv, source: 'NVIDIA_REQUIRE_CUDA' };
  const image = doc.finalStage ? rootImage(doc.finalStage) : undefined;
  const cuda = image ? baseImageFacts(image)?.cuda : undefined;
  // CUDA wheels (pytorch/pytorch runtime images) bring their own runtime: the toolkit minimum does not apply.
  if (cuda && cuda.libs === 'system') return { version: cuda.version, source: 'base image tag' };
  return undefined;
}

/** `cuda>=12.4 brand=tesla,driver>=470,driver<471` → `12.4`. */
export function cudaFromRequirement(value: string): string | undefined {
  return /(?:^|\s)cuda>=(\d+\.\d+(?:\.\d+)?)/.exec(value)?.[1];
}

/**
 * A tag from the folder and stage: `My Project` + `train` → `my-project:train`; `latest` without a
 * stage. Valid for `docker build --tag` whatever the folder is called.
 */
export function defaultTag(folderName: string, stage?: string): string {
  const repo = folderName.toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/[._-]{2,}/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, 100) || 'mldock-app';
  const tag = stage?.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[^a-z0-9_]+/, '').slice(0, 128);
  return `${repo}:${tag || 'latest'}`;
}
