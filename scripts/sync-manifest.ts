// Rewrites package.json's generated settings (one per rule) from the rule registry.
import * as fs from 'node:fs';
import { ruleSettings } from './manifest';

const file = new URL('../package.json', import.meta.url);
const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
const sections: { title: string; id?: string; properties: Record<string, unknown> }[] = pkg.contributes.configuration;
const rules = sections.find((s) => s.id === 'mldock.rules');
if (!rules) throw new Error('package.json has no configuration section with id "mldock.rules"');
rules.properties = ruleSettings();
fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
console.log(`mldock.rules: ${Object.keys(rules.properties).length} rule settings written`);
