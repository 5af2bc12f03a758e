import type { KnowledgeMeta } from './sources';

/** Images and packages that are unmaintained or removed, with their successors (ML215). */
export const DEPRECATIONS_META: KnowledgeMeta = {
  dataAsOf: '2026-08',
  sources: [
    'conda-archive/conda-docker (README, Dockerfiles, git log: last commit 2019-04-12)',
    'ContinuumIO/docker-images (continuumio/miniconda3, maintained by Anaconda)',
    'tensorflow/docs site/en/install/pip.md; PyPI tensorflow-gpu (last real release 2.11; since 2.1 `tensorflow` includes GPU support)',
    'NVIDIA container-images/cuda doc/supported-tags.md, doc/unsupported-tags.md, doc/support-policy.md',
  ],
};

export interface DeprecatedImage {
  readonly why: string;
  /** Replacement image reference (with a tag), when there is a drop-in successor. */
  readonly successor: string | undefined;
  readonly successorNote: string | undefined;
}

export const DEPRECATED_IMAGES: ReadonlyMap<string, DeprecatedImage> = new Map([
  ['conda/miniconda3', {
    why: 'unmaintained since April 2019 (conda-archive/conda-docker): Python 3.6 and Miniconda of 2019 on an old Debian, no security updates',
    successor: 'continuumio/miniconda3:24.5.0-0',
    successorNote: 'maintained by Anaconda; conda lives in /opt/conda instead of /usr/local',
  }],
  ['conda/miniconda2', {
    why: 'unmaintained since April 2019 and built on Python 2.7, which reached end of life in 2020',
    successor: undefined,
    successorNote: 'move to Python 3 (continuumio/miniconda3 or mambaorg/micromamba)',
  }],
]);

export interface DeprecatedPackage {
  readonly why: string;
  /** Replacement package name; the version specifier is kept. */
  readonly successor: string;
}

export const DEPRECATED_PACKAGES: ReadonlyMap<string, DeprecatedPackage> = new Map([
  ['tensorflow-gpu', {
    why: '`tensorflow-gpu` was removed after 2.11 (newer versions refuse to install) and has been identical to `tensorflow` since 2.1, which includes GPU support',
    successor: 'tensorflow',
  }],
]);
