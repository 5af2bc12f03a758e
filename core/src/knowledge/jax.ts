import type { KnowledgeMeta } from './sources';

/** What the JAX CUDA extras install (jax.readthedocs.io installation guide; pip logs). */
export const JAX_META: KnowledgeMeta = {
  dataAsOf: '2026-08',
  sources: ['JAX installation guide (pip install "jax[cuda12]" / "jax[cuda13]")', 'pip log of jax[cuda12] 0.7.2 (download sizes)'],
};

export interface JaxExtra {
  readonly cuda: string;
  readonly description: string;
  readonly download: string | undefined;
}

export const JAX_EXTRAS: Readonly<Record<string, JaxExtra>> = {
  cuda12: { cuda: '12', description: 'jaxlib plus the CUDA 12 plugin and NVIDIA CUDA 12 libraries from pip (cuDNN, cuBLAS, NCCL …): no system CUDA needed, only a driver', download: '≈ 3.0 GB (jax 0.7.2: cuDNN 647 MB, cuBLAS 581 MB, cuSPARSE 367 MB …)' },
  cuda13: { cuda: '13', description: 'jaxlib plus the CUDA 13 plugin and NVIDIA CUDA 13 libraries from pip: needs a driver for CUDA 13 (≥ 580)', download: undefined },
  cuda12_local: { cuda: '12', description: 'the CUDA 12 plugin only: uses the CUDA and cuDNN installed in the image (e.g. an nvidia/cuda cuDNN image)', download: undefined },
  cuda13_local: { cuda: '13', description: 'the CUDA 13 plugin only: uses the CUDA and cuDNN installed in the image', download: undefined },
  tpu: { cuda: '', description: 'the TPU runtime (libtpu) for Cloud TPU VMs', download: undefined },
};

/**
 * JAX releases MLDock can scaffold: the Python range with wheels and the CUDA extras published for
 * them. Sources: JAX changelog (0.4.31 made 3.10 the minimum; 0.4.34 added 3.13 wheels), the 0.7.0
 * release dropping 3.10 (data-apis/array-api-extra#416), and lock files pinning `jax[cuda13]==0.7.2`.
 * Newer releases exist (0.8–0.12) but their Python ranges are not recorded here.
 */
export interface JaxRelease {
  readonly version: string;
  readonly python: readonly [string, string];
  /** `cuda12`, `cuda13`: the pip extras that bring CUDA libraries from PyPI. */
  readonly cudaExtras: readonly string[];
}

export const JAX_RELEASES: readonly JaxRelease[] = [
  { version: '0.4.38', python: ['3.10', '3.13'], cudaExtras: ['cuda12'] },
  { version: '0.6.2', python: ['3.10', '3.13'], cudaExtras: ['cuda12'] },
  { version: '0.7.2', python: ['3.11', '3.13'], cudaExtras: ['cuda12', 'cuda13'] },
];

export function jaxRelease(version: string): JaxRelease | undefined {
  return JAX_RELEASES.find((r) => r.version === version);
}
