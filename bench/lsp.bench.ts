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
/**
 * `BENCH_BASE=<another build's dist/server.js>` adds that server as a third session ("base"), driven
 * by the same keystrokes in turn: a change is measured against the code before it in one run.
 */
const BASE = process.env.BENCH_BASE ? path.resolve(process.env.BENCH_BASE) : undefined;
const SERVERS = { mldock: path.join(DIST, 'server.js'), peer: PEER, base: BASE ?? '' } as const;
type Name = keyof typeof SERVERS;
const quick = process.env.BENCH_QUICK === '1';
/**
 * Samples per size. Both servers are long-running processes, so the figures that count are their
 * steady state: each server first takes `warmup` keystrokes (the first `cold` of them are measured
 * and reported on their own, as what a user gets right after start) while V8 optimises its code.
 * The 10,000-line runs are slow for both, so they take fewer.
 */
const ALL_PLANS = [
  { lines: 50, cold: 100, warmup: quick ? 500 : 2000, edits: quick ? 60 : 400, requests: quick ? 50 : 200, rssEdits: 2000 },
  { lines: 1000, cold: 50, warmup: quick ? 100 : 300, edits: quick ? 40 : 200, requests: quick ? 30 : 100, rssEdits: 2000 },
  { lines: 10000, cold: 5, warmup: 10, edits: quick ? 10 : 40, requests: quick ? 10 : 30, rssEdits: quick ? 100 : Number(process.env.BENCH_RSS_EDITS_10K ?? 200) },
];
/** `BENCH_SIZES=50,1000` runs only those sizes. */
const SIZES = process.env.BENCH_SIZES?.split(',').map(Number);
const PLAN = ALL_PLANS.filter((p) => !SIZES || SIZES.includes(p.lines));
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

/** The sessions in the order of round `i`: each one goes first as often as the others (with two, they alternate). */
function inTurn<T>(sessions: readonly T[], i: number): T[] {
  const k = (i + 1) % sessions.length;
  return [...sessions.slice(k), ...sessions.slice(0, k)];
}

async function benchSize(plan: (typeof PLAN)[number], dir: string): Promise<Partial<Record<Name, Figures>> & Record<'mldock' | 'peer', Figures>> {
  const text = seedDocument(plan.lines);
  const site = editSite(text);
  const sessions = [await start('peer', dir, text), ...(BASE ? [await start('base', dir, text)] : []), await start('mldock', dir, text)];
  const figures = Object.fromEntries(sessions.map((s) => [s.name, { coldDidChange: [], didChange: [], hover: [], codeAction: [], peakRssMb: 0, diagnostics: 0 }])) as unknown as Record<Name, Figures>;
  try {
    for (let i = 0; i < plan.warmup; i++) {
      for (const s of inTurn(sessions, i)) {
        const ms = await keystroke(s, site, true);
        if (i < plan.cold) figures[s.name].coldDidChange.push(ms);
      }
    }
    for (let i = 0; i < plan.edits; i++) {
      for (const s of inTurn(sessions, i)) figures[s.name].didChange.push(await keystroke(s, site, true));
    }
    for (const s of sessions) figures[s.name].diagnostics = s.last?.diagnostics.length ?? 0;
    const hoverAt = { line: site.line, character: 1 };
    for (let i = 0; i < plan.requests; i++) {
      for (const s of inTurn(sessions, i)) {
        figures[s.name].hover.push(await timed(() => s.client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: s.uri }, position: hoverAt })));
      }
    }
    for (let i = 0; i < plan.requests; i++) {
      for (const s of inTurn(sessions, i)) {
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
  if (BASE && !fs.existsSync(BASE)) throw new Error(`BENCH_BASE: ${BASE} does not exist (build the other checkout with \`npm run build\` first)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldock-bench-'));
  const results: Record<string, unknown> = {};
  const ratios: string[] = [];
  try {
    for (const plan of PLAN) {
      const f = await benchSize(plan, dir);
      const row = (what: string, m: number, p: number, unit: string, b?: number) => console.log(`  ${what.padEnd(28)} mldock ${fmt(m, 2).padStart(9)} ${unit}   peer ${fmt(p, 2).padStart(9)} ${unit}${b === undefined ? '' : `   base ${fmt(b, 2).padStart(9)} ${unit}`}`);
      console.log(`lsp ${plan.lines} lines (${plan.edits} edits after ${plan.warmup} warm-up keystrokes, of which the first ${plan.cold} are reported as cold; ${plan.requests} requests; diagnostics: mldock ${f.mldock.diagnostics}, peer ${f.peer.diagnostics})`);
      // Each figure for every session: [mldock, peer, base?].
      const figure = (pick: (x: Figures) => number): [number, number, number | undefined] => [pick(f.mldock), pick(f.peer), f.base ? pick(f.base) : undefined];
      const entries: [string, [number, number, number | undefined], string][] = [];
      entries.push([`didChange-cold-median-${plan.lines}`, figure((x) => median(x.coldDidChange)), 'ms']);
      for (const metric of ['didChange', 'hover', 'codeAction'] as const) {
        entries.push([`${metric}-median-${plan.lines}`, figure((x) => median(x[metric])), 'ms']);
        entries.push([`${metric}-p90-${plan.lines}`, figure((x) => percentile(x[metric], 90)), 'ms']);
      }
      entries.push([`peakRSS-${plan.rssEdits}edits-${plan.lines}`, figure((x) => x.peakRssMb), 'MB']);
      for (const [name, [m, p, b], unit] of entries) {
        row(name, m, p, unit, b);
        ratios.push(ratioLine(name, m, p));
        if (b !== undefined) ratios.push(ratioLine(name, b, p, 'base/peer'), ratioLine(name, m, b, 'mldock/base'));
      }
      results[String(plan.lines)] = { plan, figures: Object.fromEntries(entries.map(([n, [m, p, b], unit]) => [n, { mldock: m, peer: p, ...(b !== undefined && { base: b }), unit }])) };
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
