import { driverForCuda } from '../knowledge/cudaDrivers';
import { MICROMAMBA_TAG } from '../knowledge/pythonImages';
import { SERVING_PINS } from '../knowledge/servingPackages';
import { jaxRelease } from '../knowledge/jax';
import { tensorflowRelease } from '../knowledge/tensorflow';
import { nearestVariant, torchRelease } from '../knowledge/torch';
import { cudaOfVariant, versionParts } from '../knowledge/versions';
import { cudaBaseFor, frameworkName, frameworkPythonRange } from './choices';
import type { ScaffoldAnswers } from './types';

/**
 * The decisions behind a Dockerfile, worked out once from the answers: base images, how the
 * framework is installed, extra serving packages, and the reasons the comments give.
 */
export interface ImagePlan {
  /** Image of the stage that installs dependencies (same as `runtimeImage` for single-stage builds). */
  readonly buildImage: string;
  /** Image of the stage that ships. */
  readonly runtimeImage: string;
  readonly framework: FrameworkInstall | undefined;
  /** Packages added because the project does not list them (uvicorn, gunicorn, jupyterlab). */
  readonly extraPackages: readonly string[];
  /** `--extra-index-url` for the project's own requirements when they list torch-family packages. */
  readonly requirementsIndex: string | undefined;
  /** Header comment lines: what was chosen and why. */
  readonly why: readonly string[];
}

export interface FrameworkInstall {
  /** Requirement words, already quoted for the shell where needed. */
  readonly packages: readonly string[];
  /** `--index-url` (the PyTorch wheel index of one variant, which hosts torch and all its dependencies). */
  readonly indexUrl: string | undefined;
  /** A line of the project's dependency file to skip because the framework install replaces it (`tensorflow` on CPU images). */
  readonly dropFromProject: string | undefined;
  readonly comment: string;
}

const TORCH_INDEX = 'https://download.pytorch.org/whl';
const TORCH_FAMILY = new Set(['torch', 'torchvision', 'torchaudio']);

export function planImage(a: ScaffoldAnswers): ImagePlan {
  const why: string[] = [];
  const framework = frameworkInstall(a);
  let buildImage: string;
  let runtimeImage: string;
  if (a.template === 'cuda') {
    const base = cudaBaseFor(a.framework, a.cuda!, a.python);
    if (!base) throw new Error(`no nvidia/cuda image for CUDA ${a.cuda} with Python ${a.python}`);
    const version = base.release.version;
    // Framework wheels bring CUDA and cuDNN from pip, so the runtime needs only `base` (cudart and the
    // NVIDIA environment); without a framework the project's own packages may need the CUDA libraries.
    const flavor = a.framework === 'none' ? 'runtime' : 'base';
    runtimeImage = `nvidia/cuda:${version}-${flavor}-${base.os}`;
    buildImage = a.multiStage ? `nvidia/cuda:${version}-devel-${base.os}` : runtimeImage;
    const driver = driverForCuda(version)?.linux;
    why.push(`CUDA ${version} on ${base.os.replace('ubuntu', 'Ubuntu ')}${driver ? `: hosts need NVIDIA driver >= ${driver}` : ''}.`);
    why.push(flavor === 'base'
      ? `The runtime stage uses the \`base\` flavour: ${frameworkName(a.framework)}'s wheels bring their own CUDA and cuDNN libraries.`
      : 'The runtime stage uses the `runtime` flavour (CUDA math libraries, no compiler) for packages that use the system CUDA.');
    if (a.multiStage) why.push('Dependencies are installed in a `devel` build stage (nvcc, headers) so CUDA extensions can compile; only the venv is copied out.');
    why.push(`Python ${a.python} is ${base.os.replace('ubuntu', 'Ubuntu ')}'s python3${pythonRangeNote(a)}.`);
  } else if (a.template === 'conda') {
    runtimeImage = `mambaorg/micromamba:${MICROMAMBA_TAG}`;
    buildImage = runtimeImage;
    why.push('micromamba (a single static binary) solves environment.yml; the image runs as the non-root `mambauser`.');
    const driver = a.cuda ? `hosts need NVIDIA driver >= ${driverForCuda(a.cuda)?.linux ?? `the one for CUDA ${a.cuda}`}` : '';
    if (a.cuda && condaOverride(a)) why.push(`CONDA_OVERRIDE_CUDA=${a.cuda} lets the solver pick conda-forge's CUDA builds although the build machine has no GPU; ${driver}.`);
    else if (a.cuda) why.push(`GPU through the pip-installed framework; ${driver}.`);
    else why.push('The solver picks CPU builds.');
  } else {
    runtimeImage = `python:${a.python}-slim`;
    buildImage = runtimeImage;
    why.push(`python:${a.python}-slim: Debian with Python ${a.python}${pythonRangeNote(a)}, about 45 MB compressed.`);
  }
  if (framework) why.push(framework.comment);
  const extraPackages = servingPackages(a);
  if (extraPackages.length > 0) why.push(`${extraPackages.map((p) => p.split('==')[0]).join(', ')} ${extraPackages.length > 1 ? 'are' : 'is'} added because ${a.dependencies.file ?? 'the project'} does not list ${extraPackages.length > 1 ? 'them' : 'it'}.`);
  const listsTorch = a.dependencies.packages.some((p) => TORCH_FAMILY.has(p));
  const pipFiles = a.dependencies.kind === 'requirements' || a.dependencies.kind === 'pyproject';
  const requirementsIndex = a.framework === 'torch' && listsTorch && pipFiles ? `${TORCH_INDEX}/${torchVariant(a)}` : undefined;
  return { buildImage, runtimeImage, framework, extraPackages, requirementsIndex, why };
}

function pythonRangeNote(a: ScaffoldAnswers): string {
  const range = frameworkPythonRange(a.framework, a.frameworkVersion);
  return range ? ` (${frameworkName(a.framework)} ${a.frameworkVersion} supports ${range[0]}–${range[1]})` : '';
}

/** The PyTorch wheel index variant: the image's CUDA (conda: the nearest published one of the same major), else CPU. */
function torchVariant(a: ScaffoldAnswers): string {
  if (!a.cuda) return 'cpu';
  const variant = `cu${a.cuda.replace('.', '')}`;
  const release = a.frameworkVersion ? torchRelease(a.frameworkVersion) : undefined;
  if (a.template === 'cuda' || !release || release.variants.includes(variant)) return variant;
  const nearest = nearestVariant(release, a.cuda);
  return nearest && versionParts(cudaOfVariant(nearest) ?? '')[0] === versionParts(a.cuda)[0] ? nearest : 'cpu';
}

/** Whether the conda solve needs CONDA_OVERRIDE_CUDA: CUDA builds asked for, and the environment may hold CUDA packages. */
export function condaOverride(a: ScaffoldAnswers): boolean {
  return a.cuda !== undefined && (a.dependencies.kind === 'environment' || !pipFilesInstallFramework(a));
}

/** The project's pip dependency file installs the framework itself (then the conda environment leaves it out). */
export function pipFilesInstallFramework(a: ScaffoldAnswers): boolean {
  if (a.dependencies.kind !== 'requirements' && a.dependencies.kind !== 'pyproject') return false;
  const names = FRAMEWORK_PACKAGES[a.framework] ?? [];
  return a.dependencies.packages.some((p) => names.includes(p));
}

const FRAMEWORK_PACKAGES: Partial<Record<ScaffoldAnswers['framework'], readonly string[]>> = {
  torch: ['torch'],
  tensorflow: ['tensorflow', 'tensorflow-cpu', 'tensorflow-gpu'],
  jax: ['jax', 'jaxlib'],
};

/** `2.18` means any 2.18 patch; a full version is pinned exactly. */
function tensorflowPin(version: string): string {
  return /^\d+\.\d+$/.test(version) ? `==${version}.*` : `==${version}`;
}

/**
 * How pip installs the framework: always on the cuda and cpu templates; on the conda template only when
 * the project's pip files list it (otherwise environment.yml does).
 */
function frameworkInstall(a: ScaffoldAnswers): FrameworkInstall | undefined {
  if (a.framework === 'none' || !a.frameworkVersion) return undefined;
  if (a.template === 'conda' && !pipFilesInstallFramework(a)) return undefined;
  const v = a.frameworkVersion;
  const gpu = a.cuda !== undefined;
  switch (a.framework) {
    case 'torch': {
      const variant = torchVariant(a);
      const release = torchRelease(v);
      return {
        packages: [`torch==${v}+${variant}`],
        indexUrl: `${TORCH_INDEX}/${variant}`,
        dropFromProject: undefined,
        comment: variant !== 'cpu'
          ? `PyTorch ${v} from the ${variant} wheel index, matching CUDA ${a.cuda}.${release?.note ? ` (MLDock's data: ${release.note}.)` : ''}`
          : `PyTorch ${v} from the CPU wheel index: about 0.2 GB instead of about 3 GB for the default PyPI build.${release?.note ? ' (MLDock\'s data for this release rests partly on secondary sources.)' : ''}`,
      };
    }
    case 'tensorflow': {
      if (gpu) {
        const built = tensorflowRelease(v)?.cuda;
        return { packages: [`"tensorflow[and-cuda]${tensorflowPin(v)}"`], indexUrl: undefined, dropFromProject: undefined, comment: `TensorFlow ${v} with [and-cuda]: the CUDA ${built ?? ''} and cuDNN libraries it was built with come from pip.`.replace('  ', ' ') };
      }
      // The project's own `tensorflow` line would install the full package next to tensorflow-cpu (both write the same module).
      const full = a.dependencies.packages.find((p) => p === 'tensorflow');
      return {
        packages: [`"tensorflow-cpu${tensorflowPin(v)}"`],
        indexUrl: undefined,
        dropFromProject: full,
        comment: `tensorflow-cpu ${v}: about 0.2 GB instead of about 0.6 GB for the full tensorflow package${full ? `; the ${full} line of ${a.dependencies.file} is skipped` : ''}.`,
      };
    }
    case 'jax': {
      const extra = gpu ? `cuda${versionParts(a.cuda!)[0]}` : undefined;
      return extra && jaxRelease(v)?.cudaExtras.includes(extra)
        ? { packages: [`"jax[${extra}]==${v}"`], indexUrl: undefined, dropFromProject: undefined, comment: `JAX ${v} with jax[${extra}]: jaxlib and the matching NVIDIA libraries come from pip.` }
        : { packages: [`jax==${v}`], indexUrl: undefined, dropFromProject: undefined, comment: `JAX ${v} (CPU jaxlib).` };
    }
  }
  return undefined;
}

/** Servers and notebook packages the command needs but the project does not declare. */
function servingPackages(a: ScaffoldAnswers): string[] {
  const has = (name: string) => a.dependencies.packages.includes(name);
  const wanted: (keyof typeof SERVING_PINS)[] = [];
  if (a.purpose === 'serve' && a.server === 'fastapi') wanted.push('uvicorn');
  if (a.purpose === 'serve' && a.server === 'gunicorn') wanted.push('gunicorn', ...(a.appKind === 'asgi' ? ['uvicorn' as const] : []));
  if (a.purpose === 'notebook') wanted.push('jupyterlab');
  return wanted.filter((p) => !has(p)).map((p) => `${p}==${SERVING_PINS[p]}`);
}
