import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../core/src';
import { ruleSettings } from '../../scripts/manifest';
import { ROOT } from '../helpers/paths';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

test('package.json has one generated setting per rule (run `npm run sync-manifest` after adding a rule)', () => {
  const section = pkg.contributes.configuration.find((s: { id?: string }) => s.id === 'mldock.rules');
  assert.deepEqual(section.properties, ruleSettings());
});

test('the extension activates on Dockerfiles and ships its bundles, icon and entry points', () => {
  assert.ok(pkg.activationEvents.includes('onLanguage:dockerfile'));
  assert.equal(pkg.main, './dist/extension.js');
  assert.equal(pkg.bin.mldock, 'dist/cli.js');
  assert.ok(fs.existsSync(path.join(ROOT, pkg.icon)));
  for (const command of pkg.contributes.commands) assert.equal(command.category, 'MLDock');
});

test('every rule has a docs page with what, why, a bad and a good example, and how to silence it', () => {
  const spec = path.resolve(ROOT, '..', 'shared', 'spec', 'rules.md');
  const catalogue = fs.existsSync(spec) ? fs.readFileSync(spec, 'utf8') : undefined;
  for (const rule of RULES) {
    const page = fs.readFileSync(path.join(ROOT, 'docs', 'rules', `${rule.id}.md`), 'utf8');
    assert.match(page, new RegExp(`^# ${rule.id} — `), `${rule.id}: title`);
    for (const heading of ['What', 'Why', 'Bad', 'Good', 'How to silence']) {
      assert.match(page, new RegExp(`^## ${heading}$`, 'm'), `${rule.id}: section ${heading}`);
    }
    assert.match(page, new RegExp(`\\*\\*Default severity:\\*\\* ${rule.defaultSeverity}`), `${rule.id}: documented severity matches`);
    if (catalogue) {
      const row = new RegExp(`\\| ${rule.id} \\| (\\w+) \\|`).exec(catalogue);
      assert.ok(row, `${rule.id} is in the rule catalogue`);
      assert.equal(rule.defaultSeverity, row![1], `${rule.id}: default severity as catalogued`);
    }
  }
});

test('README and the rules index list every rule', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const index = fs.readFileSync(path.join(ROOT, 'docs', 'rules', 'README.md'), 'utf8');
  for (const rule of RULES) {
    assert.match(readme, new RegExp(`\\[${rule.id}\\]\\(docs/rules/${rule.id}\\.md\\)`), `README lists ${rule.id}`);
    assert.match(index, new RegExp(`\\[${rule.id}\\]\\(${rule.id}\\.md\\)`), `docs/rules/README.md lists ${rule.id}`);
  }
});
