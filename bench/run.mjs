#!/usr/bin/env node
// `npm run bench [-- NAME ...]`: builds what ships (`npm run package`: production bundles and the
// .vsix), then runs every bench/*.bench.ts (or the named ones) one after another with
// `node --import tsx`, streaming their output. A bench that exits 77, or that needs a Docker engine
// when none is reachable, is reported as skipped and does not fail the run.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const benchDir = join(root, 'bench');
const SKIP = 77;
// How a bench shows it drives a Docker engine: a `bench-requires: docker` comment, the `docker` CLI, the socket.
const NEEDS_DOCKER = /bench-requires:\s*docker|['"`]docker['"`]|DOCKER_HOST|docker\.sock|docker engine/i;

const all = readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = wanted.length ? all.filter((f) => wanted.includes(f.replace(/\.bench\.ts$/, ''))) : all;
if (selected.length === 0) {
  console.error(`no bench matches ${wanted.join(', ')} (have: ${all.map((f) => f.replace(/\.bench\.ts$/, '')).join(', ')})`);
  process.exit(2);
}

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

let dockerAvailable;
function dockerReachable() {
  dockerAvailable ??= spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], { timeout: 15_000, stdio: 'ignore' }).status === 0;
  return dockerAvailable;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (!process.argv.includes('--no-build')) {
  console.log('== build: npm run package (production bundles and dist/mldock.vsix)');
  if ((await run(npm, ['run', '--silent', 'package'])) !== 0) {
    console.error('bench: the build failed');
    process.exit(1);
  }
}

const summary = [];
for (const file of selected) {
  const name = file.replace(/\.bench\.ts$/, '');
  console.log(`\n== ${name}`);
  const started = Date.now();
  const code = await run(process.execPath, ['--import', 'tsx', join(benchDir, file)]);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const needsDocker = NEEDS_DOCKER.test(readFileSync(join(benchDir, file), 'utf8'));
  let status = code === 0 ? 'ok' : 'failed';
  if (code === SKIP) status = 'skipped';
  else if (code !== 0 && needsDocker && !dockerReachable()) status = 'skipped (no Docker engine reachable)';
  summary.push({ name, status, seconds });
}

console.log('\n== summary');
for (const s of summary) console.log(`${s.name.padEnd(16)} ${s.status} (${s.seconds} s)`);
process.exit(summary.some((s) => s.status === 'failed') ? 1 : 0);
