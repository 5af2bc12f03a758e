import type { Severity } from '../rules/types';

export type RuleLevel = Severity | 'off';

/**
 * The settings shape shared by the editor (`mldock.*` settings) and the CLI (`.mldock.yaml`),
 * so a project lints the same in both places.
 */
export interface MldockSettings {
  /** Per-rule level overrides: `{ ML201: 'off', ML401: 'error' }`. */
  readonly rules: Readonly<Record<string, RuleLevel>>;
  /** Globs (relative to the config file) of Dockerfiles not to lint. */
  readonly ignore: readonly string[];
  /** Registries whose images are trusted (used by rules about image provenance). */
  readonly trustedRegistries: readonly string[];
  /** The GPUs and driver the images will run on (ML307, ML309). */
  readonly gpu: GpuSettings;
}

export interface GpuSettings {
  /** NVIDIA driver of the machines that run the images (`535.104.05`), as configured. */
  readonly hostDriverVersion: string | undefined;
  /** The driver `nvidia-smi` reported on this machine; used when none is configured. */
  readonly detectedHostDriverVersion: string | undefined;
  /** GPU architectures the images must run on (`sm_90`, `8.6`). */
  readonly targetArchitectures: readonly string[];
}

export const DEFAULT_GPU_SETTINGS: GpuSettings = { hostDriverVersion: undefined, detectedHostDriverVersion: undefined, targetArchitectures: [] };

export const DEFAULT_SETTINGS: MldockSettings = { rules: {}, ignore: [], trustedRegistries: [], gpu: DEFAULT_GPU_SETTINGS };

/** The host driver to check against and where it came from; undefined when neither is known. */
export function hostDriver(gpu: GpuSettings): { version: string; source: 'setting' | 'nvidia-smi' } | undefined {
  if (gpu.hostDriverVersion) return { version: gpu.hostDriverVersion, source: 'setting' };
  if (gpu.detectedHostDriverVersion) return { version: gpu.detectedHostDriverVersion, source: 'nvidia-smi' };
  return undefined;
}

export const RULE_LEVELS: readonly RuleLevel[] = ['off', 'info', 'warning', 'error'];

export function isRuleLevel(value: unknown): value is RuleLevel {
  return typeof value === 'string' && (RULE_LEVELS as readonly string[]).includes(value);
}

/** A settings layer as read from one place: every part optional, `gpu` fields too. */
export type SettingsLayer = Partial<Omit<MldockSettings, 'gpu'>> & { readonly gpu?: Partial<GpuSettings> };

/** Later layers win; rule levels merge per rule, GPU settings per field. */
export function mergeSettings(...layers: (SettingsLayer | undefined)[]): MldockSettings {
  let merged: MldockSettings = DEFAULT_SETTINGS;
  for (const layer of layers) {
    if (!layer) continue;
    merged = {
      rules: { ...merged.rules, ...(layer.rules ?? {}) },
      ignore: layer.ignore ?? merged.ignore,
      trustedRegistries: layer.trustedRegistries ?? merged.trustedRegistries,
      gpu: {
        hostDriverVersion: layer.gpu?.hostDriverVersion ?? merged.gpu.hostDriverVersion,
        detectedHostDriverVersion: layer.gpu?.detectedHostDriverVersion ?? merged.gpu.detectedHostDriverVersion,
        targetArchitectures: layer.gpu?.targetArchitectures ?? merged.gpu.targetArchitectures,
      },
    };
  }
  return merged;
}
