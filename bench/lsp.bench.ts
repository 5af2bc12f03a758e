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
/**
 * Samples per size. Both servers are long-running processes, so the figures that count are their
 * steady state: each server first takes `warmup` keystrokes (the first `cold` of them are measured
 * and reported on their own, as what a user gets right after start) while V8 optimises its code.
 * The 10,000-line runs are slow for both, so they take fewer.
 */
const PLAN = [
  { lines: 50, cold: 100, warmup: quick ? 500 : 2000, edits: quick ? 60 : 400, requests: quick ? 50 : 200, rssEdits: 2000 },
  { lines: 1000, cold: 50, warmup: quick ? 100 : 300, edits: quick ? 40 : 200, requests: quick ? 30 : 100, rssEdits: 2000 },
  { lines: 10000, cold: 5, warmup: 10, edits: quick ? 10 : 40, requests: quick ? 10 : 30, rssEdits: quick ? 100 : Number(process.env.BENCH_RSS_EDITS_10K ?? 200) },
];
/** What VS Code announces that matters here: pulled settings and watched files (MLDock caches config lookups then). */
const CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
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
  /** Letters of WORD typed at the edit site so far. */
  typed: number;
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
  return { name, client, uri, version: 1, typed: 0, last: await first };
}

function pathToUri(file: string): string {
  return new URL(`file://${file}`).href;
}

/** Letters typed at the edit site before one change deletes them again. */
const WORD = 'abcdefghijklmnopqrst';

/**
 * One keystroke: the next letter of WORD typed at the edit site, as an incremental change. After the
 * last letter, one change deletes the word first (not timed: that is a selection deleted, not a key).
 * Every timed version is a text neither server has seen, so nothing cached by text can answer it, as
 * when a user types forward.
 */
async function keystroke(s: Session, site: { line: number; character: number }, wait: boolean): Promise<number> {
  if (s.typed === WORD.length) {
    await change(s, { start: site, end: { line: site.line, character: site.character + WORD.length } }, '', wait);
    s.typed = 0;
  }
  const at = { line: site.line, character: site.character + s.typed };
  return change(s, { start: at, end: at }, WORD[s.typed++]!, wait);
}

/** Sends one change; with `wait`, resolves with the time until that version's diagnostics arrive. */
async function change(s: Session, range: Range, text: string, wait: boolean): Promise<number> {
  const version = ++s.version;
  // MLDock publishes versions; the peer publishes once per change without one, in order.
  const published = wait ? s.client.waitForNextDiagnostics(s.uri, (p) => p.version === undefined || p.version === version, 120_000) : undefined;
  const t0 = performance.now();
  await s.client.edit(s.uri, version, range, text);
  if (!published) return 0;
  s.last = await published;
  const ms = performance.now() - t0;
  // Like an editor, keep only the newest publication: a client holding every one it ever received
  // would spend more of its own time in GC the more diagnostics a server sends.
  s.client.forget(s.uri);
  return ms;
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
    const first = s.version;
    for (let i = 0; i < burst; i++) await keystroke(s, site, false);
    const target = s.version;
    s.last = await s.client.waitForDiagnostics(s.uri, (p) => (p.version === undefined ? s.client.published(s.uri).length >= before + (target - first) : p.version === target), 600_000);
    s.client.forget(s.uri);
    sent += burst;
  }
  return processMemory(s.client.process.pid!)?.peakMb ?? Number.NaN;
}

interface Figures { coldDidChange: number[]; didChange: number[]; hover: number[]; codeAction: number[]; peakRssMb: number; diagnostics: number }

async function benchSize(plan: (typeof PLAN)[number], dir: string): Promise<Record<Name, Figures>> {
  const text = seedDocument(plan.lines);
  const site = editSite(text);
  const sessions = [await start('peer', dir, text), await start('mldock', dir, text)];
  const figures = Object.fromEntries(sessions.map((s) => [s.name, { coldDidChange: [], didChange: [], hover: [], codeAction: [], peakRssMb: 0, diagnostics: 0 }])) as unknown as Record<Name, Figures>;
  try {
    for (let i = 0; i < plan.warmup; i++) {
      for (const s of i % 2 ? sessions : [...sessions].reverse()) {
        const ms = await keystroke(s, site, true);
        if (i < plan.cold) figures[s.name].coldDidChange.push(ms);
      }
    }
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
      console.log(`lsp ${plan.lines} lines (${plan.edits} edits after ${plan.warmup} warm-up keystrokes, of which the first ${plan.cold} are reported as cold; ${plan.requests} requests; diagnostics: mldock ${f.mldock.diagnostics}, peer ${f.peer.diagnostics})`);
      const entries: [string, number, number, string][] = [];
      entries.push([`didChange-cold-median-${plan.lines}`, median(f.mldock.coldDidChange), median(f.peer.coldDidChange), 'ms']);
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
