import type { KnowledgeMeta } from './sources';
import { compareVersions, majorMinor, versionParts } from './versions';

/**
 * Minimum NVIDIA driver per CUDA toolkit release ("CUDA Toolkit and Corresponding Driver Versions",
 * CUDA 13.1 release notes §2.2) and the minor-version-compatibility floor per CUDA major.
 */
export const CUDA_DRIVERS_META: KnowledgeMeta = {
  dataAsOf: '2026-10',
  sources: [
    'NVIDIA CUDA Toolkit 13.1 Release Notes §2.2 "CUDA Driver" (docs.nvidia.com/cuda/archive/13.1.0/cuda-toolkit-release-notes)',
    'NVIDIA "CUDA Minor Version Compatibility" (docs.nvidia.com/deploy/cuda-compatibility)',
  ],
};

/** Toolkit release → minimum Linux x86_64 driver and Windows driver (undefined: not shipped). */
const TOOLKIT_DRIVERS: readonly (readonly [string, string, string | undefined])[] = [
  ['13.1.0', '590.44.01', undefined],
  ['13.0.2', '580.95.05', undefined], ['13.0.1', '580.82.07', undefined], ['13.0.0', '580.65.06', undefined],
  ['12.9.1', '575.57.08', '576.57'], ['12.9.0', '575.51.03', '576.02'],
  ['12.8.1', '570.124.06', '572.61'], ['12.8.0', '570.26', '570.65'],
  ['12.6.3', '560.35.05', '561.17'], ['12.6.2', '560.35.03', '560.94'], ['12.6.1', '560.35.03', '560.94'], ['12.6.0', '560.28.03', '560.76'],
  ['12.5.1', '555.42.06', '555.85'], ['12.5.0', '555.42.02', '555.85'],
  ['12.4.1', '550.54.15', '551.78'], ['12.4.0', '550.54.14', '551.61'],
  ['12.3.1', '545.23.08', '546.12'], ['12.3.0', '545.23.06', '545.84'],
  ['12.2.2', '535.104.05', '537.13'], ['12.2.1', '535.86.09', '536.67'], ['12.2.0', '535.54.03', '536.25'],
  ['12.1.1', '530.30.02', '531.14'], ['12.1.0', '530.30.02', '531.14'],
  ['12.0.1', '525.85.12', '528.33'], ['12.0.0', '525.60.13', '527.41'],
  ['11.8.0', '520.61.05', '520.06'],
  ['11.7.1', '515.48.07', '516.31'], ['11.7.0', '515.43.04', '516.01'],
  ['11.6.2', '510.47.03', '511.65'], ['11.6.1', '510.47.03', '511.65'], ['11.6.0', '510.39.01', '511.23'],
  ['11.5.2', '495.29.05', '496.13'], ['11.5.1', '495.29.05', '496.13'], ['11.5.0', '495.29.05', '496.04'],
  ['11.4.4', '470.82.01', '472.50'], ['11.4.3', '470.82.01', '472.50'], ['11.4.2', '470.57.02', '471.41'],
  ['11.4.1', '470.57.02', '471.41'], ['11.4.0', '470.42.01', '471.11'],
  ['11.3.1', '465.19.01', '465.89'], ['11.3.0', '465.19.01', '465.89'],
  ['11.2.2', '460.32.03', '461.33'], ['11.2.1', '460.32.03', '461.09'], ['11.2.0', '460.27.03', '460.82'],
  ['11.1.1', '455.32', '456.81'], ['11.1.0', '455.23', '456.38'],
  ['11.0.3', '450.51.06', '451.82'], ['11.0.2', '450.51.05', '451.48'],
  ['10.2.0', '440.33', '441.22'], ['10.1.0', '418.39', '418.96'], ['10.0.0', '410.48', '411.31'],
];

/** Minor-version compatibility: any toolkit of a major runs (with limits) on at least this driver. */
const MVC_FLOOR: Readonly<Record<number, string>> = { 11: '450.80.02', 12: '525.60.13', 13: '580.65.06' };

export interface DriverRequirement {
  /** The CUDA release the requirement was looked up for. */
  readonly cuda: string;
  /** Exact minimum Linux driver, when the release is in the table. */
  readonly linux: string | undefined;
  readonly windows: string | undefined;
  /** A lower bound when the exact value is unknown (a newer toolkit never needs an older driver). */
  readonly atLeast: string | undefined;
}

const BY_VERSION = new Map(TOOLKIT_DRIVERS.map(([v, linux, windows]) => [v, { linux, windows }]));
const NEWEST_KNOWN = TOOLKIT_DRIVERS[0]![0];

/**
 * The driver a CUDA toolkit release needs. `12.4` means the GA release (12.4.0); a patch that is
 * not in the table (an image-only rebuild such as 12.8.2) uses the newest known release of that minor.
 */
export function driverForCuda(cuda: string): DriverRequirement | undefined {
  const parts = versionParts(cuda);
  if (parts.length < 2) return undefined;
  const full = `${parts[0]}.${parts[1]}.${parts[2] ?? 0}`;
  const exact = BY_VERSION.get(full);
  if (exact) return { cuda: full, ...exact, atLeast: undefined };
  const mm = majorMinor(full)!;
  const sameMinor = TOOLKIT_DRIVERS.filter(([v]) => majorMinor(v) === mm);
  if (sameMinor.length > 0) {
    // The newest release not above the requested patch; the GA (oldest) when the minor's GA is numbered later (11.0.2).
    const [, linux, windows] = sameMinor.find(([v]) => compareVersions(v, full) <= 0) ?? sameMinor.at(-1)!;
    return { cuda: full, linux, windows, atLeast: undefined };
  }
  if (compareVersions(full, NEWEST_KNOWN) > 0) {
    return { cuda: full, linux: undefined, windows: undefined, atLeast: BY_VERSION.get(NEWEST_KNOWN)!.linux };
  }
  return undefined;
}

/** Minimum driver of the minor-version-compatibility range of a CUDA major (pip wheels rely on it). */
export function mvcFloor(cuda: string): string | undefined {
  return MVC_FLOOR[versionParts(cuda)[0] ?? -1];
}

/**
 * The driver pip CUDA wheels need: from CUDA 11 on, the minor-version-compatibility floor of their major
 * (the wheels bundle their own runtime); before CUDA 11, the toolkit's own minimum.
 */
export function wheelDriverFloor(cuda: string): string | undefined {
  return mvcFloor(cuda) ?? driverForCuda(cuda)?.linux;
}

/** Parses `535.104.05` (also `nvidia-smi` output with spaces); undefined when it is not a driver version. */
export function parseDriverVersion(text: string): string | undefined {
  const m = /^\s*(\d{3}(?:\.\d{1,3}){0,2})\s*$/.exec(text);
  return m ? m[1] : undefined;
}

export function driverAtLeast(driver: string, floor: string): boolean {
  return compareVersions(driver, floor) >= 0;
}

/** Every toolkit release in the table, newest first (for consistency tests). */
export function knownToolkitReleases(): readonly string[] {
  return TOOLKIT_DRIVERS.map(([v]) => v);
}
