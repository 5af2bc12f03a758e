// `mldock lint` throughput on the seed corpus against dockerfile-utils' validate alone (what the
// peer's linting amounts to): end to end through the built CLI, and in-process once warm.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validate } from 'dockerfile-utils';
import { lintText } from '../core/src';
import { DIST, ROOT } from '../test/helpers/paths';
import { seedDockerfiles } from '../test/helpers/seedCorpus';
import { fmt, median, ratioLine, writeResults } from './lib/report';

const COPIES = 20;
const RUNS = 5;

/** Wall time of a child process, in ms. */
function timeProcess(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function inProcess(texts: string[], run: (text: string) => unknown): number {
  for (const t of texts) run(t); // warm up
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    for (const t of texts) run(t);
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

function main(): void {
  const seeds = seedDockerfiles();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldock-bench-lint-'));
  try {
    for (let c = 0; c < COPIES; c++) {
      const sub = path.join(dir, `copy${c}`);
      fs.mkdirSync(sub);
      for (const s of seeds) fs.writeFileSync(path.join(sub, s.name), s.text);
    }
    const files = seeds.length * COPIES;
    const validateScript = `const fs=require('fs'),p=require('path'),{validate}=require('dockerfile-utils');const walk=(d)=>{for(const n of fs.readdirSync(d)){const f=p.join(d,n);if(fs.statSync(f).isDirectory())walk(f);else validate(fs.readFileSync(f,'utf8'));}};walk(${JSON.stringify(dir)});`;
    const cli = median(Array.from({ length: RUNS }, () => timeProcess([path.join(DIST, 'cli.js'), 'lint', '--format', 'json', '--fail-on', 'none', dir])));
    const peer = median(Array.from({ length: RUNS }, () => timeProcess(['-e', validateScript])));
    const texts = seeds.map((s) => s.text);
    const lintWarm = inProcess(texts, (t) => lintText(t));
    const validateWarm = inProcess(texts, (t) => validate(t));
    const perSecond = (count: number, ms: number) => (count / ms) * 1000;
    const figures = {
      cliFilesPerSecond: perSecond(files, cli),
      validateProcessFilesPerSecond: perSecond(files, peer),
      lintTextFilesPerSecond: perSecond(texts.length, lintWarm),
      validateFilesPerSecond: perSecond(texts.length, validateWarm),
    };
    console.log(`seed corpus: ${seeds.length} Dockerfiles × ${COPIES} copies = ${files} files`);
    console.log(`  mldock lint (CLI, end to end)        ${fmt(figures.cliFilesPerSecond, 0).padStart(7)} files/s   (${fmt(cli, 0)} ms)`);
    console.log(`  dockerfile-utils validate (process)  ${fmt(figures.validateProcessFilesPerSecond, 0).padStart(7)} files/s   (${fmt(peer, 0)} ms)`);
    console.log(`  lintText, warm, in-process           ${fmt(figures.lintTextFilesPerSecond, 0).padStart(7)} files/s`);
    console.log(`  validate, warm, in-process           ${fmt(figures.validateFilesPerSecond, 0).padStart(7)} files/s`);
    // Throughput: higher is better, so the ratio is of time per file, like the latency ratios.
    console.log(ratioLine('lint-time-per-file-cli', cli, peer).replace('mldock/peer', 'mldock/validate'));
    console.log(ratioLine('lint-time-per-file-warm', lintWarm, validateWarm).replace('mldock/peer', 'mldock/validate'));
    writeResults('lint', { files, copies: COPIES, figures });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
