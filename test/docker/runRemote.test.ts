import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockerEngine } from '../../core/src/docker/engine';
import { preflight } from '../../core/src/run/preflight';
import type { RunRequest } from '../../core/src/run/runRequest';
import { buildImage, startContainer, stopContainer, waitHealthy } from '../../core/src/run/runner';
import { mldock } from '../helpers/cli';
import { engine, engineUnavailable } from '../helpers/dockerEngine';
import { FIXTURES, ROOT } from '../helpers/paths';
import { containersMatching, freePort } from './runHelpers';

/**
 * The remote-GPU-box path (DOCKER_HOST=ssh://user@gpu-box, or a docker context) is the same code path
 * as any DOCKER_HOST: every command goes to the engine the environment names. Here that engine is a
 * second dockerd on another socket, started by scripts/start-second-docker-engine.sh, and the tests
 * check that the image and the container end up there and not on the default engine.
 */
function secondEngine(): { host?: string; skip?: string } {
  const first = engineUnavailable();
  if (first) return { skip: first };
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'start-second-docker-engine.sh')], { encoding: 'utf8', timeout: 5 * 60_000 });
  const host = r.status === 0 ? r.stdout.trim().split('\n').at(-1) : undefined;
  if (host?.startsWith('unix://')) return { host };
  const reason = `the second Docker engine could not be started (${(r.stderr || r.stdout || r.error?.message || '').trim().split('\n').slice(-2).join(' ')})`;
  if (process.env.CI === 'true') throw new Error(`${reason}; under CI=true the remote-engine tests must run`);
  return { skip: `skipped: ${reason}` };
}

const { host, skip } = secondEngine();
if (skip) console.log(`# docker tier ${skip}`);

const HTTP = path.join(FIXTURES, 'docker', 'http-service');
const TAG = `mldock-test/run-remote:${process.pid}`;
const unique = `${process.pid}-${Date.now().toString(36)}`;
const CONTEXT = `mldock-test-second-${unique}`;

function request(overrides: Partial<RunRequest> = {}): RunRequest {
  return { dockerfile: path.join(HTTP, 'Dockerfile'), context: HTTP, tag: TAG, buildArgs: { GREETING: 'remote' }, gpus: { kind: 'none' }, ports: [], mounts: [], detach: true, ...overrides };
}

const exists = (on: DockerEngine, ref: string) => on.run(['image', 'inspect', ref]).then(() => true, () => false);

describe('Build & Run on another engine (DOCKER_HOST / docker context)', { skip }, () => {
  const remote = new DockerEngine({ env: { ...process.env, DOCKER_HOST: host } });
  before(async () => {
    await engine.run(['context', 'create', CONTEXT, '--docker', `host=${host}`]);
  });
  after(async () => {
    await remote.run(['image', 'rm', '--force', TAG]).catch(() => undefined);
    await engine.run(['context', 'rm', '--force', CONTEXT]).catch(() => undefined);
  });

  test('builds, runs and becomes healthy on the engine DOCKER_HOST names, not on the default one', async () => {
    const status = await remote.status();
    assert.ok(status.ok && status.endpoint === host, JSON.stringify(status));
    const text = fs.readFileSync(path.join(HTTP, 'Dockerfile'), 'utf8');
    assert.deepEqual(await preflight(remote, request(), text), []);

    await buildImage(remote, request());
    assert.equal(await exists(remote, TAG), true, 'the image is on the second engine');
    assert.equal(await exists(engine, TAG), false, 'and not on the default one');

    const port = await freePort();
    const name = `mldock-remote-${unique}`;
    const { containerId } = await startContainer(remote, request({ name, ports: [{ host: port, container: 8000 }] }), TAG);
    try {
      assert.equal((await containersMatching(name, remote)).length, 1);
      assert.deepEqual(await containersMatching(name), [], 'the default engine runs nothing');
      assert.equal(await waitHealthy(remote, containerId, { timeoutMs: 60_000 }), 'healthy');
      assert.equal((await (await fetch(`http://127.0.0.1:${port}/`)).text()).trim(), 'remote from mldock');
    } finally {
      await stopContainer(remote, containerId, { timeoutSeconds: 1 });
    }
    assert.deepEqual(await containersMatching(name, remote), []);
  });

  test('a GPU request names the engine that lacks the runtime', async () => {
    const problems = await preflight(remote, request({ gpus: { kind: 'all' } }), 'FROM mldock-test/busybox:1\n');
    assert.deepEqual(problems.map((p) => p.code), ['no-gpu-runtime']);
    assert.ok(problems[0]!.message.includes(`Engine: ${host}.`), problems[0]!.message);
  });

  test('mldock run follows DOCKER_HOST and DOCKER_CONTEXT', async () => {
    for (const env of [{ DOCKER_HOST: host }, { DOCKER_CONTEXT: CONTEXT, DOCKER_HOST: '' }]) {
      const name = `mldock-remote-cli-${Object.keys(env)[0]!.toLowerCase()}-${unique}`;
      const r = mldock(['run', '--tag', TAG, '--name', name, '--detach', '--wait-healthy', '--quiet'], { cwd: HTTP, env });
      assert.equal(r.status, 0, r.stderr);
      try {
        assert.equal((await containersMatching(name, remote)).length, 1, `${JSON.stringify(env)}: the container runs on the second engine`);
        assert.deepEqual(await containersMatching(name), []);
      } finally {
        await remote.run(['rm', '--force', name]).catch(() => undefined);
      }
    }
  });
});
