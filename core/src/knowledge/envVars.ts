import type { KnowledgeMeta } from './sources';

/** Environment variables that change how ML frameworks, CUDA containers, pip and conda behave. */
export const ENV_VARS_META: KnowledgeMeta = {
  dataAsOf: '2026-09',
  sources: [
    'PyTorch docs "CUDA semantics → Memory management" (PYTORCH_CUDA_ALLOC_CONF)',
    'TensorFlow GPU guide (TF_FORCE_GPU_ALLOW_GROWTH, TF_CPP_MIN_LOG_LEVEL)',
    'NVIDIA Container Toolkit docs "Specialized configurations with Docker" (NVIDIA_* variables)',
    'Hugging Face huggingface_hub environment-variable reference (HF_HOME; TRANSFORMERS_CACHE deprecated in transformers v4.36+)',
    'pip docs "Configuration → Environment variables"; conda and micromamba docs; OpenMP/MKL docs',
  ],
};

export interface EnvVarDoc {
  readonly name: string;
  readonly summary: string;
  /** Example values with their meaning. */
  readonly values?: string;
  /** When set, the variable is deprecated in favour of this one. */
  readonly replacedBy?: string;
  /** A note about setting it in an image (ENV) rather than at run time. */
  readonly imageNote?: string;
}

const VARS: readonly EnvVarDoc[] = [
  { name: 'PYTORCH_CUDA_ALLOC_CONF', summary: "Configures PyTorch's CUDA caching allocator.", values: '`expandable_segments:True` (less fragmentation), `max_split_size_mb:128`, `garbage_collection_threshold:0.8`; comma-separated' },
  { name: 'PYTORCH_ALLOC_CONF', summary: 'Newer name of PYTORCH_CUDA_ALLOC_CONF that applies to every PyTorch accelerator allocator.' },
  { name: 'CUDA_VISIBLE_DEVICES', summary: 'GPUs the CUDA runtime may use, by index or UUID.', values: '`0`, `0,1`, `GPU-<uuid>`; empty hides all GPUs', imageNote: 'Choose GPUs at run time (`docker run --gpus`), not in the image.' },
  { name: 'CUDA_LAUNCH_BLOCKING', summary: 'Makes CUDA kernel launches synchronous (`1`): precise error locations, much slower. Debug only.' },
  { name: 'CUDA_MODULE_LOADING', summary: 'CUDA module loading mode; `LAZY` (default since CUDA 12.2) loads kernels on first use and saves memory.' },
  { name: 'TORCH_CUDA_ARCH_LIST', summary: 'GPU architectures PyTorch C++/CUDA extensions are compiled for.', values: '`"8.0;8.6;9.0+PTX"`', imageNote: 'Set it when building extensions (flash-attn, apex …) on a machine without a GPU: detection needs one.' },
  { name: 'TORCH_HOME', summary: 'Cache directory for torch.hub models and weights (default `~/.cache/torch`).' },
  { name: 'TF_FORCE_GPU_ALLOW_GROWTH', summary: 'TensorFlow allocates GPU memory on demand instead of grabbing almost all of it (`true`).' },
  { name: 'TF_CPP_MIN_LOG_LEVEL', summary: "TensorFlow C++ log level: `0` all, `1` no INFO, `2` no WARNING, `3` errors only." },
  { name: 'TF_ENABLE_ONEDNN_OPTS', summary: 'oneDNN CPU optimisations in TensorFlow (`0` disables them; results may differ slightly when on).' },
  { name: 'XLA_PYTHON_CLIENT_PREALLOCATE', summary: 'JAX preallocates 75% of GPU memory unless this is `false`.' },
  { name: 'XLA_PYTHON_CLIENT_MEM_FRACTION', summary: 'Fraction of GPU memory JAX preallocates (default `.75`).' },
  { name: 'NVIDIA_VISIBLE_DEVICES', summary: 'GPUs the NVIDIA Container Toolkit exposes to the container.', values: '`all`, `none`, `void`, or indexes/UUIDs (`0,1`)', imageNote: '`all` is what CUDA images set; specific IDs baked into an image pin it to one machine — pass `--gpus` at run time.' },
  { name: 'NVIDIA_DRIVER_CAPABILITIES', summary: 'Driver libraries the NVIDIA Container Toolkit mounts into the container.', values: '`compute,utility` (CUDA + nvidia-smi, the default), `graphics`, `video`, `display`, `all`' },
  { name: 'NVIDIA_REQUIRE_CUDA', summary: 'Driver constraint checked when the container starts (`cuda>=12.4`); set by nvidia/cuda images. The container refuses to start on an older driver.' },
  { name: 'NVIDIA_DISABLE_REQUIRE', summary: 'Skips the NVIDIA_REQUIRE_* driver check (`1`). Only for forward-compatibility setups.' },
  { name: 'NCCL_DEBUG', summary: 'NCCL logging (`INFO`, `WARN`): shows which transport multi-GPU communication uses.' },
  { name: 'NCCL_P2P_DISABLE', summary: 'Disables NCCL peer-to-peer transport (`1`), a workaround for some consumer GPUs and VMs.' },
  { name: 'HF_HOME', summary: 'Root of the Hugging Face cache (models, datasets, tokens); default `~/.cache/huggingface`.', imageNote: 'Point it at a volume or mount so model downloads do not live in a layer.' },
  { name: 'HF_HUB_CACHE', summary: 'Hub model/dataset cache (default `$HF_HOME/hub`).' },
  { name: 'HF_HUB_OFFLINE', summary: 'Use only cached files (`1`); no network calls to the Hub.' },
  { name: 'HF_HUB_ENABLE_HF_TRANSFER', summary: 'Faster downloads through the `hf_transfer` package (`1`).' },
  { name: 'HF_TOKEN', summary: 'Hugging Face access token.', imageNote: 'A secret: never bake it into ENV/ARG; use `RUN --mount=type=secret` or runtime env.' },
  { name: 'TRANSFORMERS_CACHE', summary: 'Old cache location for transformers.', replacedBy: 'HF_HOME' },
  { name: 'TRANSFORMERS_OFFLINE', summary: 'transformers uses only cached files (`1`); HF_HUB_OFFLINE covers every Hugging Face library.' },
  { name: 'HF_DATASETS_CACHE', summary: 'Cache of processed datasets (default `$HF_HOME/datasets`).' },
  { name: 'OMP_NUM_THREADS', summary: 'Threads OpenMP uses (PyTorch CPU ops, NumPy/MKL).', values: 'a number; set it to the CPUs the container gets, or oversubscription slows everything down' },
  { name: 'MKL_NUM_THREADS', summary: 'Threads Intel MKL uses (NumPy, PyTorch CPU).' },
  { name: 'TOKENIZERS_PARALLELISM', summary: 'Hugging Face tokenizers parallelism (`false` silences the fork warning in data loaders).' },
  { name: 'PIP_NO_CACHE_DIR', summary: "Disables pip's download cache (any value, even `0`, for historical reasons), so wheels do not stay in the layer." },
  { name: 'PIP_DISABLE_PIP_VERSION_CHECK', summary: 'Skips pip\'s "new version available" check (`1`).' },
  { name: 'PIP_INDEX_URL', summary: 'Replaces PyPI as the package index for every pip install.' },
  { name: 'PIP_EXTRA_INDEX_URL', summary: 'Adds indexes next to PyPI (space-separated), e.g. `https://download.pytorch.org/whl/cu124`.' },
  { name: 'PIP_ROOT_USER_ACTION', summary: 'Silences the "running pip as root" warning (`ignore`).' },
  { name: 'PIP_DEFAULT_TIMEOUT', summary: 'Network timeout in seconds; raise it for multi-GB CUDA wheels on slow links.' },
  { name: 'PYTHONUNBUFFERED', summary: 'Unbuffered stdout/stderr (`1`): logs appear at once and survive crashes.' },
  { name: 'PYTHONDONTWRITEBYTECODE', summary: 'Python does not write `.pyc` files (`1`).' },
  { name: 'UV_NO_CACHE', summary: 'Disables the uv cache (`1`).' },
  { name: 'UV_COMPILE_BYTECODE', summary: 'uv compiles `.pyc` at install time (`1`): faster container start.' },
  { name: 'UV_LINK_MODE', summary: 'How uv installs files from its cache (`copy` when the cache is a mount on another filesystem).' },
  { name: 'CONDA_DIR', summary: 'Conventional conda install prefix in images (`/opt/conda`).' },
  { name: 'CONDA_PREFIX', summary: 'Prefix of the active conda environment (set by activation).' },
  { name: 'CONDA_DEFAULT_ENV', summary: 'Name of the active conda environment (set by activation).' },
  { name: 'CONDA_PKGS_DIRS', summary: 'Where conda keeps downloaded packages; clean it (`conda clean -afy`) in the same layer.' },
  { name: 'CONDA_ALWAYS_YES', summary: 'Answers yes to conda prompts (`true`), like `-y` on every command.' },
  { name: 'CONDA_OVERRIDE_CUDA', summary: 'Tells conda which CUDA the machine has (`12.4`) when solving on a build host without a GPU.' },
  { name: 'MAMBA_ROOT_PREFIX', summary: 'micromamba root prefix (environments and package cache); `/opt/conda` in mambaorg/micromamba.' },
  { name: 'MAMBA_DOCKERFILE_ACTIVATE', summary: 'In mambaorg/micromamba images, activates the base environment for following RUN instructions (`1`).' },
  { name: 'MAMBA_USER', summary: 'Non-root user of mambaorg/micromamba images (`mambauser`).' },
  { name: 'MAMBA_NO_LOW_SPEED_LIMIT', summary: 'Disables the download speed cutoff (`1`) for large CUDA packages.' },
  { name: 'DEBIAN_FRONTEND', summary: 'apt/dpkg prompt mode; `noninteractive` avoids hangs (prefer `ARG` or per-command so it does not persist).' },
  { name: 'LD_LIBRARY_PATH', summary: 'Extra shared-library search path; CUDA images add `/usr/local/nvidia/lib64`.' },
  { name: 'WANDB_API_KEY', summary: 'Weights & Biases API key.', imageNote: 'A secret: never bake it into ENV/ARG.' },
];

export const ML_ENV_VARS: ReadonlyMap<string, EnvVarDoc> = new Map(VARS.map((v) => [v.name, v]));
