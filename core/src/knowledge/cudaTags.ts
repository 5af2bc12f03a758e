import { compareVersions, versionParts } from './versions';

/**
 * The grammar of `nvidia/cuda` tags: `VERSION-[CUDNN-]FLAVOR-OS`, e.g. `12.4.1-cudnn-runtime-ubuntu22.04`,
 * `11.8.0-cudnn8-devel-ubuntu22.04`, `12.6.3-base-ubi9`. Old tags (`11.0-base`, `10.2-cudnn7-devel-ubuntu18.04`,
 * `latest`) still decode so MLDock can explain why they fail.
 */
export type CudaFlavor = 'base' | 'runtime' | 'devel';

export interface CudaTag {
  readonly version: string;
  /** `cudnn`, `cudnn8`, `cudnn9` (as written), or undefined. */
  readonly cudnnToken: string | undefined;
  readonly flavor: CudaFlavor;
  /** `ubuntu22.04`, `ubi9`, `rockylinux8` …; '' for the old OS-less tags. */
  readonly os: string;
  /** Tokens in the canonical order (cuDNN before the flavor, OS last). */
  readonly canonical: boolean;
  /** `-rc` tags of pre-releases. */
  readonly rc: boolean;
}

export type TagDecode = { readonly tag: CudaTag } | { readonly error: string };

const FLAVORS: readonly CudaFlavor[] = ['base', 'runtime', 'devel'];
const OS = /^(ubuntu\d\d\.\d\d|ubi\d+|rockylinux\d+|centos\d+|oraclelinux\d+|debian\d+|alpine[\d.]*)$/;

/** Decodes a tag, tolerating tokens in the wrong order; `error` says what is not a CUDA tag part. */
export function decodeCudaTag(raw: string): TagDecode {
  const tokens = raw.split('-');
  const version = tokens.shift() ?? '';
  if (!/^\d+\.\d+(\.\d+)?$/.test(version)) {
    return { error: raw === 'latest' ? 'nvidia/cuda has no `latest` tag' : `\`${raw}\` does not start with a CUDA version such as 12.4.1` };
  }
  let rc = false;
  if (tokens.at(-1) === 'rc') {
    rc = true;
    tokens.pop();
  }
  let cudnnToken: string | undefined;
  let flavor: CudaFlavor | undefined;
  let os = '';
  const order: string[] = [];
  for (const token of tokens) {
    if (/^cudnn\d*$/.test(token) && !cudnnToken) {
      cudnnToken = token;
      order.push('cudnn');
    } else if ((FLAVORS as readonly string[]).includes(token) && !flavor) {
      flavor = token as CudaFlavor;
      order.push('flavor');
    } else if (OS.test(token) && !os) {
      os = token;
      order.push('os');
    } else {
      return { error: unknownTokenMessage(token) };
    }
  }
  if (!flavor) return { error: 'the tag names no flavor (base, runtime or devel)' };
  const expected = ['cudnn', 'flavor', 'os'].filter((t) => order.includes(t));
  return { tag: { version, cudnnToken, flavor, os, canonical: expected.join() === order.join(), rc } };
}

function unknownTokenMessage(token: string): string {
  if (/^(dev|develop|development)$/.test(token)) return `\`${token}\` is not a flavor: use \`devel\``;
  if (/^(rt|run|running)$/.test(token)) return `\`${token}\` is not a flavor: use \`runtime\``;
  if (/^cudnn/.test(token)) return `\`${token}\` is not a cuDNN token (\`cudnn8\`, \`cudnn9\` or \`cudnn\`)`;
  if (/^ubuntu/.test(token)) return `\`${token}\` is not an OS token: Ubuntu releases are written \`ubuntu22.04\``;
  return `\`${token}\` is not part of the nvidia/cuda tag grammar (VERSION-[cudnn-]{base|runtime|devel}-OS)`;
}

export function formatCudaTag(tag: Pick<CudaTag, 'version' | 'cudnnToken' | 'flavor' | 'os'>): string {
  return [tag.version, tag.cudnnToken, tag.flavor, tag.os || undefined].filter(Boolean).join('-');
}

/**
 * The cuDNN token NVIDIA uses at a CUDA version: `cudnn8` up to 12.2.x (cuDNN 8), `cudnn9` at 12.3.x
 * (cuDNN 9), plain `cudnn` from 12.4 on (cuDNN 9 inside; the version is no longer in the tag).
 */
export function cudnnTokenFor(version: string): string {
  const [major = 0, minor = 0] = versionParts(version);
  if (major < 12 || (major === 12 && minor <= 2)) return major < 11 ? 'cudnn7' : 'cudnn8';
  if (major === 12 && minor === 3) return 'cudnn9';
  return 'cudnn';
}

/** The cuDNN major inside an image with a cuDNN token at this CUDA version. */
export function cudnnMajorFor(version: string, token: string): number | undefined {
  const written = /^cudnn(\d+)$/.exec(token);
  if (written) return Number(written[1]);
  return compareVersions(version, '12.3') >= 0 ? 9 : undefined;
}

/** What each flavor contains (NVIDIA CUDA image README). */
export const FLAVOR_CONTENTS: Readonly<Record<CudaFlavor, string>> = {
  base: 'the CUDA runtime (cudart) only — enough for apps and wheels that bring their own CUDA libraries',
  runtime: 'base + the CUDA math libraries (cuBLAS, cuFFT, cuRAND, cuSOLVER, cuSPARSE) and NCCL — no compiler',
  devel: 'runtime + headers, the nvcc compiler and development tools, static libraries — for building CUDA code',
};

/** Rough sizes, from reported figures (see docs/knowledge.md); exact compressed sizes are not known to MLDock. */
export const FLAVOR_SIZE: Readonly<Record<CudaFlavor, string>> = {
  base: '≈ 0.1–0.2 GB',
  runtime: '≈ 1–3 GB',
  devel: '≈ 3–5 GB',
};

export const CUDNN_SIZE = '≈ +0.6–1 GB for cuDNN';

/** `ubuntu22.04` → `Ubuntu 22.04`, `ubi9` → `UBI 9` (Red Hat Universal Base Image), `rockylinux8` → `Rocky Linux 8`. */
export function describeOs(os: string): string {
  const m = /^([a-z]+)([\d.]+)$/.exec(os);
  if (!m) return os || 'no OS in the tag';
  if (m[1] === 'ubi') return `UBI ${m[2]} (Red Hat Universal Base Image)`;
  const names: Record<string, string> = { ubuntu: 'Ubuntu', rockylinux: 'Rocky Linux', centos: 'CentOS', oraclelinux: 'Oracle Linux', debian: 'Debian', alpine: 'Alpine' };
  return `${names[m[1]!] ?? m[1]} ${m[2]}`;
}
