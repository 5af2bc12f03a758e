import type { KnowledgeMeta } from './sources';
import { cudnnTokenFor, decodeCudaTag, formatCudaTag, type CudaFlavor, type CudaTag } from './cudaTags';
import { compareVersions, majorMinor, versionParts } from './versions';

/**
 * Which `nvidia/cuda` tags exist. Ubuntu tags are tracked per CUDA release and OS; UBI and Rocky Linux
 * tags only for the supported releases listed by NVIDIA (other RHEL-family tags are "unknown", never invalid).
 */
export const CUDA_IMAGES_META: KnowledgeMeta = {
  dataAsOf: '2026-08',
  sources: [
    'NVIDIA gitlab.com/nvidia/container-images/cuda doc/supported-tags.md (copy listing CUDA 13.2.1)',
    'NVIDIA doc/unsupported-tags.md and doc/support-policy.md (copies)',
    'replicate/cog pkg/config/cuda_compatibility.json (Docker Hub tag API, 2026-05)',
    'NVIDIA/nvidia-docker#1454 (latest tag removed, 2021), #1768 and #1735 (CUDA 10.x and 11.x point-release tags removed, 2023)',
  ],
};

export type ReleaseStatus = 'supported' | 'unsupported';

export interface CudaImageRelease {
  readonly version: string;
  /** `supported`: in NVIDIA's supported-tags list (rebuilt for CVEs); `unsupported`: still published, no longer updated, deleted without notice. */
  readonly status: ReleaseStatus;
  /** Ubuntu releases with base/runtime/devel tags. */
  readonly ubuntu: readonly string[];
  /** The cuDNN token (cudnn8/cudnn9/cudnn) when cuDNN tags exist, with the Ubuntu releases that have them. */
  readonly cudnn: { readonly token: string; readonly ubuntu: readonly string[] } | undefined;
  /** RHEL-family OS tokens known for this release (supported releases only). */
  readonly rhel: readonly string[];
}

const U20 = '20.04', U22 = '22.04', U24 = '24.04', U18 = '18.04', U16 = '16.04';

function rel(version: string, status: ReleaseStatus, ubuntu: string[], cudnnOn: string[] | 'all' | 'none', rhel: string[] = []): CudaImageRelease {
  const cudnnUbuntu = cudnnOn === 'all' ? ubuntu : cudnnOn === 'none' ? [] : cudnnOn;
  return {
    version, status, ubuntu: ubuntu.map((u) => `ubuntu${u}`),
    cudnn: cudnnUbuntu.length > 0 || (cudnnOn !== 'none' && rhel.length > 0) ? { token: cudnnTokenFor(version), ubuntu: cudnnUbuntu.map((u) => `ubuntu${u}`) } : undefined,
    rhel,
  };
}

const RHEL = ['ubi8', 'ubi9', 'rockylinux8'];

/** Newest first. */
export const CUDA_IMAGE_RELEASES: readonly CudaImageRelease[] = [
  rel('13.2.1', 'supported', [U22, U24], 'all', RHEL),
  rel('13.2.0', 'unsupported', [U22, U24], 'all'),
  rel('13.1.2', 'supported', [U22, U24], 'all', RHEL),
  rel('13.1.1', 'unsupported', [U22, U24], 'all'),
  rel('13.0.3', 'supported', [U22, U24], 'all', RHEL),
  rel('13.0.2', 'unsupported', [U22, U24], 'all'),
  rel('13.0.1', 'unsupported', [U22, U24], 'all'),
  rel('13.0.0', 'unsupported', [U22, U24], 'all'),
  rel('12.9.1', 'supported', [U20, U22, U24], 'all', RHEL),
  rel('12.9.0', 'unsupported', [U20, U22, U24], 'all'),
  rel('12.8.2', 'supported', [U20, U22, U24], 'none', RHEL),
  rel('12.8.1', 'unsupported', [U20, U22, U24], 'all'),
  rel('12.8.0', 'unsupported', [U20, U22, U24], 'all'),
  rel('12.6.3', 'supported', [U20, U22, U24], 'all', RHEL),
  rel('12.6.2', 'unsupported', [U20, U22, U24], 'all'),
  rel('12.6.1', 'unsupported', [U20, U22, U24], 'all'),
  rel('12.6.0', 'unsupported', [U20, U22, U24], 'all'),
  rel('12.5.1', 'supported', [U20, U22, U24], [U20, U22], RHEL),
  rel('12.5.0', 'unsupported', [U20, U22], 'none'),
  rel('12.4.1', 'supported', [U20, U22], 'all', RHEL),
  rel('12.4.0', 'unsupported', [U20, U22], 'none'),
  rel('12.3.2', 'supported', [U20, U22], 'all', RHEL),
  rel('12.3.1', 'unsupported', [U20, U22], 'none'),
  rel('12.3.0', 'unsupported', [U20, U22], 'none'),
  rel('12.2.2', 'supported', [U20, U22], 'all', RHEL),
  rel('12.2.0', 'unsupported', [U20, U22], 'none'),
  rel('12.1.1', 'supported', [U20, U22], 'all', RHEL),
  rel('12.1.0', 'unsupported', [U18, U20, U22], [U20, U22]),
  rel('12.0.1', 'supported', [U18, U20, U22], 'all', ['ubi9', 'rockylinux8']),
  rel('12.0.0', 'unsupported', [U18, U20, U22], 'all'),
  rel('11.8.0', 'supported', [U18, U20, U22], 'all', ['rockylinux8']),
  rel('11.7.1', 'supported', [U18, U20, U22], 'all', ['rockylinux8']),
  rel('11.6.2', 'supported', [U18, U20], 'all', ['rockylinux8']),
  rel('11.6.1', 'unsupported', [U20], 'all'),
  rel('11.5.2', 'supported', [U18, U20], 'all', ['rockylinux8']),
  rel('11.4.3', 'supported', [U18, U20], 'all', ['rockylinux8']),
  rel('11.3.1', 'unsupported', [U16, U18, U20], 'all'),
  rel('11.2.2', 'supported', [U16, U18, U20], 'all', ['rockylinux8']),
  rel('11.1.1', 'supported', [U16, U18, U20], 'all', ['rockylinux8']),
  rel('11.0.3', 'supported', [U16, U18, U20], 'all', ['rockylinux8']),
];

/** Point releases whose tags NVIDIA deleted (all flavors), e.g. `11.2.1-base-ubuntu20.04` → "manifest unknown". */
const REMOVED_RELEASES = new Set([
  '11.0.0', '11.0.1', '11.0.2', '11.1.0', '11.2.0', '11.2.1', '11.3.0', '11.4.0', '11.4.1', '11.4.2', '11.5.0', '11.5.1',
  '11.6.0', '11.7.0',
]);

/** Releases whose tags MLDock cannot place (toolkit released, images not recorded in the sources). */
const UNCERTAIN_RELEASES = new Set(['13.1.0']);

const BY_VERSION = new Map(CUDA_IMAGE_RELEASES.map((r) => [r.version, r]));
const NEWEST = CUDA_IMAGE_RELEASES[0]!.version;
const NEWEST_UBUNTU = 'ubuntu24.04';

export type CudaTagCheck =
  | { readonly kind: 'exists'; readonly tag: CudaTag; readonly release: CudaImageRelease }
  | { readonly kind: 'removed'; readonly tag: CudaTag | undefined; readonly reason: string }
  | { readonly kind: 'invalid'; readonly tag: CudaTag | undefined; readonly reason: string }
  | { readonly kind: 'unknown'; readonly tag: CudaTag | undefined; readonly reason: string };

/** Whether an `nvidia/cuda` tag exists, and why not. Unknown newer releases are never "invalid". */
export function checkCudaTag(raw: string): CudaTagCheck {
  if (raw === 'latest') return { kind: 'removed', tag: undefined, reason: 'NVIDIA removed the `latest` tag in January 2021; every tag names a CUDA version' };
  const decoded = decodeCudaTag(raw);
  if ('error' in decoded) return { kind: 'invalid', tag: undefined, reason: decoded.error };
  const tag = decoded.tag;
  const parts = versionParts(tag.version);
  if (parts.length === 2 || !tag.os) {
    return { kind: 'removed', tag, reason: `short tags without a patch version or OS (such as \`${parts[0]}.${parts[1]}-base\`) were removed; tags now read like \`12.4.1-runtime-ubuntu22.04\`` };
  }
  if ((parts[0] ?? 0) <= 10) return { kind: 'removed', tag, reason: `NVIDIA deleted every CUDA ${parts[0]}.x tag from Docker Hub in 2023` };
  if (REMOVED_RELEASES.has(tag.version)) {
    const latest = latestPatch(tag.version);
    return { kind: 'removed', tag, reason: `NVIDIA deleted the CUDA ${tag.version} tags after ${latest ? `${latest.version} replaced it` : 'a newer update was released'}` };
  }
  if (UNCERTAIN_RELEASES.has(tag.version)) return { kind: 'unknown', tag, reason: `MLDock has no record of CUDA ${tag.version} image tags` };
  const release = BY_VERSION.get(tag.version);
  if (!release) {
    if (isNewerThanData(tag.version)) return { kind: 'unknown', tag, reason: `CUDA ${tag.version} is newer than MLDock's tag list (data as of ${CUDA_IMAGES_META.dataAsOf})` };
    const mm = majorMinor(tag.version)!;
    const sameMinor = CUDA_IMAGE_RELEASES.filter((r) => majorMinor(r.version) === mm).map((r) => r.version);
    return {
      kind: 'invalid', tag,
      reason: sameMinor.length > 0
        ? `there is no CUDA ${tag.version} image (CUDA ${mm} images: ${sameMinor.reverse().join(', ')})`
        : `there is no CUDA ${mm} release`,
    };
  }
  const problem = tagProblem(tag, release);
  if (problem === 'unknown-os') return { kind: 'unknown', tag, reason: `MLDock does not track which CUDA ${tag.version} images exist for ${tag.os}` };
  if (problem) return { kind: 'invalid', tag, reason: problem };
  return { kind: 'exists', tag, release };
}

function tagProblem(tag: CudaTag, release: CudaImageRelease): string | 'unknown-os' | undefined {
  if (!tag.canonical) return `the parts are out of order: NVIDIA writes \`${formatCudaTag(tag)}\``;
  if (tag.rc) return 'release-candidate (`-rc`) tags were removed';
  if (tag.cudnnToken) {
    if (tag.flavor === 'base') return 'there is no cuDNN `base` image: cuDNN comes with `runtime` and `devel`';
    const token = cudnnTokenFor(tag.version);
    if (tag.cudnnToken !== token) return `at CUDA ${tag.version} the cuDNN token is \`${token}\`, not \`${tag.cudnnToken}\` (cudnn8 up to 12.2, cudnn9 at 12.3, plain cudnn from 12.4)`;
  }
  if (tag.os.startsWith('ubuntu')) {
    if (!release.ubuntu.includes(tag.os)) {
      if (tag.os > NEWEST_UBUNTU) return 'unknown-os';
      return `CUDA ${tag.version} images exist for ${release.ubuntu.map((u) => u.replace('ubuntu', 'Ubuntu ')).join(', ')}, not ${tag.os.replace('ubuntu', 'Ubuntu ')}`;
    }
    if (tag.cudnnToken && !release.cudnn?.ubuntu.includes(tag.os)) {
      return release.cudnn?.ubuntu.length
        ? `CUDA ${tag.version} has cuDNN images only for ${release.cudnn.ubuntu.map((u) => u.replace('ubuntu', 'Ubuntu ')).join(', ')}`
        : `CUDA ${tag.version} has no cuDNN images (only base, runtime and devel)`;
    }
    return undefined;
  }
  if (/^(ubi|rockylinux|centos|oraclelinux)\d/.test(tag.os)) {
    if (release.rhel.includes(tag.os) && (!tag.cudnnToken || release.cudnn)) return undefined;
    return 'unknown-os';
  }
  return `NVIDIA publishes no ${tag.os} images (Ubuntu, UBI and Rocky Linux only)`;
}

function isNewerThanData(version: string): boolean {
  if (compareVersions(version, NEWEST) > 0) return true;
  const mm = majorMinor(version)!;
  const newestOfMinor = CUDA_IMAGE_RELEASES.find((r) => majorMinor(r.version) === mm);
  // A patch after the last one known of a minor may have been published since.
  return newestOfMinor !== undefined && compareVersions(version, newestOfMinor.version) > 0;
}

/** The newest release of the same CUDA minor. */
export function latestPatch(version: string): CudaImageRelease | undefined {
  const mm = majorMinor(version);
  return CUDA_IMAGE_RELEASES.find((r) => majorMinor(r.version) === mm);
}

export function cudaImageRelease(version: string): CudaImageRelease | undefined {
  return BY_VERSION.get(version);
}

export interface ExistingCudaTag {
  readonly tag: string;
  readonly version: string;
  readonly flavor: CudaFlavor;
  readonly cudnn: boolean;
  readonly os: string;
  readonly supported: boolean;
}

/** Every tag MLDock knows to exist, newest CUDA first; built once. */
export const EXISTING_CUDA_TAGS: readonly ExistingCudaTag[] = (() => {
  const tags: ExistingCudaTag[] = [];
  for (const r of CUDA_IMAGE_RELEASES) {
    const oses = [...[...r.ubuntu].reverse(), ...r.rhel];
    for (const os of oses) {
      const hasCudnn = r.cudnn !== undefined && (os.startsWith('ubuntu') ? r.cudnn.ubuntu.includes(os) : true);
      for (const flavor of ['runtime', 'devel', 'base'] as const) {
        if (hasCudnn && flavor !== 'base') tags.push({ tag: formatCudaTag({ version: r.version, cudnnToken: r.cudnn!.token, flavor, os }), version: r.version, flavor, cudnn: true, os, supported: r.status === 'supported' });
        tags.push({ tag: formatCudaTag({ version: r.version, cudnnToken: undefined, flavor, os }), version: r.version, flavor, cudnn: false, os, supported: r.status === 'supported' });
      }
    }
  }
  return tags;
})();

const EXISTING_SET = new Set(EXISTING_CUDA_TAGS.map((t) => t.tag));

export function cudaTagExists(tag: string): boolean {
  return EXISTING_SET.has(tag);
}

/**
 * The existing tags closest to what was written: same CUDA release first, then the nearest patch of
 * the same minor, the same cuDNN choice, flavor and OS. Supported tags win over a closer unsupported one.
 */
export function nearestCudaTags(wanted: Partial<Pick<CudaTag, 'version' | 'cudnnToken' | 'flavor' | 'os'>>, limit = 3): ExistingCudaTag[] {
  const scored = EXISTING_CUDA_TAGS.map((t) => ({ t, score: distance(wanted, t) }));
  scored.sort((a, b) => a.score - b.score || compareVersions(b.t.version, a.t.version));
  return scored.slice(0, limit).map((s) => s.t);
}

function distance(w: Partial<Pick<CudaTag, 'version' | 'cudnnToken' | 'flavor' | 'os'>>, t: ExistingCudaTag): number {
  // Unsupported tags are deleted without notice: suggest them only when nothing supported is close.
  let d = t.supported ? 0 : 12;
  if (w.version) {
    const [wa = 0, wb = 0, wc = 0] = versionParts(w.version);
    const [ta = 0, tb = 0, tc = 0] = versionParts(t.version);
    if (wa !== ta) d += 100 + Math.abs(wa - ta) * 10;
    else if (wb !== tb) d += 10 + Math.abs(wb - tb) + (tb < wb ? 0.5 : 0);
    else if (wc !== tc) d += 1 + Math.abs(wc - tc) * 0.1 + (tc < wc ? 0.05 : 0);
  }
  if (w.cudnnToken !== undefined || w.flavor !== undefined) d += (w.cudnnToken !== undefined) === t.cudnn ? 0 : 15;
  if (w.flavor && w.flavor !== t.flavor) d += 8;
  if (w.os) {
    const wf = /^[a-z]+/.exec(w.os)?.[0];
    const tf = /^[a-z]+/.exec(t.os)?.[0];
    if (wf !== tf) d += 50;
    else if (w.os !== t.os) d += 2 + Math.abs(parseFloat(w.os.slice(wf!.length)) - parseFloat(t.os.slice(tf!.length)));
  } else if (!t.os.startsWith('ubuntu')) {
    d += 20;
  }
  return d;
}
