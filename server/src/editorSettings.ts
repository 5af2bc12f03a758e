import { isRuleLevel, parseArch, parseDriverVersion, type RuleLevel, type SettingsLayer } from '../../core/src';

/** The `mldock` section as an editor sends it: `{ rules: { ML201: 'off' }, gpu: { hostDriverVersion: '' }, trace: { server: 'off' } }`. */
export interface EditorSection {
  rules?: Record<string, unknown>;
  gpu?: { hostDriverVersion?: unknown; targetArchitectures?: unknown };
}

/** Keeps only valid values; empty strings, empty lists and 'default' mean "not set" (so `.mldock.yaml` applies). */
export function settingsFromEditor(section: EditorSection | null | undefined): SettingsLayer {
  const rules: Record<string, RuleLevel> = {};
  for (const [id, level] of Object.entries(section?.rules ?? {})) {
    if (isRuleLevel(level)) rules[id.toUpperCase()] = level;
  }
  const driver = typeof section?.gpu?.hostDriverVersion === 'string' ? parseDriverVersion(section.gpu.hostDriverVersion) : undefined;
  const archs = Array.isArray(section?.gpu?.targetArchitectures)
    ? section.gpu.targetArchitectures.filter((a): a is string => typeof a === 'string' && parseArch(a) !== undefined)
    : [];
  const gpu = { ...(driver && { hostDriverVersion: driver }), ...(archs.length > 0 && { targetArchitectures: archs }) };
  return { rules, ...(Object.keys(gpu).length > 0 && { gpu }) };
}
