#!/usr/bin/env node
// Runs once before the e2e tier (scripts/run-tests.mjs runs a tier's setup.mjs first):
// packages a fresh dist/mldock.vsix and installs code-server 4.100.3 if it is missing.
// Under CI a failure stops the run; elsewhere the e2e tests then skip and say why.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const ci = !!process.env.CI && !/^(false|0)$/i.test(process.env.CI);

/** Runs a step; a quiet step's output is shown only if it fails, a long one streams its progress. */
function run(what, command, args, { quiet = true } = {}) {
  const started = Date.now();
  const r = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: quiet ? 'pipe' : 'inherit' });
  const ok = r.status === 0;
  console.log(`e2e setup: ${what} ${ok ? 'done' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
  if (!ok && quiet) process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}\n`);
  return ok;
}

// Screenshots and logs in artifacts/e2e are this run's only.
rmSync(join(root, 'artifacts', 'e2e'), { recursive: true, force: true });

// `npm run package` writes production bundles into dist/; the other tiers test the development build,
// so it is rebuilt afterwards (the .vsix keeps the production bundles).
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (!run('npm run package', npm, ['run', 'package']) || !run('rebuild dist/ for the other tiers', process.execPath, [join(root, 'esbuild.mjs')])) {
  process.exit(1);
}
if (!run('scripts/install-code-server.sh', 'bash', [join(root, 'scripts', 'install-code-server.sh')], { quiet: false })) {
  if (ci) process.exit(1);
  console.log('e2e setup: code-server could not be installed here, so the end-to-end tests will be skipped');
}
