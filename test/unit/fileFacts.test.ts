import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileFacts, fsWorkspace, lintText } from '../../core/src';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mldock-facts-'));
}

/** Moves a file's mtime so a rewrite within the same clock tick still counts as a change. */
function touch(file: string, secondsAgo: number): void {
  const t = Date.now() / 1000 - secondsAgo;
  fs.utimesSync(file, t, t);
}

test('a file is read once while unchanged, and again when it changes on disk', (t) => {
  const dir = tempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'requirements.txt');
  fs.writeFileSync(file, 'torch==2.3.0\n');
  touch(file, 10);
  const facts = new FileFacts();
  assert.equal(facts.readFile(file), 'torch==2.3.0\n');
  const reads: string[] = [];
  const original = fs.readFileSync;
  t.mock.method(fs, 'readFileSync', (...args: Parameters<typeof fs.readFileSync>) => {
    reads.push(String(args[0]));
    return original(...args);
  });
  assert.equal(facts.readFile(file), 'torch==2.3.0\n');
  assert.deepEqual(reads, [], 'an unchanged file is served from the cache');
  fs.writeFileSync(file, 'torch==2.4.0\n');
  assert.equal(facts.readFile(file), 'torch==2.4.0\n', 'same size, new content and mtime: read again');
  assert.equal(reads.length, 1);
  fs.rmSync(file);
  assert.equal(facts.readFile(file), undefined, 'a deleted file is gone at once');
});

test('missing paths, directories and paths through a file answer without throwing', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'a.txt');
    fs.writeFileSync(file, 'x');
    const facts = new FileFacts();
    assert.equal(facts.readFile(path.join(dir, 'nope.txt')), undefined);
    assert.equal(facts.exists(path.join(dir, 'nope.txt')), false);
    assert.equal(facts.readFile(dir), undefined, 'a directory has no text');
    assert.equal(facts.readFile(path.join(file, 'below')), undefined, 'ENOTDIR');
    assert.equal(facts.exists(path.join(file, 'below')), false);
    assert.equal(facts.listDir(file), undefined);
    assert.equal(facts.listDir(path.join(dir, 'nope')), undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a directory listing follows entries added and removed', () => {
  const dir = tempDir();
  try {
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'a.py'), '');
    const facts = new FileFacts();
    assert.deepEqual(facts.listDir(dir)?.sort(), ['a.py', 'src/']);
    fs.writeFileSync(path.join(dir, 'model.safetensors'), '');
    assert.deepEqual(facts.listDir(dir)?.sort(), ['a.py', 'model.safetensors', 'src/']);
    fs.rmSync(path.join(dir, 'a.py'));
    assert.deepEqual(facts.listDir(dir)?.sort(), ['model.safetensors', 'src/']);
    facts.listDir(dir)!.push('not.there');
    assert.deepEqual(facts.listDir(dir)?.sort(), ['model.safetensors', 'src/'], 'callers get copies');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('only the most recent paths are kept', () => {
  const dir = tempDir();
  try {
    const facts = new FileFacts(2);
    for (const name of ['a', 'b', 'c']) fs.writeFileSync(path.join(dir, name), name);
    for (const name of ['a', 'b', 'c']) assert.equal(facts.readFile(path.join(dir, name)), name);
    assert.equal((facts as unknown as { files: Map<string, unknown> }).files.size, 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a lint through the cache sees a requirements file change between two keystrokes', () => {
  const dir = tempDir();
  try {
    const dockerfile = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n';
    const req = path.join(dir, 'requirements.txt');
    fs.writeFileSync(req, 'flask==3.0.3\n');
    touch(req, 10);
    const facts = new FileFacts();
    const lint = () => lintText(dockerfile, { workspace: fsWorkspace(dir, 'Dockerfile', facts) }).diagnostics.map((d) => d.rule);
    const before = lint();
    fs.writeFileSync(req, 'flask==3.0.3\ntorch\n');
    const after = lint();
    assert.ok(!before.includes('ML202') && after.includes('ML202'), `torch added on disk is seen by the next lint: ${before} → ${after}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
