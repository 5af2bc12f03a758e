// The built server under random documents and under load, through a real LSP client over stdio.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  CodeActionRequest, CompletionRequest, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, HoverRequest, type Diagnostic, type Position,
} from 'vscode-languageserver-protocol/node';
import { TestLspClient } from '../helpers/lspClient';
import { anyDockerfile } from '../helpers/dockerfileArbitrary';
import { seedDocument } from '../helpers/seedCorpus';

const PIP = 'FROM python:3.12-slim\nRUN pip install flask==3.0.3\n';
const ml201 = (d: Diagnostic[]) => d.filter((x) => x.source === 'mldock' && x.code === 'ML201');

function someposition(text: string, n: number): Position {
  const lines = text.split(/\r\n|\r|\n/);
  const line = n % lines.length;
  return { line, character: n % (lines[line]!.length + 1) };
}

function residentMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+)/m.exec(status)![1]) / 1024;
}

test('hundreds of random documents: the server answers every version and every request, and is alive at the end', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldock-fuzz-'));
  const client = new TestLspClient();
  try {
    await client.initialize();
    const documents = fc.sample(anyDockerfile, { numRuns: 300, seed: 20_240_601 });
    const uri = await client.open(path.join(dir, 'Dockerfile'), documents[0]!, 1);
    await client.waitForDiagnostics(uri, (p) => p.version === 1, 30_000);
    for (let v = 2; v <= documents.length; v++) {
      const text = documents[v - 1]!;
      const published = client.waitForNextDiagnostics(uri, (p) => p.version === v, 30_000);
      await client.change(uri, v, text);
      const { diagnostics } = await published;
      const at = someposition(text, v * 7919);
      // Requests may return nothing on nonsense, but must be answered, not fail.
      await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at });
      await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: at });
      const mine = diagnostics.slice(0, 5);
      await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: mine[0]?.range ?? { start: at, end: at }, context: { diagnostics: mine } });
      if (v % 25 === 0) {
        // Other documents come and go meanwhile.
        const other = await client.open(path.join(dir, `other${v}`, 'Dockerfile'), text, 1);
        await client.waitForDiagnostics(other, () => true, 30_000);
        await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: other } });
      }
      assert.ok(client.alive, `the server is alive after document ${v}`);
      client.forget(uri);
    }
    const check = await client.open(path.join(dir, 'final', 'Dockerfile'), PIP);
    const { diagnostics } = await client.waitForDiagnostics(check);
    assert.equal(ml201(diagnostics).length, 1, 'and still lints correctly');
  } finally {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A 1,000-line Dockerfile opened and first linted, and a RUN line past its middle to type into. */
async function openLargeDockerfile(client: TestLspClient, dir: string): Promise<{ uri: string; line: number }> {
  await client.initialize();
  const text = seedDocument(1000);
  const line = text.split('\n').findIndex((l, i) => i > 400 && l.startsWith('RUN '));
  const uri = await client.open(path.join(dir, 'Dockerfile'), text, 1);
  await client.waitForDiagnostics(uri, (p) => p.version === 1, 30_000);
  return { uri, line };
}

test('load: bursts of 1,000 rapid changes publish only the last version, and memory returns to its baseline', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldock-load-'));
  const client = new TestLspClient();
  try {
    const { uri, line } = await openLargeDockerfile(client, dir);
    let version = 1;
    const keystroke = (v: number) => client.edit(uri, v, { start: { line, character: 4 }, end: { line, character: v % 2 ? 5 : 4 } }, v % 2 ? '' : 'x');
    for (let i = 0; i < 30; i++) {
      const next = ++version;
      const published = client.waitForNextDiagnostics(uri, (p) => p.version === next, 30_000);
      await keystroke(next);
      await published;
    }
    const baseline = residentMb(client.process.pid!);
    const sizes: number[] = [];
    for (let burst = 0; burst < 4; burst++) {
      client.forget(uri);
      const last = version + 1000;
      const done = client.waitForDiagnostics(uri, (p) => p.version === last, 60_000);
      const burst = [];
      while (version < last) {
        const v = ++version;
        const range = { start: { line, character: 4 }, end: { line, character: v % 2 ? 5 : 4 } };
        burst.push({ method: DidChangeTextDocumentNotification.method, params: { textDocument: { uri, version: v }, contentChanges: [{ range, text: v % 2 ? '' : 'x' }] } });
      }
      await client.sendBurst(burst);
      await done;
      // One more turn for anything the server might still publish about this burst.
      await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: 1 } });
      assert.deepEqual(client.published(uri).map((p) => p.version), [last], 'only the newest version is published');
      sizes.push(residentMb(client.process.pid!));
    }
    // A leak of one lint result per change would add hundreds of MB per burst; V8 may keep some heap.
    const growth = sizes.at(-1)! - baseline;
    assert.ok(growth < Math.max(60, baseline * 0.5), `RSS after 4,000 changes ${sizes.map((s) => s.toFixed(0)).join(' → ')} MB, baseline ${baseline.toFixed(0)} MB`);
    assert.ok(sizes.at(-1)! <= sizes[0]! + 30, `memory does not grow burst after burst (${sizes.map((s) => s.toFixed(0)).join(' → ')} MB)`);
    assert.ok(client.alive);
  } finally {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('typing: hundreds of keystrokes, each one linted and published, leave memory flat', async () => {
  // Each keystroke's analysis reuses the last one; nothing may keep the versions before that alive
  // (a chain of them grows by a version per keystroke, which bursts, linted once, would not show).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldock-typing-'));
  const client = new TestLspClient();
  try {
    const { uri, line } = await openLargeDockerfile(client, dir);
    let version = 1;
    let typed = 0;
    const word = 'abcdefghijklmnopqrst';
    /** The next letter of a word typed into the RUN line (then the word deleted): every text is new. */
    const keystroke = async () => {
      const next = ++version;
      const deleting = typed === word.length;
      const range = deleting ? { start: { line, character: 4 }, end: { line, character: 4 + typed } } : { start: { line, character: 4 + typed }, end: { line, character: 4 + typed } };
      const published = client.waitForNextDiagnostics(uri, (p) => p.version === next, 30_000);
      await client.edit(uri, next, range, deleting ? '' : word[typed]!);
      typed = deleting ? 0 : typed + 1;
      await published;
      client.forget(uri);
    };
    for (let i = 0; i < 150; i++) await keystroke();
    const warm = residentMb(client.process.pid!);
    for (let i = 0; i < 450; i++) await keystroke();
    const after = residentMb(client.process.pid!);
    assert.ok(after - warm < 40, `RSS ${warm.toFixed(0)} MB after 150 keystrokes, ${after.toFixed(0)} MB after 600`);
    assert.ok(client.alive);
  } finally {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
