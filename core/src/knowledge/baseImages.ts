import type { ImageRef } from '../parse/imageRef';
import { decodeCudaTag } from './cudaTags';
import { decodePytorchTag, decodeTensorflowTag } from './frameworkImages';
import { decodeMinicondaTag } from './pythonImages';

/**
 * What MLDock knows about common base images: libc, Python, default user, shell and download tools.
 * `undefined` means unknown — rules must not report on unknown facts (false positives cost more
 * trust than misses). Sources and dates: docs/knowledge.md. Data as of 2026-11.
 */
export interface BaseImageFacts {
  readonly family: ImageFamily;
  readonly libc: 'glibc' | 'musl' | 'none' | undefined;
  /** Distribution and release, e.g. `debian 12`, `ubuntu 22.04`, `alpine`. */
  readonly os: string | undefined;
  /** Python `major.minor` on PATH; null = the image has no Python; undefined = unknown. */
  readonly python: string | null | undefined;
  /** Python that `apt-get install python3` brings on this OS (Debian/Ubuntu bases), when known. */
  readonly aptPython3: string | undefined;
  /** Default user: `root`, a user name, or undefined when unknown. */
  readonly user: string | undefined;
  readonly shell: boolean | undefined;
  readonly curl: boolean | undefined;
  readonly wget: boolean | undefined;
  readonly packageManager: 'apt' | 'apk' | 'dnf' | 'microdnf' | 'none' | undefined;
  /** CUDA inside the image (nvidia/cuda, pytorch/pytorch, tensorflow `-gpu`), decoded from the tag. */
  readonly cuda?: CudaFacts;
}

export interface CudaFacts {
  /** CUDA version as the tag names it (`12.4.1`, or `12.4` for pytorch/pytorch). */
  readonly version: string;
  /** `devel` images have nvcc and headers; `runtime` the libraries; `base` only cudart. */
  readonly flavor: 'base' | 'runtime' | 'devel';
  /** cuDNN major in the image; null when it has none; undefined when unknown. */
  readonly cudnn: number | null | undefined;
  /** Where the CUDA libraries live: the system toolkit (/usr/local/cuda) or the framework's pip wheels. */
  readonly libs: 'system' | 'wheels';
}

export type ImageFamily =
  | 'python' | 'debian' | 'ubuntu' | 'alpine' | 'busybox' | 'distroless' | 'nvidia-cuda' | 'pytorch'
  | 'tensorflow' | 'miniconda' | 'micromamba' | 'jupyter' | 'ubi';

/** Python that each Debian/Ubuntu release ships as `python3`. */
export const DISTRO_PYTHON3: Readonly<Record<string, string>> = {
  'debian 10': '3.7', 'debian 11': '3.9', 'debian 12': '3.11', 'debian 13': '3.13',
  'ubuntu 18.04': '3.6', 'ubuntu 20.04': '3.8', 'ubuntu 22.04': '3.10', 'ubuntu 24.04': '3.12',
};

const DEBIAN_CODENAMES: Readonly<Record<string, string>> = { buster: '10', bullseye: '11', bookworm: '12', trixie: '13' };
const UBUNTU_CODENAMES: Readonly<Record<string, string>> = { bionic: '18.04', focal: '20.04', jammy: '22.04', noble: '24.04' };

/** `python:3.11-slim-bookworm` → Debian 12; python images without a codename follow the current stable (Debian 13). */
function debianFromTag(tag: string, fallback: string | undefined): string | undefined {
  for (const [name, version] of Object.entries(DEBIAN_CODENAMES)) if (tag.includes(name)) return `debian ${version}`;
  return fallback;
}

function ubuntuFromTag(tag: string): string | undefined {
  const numeric = /ubuntu(\d\d\.\d\d)/.exec(tag) ?? /^(\d\d\.\d\d)/.exec(tag);
  if (numeric) return `ubuntu ${numeric[1]}`;
  for (const [name, version] of Object.entries(UBUNTU_CODENAMES)) if (tag.includes(name)) return `ubuntu ${version}`;
  return undefined;
}

const UNKNOWN: Omit<BaseImageFacts, 'family'> = {
  libc: undefined, os: undefined, python: undefined, aptPython3: undefined, user: undefined,
  shell: undefined, curl: undefined, wget: undefined, packageManager: undefined,
};

function facts(family: ImageFamily, known: Partial<Omit<BaseImageFacts, 'family'>>): BaseImageFacts {
  const merged = { ...UNKNOWN, ...known, family };
  if (merged.aptPython3 === undefined && merged.os && merged.packageManager === 'apt') {
    return { ...merged, aptPython3: DISTRO_PYTHON3[merged.os] };
  }
  return merged;
}

/** Decoded facts by `name:tag`: ~20 rules ask on every keystroke, and a document names few images. */
const FACTS_CACHE = new Map<string, BaseImageFacts | undefined>();
const FACTS_CACHE_LIMIT = 512;

/** Facts for an image reference, or undefined for images MLDock does not know. */
export function baseImageFacts(image: ImageRef): BaseImageFacts | undefined {
  const key = `${image.name}:${image.tag ?? ''}`;
  if (FACTS_CACHE.has(key)) return FACTS_CACHE.get(key);
  const decoded = decodeBaseImageFacts(image);
  if (FACTS_CACHE.size >= FACTS_CACHE_LIMIT) FACTS_CACHE.clear();
  FACTS_CACHE.set(key, decoded);
  return decoded;
}

function decodeBaseImageFacts(image: ImageRef): BaseImageFacts | undefined {
  const name = image.name.replace(/^(docker\.io\/|index\.docker\.io\/)/, '');
  const tag = image.tag ?? 'latest';
  switch (name) {
    case 'python': {
      const version = /^(\d+\.\d+)/.exec(tag)?.[1];
      if (tag.includes('alpine')) return facts('python', { libc: 'musl', os: 'alpine', python: version, user: 'root', shell: true, curl: false, wget: true, packageManager: 'apk' });
      const slim = tag.includes('slim');
      const os = debianFromTag(tag, tag === 'latest' || version ? 'debian 13' : undefined);
      if (tag.includes('windowsservercore')) return facts('python', { libc: 'none', python: version, shell: false, packageManager: 'none' });
      return facts('python', { libc: 'glibc', os, python: version, user: 'root', shell: true, curl: !slim, wget: !slim, packageManager: 'apt' });
    }
    case 'debian': {
      const numeric = /^(\d+)/.exec(tag)?.[1];
      const os = numeric ? `debian ${numeric}` : debianFromTag(tag, tag === 'latest' || tag === 'stable-slim' || tag === 'stable' ? 'debian 13' : undefined);
      return facts('debian', { libc: 'glibc', os, python: null, user: 'root', shell: true, curl: false, wget: false, packageManager: 'apt' });
    }
    case 'ubuntu':
      return facts('ubuntu', { libc: 'glibc', os: ubuntuFromTag(tag) ?? (tag === 'latest' ? 'ubuntu 24.04' : undefined), python: null, user: 'root', shell: true, curl: false, wget: false, packageManager: 'apt' });
    case 'alpine':
      return facts('alpine', { libc: 'musl', os: 'alpine', python: null, user: 'root', shell: true, curl: false, wget: true, packageManager: 'apk' });
    case 'busybox':
      return facts('busybox', { libc: tag.includes('musl') ? 'musl' : tag.includes('glibc') ? 'glibc' : undefined, os: 'busybox', python: null, user: 'root', shell: true, curl: false, wget: true, packageManager: 'none' });
    case 'nvidia/cuda':
    case 'nvcr.io/nvidia/cuda': {
      const os = ubuntuFromTag(tag);
      const ubi = /ubi\d|rockylinux|centos/.test(tag);
      return facts('nvidia-cuda', { libc: 'glibc', os: os ?? (ubi ? /ubi\d+|rockylinux\d+|centos\d+/.exec(tag)?.[0] : undefined), python: null, user: 'root', shell: true, curl: false, wget: false, packageManager: ubi ? 'dnf' : os ? 'apt' : undefined, cuda: nvidiaCudaFacts(tag) });
    }
    case 'pytorch/pytorch': {
      const decoded = decodePytorchTag(tag);
      const cuda: CudaFacts | undefined = decoded && { version: decoded.cuda, flavor: decoded.flavor, cudnn: Number(decoded.cudnn), libs: decoded.flavor === 'devel' ? 'system' : 'wheels' };
      return facts('pytorch', { libc: 'glibc', os: 'ubuntu 22.04', python: decoded?.python, user: 'root', shell: true, curl: undefined, wget: undefined, packageManager: 'apt', aptPython3: undefined, ...(cuda && { cuda }) });
    }
    case 'tensorflow/tensorflow': {
      const decoded = decodeTensorflowTag(tag);
      const cuda: CudaFacts | undefined = decoded?.cuda ? { version: decoded.cuda, flavor: 'runtime', cudnn: Number.parseInt(decoded.cudnn ?? '', 10) || undefined, libs: 'system' } : undefined;
      return facts('tensorflow', { libc: 'glibc', python: decoded?.python, user: 'root', shell: true, curl: undefined, wget: undefined, packageManager: 'apt', ...(cuda && { cuda }) });
    }
    case 'continuumio/miniconda3':
    case 'continuumio/anaconda3':
      return facts('miniconda', { libc: 'glibc', os: 'debian 12', python: name === 'continuumio/miniconda3' ? decodeMinicondaTag(tag).python : undefined, user: 'root', shell: true, curl: false, wget: true, packageManager: 'apt', aptPython3: undefined });
    case 'conda/miniconda3':
      // Unmaintained since 2019 (conda-archive/conda-docker): Miniconda in /usr/local on an old debian:latest, Python 3.6.
      return facts('miniconda', { libc: 'glibc', python: '3.6', user: 'root', shell: true, packageManager: 'apt', aptPython3: undefined });
    case 'mambaorg/micromamba':
      if (tag.includes('alpine')) return facts('micromamba', { libc: 'musl', os: 'alpine', python: null, user: 'mambauser', shell: true, curl: false, packageManager: 'apk' });
      return facts('micromamba', { libc: 'glibc', os: ubuntuFromTag(tag) ?? debianFromTag(tag, undefined), python: null, user: 'mambauser', shell: true, curl: false, packageManager: 'apt', aptPython3: undefined });
    case 'ubi8/ubi':
    case 'ubi9/ubi':
    case 'registry.access.redhat.com/ubi8/ubi':
    case 'registry.access.redhat.com/ubi9/ubi':
      return facts('ubi', { libc: 'glibc', user: 'root', shell: true, packageManager: 'dnf' });
  }
  if (/^(gcr\.io\/distroless|cgr\.dev\/chainguard)\//.test(name)) {
    const nonroot = tag.includes('nonroot') || name.startsWith('cgr.dev/');
    const python = name.includes('python3') ? (name.includes('debian12') ? '3.11' : undefined) : null;
    return facts('distroless', { libc: name.includes('static') ? 'none' : 'glibc', python, user: nonroot ? 'nonroot' : 'root', shell: tag.includes('debug'), curl: false, wget: false, packageManager: 'none' });
  }
  if (/^(quay\.io\/)?jupyter\//.test(name)) {
    return facts('jupyter', { libc: 'glibc', os: 'ubuntu 24.04', python: undefined, user: 'jovyan', shell: true, wget: true, packageManager: 'apt', aptPython3: undefined });
  }
  return undefined;
}

function nvidiaCudaFacts(tag: string): CudaFacts | undefined {
  const decoded = decodeCudaTag(tag);
  if ('error' in decoded) return undefined;
  const { version, flavor, cudnnToken } = decoded.tag;
  const cudnn = cudnnToken === undefined ? null : /\d+$/.test(cudnnToken) ? Number(/\d+$/.exec(cudnnToken)![0]) : 9;
  return { version, flavor, cudnn, libs: 'system' };
}

/** True when the image is known to start as a non-root user. */
export function runsAsNonRoot(f: BaseImageFacts | undefined): boolean {
  return f?.user !== undefined && f.user !== 'root' && f.user !== '0';
}
