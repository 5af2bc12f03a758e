import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { baseImageFacts, runsAsNonRoot } from '../../core/src/knowledge/baseImages';
import { parseImageRef } from '../../core/src/parse/imageRef';

const f = (ref: string) => baseImageFacts(parseImageRef(ref)!);

test('python images: libc, Python version, curl on full vs slim, Debian release', () => {
  assert.deepEqual([f('python:3.11-slim')!.python, f('python:3.11-slim')!.curl, f('python:3.11-slim')!.libc], ['3.11', false, 'glibc']);
  assert.equal(f('python:3.12')!.curl, true);
  assert.equal(f('python:3.12-alpine')!.libc, 'musl');
  assert.equal(f('python:3.11-slim-bookworm')!.os, 'debian 12');
});

test('distro python3 per release, CUDA images have none', () => {
  assert.equal(f('ubuntu:22.04')!.aptPython3, '3.10');
  assert.equal(f('nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04')!.aptPython3, '3.10');
  assert.equal(f('nvidia/cuda:12.6.3-runtime-ubuntu24.04')!.aptPython3, '3.12');
  assert.equal(f('nvidia/cuda:12.6.3-runtime-ubuntu24.04')!.python, null);
  assert.equal(f('debian:bookworm-slim')!.aptPython3, '3.11');
});

test('default users: non-root bases are recognised, unknown images are unknown', () => {
  assert.ok(runsAsNonRoot(f('mambaorg/micromamba:1.5.10')));
  assert.ok(runsAsNonRoot(f('quay.io/jupyter/pytorch-notebook:latest')));
  assert.ok(runsAsNonRoot(f('gcr.io/distroless/python3-debian12:nonroot')));
  assert.ok(!runsAsNonRoot(f('python:3.12-slim')));
  assert.equal(f('example.com/team/custom:1'), undefined);
});
