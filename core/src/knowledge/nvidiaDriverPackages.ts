import type { KnowledgeMeta } from './sources';

/**
 * Distribution packages that put the NVIDIA driver (kernel module or its version-locked user-space
 * libraries such as libcuda and libnvidia-ml) into a system, as opposed to the CUDA toolkit and the
 * container tooling, which belong in images (ML306).
 */
export const NVIDIA_DRIVER_PACKAGES_META: KnowledgeMeta = {
  dataAsOf: '2026-09',
  sources: [
    'NVIDIA CUDA Installation Guide for Linux, "Meta Packages" (cuda and cuda-X-Y install toolkit and driver; cuda-toolkit-X-Y does not; cuda-drivers installs the driver)',
    'NVIDIA Container Toolkit docs: the driver stays on the host; the toolkit mounts its user-space libraries into the container',
    'Ubuntu archive (nvidia-driver-NNN, nvidia-headless-NNN, nvidia-utils-NNN, libnvidia-{compute,gl,decode,encode,…}-NNN), Debian (nvidia-driver, libcuda1, nvidia-smi), NVIDIA RHEL repos (nvidia-driver, kmod-nvidia-*, nvidia-driver:<stream> modules)',
  ],
};

export interface DriverPackage {
  /** What the package brings, for the message. */
  readonly what: string;
  /** A package that installs what the user most likely wanted without the driver. */
  readonly instead: string | undefined;
}

/** Version-locked user-space libraries that are nonetheless not the driver (container runtime, EGL platform glue, NVML headers). */
const NOT_DRIVER = /^libnvidia-(container|egl-(wayland|gbm|xcb|xlib)|ml-dev|nscq)|^nvidia-driver-local-repo|^cuda-drivers-fabricmanager/;

const DRIVER_PATTERNS: readonly [RegExp, string][] = [
  [/^cuda-drivers(-\d+)?$/, 'the NVIDIA driver (through its meta-package)'],
  [/^nvidia-driver(-\d+(-server|-open)?|-cuda|-libs|-devel|-nvml)?$/, 'the NVIDIA driver'],
  [/^nvidia-(headless(-no-dkms)?|dkms|kernel-(common|source|open|dkms)|open|compute-utils|utils)(-\d+)?(-server|-open)?$/, 'the NVIDIA driver (kernel module or its utilities)'],
  [/^(kmod-nvidia|nvidia-kmod)\b/, 'the NVIDIA kernel module'],
  [/^libnvidia-/, 'the NVIDIA driver\'s libraries'],
  [/^(libcuda1|libnvidia-ml1|nvidia-smi)$/, 'the NVIDIA driver\'s user-space libraries (libcuda, NVML)'],
  [/^xserver-xorg-video-nvidia(-\d+)?$/, 'the NVIDIA X driver'],
];

/**
 * Whether installing `raw` (an apt/dnf package argument: `nvidia-driver-535`, `cuda-12-4=12.4.1-1`,
 * `nvidia-driver:latest-dkms`) installs the NVIDIA driver, and what to install instead.
 */
export function driverPackage(raw: string): DriverPackage | undefined {
  const name = raw.toLowerCase().replace(/[=:].*$/, '');
  if (NOT_DRIVER.test(name)) return undefined;
  // `cuda` and `cuda-12-4` are meta-packages for the toolkit *and* the driver.
  const meta = /^cuda(-(\d+)[-.](\d+))?$/.exec(name);
  if (meta) {
    return { what: 'the CUDA toolkit and the NVIDIA driver (the `cuda` meta-packages depend on `cuda-drivers`)', instead: meta[1] ? `cuda-toolkit-${meta[2]}-${meta[3]}` : 'cuda-toolkit' };
  }
  for (const [pattern, what] of DRIVER_PATTERNS) {
    if (pattern.test(name)) return { what, instead: undefined };
  }
  return undefined;
}

/** `NVIDIA-Linux-x86_64-550.54.15.run`: the driver's own installer. */
export const DRIVER_RUNFILE = /(^|\/)NVIDIA-Linux-[\w.-]+\.run$/;
