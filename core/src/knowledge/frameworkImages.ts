import type { KnowledgeMeta } from './sources';
import { tensorflowRelease } from './tensorflow';
import { torchRelease } from './torch';
import { compareVersions } from './versions';

/** Tags of the framework images `pytorch/pytorch` and `tensorflow/tensorflow`, and what is inside them. */
export const FRAMEWORK_IMAGES_META: KnowledgeMeta = {
  dataAsOf: '2026-05',
  sources: [
    'pytorch/pytorch Dockerfile, docker.Makefile, .github/workflows/docker-release.yml and generate_docker_release_matrix.py (tag = VERSION-cudaX.Y-cudnnN-{runtime,devel}, PYTHON_VERSION)',
    'rlan/notebooks#144 (pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime ships Python 3.11.10)',
    'tensorflow/tensorflow#82529 (the 2.18 images run Python 3.11 on Ubuntu 22.04)',
  ],
};

export interface PytorchImageTag {
  readonly torch: string;
  readonly cuda: string;
  readonly cudnn: string;
  readonly flavor: 'runtime' | 'devel';
  /** Python of the conda environment in /opt/conda, when known. */
  readonly python: string | undefined;
}

/** `2.4.0-cuda12.1-cudnn9-runtime` → its parts; undefined for `latest` and other tags. */
export function decodePytorchTag(tag: string): PytorchImageTag | undefined {
  const m = /^(\d+\.\d+\.\d+)-cuda(\d+\.\d+)-cudnn(\d+)-(runtime|devel)$/.exec(tag);
  if (!m) return undefined;
  const torch = m[1]!;
  // The image's PYTHON_VERSION default moved from 3.10 (docker.Makefile) to 3.11 (Dockerfile) for the 2.3 cycle.
  const python = compareVersions(torch, '2.3.0') >= 0 ? '3.11' : compareVersions(torch, '2.0.0') >= 0 ? '3.10' : undefined;
  return { torch, cuda: m[2]!, cudnn: m[3]!, flavor: m[4] as 'runtime' | 'devel', python };
}

/** Whether the image exists per the release's wheel matrix (one image per published CUDA variant). */
export function pytorchTagPlausible(tag: PytorchImageTag): boolean | undefined {
  const release = torchRelease(tag.torch);
  if (!release) return undefined;
  return release.variants.includes(`cu${tag.cuda.replace('.', '')}`) && Number(tag.cudnn) === release.cudnn;
}

export interface TensorflowImageTag {
  /** `2.15.0`, or `latest` / `nightly`. */
  readonly version: string;
  readonly gpu: boolean;
  readonly jupyter: boolean;
  readonly python: string | undefined;
  /** CUDA/cuDNN inside `-gpu` images (the tested configuration of that release). */
  readonly cuda: string | undefined;
  readonly cudnn: string | undefined;
}

export function decodeTensorflowTag(tag: string): TensorflowImageTag | undefined {
  const m = /^(\d+\.\d+\.\d+|\d+\.\d+|latest|nightly)(-gpu)?(-jupyter)?$/.exec(tag);
  if (!m) return undefined;
  const version = m[1]!;
  const gpu = m[2] !== undefined;
  const release = /^\d/.test(version) ? tensorflowRelease(version) : undefined;
  const python = /^2\.18(\.|$)/.test(version) ? '3.11' : undefined;
  return { version, gpu, jupyter: m[3] !== undefined, python, cuda: gpu ? release?.cuda : undefined, cudnn: gpu ? release?.cudnn : undefined };
}
