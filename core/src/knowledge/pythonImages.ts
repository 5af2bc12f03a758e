import type { KnowledgeMeta } from './sources';

/** Tags of `python`, `continuumio/miniconda3`, `conda/miniconda3` and `mambaorg/micromamba`. */
export const PYTHON_IMAGES_META: KnowledgeMeta = {
  dataAsOf: '2026-09',
  sources: [
    'docker-library/repo-info repos/python/remote/3.12*.md (compressed sizes, Aug–Sep 2026)',
    'ContinuumIO/docker-images miniconda3/debian/Dockerfile (2024-07 snapshot)',
    'conda-archive/conda-docker (unmaintained since 2019)',
    'mamba-org/micromamba-docker README (tag scheme, mambauser)',
  ],
};

export interface PythonImageTag {
  readonly python: string | undefined;
  readonly variant: 'full' | 'slim' | 'alpine' | 'windowsservercore';
  /** Debian codename or Alpine release in the tag, if any. */
  readonly distro: string | undefined;
  /** Approximate compressed size (linux/amd64) of the variant. */
  readonly size: string;
}

const PYTHON_SIZES: Record<PythonImageTag['variant'], string> = {
  full: '≈ 411 MB compressed (python:3.12, Aug 2026)',
  slim: '≈ 43 MB compressed (python:3.12-slim, Aug 2026)',
  alpine: '≈ 18 MB compressed (python:3.12-alpine, Sep 2026)',
  windowsservercore: 'several GB (Windows Server Core)',
};

export function decodePythonTag(tag: string): PythonImageTag {
  const python = /^(\d+\.\d+)/.exec(tag)?.[1];
  const variant = tag.includes('alpine') ? 'alpine' : tag.includes('windowsservercore') ? 'windowsservercore' : tag.includes('slim') ? 'slim' : 'full';
  const distro = /(bookworm|bullseye|buster|trixie|alpine[\d.]*)/.exec(tag)?.[1];
  return { python, variant, distro, size: PYTHON_SIZES[variant] };
}

export interface MicromambaImageTag {
  readonly micromamba: string | undefined;
  /** `debian12-slim`, `jammy`, `noble`, `alpine3.22` … */
  readonly os: string | undefined;
  readonly cuda: string | undefined;
}

/** `1.5.10-noble-cuda-12.6.0`, `jammy-cuda-12.1.1`, `2-alpine3.22`, `2.0.5-debian12-slim`. */
export function decodeMicromambaTag(tag: string): MicromambaImageTag {
  const micromamba = /^(\d+(?:\.\d+){0,2})(?:-|$)/.exec(tag)?.[1];
  const cuda = /cuda-(\d+\.\d+(?:\.\d+)?)/.exec(tag)?.[1];
  const os = /(alpine[\d.]*|debian\d+(?:-slim)?|bookworm(?:-slim)?|bullseye(?:-slim)?|trixie(?:-slim)?|focal|jammy|noble)/.exec(tag)?.[1];
  return { micromamba, os, cuda };
}

export interface MinicondaImageTag {
  readonly miniconda: string | undefined;
  readonly python: string | undefined;
}

/** `continuumio/miniconda3:24.5.0-0` → Miniconda 24.5.0 (installer py312_24.5.0-0). */
export function decodeMinicondaTag(tag: string): MinicondaImageTag {
  const miniconda = /^(\d+\.\d+\.\d+)(?:-\d+)?$/.exec(tag)?.[1];
  const python = miniconda === '24.5.0' ? '3.12' : undefined;
  return { miniconda, python };
}

/**
 * CPython releases still receiving fixes (python.org devguide "Status of Python versions": 3.10 until
 * 2026-10, 3.11 until 2027-10, 3.12 until 2028-10, 3.13 until 2029-10, 3.14 until 2030-10), oldest first.
 * Scaffolding offers only these; 3.9 reached end of life in October 2025.
 */
export const SUPPORTED_PYTHONS: readonly string[] = ['3.10', '3.11', '3.12', '3.13', '3.14'];

/** `mambaorg/micromamba` tag the conda template builds on (Debian 12 slim, non-root `mambauser`, UID/GID 57439). */
export const MICROMAMBA_TAG = '2.0.5';
export const MICROMAMBA_UID = 57439;
