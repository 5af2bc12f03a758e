import { test, describe, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CompletionRequest, DidChangeConfigurationNotification, HoverRequest, type CompletionItem, type CompletionList, type Diagnostic, type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { TestLspClient } from '../helpers/lspClient';

const ml = (d: Diagnostic[], code: string) => d.filter((x) => x.source === 'mldock' && x.code === code);
const hoverText = async (client: TestLspClient, uri: string, line: number, character: number) => {
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
  return hover ? (hover.contents as MarkupContent).value : '';
};
const complete = async (client: TestLspClient, uri: string, line: number, character: number): Promise<CompletionItem[]> => {
  const result = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character } });
  return Array.isArray(result) ? result : (result as CompletionList | null)?.items ?? [];
};

describe('ML knowledge over LSP', () => {
  let client: TestLspClient;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldock-knowledge-'));
    client = new TestLspClient(['--stdio'], { ...process.env, MLDOCK_NVIDIA_SMI: 'off' });
    await client.initialize();
  });
  after(async () => {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('hover on an nvidia/cuda image names CUDA, cuDNN, the flavor contents, the OS and the minimum driver', async () => {
    const text = 'FROM nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04\nCMD ["nvidia-smi"]\n';
    const uri = await client.open(path.join(dir, 'a', 'Dockerfile'), text);
    await client.waitForDiagnostics(uri);
    const value = await hoverText(client, uri, 0, 20);
    assert.match(value, /CUDA \*\*11\.8\.0\*\*/);
    assert.match(value, /cuDNN \*\*8\*\*/);
    assert.match(value, /flavor \*\*runtime\*\*: .*cuBLAS.*NCCL.*no compiler/);
    assert.match(value, /Ubuntu 22\.04/);
    assert.match(value, /Minimum host driver for CUDA 11\.8: \*\*≥ 520\.61\.05\*\*/);
  });

  test('hover on torch==2.4.0 lists its CUDA variants and the matching torchvision', async () => {
    const text = 'FROM python:3.11-slim\nRUN pip install --no-cache-dir torch==2.4.0 torchvision==0.19.0\n';
    const uri = await client.open(path.join(dir, 'b', 'Dockerfile'), text);
    await client.waitForDiagnostics(uri);
    const value = await hoverText(client, uri, 1, text.split('\n')[1]!.indexOf('torch==') + 3);
    assert.match(value, /torch 2\.4\.0/);
    assert.match(value, /`cu118`, `cu121`, `cu124`, `cpu`/);
    assert.match(value, /torchvision \*\*0\.19\.0\*\*/);
    assert.match(value, /Python 3\.8–3\.12/);
  });

  test('a finding on a CUDA tag shows the rule docs together with what the tag means', async () => {
    const text = 'FROM nvidia/cuda:12.4.1-cudnn9-runtime-ubuntu22.04\n';
    const uri = await client.open(path.join(dir, 'c', 'Dockerfile'), text);
    const { diagnostics } = await client.waitForDiagnostics(uri);
    assert.equal(ml(diagnostics, 'ML301').length, 1);
    const value = await hoverText(client, uri, 0, 25);
    assert.match(value, /\*\*ML301\*\*/);
    assert.match(value, /Does not exist/);
  });

  test('hovers on ML environment variables and RUN --mount options', async () => {
    const text = 'FROM python:3.11-slim\nENV TRANSFORMERS_CACHE=/models\nRUN --mount=type=secret,id=hf pip download x\n';
    const uri = await client.open(path.join(dir, 'd', 'Dockerfile'), text);
    await client.waitForDiagnostics(uri);
    assert.match(await hoverText(client, uri, 1, 6), /Deprecated:\*\* use `HF_HOME`/);
    assert.match(await hoverText(client, uri, 2, 14), /RUN --mount=type=secret/);
  });

  test('completion offers existing nvidia/cuda tags for what is typed, newest first', async () => {
    const text = 'FROM nvidia/cuda:12.4\n';
    const uri = await client.open(path.join(dir, 'e', 'Dockerfile'), text);
    const items = await complete(client, uri, 0, 21);
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('12.4.1-cudnn-runtime-ubuntu22.04'), labels.slice(0, 5).join(', '));
    assert.ok(labels.every((l) => l.startsWith('12.4')), 'only tags matching what is typed');
    assert.ok(!labels.includes('12.4.1-cudnn9-runtime-ubuntu22.04'), 'never a tag that does not exist');
    assert.ok(labels.indexOf('12.4.1-runtime-ubuntu22.04') < labels.indexOf('12.4.0-runtime-ubuntu22.04'), 'newest first');
    assert.deepEqual(items[0]!.textEdit && 'range' in items[0]!.textEdit ? items[0]!.textEdit.range : undefined, { start: { line: 0, character: 17 }, end: { line: 0, character: 21 } });
  });

  test('completion offers torch versions with their variants, the matching torchvision and index URLs for the stage CUDA', async () => {
    const text = 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nRUN pip install torch==2.4.0+cu124 torchvision==\nRUN pip install torch==2.4.\nRUN pip install torch --index-url \n';
    const uri = await client.open(path.join(dir, 'f', 'Dockerfile'), text);
    const companion = await complete(client, uri, 1, 48);
    assert.equal(companion[0]!.label, '0.19.0+cu124');
    const versions = (await complete(client, uri, 2, 26)).map((i) => i.label);
    assert.ok(versions.includes('2.4.0+cu124') && versions.includes('2.4.1+cu118') && versions.includes('2.4.0+cpu'));
    assert.ok(!versions.includes('2.4.0+cu126'), 'only published variants');
    const urls = await complete(client, uri, 3, 34);
    assert.equal(urls[0]!.label, 'https://download.pytorch.org/whl/cu124');
    assert.equal(urls[0]!.preselect, true);
  });

  test('Dockerfile keyword completion still works next to MLDock items', async () => {
    const uri = await client.open(path.join(dir, 'g', 'Dockerfile'), 'FROM python:3.12-slim\nE\n');
    const labels = (await complete(client, uri, 1, 1)).map((i) => i.label);
    assert.ok(labels.includes('ENV') && labels.includes('EXPOSE'), labels.join(', '));
  });

  test('the host driver setting drives ML307', async () => {
    const text = 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\n';
    const uri = await client.open(path.join(dir, 'h', 'Dockerfile'), text);
    assert.deepEqual(ml((await client.waitForDiagnostics(uri)).diagnostics, 'ML307'), [], 'silent while no driver is known');
    client.settings = { gpu: { hostDriverVersion: '535.104.05' } };
    const next = client.waitForNextDiagnostics(uri, (p) => ml(p.diagnostics, 'ML307').length === 1);
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    assert.match(String(ml((await next).diagnostics, 'ML307')[0]!.message), /≥ 550\.54\.14.*535\.104\.05/);
    client.settings = null;
  });
});

describe('host driver from nvidia-smi', () => {
  const fakeNvidiaSmi = (body: string) => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'mldock-smi-'));
    fs.writeFileSync(path.join(bin, 'nvidia-smi'), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    return bin;
  };

  test('a detected driver re-lints open documents and ML307 says where the driver came from', { skip: process.platform === 'win32' }, async () => {
    const bin = fakeNvidiaSmi('echo "535.104.05"');
    const client = new TestLspClient(['--stdio'], { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` });
    try {
      await client.initialize();
      const uri = await client.open(path.join(bin, 'Dockerfile'), 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\n');
      const found = await client.waitForDiagnostics(uri, (p) => ml(p.diagnostics, 'ML307').length === 1);
      assert.match(String(ml(found.diagnostics, 'ML307')[0]!.message), /nvidia-smi/);
    } finally {
      await client.dispose();
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  test('a hanging nvidia-smi never blocks linting, and the rule stays silent', { skip: process.platform === 'win32' }, async () => {
    const bin = fakeNvidiaSmi('sleep 30');
    const client = new TestLspClient(['--stdio'], { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` });
    try {
      await client.initialize();
      const uri = await client.open(path.join(bin, 'Dockerfile'), 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nRUN pip install flask\n');
      const first = await client.waitForDiagnostics(uri, () => true, 5000);
      assert.ok(ml(first.diagnostics, 'ML201').length === 1, 'other rules report at once');
      assert.deepEqual(ml(first.diagnostics, 'ML307'), []);
    } finally {
      await client.dispose();
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});
