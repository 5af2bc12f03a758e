import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { classifyFailure } from '../../core/src/docker/errors';
import { DockerEngine } from '../../core/src/docker/engine';
import { parseBytes, parseJsonLines } from '../../core/src/docker/json';
import { spawnProcess } from '../../core/src/docker/process';

const endpoint = { cli: 'docker' };

// Messages as docker 20–28 and podman print them (captured from real runs).
test('engine failures are explained in plain words with what to do', () => {
  const denied = classifyFailure('permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.50/version": dial unix /var/run/docker.sock: connect: permission denied', endpoint, 'Listing images');
  assert.equal(denied.kind, 'permission-denied');
  assert.match(denied.message, /Permission denied on unix:\/\/\/var\/run\/docker\.sock/);
  assert.match(denied.hint!, /docker" group/);

  const down = classifyFailure('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?', endpoint, 'Listing images');
  assert.equal(down.kind, 'daemon-unreachable');
  assert.match(down.explanation, /not running.*Start Docker/);

  const host = classifyFailure('Cannot connect to the Docker daemon at tcp://127.0.0.1:1. Is the docker daemon running?', { cli: 'docker', host: 'tcp://127.0.0.1:1' }, 'x');
  assert.match(host.message, /tcp:\/\/127\.0\.0\.1:1 \(from DOCKER_HOST\)/);
  assert.match(host.hint!, /DOCKER_HOST/);

  const context = classifyFailure('Failed to initialize: unable to resolve docker endpoint: context "nope": context not found: open /root/.docker/contexts/meta/ca37/meta.json: no such file or directory', { cli: 'docker', context: 'nope' }, 'x');
  assert.equal(context.kind, 'daemon-unreachable');
  assert.match(context.explanation, /context "nope" does not exist.*docker context use/);

  const podman = classifyFailure('Error: unable to connect to Podman socket: Get "http://d/v5.0.0/libpod/_ping": dial unix /run/user/1000/podman/podman.sock: connect: no such file or directory', { cli: 'podman' }, 'x');
  assert.equal(podman.kind, 'daemon-unreachable');
  assert.match(podman.message, /socket does not exist/);

  const missing = classifyFailure('Error response from daemon: No such image: nosuch:latest', endpoint, 'Reading the history of nosuch');
  assert.equal(missing.kind, 'not-found');
  assert.equal(missing.message, 'Reading the history of nosuch: no such image.');

  const other = classifyFailure('Error response from daemon: conflict: unable to remove repository reference "a:1" (must force) - container 123 is using its referenced image 456', endpoint, 'Removing a:1');
  assert.equal(other.kind, 'failed');
  assert.equal(other.message, 'Removing a:1 failed: conflict: unable to remove repository reference "a:1" (must force) - container 123 is using its referenced image 456');
});

test('a missing CLI is reported as not installed, with how to install it', async () => {
  const engine = new DockerEngine({ cli: '/nonexistent/docker' });
  const status = await engine.status();
  assert.equal(status.ok, false);
  assert.equal(!status.ok && status.error.kind, 'not-installed');
  assert.match(!status.ok ? status.error.explanation : '', /was not found.*Install Docker.*mldock\.docker\.path/);
  await assert.rejects(engine.run(['image', 'ls']), (e: Error & { kind?: string }) => e.kind === 'not-installed');
});

test('engine commands get the caller environment (DOCKER_HOST, DOCKER_CONTEXT) and the context flag', async () => {
  // A stand-in CLI that prints its arguments and environment, so the test sees exactly what was run.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldock-cli-'));
  const cli = path.join(dir, 'docker');
  fs.writeFileSync(cli, '#!/bin/sh\nprintf \'{"args":"%s","host":"%s"}\\n\' "$*" "$DOCKER_HOST"\n', { mode: 0o755 });
  const engine = new DockerEngine({ cli, env: { ...process.env, DOCKER_HOST: 'tcp://builder:2376' }, context: 'remote' });
  const [out] = await engine.json<{ args: string; host: string }>(['image', 'ls', '--format', '{{json .}}']);
  assert.deepEqual(out, { args: '--context remote image ls --format {{json .}}', host: 'tcp://builder:2376' });
  fs.rmSync(dir, { recursive: true });
});

test('cancelling a process ends its whole tree, not just the CLI', { skip: process.platform === 'win32' }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldock-tree-'));
  const pidFile = path.join(dir, 'grandchild.pid');
  const controller = new AbortController();
  const started = Date.now();
  const proc = spawnProcess('/bin/sh', ['-c', `sleep 60 & echo $! > ${pidFile}; echo started; wait`], {
    signal: controller.signal,
    onStdout: (text) => {
      if (text.includes('started')) controller.abort();
    },
  });
  const result = await proc.done;
  assert.equal(result.cancelled, true);
  assert.ok(Date.now() - started < 10_000, 'cancellation must not wait for the sleep');
  const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
  // Gone, or a zombie waiting for init to reap it: either way it no longer runs.
  const running = () => {
    try {
      return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${grandchild}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 50 && running(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(running(), false, 'the grandchild (a plugin, a build step) must be ended too');
  fs.rmSync(dir, { recursive: true });
});

test('JSON lines and byte sizes as the CLIs print them', () => {
  assert.deepEqual(parseJsonLines('{"a":1}\n\n{"a":2}\n'), [{ a: 1 }, { a: 2 }]);
  assert.deepEqual(parseJsonLines('[{"a":1}]'), [{ a: 1 }]);
  assert.deepEqual(parseJsonLines('  '), []);
  assert.equal(parseBytes('5242880'), 5242880);
  assert.equal(parseBytes('5.24MB'), 5240000);
  assert.equal(parseBytes('20MB'), 20_000_000);
  assert.equal(parseBytes('1GiB'), 2 ** 30);
  assert.equal(parseBytes('0B'), 0);
  assert.equal(parseBytes('12 parsecs'), undefined);
  assert.equal(parseBytes('-1'), undefined);
});
