// What ships: bundle and .vsix sizes, and how long the bundles take to load.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { TestLspClient } from '../test/helpers/lspClient';
import { DIST } from '../test/helpers/paths';
import { seedDocument } from '../test/helpers/seedCorpus';
import { fmt, median, writeResults } from './lib/report';

const VSIX_TARGET_MB = 1.5;
const RUNS = 10;

/** Loads a bundle in a fresh Node process and reports how long `require` took (ms). `vscode` is stubbed. */
function loadTime(bundle: string, argv: string[]): number {
  const script = `
    const Module = require('module');
    const load = Module._load;
    Module._load = function (request, ...rest) {
      if (request === 'vscode') return new Proxy({}, { get: () => new Proxy(function () {}, { get: (t, k) => (k === 'prototype' ? {} : undefined) }) });
      return load.call(this, request, ...rest);
    };
    process.argv.splice(1, process.argv.length - 1, ${JSON.stringify(bundle)}, ...${JSON.stringify(argv)});
    const t0 = process.hrtime.bigint();
    require(${JSON.stringify(bundle)});
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    process.stderr.write('LOAD_MS=' + ms + '\\n');
    process.exit(0);`;
  const r = spawnSync(process.execPath, ['-e', script], { input: '', encoding: 'utf8', timeout: 30_000 });
  const m = /LOAD_MS=([\d.]+)/.exec(r.stderr);
  if (!m) throw new Error(`could not load ${bundle}: ${r.stderr.trim().split('\n').at(-1)?.slice(0, 300)}`);
  return Number(m[1]);
}

/** Spawn to first published diagnostics of a 50-line Dockerfile, as an editor sees a cold start (ms). */
async function coldStart(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldock-bench-start-'));
  const t0 = performance.now();
  const client = new TestLspClient();
  try {
    await client.initialize({});
    const uri = await client.open(path.join(dir, 'Dockerfile'), seedDocument(50));
    await client.waitForDiagnostics(uri);
    return performance.now() - t0;
  } finally {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const kb = (file: string) => fs.statSync(file).size / 1024;
  const bundles = ['extension.js', 'server.js', 'cli.js'].map((name) => {
    const file = path.join(DIST, name);
    return { name, kb: kb(file), gzipKb: zlib.gzipSync(fs.readFileSync(file)).length / 1024 };
  });
  const vsix = path.join(DIST, 'mldock.vsix');
  const vsixMb = fs.existsSync(vsix) ? fs.statSync(vsix).size / 2 ** 20 : Number.NaN;
  for (const b of bundles) console.log(`  dist/${b.name.padEnd(14)} ${fmt(b.kb, 0).padStart(6)} KB  (${fmt(b.gzipKb, 0)} KB gzipped)`);
  console.log(`  dist/mldock.vsix       ${fmt(vsixMb, 2)} MB  (target ≤ ${VSIX_TARGET_MB} MB: ${vsixMb <= VSIX_TARGET_MB ? 'met' : 'NOT met'})`);
  const extension = median(Array.from({ length: RUNS }, () => loadTime(path.join(DIST, 'extension.js'), [])));
  const server = median(Array.from({ length: RUNS }, () => loadTime(path.join(DIST, 'server.js'), ['--stdio'])));
  const starts: number[] = [];
  for (let i = 0; i < 5; i++) starts.push(await coldStart());
  const firstDiagnostics = median(starts);
  console.log(`  load dist/extension.js ${fmt(extension)} ms (median of ${RUNS}, require only)`);
  console.log(`  load dist/server.js    ${fmt(server)} ms (median of ${RUNS}, require and start listening)`);
  console.log(`  server spawn → first diagnostics (50 lines) ${fmt(firstDiagnostics, 0)} ms (median of 5)`);
  writeResults('artifacts', { bundles, vsixMb, vsixTargetMb: VSIX_TARGET_MB, loadMs: { extension, server }, firstDiagnosticsMs: firstDiagnostics });
  if (!(vsixMb <= VSIX_TARGET_MB)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
