import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeDocument, mlCompletions, mlHover, type WorkspaceView } from '../../core/src';

const hoverAt = (text: string, needle: string, workspace?: WorkspaceView) => mlHover(analyzeDocument(text), text.lastIndexOf(needle) + 1, workspace);
const memoryWorkspace = (files: Record<string, string>): WorkspaceView => ({ contextDir: '/ctx', readFile: (p) => files[p], exists: (p) => p in files });
const complete = (text: string) => {
  const lines = text.split('\n');
  return mlCompletions(text, text.length, { line: lines.length - 1, character: lines.at(-1)!.length });
};

test('image hovers: framework images, Python images, removed CUDA tags, unknown newer tags', () => {
  assert.match(hoverAt('FROM pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime\n', 'pytorch')!, /torch \*\*2\.5\.1\*\*.*CUDA \*\*12\.4\*\*.*no nvcc/s);
  assert.match(hoverAt('FROM python:3.12\n', 'python')!, /-slim.*smaller/);
  assert.match(hoverAt('FROM nvidia/cuda:10.2-cudnn7-devel-ubuntu18.04\n', 'nvidia')!, /Removed/);
  assert.match(hoverAt('FROM nvidia/cuda:13.4.0-runtime-ubuntu24.04\n', 'nvidia')!, /newer than MLDock's tag list \(data as of 20\d\d-\d\d\)/);
  assert.equal(hoverAt('FROM registry.example.com/x:1\n', 'registry'), undefined);
});

test('requirement hovers: unknown versions are unknown, not invalid; missing variants are named', () => {
  assert.match(hoverAt('FROM python:3.12\nRUN pip install torch==2.99.0\n', 'torch==')!, /unknown to MLDock \(data as of/);
  assert.match(hoverAt('FROM python:3.12\nRUN pip install torch==2.1.0+cu124\n', 'torch==')!, /no such wheel/);
  assert.match(hoverAt('FROM python:3.12\nRUN pip install torchvision==0.19.1\n', 'torchvision')!, /Requires torch \*\*2\.4\.1\*\*/);
  assert.match(hoverAt('FROM python:3.12\nRUN pip install "jax[cuda12]"\n', 'jax')!, /CUDA 12 libraries from pip/);
  assert.match(hoverAt('FROM python:3.12\nRUN pip install tensorflow-gpu==2.10.0\n', 'tensorflow')!, /Deprecated/);
});

test('a copied requirements file is explained on the COPY and on `pip install -r`', () => {
  const ws = memoryWorkspace({ 'reqs/ml.txt': '--extra-index-url https://download.pytorch.org/whl/cu121\ntorch==2.3.1\nflask\n' });
  const text = 'FROM python:3.11-slim\nCOPY reqs/ml.txt /app/requirements.txt\nRUN pip install -r /app/requirements.txt\n';
  assert.match(hoverAt(text, 'reqs/ml.txt', ws)!, /Line 2: `torch==2\.3\.1`[\s\S]*torchvision \*\*0\.18\.1\*\*/);
  assert.match(hoverAt(text, '/app/requirements.txt', ws)!, /whl\/cu121/);
});

test('completions: only in their contexts, env names insert NAME=', () => {
  assert.equal(complete('FROM python:3.'), undefined);
  assert.equal(complete('RUN echo torch=='), undefined);
  const env = complete('FROM python:3.12\nENV HF_')!;
  assert.ok(env.items.some((i) => i.label === 'HF_HOME'));
  assert.equal((env.items.find((i) => i.label === 'HF_HOME')!.textEdit as { newText: string }).newText, 'HF_HOME=');
  const cont = complete('FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\nRUN pip install \\\n  torch==2.1.2+cu121 \\\n  torchaudio==')!;
  assert.deepEqual(cont.items.map((i) => i.label), ['2.1.2+cu121']);
  const urls = complete('FROM python:3.12-slim\nRUN pip install torch==2.5.1 --index-url=https://download.pytorch.org/whl/c')!;
  assert.deepEqual(urls.items.map((i) => i.label), ['https://download.pytorch.org/whl/cu124', 'https://download.pytorch.org/whl/cu121', 'https://download.pytorch.org/whl/cu118', 'https://download.pytorch.org/whl/cpu']);
});
