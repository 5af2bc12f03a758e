import * as fs from 'node:fs';
import * as path from 'node:path';
import { load, YAMLException } from 'js-yaml';
import { isRuleLevel, type GpuSettings, type RuleLevel, type SettingsLayer } from './settings';
import { parseDriverVersion } from '../knowledge/cudaDrivers';
import { parseArch } from '../knowledge/gpuArch';

export const CONFIG_FILE_NAMES = ['.mldock.yaml', '.mldock.yml'];

export interface ConfigProblem {
  readonly message: string;
  /** 0-based position in the config file, when known. */
  readonly line: number;
  readonly column: number;
}

export interface LoadedConfig {
  readonly path: string;
  readonly settings: SettingsLayer;
  /** Problems found; a malformed file yields its problems and empty settings, never an exception. */
  readonly problems: readonly ConfigProblem[];
}

/**
 * Parses `.mldock.yaml`:
 * ```yaml
 * rules: { ML201: off, ML401: error }
 * ignore: ["legacy/**"]
 * trustedRegistries: [registry.example.com]
 * gpu: { hostDriverVersion: "535.104.05", targetArchitectures: [sm_90] }
 * ```
 */
export function parseConfig(text: string, knownRules: ReadonlySet<string>): { settings: SettingsLayer; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  let doc: unknown;
  try {
    doc = load(text);
  } catch (error) {
    const mark = error instanceof YAMLException ? error.mark : undefined;
    const reason = error instanceof YAMLException ? error.reason : String(error);
    problems.push({ message: `Invalid YAML: ${reason}. MLDock uses its default settings until this is fixed.`, line: mark?.line ?? 0, column: mark?.column ?? 0 });
    return { settings: {}, problems };
  }
  if (doc === undefined || doc === null) return { settings: {}, problems };
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    problems.push({ message: 'Expected a mapping with the keys rules, ignore, trustedRegistries and gpu.', line: 0, column: 0 });
    return { settings: {}, problems };
  }
  const lineOf = (needle: string) => {
    const i = text.split(/\r?\n/).findIndex((l) => l.includes(needle));
    return i < 0 ? 0 : i;
  };
  const settings: { rules?: Record<string, RuleLevel>; ignore?: string[]; trustedRegistries?: string[]; gpu?: Partial<GpuSettings> } = {};
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    if (key === 'rules') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        problems.push({ message: '`rules` must map rule IDs to off, info, warning or error (e.g. `ML201: off`).', line: lineOf('rules'), column: 0 });
        continue;
      }
      const rules: Record<string, RuleLevel> = {};
      for (const [id, level] of Object.entries(value as Record<string, unknown>)) {
        const normalized = typeof level === 'boolean' ? (level ? undefined : 'off') : level;
        if (!knownRules.has(id.toUpperCase())) {
          problems.push({ message: `Unknown rule ID \`${id}\` (rule IDs look like ML201).`, line: lineOf(id), column: 0 });
        } else if (!isRuleLevel(normalized)) {
          problems.push({ message: `\`${id}\` must be off, info, warning or error, not \`${String(level)}\`.`, line: lineOf(id), column: 0 });
        } else {
          rules[id.toUpperCase()] = normalized;
        }
      }
      settings.rules = rules;
    } else if (key === 'ignore' || key === 'trustedRegistries') {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
        problems.push({ message: `\`${key}\` must be a list of strings.`, line: lineOf(key), column: 0 });
        continue;
      }
      settings[key] = value as string[];
    } else if (key === 'gpu') {
      settings.gpu = parseGpu(value, problems, lineOf);
    } else {
      problems.push({ message: `Unknown key \`${key}\` (expected rules, ignore, trustedRegistries, gpu).`, line: lineOf(key), column: 0 });
    }
  }
  return { settings, problems };
}

/** `gpu: { hostDriverVersion: "535.104.05", targetArchitectures: [sm_90, sm_120] }` */
function parseGpu(value: unknown, problems: ConfigProblem[], lineOf: (needle: string) => number): Partial<GpuSettings> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ message: '`gpu` must be a mapping with hostDriverVersion and/or targetArchitectures.', line: lineOf('gpu'), column: 0 });
    return {};
  }
  const gpu: { hostDriverVersion?: string; targetArchitectures?: string[] } = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'hostDriverVersion') {
      const driver = typeof v === 'string' || typeof v === 'number' ? parseDriverVersion(String(v)) : undefined;
      if (driver) gpu.hostDriverVersion = driver;
      else problems.push({ message: `\`gpu.hostDriverVersion\` must be an NVIDIA driver version such as "535.104.05", not \`${String(v)}\`.`, line: lineOf('hostDriverVersion'), column: 0 });
    } else if (key === 'targetArchitectures') {
      const list = Array.isArray(v) ? v.map(String) : undefined;
      const bad = list?.filter((a) => parseArch(a) === undefined) ?? [];
      if (!list || bad.length > 0) problems.push({ message: `\`gpu.targetArchitectures\` must list GPU architectures such as sm_90 or 8.6${bad.length ? ` (not ${bad.join(', ')})` : ''}.`, line: lineOf('targetArchitectures'), column: 0 });
      else gpu.targetArchitectures = list;
    } else {
      problems.push({ message: `Unknown key \`gpu.${key}\` (expected hostDriverVersion, targetArchitectures).`, line: lineOf(key), column: 0 });
    }
  }
  return gpu;
}

export function loadConfigFile(file: string, knownRules: ReadonlySet<string>): LoadedConfig {
  const text = fs.readFileSync(file, 'utf8');
  const { settings, problems } = parseConfig(text, knownRules);
  return { path: file, settings, problems };
}

/** The nearest `.mldock.yaml` in `startDir` or its parents (not above `stopDir` when given). */
export function findConfigFile(startDir: string, stopDir?: string): string | undefined {
  let dir = path.resolve(startDir);
  const stop = stopDir ? path.resolve(stopDir) : undefined;
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (fs.existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir || dir === stop) return undefined;
    dir = parent;
  }
}
