// MLDock's language server and the peer (dockerfile-language-server-nodejs, pinned devDependency)
// side by side, through the same LSP client over stdio, on Dockerfiles built from the seed corpus.
// Edits alternate between the two servers so machine noise hits both alike.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CodeActionRequest, HoverRequest, type ClientCapabilities, type Diagnostic, type PublishDiagnosticsParams, type Range,
} from 'vscode-languageserver-protocol/node';
import { TestLspClient } from '../test/helpers/lspClient';
import { DIST, ROOT } from '../test/helpers/paths';
import { seedDocument } from '../test/helpers/seedCorpus';
import { fmt, median, percentile, processMemory, ratioLine, writeResults } from './lib/report';

const PEER = path.join(ROOT, 'node_modules', 'dockerfile-language-server-nodejs', 'lib', 'server.js');
const SERVERS = { mldock: path.join(DIST, 'server.js'), peer: PEER } as const;
type Name = keyof typeof SERVERS;
const quick = process.env.BENCH_QUICK === '1';
/** Samples per size; the 10,000-line runs are slow for both servers, so they take fewer. */
const PLAN = [
  { lines: 50, warmup: 30, edits: quick ? 60 : 300, requests: quick ? 50 : 200, rssEdits: 2000 },
  { lines: 1000, warmup: 20, edits: quick ? 40 : 150, requests: quick ? 30 : 100, rssEdits: 2000 },
  { lines: 10000, warmup: 5, edits: quick ? 10 : 40, requests: quick ? 10 : 30, rssEdits: quick ? 100 : Number(process.env.BENCH_RSS_EDITS_10K ?? 200) },
];
const CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true },
  textDocument: {
    hover: { contentFormat: ['markdown', 'plaintext'] },
    publishDiagnostics: { versionSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
  },
};

interface Session {
  readonly name: Name;
  readonly client: TestLspClient;
  readonly uri: string;
  version: number;
  last: PublishDiagnosticsParams | undefined;
}

/** Where edits happen: the start of the RUN arguments nearest the middle of the document. */
function editSite(text: string): { line: number; character: number } {
  const lines = text.split('\n');
  const mid = lines.length >> 1;
  for (let d = 0; d < lines.length; d++) {
    for (const l of [mid + d, mid - d]) if (/^RUN \S/.test(lines[l] ?? '')) return { line: l, character: 4 };
  }
  return { line: 0, character: 0 };
}

async function start(name: Name, dir: string, text: string): Promise<Session> {
  const client = new TestLspClient(['--stdio'], process.env, SERVERS[name]);
  await client.initialize(CAPABILITIES);
  const file = path.join(dir, name, 'Dockerfile');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const first = client.waitForNextDiagnostics(pathToUri(file), () => true, 120_000);
  const uri = await client.open(file, text, 1);
  return { name, client, uri, version: 1, last: await first };
}

function pathToUri(file: string): string {
  return new URL(`file://${file}`).href;
}

/** One keystroke: insert or delete an `x` at the edit site (documents alternate between two states). */
async function keystroke(s: Session, site: { line: number; character: number }, wait: boolean): Promise<number> {
  const version = ++s.version;
  const insert = version % 2 === 0;
  const range: Range = { start: site, end: insert ? site : { line: site.line, character: site.character + 1 } };
  // MLDock publishes versions; the peer publishes once per change without one, in order.
  const published = wait ? s.client.waitForNextDiagnostics(s.uri, (p) => p.version === undefined || p.version === version, 120_000) : undefined;
  const t0 = performance.now();
  await s.client.edit(s.uri, version, range, insert ? 'x' : '');
  if (!published) return 0;
  s.last = await published;
  return performance.now() - t0;
}

async function timed<T>(run: () => Promise<T>): Promise<number> {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

/** A diagnostic of the server's own latest publication near the edit site, for the code-action request. */
function someDiagnostic(s: Session, line: number): Diagnostic | undefined {
  const all = s.last?.diagnostics ?? [];
  return [...all].sort((a, b) => Math.abs(a.range.start.line - line) - Math.abs(b.range.start.line - line))[0];
}

/** Rapid edits in bursts of 20, each burst waited for, then the process's peak RSS. */
async function peakRssAfter(s: Session, site: { line: number; character: number }, edits: number): Promise<number> {
  for (let sent = 0; sent < edits; ) {
    const burst = Math.min(20, edits - sent);
    const before = s.client.published(s.uri).length;
    const target = s.version + burst;
    const done = s.client.waitForNextDiagnostics(s.uri, (p) => (p.version === undefined ? s.client.published(s.uri).length >= before + burst : p.version === target), 600_000);
    for (let i = 0; i < burst; i++) await keystroke(s, site, false);
    s.last = await done;
    s.client.forget(s.uri);
    sent += burst;
  }
  return processMemory(s.client.process.pid!)?.peakMb ?? Number.NaN;
}

interface Figures { didChange: number[]; hover: number[]; codeAction: number[]; peakRssMb: number; diagnostics: number }

async function benchSize(plan: (typeof PLAN)[number], dir: string): Promise<Record<Name, Figures>> {
  const text = seedDocument(plan.lines);
  const site = editSite(text);
  const sessions = [await start('peer', dir, text), await start('mldock', dir, text)];
  const figures = Object.fromEntries(sessions.map((s) => [s.name, { didChange: [], hover: [], codeAction: [], peakRssMb: 0, diagnostics: 0 }])) as unknown as Record<Name, Figures>;
  try {
    for (let i = 0; i < plan.warmup; i++) for (const s of sessions) await keystroke(s, site, true);
    for (let i = 0; i < plan.edits; i++) {
      for (const s of i % 2 ? sessions : [...sessions].reverse()) figures[s.name].didChange.push(await keystroke(s, site, true));
    }
    for (const s of sessions) figures[s.name].diagnostics = s.last?.diagnostics.length ?? 0;
    const hoverAt = { line: site.line, character: 1 };
    for (let i = 0; i < plan.requests; i++) {
      for (const s of i % 2 ? sessions : [...sessions].reverse()) {
        figures[s.name].hover.push(await timed(() => s.client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: s.uri }, position: hoverAt })));
      }
    }
    for (let i = 0; i < plan.requests; i++) {
      for (const s of i % 2 ? sessions : [...sessions].reverse()) {
        const d = someDiagnostic(s, site.line);
        const range = d?.range ?? { start: site, end: site };
        figures[s.name].codeAction.push(await timed(() => s.client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: s.uri }, range, context: { diagnostics: d ? [d] : [] } })));
      }
    }
    for (const s of sessions) {
      figures[s.name].peakRssMb = await peakRssAfter(s, site, plan.rssEdits);
      if (!s.client.alive) throw new Error(`${s.name} died during the run`);
    }
  } finally {
    await Promise.all(sessions.map((s) => s.client.dispose()));
  }
  return figures;
}

async function main(): Promise<void> {
  if (!fs.existsSync(SERVERS.mldock)) throw new Error('dist/server.js is missing: run `npm run build` first');
  if (!fs.existsSync(PEER)) throw new Error('the peer server is missing: run `npm ci` (dockerfile-language-server-nodejs is a devDependency)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldock-bench-'));
  const results: Record<string, unknown> = {};
  const ratios: string[] = [];
  try {
    for (const plan of PLAN) {
      const f = await benchSize(plan, dir);
      const row = (what: string, m: number, p: number, unit: string) => console.log(`  ${what.padEnd(28)} mldock ${fmt(m, 2).padStart(9)} ${unit}   peer ${fmt(p, 2).padStart(9)} ${unit}`);
      console.log(`lsp ${plan.lines} lines (${plan.edits} edits, ${plan.requests} requests; diagnostics: mldock ${f.mldock.diagnostics}, peer ${f.peer.diagnostics})`);
      const entries: [string, number, number, string][] = [];
      for (const metric of ['didChange', 'hover', 'codeAction'] as const) {
        entries.push([`${metric}-median-${plan.lines}`, median(f.mldock[metric]), median(f.peer[metric]), 'ms']);
        entries.push([`${metric}-p90-${plan.lines}`, percentile(f.mldock[metric], 90), percentile(f.peer[metric], 90), 'ms']);
      }
      entries.push([`peakRSS-${plan.rssEdits}edits-${plan.lines}`, f.mldock.peakRssMb, f.peer.peakRssMb, 'MB']);
      for (const [name, m, p, unit] of entries) {
        row(name, m, p, unit);
        ratios.push(ratioLine(name, m, p));
      }
      results[String(plan.lines)] = { plan, figures: Object.fromEntries(entries.map(([n, m, p, unit]) => [n, { mldock: m, peer: p, unit }])) };
    }
    for (const r of ratios) console.log(r);
    writeResults('lsp', { results });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
