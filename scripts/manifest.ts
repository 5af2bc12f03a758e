import { RULES } from '../core/src';

/**
 * The `contributes` section of package.json, derived from the rule registry so every rule has its
 * `mldock.rules.<ID>` setting with a dropdown. `npm run sync-manifest` writes it; a test checks it.
 */
export function ruleSettings(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const rule of RULES) {
    properties[`mldock.rules.${rule.id}`] = {
      type: 'string',
      enum: ['default', 'off', 'info', 'warning', 'error'],
      enumDescriptions: [`Use the rule's default (${rule.defaultSeverity})`, 'Turn the rule off', 'Report as information', 'Report as a warning', 'Report as an error'],
      default: 'default',
      scope: 'resource',
      markdownDescription: `**${rule.id}** — ${rule.title} (default: ${rule.defaultSeverity}). [Docs](https://github.com/mldock/mldock/blob/main/docs/rules/${rule.id}.md)`,
    };
  }
  return properties;
}
