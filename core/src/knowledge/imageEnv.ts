import type { ImageFamily } from './baseImages';

/**
 * Environment variables common base images set with ENV (from their published Dockerfiles). A
 * global ARG of the same name is shadowed by them inside a stage rather than empty, so ML002 leaves
 * those names alone on these bases.
 */
const IMAGE_ENV: Partial<Record<ImageFamily, readonly string[]>> = {
  python: ['PYTHON_VERSION', 'PYTHON_SHA256', 'GPG_KEY', 'LANG'],
  'nvidia-cuda': ['CUDA_VERSION', 'NV_CUDA_CUDART_VERSION', 'NV_CUDNN_VERSION', 'NVARCH', 'NVIDIA_REQUIRE_CUDA', 'NVIDIA_VISIBLE_DEVICES', 'NVIDIA_DRIVER_CAPABILITIES', 'LD_LIBRARY_PATH', 'LIBRARY_PATH', 'NV_NVTX_VERSION', 'NV_LIBNPP_VERSION', 'NV_LIBCUBLAS_VERSION', 'NV_LIBNCCL_PACKAGE_VERSION'],
  pytorch: ['PYTORCH_VERSION', 'NVIDIA_VISIBLE_DEVICES', 'NVIDIA_DRIVER_CAPABILITIES', 'LD_LIBRARY_PATH', 'CONDA_OVERRIDE_CUDA'],
  tensorflow: ['LANG'],
  miniconda: ['LANG', 'LC_ALL'],
  micromamba: ['MAMBA_USER', 'MAMBA_USER_ID', 'MAMBA_USER_GID', 'MAMBA_ROOT_PREFIX', 'MAMBA_EXE', 'ENV_NAME', 'LANG', 'LC_ALL'],
  jupyter: ['NB_USER', 'NB_UID', 'NB_GID', 'CONDA_DIR', 'SHELL', 'LANG', 'LC_ALL', 'LANGUAGE', 'JUPYTER_PORT', 'XDG_CACHE_HOME'],
};

export function imageSetsEnv(family: ImageFamily | undefined, name: string): boolean {
  return family !== undefined && (IMAGE_ENV[family]?.includes(name) ?? false);
}
