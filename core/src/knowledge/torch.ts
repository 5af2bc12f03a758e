import type { KnowledgeMeta } from './sources';
import { compareVersions, cudaOfVariant, majorMinor } from './versions';

/**
 * PyTorch releases: the CUDA variants published on download.pytorch.org (Linux x86_64), the matching
 * torchvision/torchaudio, the Python versions with wheels, the CUDA that plain `pip install torch`
 * brings from PyPI, and the GPU architectures each variant is compiled for.
 */
export const TORCH_META: KnowledgeMeta = {
  dataAsOf: '2026-09',
  sources: [
    'pytorch/pytorch RELEASE.md "Release Compatibility Matrix" and "PyTorch CUDA Support Matrix" (copies)',
    'replicate/cog pkg/config/torch_compatibility.json (scraped from pytorch.org previous-versions and the wheel index, 2026-05)',
    'pytorch/vision README compatibility table (copy)',
    'pip install logs (PyPI default CUDA per release); a third-party compatibility data file for 2.12–2.13 (secondary)',
  ],
};

export interface TorchRelease {
  readonly version: string;
  /** CUDA variants with Linux x86_64 wheels (`cpu` always exists). */
  readonly variants: readonly string[];
  /** Variants reported by a secondary source only: never flagged, never suggested. */
  readonly uncertainVariants: readonly string[];
  readonly torchvision: string;
  /** null: no torchaudio release for this torch (maintenance mode after 2.11). */
  readonly torchaudio: string | null;
  /** Python `major.minor` range with wheels (experimental versions included). */
  readonly python: readonly [string, string];
  /** CUDA of the wheel `pip install torch` takes from PyPI on Linux x86_64. */
  readonly pypiCuda: string;
  /** cuDNN major bundled with the CUDA wheels. */
  readonly cudnn: number;
  /** Parts of this row that rest on a secondary source or a pattern (shown in hovers). */
  readonly note: string | undefined;
}

interface MinorRow {
  readonly python: readonly [string, string];
  readonly variants: readonly string[];
  readonly uncertain?: readonly string[];
  readonly pypiCuda: string;
  readonly cudnn: number;
  /** [torch, torchvision, torchaudio (null: none), extra variants of this patch] */
  readonly patches: readonly (readonly [string, string, string | null, (readonly string[])?])[];
  readonly note?: string;
}

const MINORS: readonly MinorRow[] = [
  { python: ['3.7', '3.10'], variants: ['cu102', 'cu113', 'cu116'], pypiCuda: '10.2', cudnn: 8, patches: [['1.12.0', '0.13.0', '0.12.0'], ['1.12.1', '0.13.1', '0.12.1']] },
  { python: ['3.7', '3.10'], variants: ['cu116', 'cu117'], pypiCuda: '11.7', cudnn: 8, patches: [['1.13.0', '0.14.0', '0.13.0'], ['1.13.1', '0.14.1', '0.13.1']] },
  { python: ['3.8', '3.11'], variants: ['cu117', 'cu118'], pypiCuda: '11.7', cudnn: 8, patches: [['2.0.0', '0.15.1', '2.0.1'], ['2.0.1', '0.15.2', '2.0.2']] },
  { python: ['3.8', '3.11'], variants: ['cu118', 'cu121'], pypiCuda: '12.1', cudnn: 8, patches: [['2.1.0', '0.16.0', '2.1.0'], ['2.1.1', '0.16.1', '2.1.1'], ['2.1.2', '0.16.2', '2.1.2']] },
  { python: ['3.8', '3.12'], variants: ['cu118', 'cu121'], pypiCuda: '12.1', cudnn: 8, patches: [['2.2.0', '0.17.0', '2.2.0'], ['2.2.1', '0.17.1', '2.2.1'], ['2.2.2', '0.17.2', '2.2.2']] },
  { python: ['3.8', '3.12'], variants: ['cu118', 'cu121'], pypiCuda: '12.1', cudnn: 8, patches: [['2.3.0', '0.18.0', '2.3.0'], ['2.3.1', '0.18.1', '2.3.1']] },
  { python: ['3.8', '3.12'], variants: ['cu118', 'cu121', 'cu124'], pypiCuda: '12.1', cudnn: 9, patches: [['2.4.0', '0.19.0', '2.4.0'], ['2.4.1', '0.19.1', '2.4.1']] },
  { python: ['3.9', '3.13'], variants: ['cu118', 'cu121', 'cu124'], pypiCuda: '12.4', cudnn: 9, patches: [['2.5.0', '0.20.0', '2.5.0'], ['2.5.1', '0.20.1', '2.5.1']] },
  { python: ['3.9', '3.13'], variants: ['cu118', 'cu124', 'cu126'], pypiCuda: '12.4', cudnn: 9, patches: [['2.6.0', '0.21.0', '2.6.0']] },
  { python: ['3.9', '3.13'], variants: ['cu118', 'cu126', 'cu128'], pypiCuda: '12.6', cudnn: 9, patches: [['2.7.0', '0.22.0', '2.7.0'], ['2.7.1', '0.22.1', '2.7.1']] },
  { python: ['3.9', '3.13'], variants: ['cu126', 'cu128', 'cu129'], pypiCuda: '12.8', cudnn: 9, patches: [['2.8.0', '0.23.0', '2.8.0']] },
  { python: ['3.10', '3.14'], variants: ['cu126', 'cu128', 'cu130'], uncertain: ['cu129'], pypiCuda: '12.8', cudnn: 9, patches: [['2.9.0', '0.24.0', '2.9.0'], ['2.9.1', '0.24.1', '2.9.1']] },
  { python: ['3.10', '3.14'], variants: ['cu126', 'cu128', 'cu130'], uncertain: ['cu129'], pypiCuda: '12.8', cudnn: 9, patches: [['2.10.0', '0.25.0', '2.10.0']] },
  { python: ['3.10', '3.14'], variants: ['cu126', 'cu128', 'cu129', 'cu130'], pypiCuda: '13.0', cudnn: 9, patches: [['2.11.0', '0.26.0', '2.11.0']] },
  { python: ['3.10', '3.14'], variants: ['cu126', 'cu130', 'cu132'], pypiCuda: '13.0', cudnn: 9, patches: [['2.12.0', '0.27.0', null], ['2.12.1', '0.27.1', null, ['cu129']]], note: 'wheel variants from a secondary source' },
  { python: ['3.10', '3.15'], variants: ['cu126', 'cu129', 'cu130', 'cu132'], pypiCuda: '13.0', cudnn: 9, patches: [['2.13.0', '0.28.0', null]], note: 'wheel variants from a secondary source; Python 3.15 wheels are Linux-only' },
  { python: ['3.10', '3.15'], variants: ['cu126', 'cu130', 'cu132'], pypiCuda: '13.0', cudnn: 9, patches: [['2.14.0', '0.29.0', null]], note: 'variants from RELEASE.md (stable CUDA 12.6, 13.0, 13.2); torchvision 0.29.0 follows the 0.(N+15) pattern' },
];

/** Every release, oldest first; built once. */
export const TORCH_RELEASES: readonly TorchRelease[] = MINORS.flatMap((m) =>
  m.patches.map(([version, torchvision, torchaudio, extra]) => ({
    version, torchvision, torchaudio,
    variants: [...m.variants, ...(extra ?? [])].sort(),
    uncertainVariants: m.uncertain ?? [],
    python: m.python, pypiCuda: m.pypiCuda, cudnn: m.cudnn, note: m.note,
  })),
);

const BY_VERSION = new Map(TORCH_RELEASES.map((r) => [r.version, r]));
const BY_TORCHVISION = new Map(TORCH_RELEASES.map((r) => [r.torchvision, r]));
const BY_TORCHAUDIO = new Map(TORCH_RELEASES.filter((r) => r.torchaudio).map((r) => [r.torchaudio!, r]));
const OLDEST = TORCH_RELEASES[0]!.version;
const NEWEST = TORCH_RELEASES.at(-1)!.version;

/** `2.4` and `2.4.0` both name 2.4.0 (pip treats `==2.4` as `==2.4.0`). */
function normalize(version: string): string {
  return /^\d+\.\d+$/.test(version) ? `${version}.0` : version;
}

export function torchRelease(version: string): TorchRelease | undefined {
  return BY_VERSION.get(normalize(version));
}

export type TorchVersionStatus = 'known' | 'newer' | 'older' | 'unknown-patch';

/** Whether MLDock knows this torch version; `newer` versions are "unknown to MLDock", never invalid. */
export function torchVersionStatus(version: string): TorchVersionStatus {
  const v = normalize(version);
  if (BY_VERSION.has(v)) return 'known';
  if (compareVersions(v, NEWEST) > 0) return 'newer';
  if (compareVersions(v, OLDEST) < 0) return 'older';
  return 'unknown-patch';
}

/** The torch release a torchvision version belongs to. */
export function torchForTorchvision(version: string): TorchRelease | undefined {
  return BY_TORCHVISION.get(normalize(version));
}

export function torchForTorchaudio(version: string): TorchRelease | undefined {
  return BY_TORCHAUDIO.get(normalize(version));
}

/** Whether `+variant` wheels exist: true, false, or undefined when MLDock cannot tell. */
export function hasVariant(release: TorchRelease, variant: string): boolean | undefined {
  if (variant === 'cpu' || release.variants.includes(variant)) return true;
  if (release.uncertainVariants.includes(variant)) return undefined;
  if (!/^cu\d+$/.test(variant)) return undefined; // rocm, xpu …: not tracked
  return false;
}

/** The published CUDA variant closest to `cuda` (same major, nearest minor not above it when possible). */
export function nearestVariant(release: TorchRelease, cuda: string): string | undefined {
  const ranked = [...release.variants].sort((a, b) => variantDistance(a, cuda) - variantDistance(b, cuda));
  return ranked[0];
}

function variantDistance(variant: string, cuda: string): number {
  const v = cudaOfVariant(variant)!;
  const [vm = 0, vn = 0] = v.split('.').map(Number);
  const [cm = 0, cn = 0] = cuda.split('.').map(Number);
  if (vm !== cm) return 100 + Math.abs(vm - cm) * 10 + (vm > cm ? 5 : 0);
  return Math.abs(vn - cn) + (vn > cn ? 0.5 : 0);
}

/** Latest patch of each minor, newest first (for completions). */
export function latestTorchPerMinor(): TorchRelease[] {
  const seen = new Set<string>();
  const out: TorchRelease[] = [];
  for (const r of [...TORCH_RELEASES].reverse()) {
    const mm = majorMinor(r.version)!;
    if (seen.has(mm)) continue;
    seen.add(mm);
    out.push(r);
  }
  return out;
}

/**
 * Compute capabilities each variant's kernels are compiled for (sm_XY as `X.Y`), per RELEASE.md's
 * CUDA support matrix and the wheels' arch lists. A GPU runs a wheel when the list has the same major
 * with a minor not above the GPU's (binary compatibility), or PTX it can JIT.
 */
export interface ArchSupport {
  readonly archs: readonly string[];
  /** Architecture shipped as PTX too (newer GPUs can JIT it), if any. */
  readonly ptx: string | undefined;
}

export function torchArchs(release: TorchRelease, variant: string): ArchSupport | undefined {
  const minor = compareVersions(release.version, '2.11.0') >= 0 ? 'new' : compareVersions(release.version, '2.8.0') >= 0 ? 'mid' : 'old';
  switch (variant) {
    case 'cu102': return { archs: ['3.7', '5.0', '6.0', '7.0'], ptx: undefined };
    case 'cu113': case 'cu116': case 'cu117': return { archs: ['3.7', '5.0', '6.0', '7.0', '7.5', '8.0', '8.6'], ptx: undefined };
    case 'cu118': return { archs: ['3.7', '5.0', '6.0', '7.0', '7.5', '8.0', '8.6', '9.0'], ptx: undefined };
    case 'cu121': case 'cu124': case 'cu126': return { archs: ['5.0', '6.0', '7.0', '7.5', '8.0', '8.6', '9.0'], ptx: undefined };
    case 'cu128': case 'cu129':
      return minor === 'mid'
        ? { archs: ['7.0', '7.5', '8.0', '8.6', '9.0', '10.0', '12.0'], ptx: undefined }
        : { archs: ['7.5', '8.0', '8.6', '9.0', '10.0', '12.0'], ptx: undefined };
    case 'cu130': case 'cu132': return { archs: ['7.5', '8.0', '8.6', '9.0', '10.0', '12.0'], ptx: '12.0' };
  }
  return undefined;
}

/** Approximate download of `pip install torch` (Linux x86_64), from pip logs; see docs/knowledge.md. */
export function torchDownloadSize(release: TorchRelease): { cpu: string; cuda: string } {
  const cpu = '≈ 0.19 GB (torch 2.10.0+cpu: 188.9 MB)';
  if (compareVersions(release.version, '2.11.0') >= 0) {
    return { cpu, cuda: '≥ 1.3 GB (torch 2.11.0 cu130: 531 MB wheel + cuDNN 366 MB + NCCL 197 MB + cuSPARSELt 170 MB + the cuda-toolkit libraries)' };
  }
  return { cpu, cuda: '≈ 2.5–4 GB (torch 2.8.0: 888 MB wheel + ≈ 2.9 GB of nvidia-* wheels)' };
}
