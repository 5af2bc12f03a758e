/**
 * The answers a scaffold is generated from. The wizard, `mldock init` and the tests fill the same
 * shape; `generateScaffold` turns it into files without touching the file system.
 */
export type Template = 'cuda' | 'conda' | 'cpu';
export type Framework = 'torch' | 'tensorflow' | 'jax' | 'none';
export type Purpose = 'train' | 'serve' | 'batch' | 'notebook';
export type Server = 'fastapi' | 'gunicorn' | 'none';

export const TEMPLATES: readonly Template[] = ['cuda', 'conda', 'cpu'];
export const FRAMEWORKS: readonly Framework[] = ['torch', 'tensorflow', 'jax', 'none'];
export const PURPOSES: readonly Purpose[] = ['train', 'serve', 'batch', 'notebook'];
export const SERVERS: readonly Server[] = ['fastapi', 'gunicorn', 'none'];

/** Where the project's dependencies are declared (paths relative to the build context). */
export interface DependencySource {
  readonly kind: 'requirements' | 'pyproject' | 'environment' | 'none';
  /** `requirements.txt`, `environment.yml`, `pyproject.toml`; undefined for `none`. */
  readonly file: string | undefined;
  /** Normalised names of the packages it declares (conda and pip names for environment files). */
  readonly packages: readonly string[];
}

export interface ScaffoldAnswers {
  readonly template: Template;
  readonly purpose: Purpose;
  readonly framework: Framework;
  /** `2.5.1` (torch, jax) or `2.18` / `2.18.1` (TensorFlow); undefined when the framework is `none`. */
  readonly frameworkVersion: string | undefined;
  /**
   * CUDA the framework's GPU wheels target: `12.4` for torch (the `cu124` wheels) and TensorFlow,
   * `12`/`13` for JAX (`jax[cuda12]`). Required by the cuda template; on the conda template it turns
   * on CUDA builds; undefined for CPU images.
   */
  readonly cuda: string | undefined;
  /** `major.minor`. */
  readonly python: string;
  /** Only for `serve`; `none` otherwise. */
  readonly server: Server;
  /** The port the server or notebook listens on. */
  readonly port: number;
  /** `module:object` for fastapi/gunicorn (`app:app`), otherwise a script (`train.py`); unused for notebooks. */
  readonly entrypoint: string;
  /** `asgi` (FastAPI, Starlette …) or `wsgi` (Flask …): how gunicorn must run the app. */
  readonly appKind: 'asgi' | 'wsgi';
  /** A route the app answers for health checks (`/health`), when one was found; else the check opens a TCP connection. */
  readonly healthPath: string | undefined;
  readonly multiStage: boolean;
  readonly cacheMounts: boolean;
  readonly nonRoot: boolean;
  readonly healthcheck: boolean;
  /** Also write `Dockerfile.cpu`, a CPU-only build of the same project (cuda template, GPU conda). */
  readonly cpuVariant: boolean;
  readonly compose: boolean;
  readonly devcontainer: boolean;
  readonly dependencies: DependencySource;
  /** File name of the Dockerfile to write (`Dockerfile`, or `Dockerfile.mldock` when written beside). */
  readonly dockerfileName: string;
  /** Lower-case name for the compose service, image and conda environment. */
  readonly projectName: string;
}

export interface ScaffoldFile {
  /** Relative to the target folder, `/`-separated. */
  readonly path: string;
  readonly content: string;
  /** What the file is, for prompts and the CLI summary. */
  readonly role: 'dockerfile' | 'cpu-dockerfile' | 'dockerignore' | 'compose' | 'devcontainer' | 'environment';
}

/** A problem with an answer, naming the choices that would be valid. */
export interface AnswerProblem {
  readonly field: keyof ScaffoldAnswers;
  readonly message: string;
  readonly valid: readonly string[];
}

export const TEMPLATE_TITLES: Readonly<Record<Template, string>> = {
  cuda: 'GPU (CUDA) image',
  conda: 'Conda/Micromamba image',
  cpu: 'CPU image',
};

export const PURPOSE_LABELS: Readonly<Record<Purpose, string>> = {
  train: 'Training',
  serve: 'Inference API',
  batch: 'Batch job',
  notebook: 'Notebook',
};

export const FRAMEWORK_LABELS: Readonly<Record<Framework, string>> = {
  torch: 'PyTorch',
  tensorflow: 'TensorFlow',
  jax: 'JAX',
  none: 'No framework',
};

export const SERVER_LABELS: Readonly<Record<Server, string>> = {
  fastapi: 'FastAPI + uvicorn',
  gunicorn: 'gunicorn',
  none: 'None (the app serves itself)',
};
