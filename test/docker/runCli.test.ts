import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { mldock } from '../helpers/cli';
import { engine, engineUnavailable, removeImages } from '../helpers/dockerEngine';
import { DIST, FIXTURES } from '../helpers/paths';
import { containersMatching, eventually, freePort } from './runHelpers';

const skip = engineUnavailable();
if (skip) console.log(`# docker tier ${skip}`);

const HTTP = path.join(FIXTURES, 'docker', 'http-service');
const TAG = `mldock-test/run-cli:${process.pid}`;
const unique = `${process.pid}-${Date.now().toString(36)}`;

describe('mldock run on a real Docker engine', { skip }, () => {
  after(async () => {
    await removeImages(TAG, `mldock-test/run-cli-fail:${process.pid}`);
  });

  test('--detach --wait-healthy: exit 0 once healthy, the container ID on stdout, the service answers', async () => {
    const port = await freePort();
    const r = mldock(['run', '--tag', TAG, '--build-arg', 'GREETING=hi-cli', '--port', `${port}:8000`, '--detach', '--wait-healthy', '--quiet'], { cwd: HTTP });
    assert.equal(r.status, 0, r.stderr);
    const id = r.stdout.trim();
    assert.match(id, /^[0-9a-f]{64}$/);
    try {
      assert.match(r.stderr, /^\$ docker build --force-rm --file .*Dockerfile --tag mldock-test\/run-cli:\d+ --build-arg GREETING=hi-cli /m);
      assert.match(r.stderr, /^Step 2\/\d+: FROM mldock-test\/busybox:1 AS content$/m, '--quiet shows the steps');
      assert.doesNotMatch(r.stderr, /Removing intermediate container/, '--quiet hides the rest of the build output');
      assert.match(r.stderr, new RegExp(`started container ${id.slice(0, 12)}, http://localhost:${port} → 8000`));
      assert.match(r.stderr, /is healthy/);
      assert.equal((await (await fetch(`http://127.0.0.1:${port}/`)).text()).trim(), 'hi-cli from mldock');
    } finally {
      await engine.run(['rm', '--force', id]);
    }
  });

  test('attached: streams the container output; Ctrl+C stops and removes the container (exit 130)', async () => {
    const port = await freePort();
    const name = `mldock-cli-attached-${unique}`;
    const child = spawn(process.execPath, [path.join(DIST, 'cli.js'), 'run', '--tag', TAG, '--port', `${port}:8000`, '--name', name, '--wait-healthy'], {
      cwd: HTTP,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await eventually('the container is healthy', async () => /is healthy/.test(stderr), 120_000);
      assert.equal((await (await fetch(`http://127.0.0.1:${port}/index.html`)).text()).trim(), 'hello from mldock', 'the ARG default applies');
      // The container's own log lines (httpd -vv writes them to stderr) are passed on.
      await eventually('the request is logged', async () => stderr.includes('url:/index.html'), 15_000);
      assert.ok((await containersMatching(name)).length === 1);
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exit, 130, stderr);
    assert.match(stderr, /stopped and removed container/);
    assert.equal(stdout, '');
    assert.deepEqual(await containersMatching(name), [], 'no container is left');
  });

  test('--gpus all: exit 2 with the NVIDIA Container Toolkit message; with --no-preflight the daemon error is explained (exit 1)', async () => {
    const preflight = mldock(['run', '--tag', TAG, '--gpus', 'all', '--detach'], { cwd: HTTP });
    assert.equal(preflight.status, 2);
    assert.match(preflight.stderr, /error: GPUs were requested, but this Docker engine has no GPU runtime: the NVIDIA Container Toolkit is not installed or not configured/);
    assert.match(preflight.stderr, /→ Install the NVIDIA Container Toolkit: https:\/\/docs\.nvidia\.com\/datacenter\/cloud-native\/container-toolkit\/latest\/install-guide\.html/);
    assert.match(preflight.stderr, /→ or run on CPU: --gpus none/);
    assert.doesNotMatch(preflight.stderr, /\$ docker build/, 'nothing is built');

    const name = `mldock-cli-gpu-${unique}`;
    const bypassed = mldock(['run', '--tag', TAG, '--gpus', 'all', '--detach', '--no-preflight', '--quiet', '--name', name], { cwd: HTTP });
    assert.equal(bypassed.status, 1, bypassed.stderr);
    assert.match(bypassed.stderr, /\$ docker run --detach --name mldock-cli-gpu-\S+ .* --gpus all /);
    assert.match(bypassed.stderr, /could not select device driver "" with capabilities: \[\[gpu\]\]/);
    assert.match(bypassed.stderr, /NVIDIA Container Toolkit is not installed or not configured/);
    assert.deepEqual(await containersMatching(name), []);
  });

  test('a failing build: exit 1 with FILE:LINE of the failing step', () => {
    const dir = path.join(FIXTURES, 'docker', 'failing-step');
    const r = mldock(['run', '--tag', `mldock-test/run-cli-fail:${process.pid}`, '--detach', '--quiet'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^mldock run: Dockerfile:5: build failed: The command '\/bin\/sh -c echo "about to fail" &&\s+exit 3' returned a non-zero code: 3$/m);
  });
});
