import { test, describe, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fork } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  HoverRequest, CodeActionRequest, CompletionRequest, DocumentFormattingRequest, DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification, FileChangeType, createProtocolConnection, IPCMessageReader, IPCMessageWriter, InitializeRequest,
  InitializedNotification, DidOpenTextDocumentNotification, PublishDiagnosticsNotification, type CodeAction, type Diagnostic,
  type MarkupContent, type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestLspClient } from '../helpers/lspClient';
import { DIST } from '../helpers/paths';

const PIP = 'FROM python:3.12-slim\nRUN pip install flask==3.0.3\nCMD ["flask", "--version"]\n';
const CRASH = ' python:3.11-slim escape=`condaIF$ADDpython:3.11-slim ';
const ml = (d: Diagnostic[], code: string) => d.filter((x) => x.source === 'mldock' && x.code === code);

describe('language server over stdio', () => {
  let client: TestLspClient;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldock-lsp-'));
    client = new TestLspClient();
    const init = await client.initialize();
    assert.equal(init.capabilities.hoverProvider, true);
    assert.ok(init.capabilities.codeActionProvider);
    assert.ok(init.capabilities.completionProvider);
    assert.equal(init.capabilities.documentFormattingProvider, true);
    assert.equal(init.serverInfo?.name, 'mldock');
  });
  after(async () => {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('publishes ML diagnostics with rule ID, source and a docs link; syntax keeps its source', async () => {
    const uri = await client.open(path.join(dir, 'a', 'Dockerfile'), PIP + 'FROMM x\n');
    const { diagnostics } = await client.waitForDiagnostics(uri);
    const [d] = ml(diagnostics, 'ML201');
    assert.ok(d, 'ML201 reported');
    assert.deepEqual(d!.range, { start: { line: 1, character: 4 }, end: { line: 1, character: 15 } });
    assert.match(d!.codeDescription!.href, /docs\/rules\/ML201\.md$/);
    assert.equal(d!.source, 'mldock');
    assert.equal(d!.code, 'ML201', 'the rule ID is the code, which code actions match on');
    const syntax = diagnostics.find((x) => x.source === 'dockerfile-utils');
    assert.ok(syntax, 'the unknown instruction is reported by dockerfile-utils');
    assert.equal(typeof syntax!.code, 'number');
  });

  test('hover on a finding shows the rule docs; hover on a keyword shows Dockerfile reference docs', async () => {
    const uri = await client.open(path.join(dir, 'b', 'Dockerfile'), PIP);
    await client.waitForDiagnostics(uri);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 6 } });
    const text = (hover!.contents as MarkupContent).value;
    assert.match(text, /\*\*ML201\*\*/);
    assert.match(text, /cache/i);
    const keyword = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 1 } });
    assert.match((keyword!.contents as MarkupContent).value, /baseImage/, 'dockerfile-language-service documents FROM');
  });

  test('the ML201 quick-fix adds --no-cache-dir and the diagnostic goes away', async () => {
    const file = path.join(dir, 'c', 'Dockerfile');
    const uri = await client.open(file, PIP);
    const { diagnostics } = await client.waitForDiagnostics(uri);
    const target = ml(diagnostics, 'ML201');
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: target[0]!.range, context: { diagnostics: target },
    })) as CodeAction[];
    const fix = actions.find((a) => a.title === 'Add --no-cache-dir');
    assert.ok(fix, `a fix is offered (got ${actions.map((a) => a.title).join(', ')})`);
    assert.equal(fix!.kind, 'quickfix');
    assert.equal(fix!.isPreferred, true);
    assert.ok(actions.some((a) => a.title === 'Ignore ML201 for this instruction'));
    const edits = fix!.edit!.changes![uri] as TextEdit[];
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 1, PIP), edits);
    assert.equal(fixed.split('\n')[1], 'RUN pip install --no-cache-dir flask==3.0.3');
    await client.change(uri, 2, fixed);
    const after = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(ml(after.diagnostics, 'ML201'), []);
  });

  test('editor settings turn a rule off, and a configuration change re-lints', async () => {
    const uri = await client.open(path.join(dir, 'd', 'Dockerfile'), PIP);
    await client.waitForDiagnostics(uri, (p) => ml(p.diagnostics, 'ML201').length === 1);
    client.settings = { rules: { ML201: 'off', ML106: 'default' } };
    const off = client.waitForNextDiagnostics(uri);
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    assert.deepEqual(ml((await off).diagnostics, 'ML201'), []);
    client.settings = { rules: { ML201: 'error' } };
    const raisedNext = client.waitForNextDiagnostics(uri);
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const raised = await raisedNext;
    assert.equal(ml(raised.diagnostics, 'ML201')[0]!.severity, 1);
    client.settings = null;
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  });

  test('.mldock.yaml applies, and a malformed one is reported on the file while defaults apply', async () => {
    const project = path.join(dir, 'proj');
    fs.mkdirSync(project);
    const config = path.join(project, '.mldock.yaml');
    fs.writeFileSync(config, 'rules:\n  ML201: off\n');
    const uri = await client.open(path.join(project, 'Dockerfile'), PIP);
    const first = await client.waitForDiagnostics(uri);
    assert.deepEqual(ml(first.diagnostics, 'ML201'), [], 'ML201 off by .mldock.yaml');
    fs.writeFileSync(config, 'rules: [ML201\n');
    const relint = client.waitForNextDiagnostics(uri);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(config).href, type: FileChangeType.Changed }] });
    const problems = await client.waitForDiagnostics(pathToFileURL(config).href, (p) => p.diagnostics.length > 0);
    assert.match(String(problems.diagnostics[0]!.message), /Invalid YAML/);
    const relinted = await relint;
    assert.equal(ml(relinted.diagnostics, 'ML201').length, 1, 'defaults apply while the config is broken');
  });

  test('completion and formatting come from dockerfile-language-service', async () => {
    const uri = await client.open(path.join(dir, 'e', 'Dockerfile'), 'FROM python:3.12-slim\n\n');
    const items = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 1, character: 0 } });
    const labels = (Array.isArray(items) ? items : items!.items).map((i) => i.label);
    assert.ok(labels.includes('RUN') && labels.includes('COPY'), `instruction keywords offered (${labels.slice(0, 5).join(',')})`);
    const uri2 = await client.open(path.join(dir, 'f', 'Dockerfile'), 'FROM python:3.12-slim\n   RUN echo hi\n');
    const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: uri2 }, options: { tabSize: 4, insertSpaces: true } });
    assert.ok(edits && edits.length > 0, 'the indented RUN is formatted');
  });

  test('survives input that overflows dockerfile-utils, and keeps serving', async () => {
    const uri = await client.open(path.join(dir, 'g', 'Dockerfile'), CRASH);
    await client.waitForDiagnostics(uri);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 3 } });
    assert.ok(hover === null || typeof hover === 'object');
    assert.ok(client.alive, 'the server is still running');
    const next = await client.open(path.join(dir, 'h', 'Dockerfile'), PIP);
    const { diagnostics } = await client.waitForDiagnostics(next);
    assert.equal(ml(diagnostics, 'ML201').length, 1, 'and still lints the next document');
  });

  test('a burst of changes publishes the newest version', async () => {
    const uri = await client.open(path.join(dir, 'i', 'Dockerfile'), PIP, 1);
    for (let v = 2; v <= 200; v++) await client.change(uri, v, v === 200 ? PIP.replace('pip install', 'pip install --no-cache-dir') : PIP + `# ${v}\n`);
    const last = await client.waitForDiagnostics(uri, (p) => p.version === 200);
    assert.deepEqual(ml(last.diagnostics, 'ML201'), []);
    const versions = client.published(uri).map((p) => p.version);
    assert.ok(versions.length <= 10, `stale versions are skipped (published: ${versions.join(',')})`);
    assert.deepEqual(versions, [...versions].sort((a, b) => a! - b!), 'never an older version after a newer one');
  });
});

test('a client that watches files: a config created later applies once reported, and a requirements file edited on disk is read by the next keystroke', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldock-lsp-watch-'));
  const client = new TestLspClient();
  try {
    await client.initialize({ workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } });
    const project = path.join(dir, 'svc');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'requirements.txt'), 'flask==3.0.3\n');
    const text = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n';
    const uri = await client.open(path.join(project, 'Dockerfile'), text, 1);
    const first = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.equal(ml(first.diagnostics, 'ML201').length, 1);
    assert.equal(ml(first.diagnostics, 'ML202').length, 0);

    // Edited on disk without any notification: the next keystroke reads it (the cache checks the file's stat).
    fs.writeFileSync(path.join(project, 'requirements.txt'), 'flask==3.0.3\ntorch==2.3.0\n');
    await client.change(uri, 2, text + '# typing\n');
    const second = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.equal(ml(second.diagnostics, 'ML202').length, 1, 'torch from the edited requirements file is seen');

    // A config created in a parent directory applies once the client reports it.
    const config = path.join(dir, '.mldock.yaml');
    fs.writeFileSync(config, 'rules:\n  ML201: off\n');
    const relint = client.waitForNextDiagnostics(uri);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(config).href, type: FileChangeType.Created }] });
    assert.deepEqual(ml((await relint).diagnostics, 'ML201'), [], 'ML201 off by the new .mldock.yaml');
  } finally {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a plain client without workspace/configuration gets the defaults', async () => {
  const client = new TestLspClient();
  try {
    await client.initialize({});
    const uri = await client.open(path.join(os.tmpdir(), 'plain', 'Dockerfile'), PIP);
    const { diagnostics } = await client.waitForDiagnostics(uri);
    assert.equal(ml(diagnostics, 'ML201').length, 1);
  } finally {
    await client.dispose();
  }
});

test('the server also speaks LSP over Node IPC (how the VS Code client starts it)', async () => {
  const child = fork(path.join(DIST, 'server.js'), ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  connection.listen();
  try {
    const published = new Promise<Diagnostic[]>((resolve) => connection.onNotification(PublishDiagnosticsNotification.type, (p) => resolve(p.diagnostics)));
    await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
    await connection.sendNotification(InitializedNotification.type, {});
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: 'untitled:Dockerfile', languageId: 'dockerfile', version: 1, text: PIP } });
    assert.equal(ml(await published, 'ML201').length, 1);
  } finally {
    connection.dispose();
    child.kill();
  }
});

test('started without a transport, the server explains how to run it', async () => {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, [path.join(DIST, 'server.js')], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--stdio/);
});
