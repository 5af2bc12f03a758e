import { DISTRO_PYTHON3 } from '../knowledge/baseImages';
import { CUDA_IMAGE_RELEASES, type CudaImageRelease } from '../knowledge/cudaImages';
import { driverForCuda, knownToolkitReleases } from '../knowledge/cudaDrivers';
import { JAX_RELEASES, jaxRelease } from '../knowledge/jax';
import { SUPPORTED_PYTHONS } from '../knowledge/pythonImages';
import { TENSORFLOW_RELEASES, tensorflowRelease } from '../knowledge/tensorflow';
import { latestTorchPerMinor, torchRelease, TORCH_RELEASES } from '../knowledge/torch';
import { compareVersions, cudaOfVariant, majorMinor, pythonInRange, versionParts } from '../knowledge/versions';
import type { Framework, Template } from './types';

/**
 * What the wizard and `mldock init` may offer, derived from the knowledge tables: framework versions
 * with wheels, CUDA versions with published wheels for that version (and a supported nvidia/cuda
 * image), Python versions that are both supported upstream and have wheels.
 */

/** `tensorflow[and-cuda]` (CUDA from pip) and a `tensorflow-cpu` for every minor start at 2.14. */
const OLDEST_TENSORFLOW = '2.14';
/** Without a known host driver, prefer CUDA ≤ 12.6 (driver ≥ 560): cu126 wheels exist for every PyTorch from 2.6 on. */
const DEFAULT_CUDA_CEILING = '12.6';

export interface Choice {
  readonly value: string;
  /** One line shown next to the value (why it is offered, what it needs). */
  readonly detail: string;
}

/** Where a CUDA image gets its Python: the Ubuntu release whose `python3` is the wanted version. */
export interface CudaBase {
  readonly release: CudaImageRelease;
  /** `ubuntu22.04`. */
  readonly os: string;
}

/** The Python range with wheels for a framework release; undefined when MLDock does not know it. */
export function frameworkPythonRange(framework: Framework, version: string | undefined): readonly [string, string] | undefined {
  if (framework === 'none' || !version) return undefined;
  if (framework === 'torch') return torchRelease(version)?.python;
  if (framework === 'tensorflow') return tensorflowRelease(version)?.python;
  return jaxRelease(version)?.python;
}

function pythonsFor(framework: Framework, version: string | undefined): string[] {
  const range = frameworkPythonRange(framework, version);
  return SUPPORTED_PYTHONS.filter((p) => !range || pythonInRange(p, range));
}

/** The Ubuntu release (as in `ubuntu22.04`) whose `python3` is this version. */
function ubuntuFor(python: string): string | undefined {
  const entry = Object.entries(DISTRO_PYTHON3).find(([os, py]) => os.startsWith('ubuntu ') && py === python);
  return entry && `ubuntu${entry[0].slice('ubuntu '.length)}`;
}

/** Supported nvidia/cuda releases (the rebuilt, newest patch of each minor), newest first. */
function supportedReleases(): CudaImageRelease[] {
  return CUDA_IMAGE_RELEASES.filter((r) => r.status === 'supported');
}

/**
 * The nvidia/cuda release and Ubuntu a CUDA choice runs on with this Python. torch and TensorFlow
 * name a CUDA minor (the supported release of that minor); JAX names a major (the oldest supported
 * release of it that ships an Ubuntu with this Python, so the image asks the least of the driver).
 */
export function cudaBaseFor(framework: Framework, cuda: string, python: string): CudaBase | undefined {
  const os = ubuntuFor(python);
  if (!os) return undefined;
  const byMinor = (r: CudaImageRelease) => majorMinor(r.version) === majorMinor(cuda);
  const candidates = framework === 'jax'
    ? supportedReleases().filter((r) => String(versionParts(r.version)[0]) === cuda).reverse()
    : supportedReleases().filter(byMinor);
  const release = candidates.find((r) => r.ubuntu.includes(os));
  return release && { release, os };
}

/** The CUDA values a framework release publishes GPU wheels for (before looking at images and Python). */
function wheelCudas(framework: Framework, version: string | undefined): string[] {
  if (framework === 'torch') {
    const release = version ? torchRelease(version) : undefined;
    return release ? release.variants.map((v) => cudaOfVariant(v)).filter((c): c is string => c !== undefined) : [];
  }
  if (framework === 'tensorflow') {
    const release = version ? tensorflowRelease(version) : undefined;
    return release ? [release.cuda] : [];
  }
  if (framework === 'jax') {
    const release = version ? jaxRelease(version) : undefined;
    return release ? release.cudaExtras.map((e) => e.replace('cuda', '')) : [];
  }
  // No framework: any supported CUDA minor.
  return [...new Set(supportedReleases().map((r) => majorMinor(r.version)!))];
}

/** Python versions an image of this template can have for the framework release (and CUDA, on the cuda template). */
export function pythonChoices(template: Template, framework: Framework, version: string | undefined, cuda: string | undefined): Choice[] {
  const range = frameworkPythonRange(framework, version);
  const why = range ? `${frameworkName(framework)} ${version} has wheels for ${range[0]}–${range[1]}` : 'supported upstream';
  if (template !== 'cuda') return pythonsFor(framework, version).reverse().map((p) => ({ value: p, detail: why }));
  if (!cuda) return [];
  return pythonsFor(framework, version).reverse().flatMap((p) => {
    const base = cudaBaseFor(framework, cuda, p);
    return base ? [{ value: p, detail: `${base.os.replace('ubuntu', 'Ubuntu ')}'s python3 on nvidia/cuda:${base.release.version}; ${why}` }] : [];
  });
}

/**
 * CUDA choices, newest first. The cuda template offers only CUDA versions the framework release has
 * wheels for and that run on a supported nvidia/cuda image with a supported Python; the conda
 * template offers CUDA versions for conda-forge's CUDA builds (the newest CUDA the hosts' driver runs).
 */
export function cudaChoices(template: Template, framework: Framework, version: string | undefined): Choice[] {
  if (template === 'cpu') return [];
  if (template === 'conda') {
    const minors = [...new Set(knownToolkitReleases().map((v) => majorMinor(v)!))].filter((m) => compareVersions(m, '12.0') >= 0);
    return minors.map((m) => ({ value: m, detail: `conda-forge CUDA ${m} builds; host driver ≥ ${driverForCuda(m)?.linux ?? '?'}` }));
  }
  const cudas = wheelCudas(framework, version).sort((a, b) => compareVersions(b, a));
  return cudas.flatMap((cuda) => {
    const pythons = pythonChoices('cuda', framework, version, cuda);
    if (pythons.length === 0) return [];
    const base = cudaBaseFor(framework, cuda, pythons[0]!.value)!;
    const driver = driverForCuda(base.release.version)?.linux;
    return [{ value: cuda, detail: `${wheelLabel(framework, cuda)} on nvidia/cuda:${base.release.version}${driver ? `; host driver ≥ ${driver}` : ''}` }];
  });
}

function wheelLabel(framework: Framework, cuda: string): string {
  if (framework === 'torch') return `cu${cuda.replace('.', '')} wheels`;
  if (framework === 'tensorflow') return 'tensorflow[and-cuda] wheels';
  if (framework === 'jax') return `jax[cuda${cuda}] wheels`;
  return `CUDA ${cuda} libraries`;
}

/** Framework versions with a valid image on this template, newest first. */
export function frameworkVersionChoices(template: Template, framework: Framework): Choice[] {
  const usable = (version: string) => (template === 'cuda' ? cudaChoices('cuda', framework, version).length > 0 : pythonsFor(framework, version).length > 0);
  if (framework === 'torch') {
    return latestTorchPerMinor().filter((r) => usable(r.version)).map((r) => ({
      value: r.version,
      detail: `Python ${r.python[0]}–${r.python[1]}; ${template === 'cpu' ? 'CPU wheels' : `CUDA wheels ${r.variants.join(', ')}`}${r.note ? ` (${r.note})` : ''}`,
    }));
  }
  if (framework === 'tensorflow') {
    return TENSORFLOW_RELEASES.filter((r) => compareVersions(r.minor, OLDEST_TENSORFLOW) >= 0 && usable(r.minor)).map((r) => ({
      value: r.minor,
      detail: `Python ${r.python[0]}–${r.python[1]}; built for CUDA ${r.cuda}, cuDNN ${r.cudnn}`,
    }));
  }
  if (framework === 'jax') {
    return [...JAX_RELEASES].reverse().filter((r) => usable(r.version)).map((r) => ({
      value: r.version,
      detail: `Python ${r.python[0]}–${r.python[1]}; GPU extras ${r.cudaExtras.map((e) => `jax[${e}]`).join(', ')}`,
    }));
  }
  return [];
}

/** Whether MLDock knows this framework version (any torch patch, a TensorFlow minor from 2.14, a recorded JAX release). */
export function knownFrameworkVersion(framework: Framework, version: string): boolean {
  if (framework === 'torch') return torchRelease(version) !== undefined;
  if (framework === 'tensorflow') {
    const release = tensorflowRelease(version);
    return release !== undefined && compareVersions(release.minor, OLDEST_TENSORFLOW) >= 0 && /^\d+\.\d+(\.\d+)?$/.test(version);
  }
  if (framework === 'jax') return jaxRelease(version) !== undefined;
  return false;
}

/** The version offered first: the newest torch whose wheel matrix comes from a primary source, else the newest. */
export function defaultFrameworkVersion(template: Template, framework: Framework): string | undefined {
  const choices = frameworkVersionChoices(template, framework);
  if (framework === 'torch') {
    const confirmed = choices.find((c) => torchRelease(c.value)?.note === undefined);
    return (confirmed ?? choices[0])?.value;
  }
  return choices[0]?.value;
}

/**
 * The CUDA offered first: with a known host driver, the newest choice that driver runs; otherwise the
 * newest choice up to CUDA 12.6, so the image starts on most hosts.
 */
export function defaultCuda(choices: readonly Choice[], hostDriver: string | undefined): string | undefined {
  if (choices.length === 0) return undefined;
  if (hostDriver) {
    const runs = choices.find((c) => {
      const need = driverForCuda(c.value)?.linux;
      return need !== undefined && compareVersions(hostDriver, need) >= 0;
    });
    if (runs) return runs.value;
  }
  const withinCeiling = choices.find((c) => compareVersions(c.value, DEFAULT_CUDA_CEILING) <= 0);
  return (withinCeiling ?? choices.at(-1)!).value;
}

/** Python offered first: 3.12 (wheels for every current framework) when possible, else the newest. */
export function defaultPython(choices: readonly Choice[], detected: string | undefined): string | undefined {
  if (detected && choices.some((c) => c.value === detected)) return detected;
  return (choices.find((c) => c.value === '3.12') ?? choices[0])?.value;
}

export function frameworkName(framework: Framework): string {
  return { torch: 'PyTorch', tensorflow: 'TensorFlow', jax: 'JAX', none: 'no framework' }[framework];
}

/** Every torch release, for messages that list valid versions. */
export function allTorchVersions(): string[] {
  return TORCH_RELEASES.map((r) => r.version);
}
