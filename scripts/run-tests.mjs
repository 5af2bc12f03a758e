#!/usr/bin/env node
// Runs the test suite with `node --test` (its summary lines are what CI reads).
// Usage: node scripts/run-tests.mjs [tier ...]   tiers are the folders under test/ (unit, rules, lsp, cli, e2e …).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const wanted = process.argv.slice(2);
const tiers = readdirSync(join(root, 'test')).filter((d) => statSync(join(root, 'test', d)).isDirectory() && !['fixtures', 'helpers'].includes(d));
const selected = wanted.length ? wanted : tiers;
for (const t of selected) if (!tiers.includes(t)) { console.error(`unknown test tier "${t}" (have: ${tiers.join(', ')})`); process.exit(2); }

const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (name.endsWith('.test.ts')) files.push(full);
  }
};
for (const t of selected) walk(join(root, 'test', t));
if (files.length === 0) { console.error('no test files found'); process.exit(2); }

// A tier may need one-time preparation first (e2e: package the .vsix, install code-server).
for (const t of selected) {
  const setup = join(root, 'test', t, 'setup.mjs');
  if (!existsSync(setup)) continue;
  const prepared = spawnSync(process.execPath, [setup], { stdio: 'inherit', cwd: root });
  if (prepared.status !== 0) { console.error(`test/${t}/setup.mjs failed`); process.exit(prepared.status ?? 1); }
}

const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...files], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
