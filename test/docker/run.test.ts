import { after, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockerEngine } from '../../core/src/docker/engine';
import { EngineError } from '../../core/src/docker/errors';
import { inspectImage, MLDOCK_LABELS } from '../../core/src/docker/images';
import type { BuildProgress } from '../../core/src/run/buildProgress';
import { preflight, TOOLKIT_INSTALL_URL } from '../../core/src/run/preflight';
import type { RunRequest } from '../../core/src/run/runRequest';
import { BuildFailedError, buildImage, listRunContainers, RunFailedError, startContainer, stopContainer, waitHealthy } from '../../core/src/run/runner';
import { engine, engineUnavailable, removeImages } from '../helpers/dockerEngine';
import { FIXTURES } from '../helpers/paths';
import { containersMatching, eventually, freePort } from './runHelpers';

const skip = engineUnavailable();
if (skip) console.log(`# docker tier ${skip}`);

const HTTP = path.join(FIXTURES, 'docker', 'http-service');
const TAG = `mldock-test/run-http:${process.pid}`;
const unique = `${process.pid}-${Date.now().toString(36)}`;

function httpRequest(overrides: Partial<RunRequest> = {}): RunRequest {
  return {
    dockerfile: path.join(HTTP, 'Dockerfile'),
    context: HTTP,
    tag: TAG,
    buildArgs: { GREETING: 'howdy' },
    gpus: { kind: 'none' },
    ports: [],
    mounts: [],
    detach: true,
    ...overrides,
  };
}

describe('Build & Run on a real Docker engine', { skip }, () => {
  let built = false;
  const ensureBuilt = async () => {
    if (!built) await buildImage(engine, httpRequest());
    built = true;
  };
  after(async () => {
    await removeImages(TAG);
  });

  test('the HTTP service builds with step progress, runs, becomes healthy and answers on the published port', async () => {
    const progress: BuildProgress[] = [];
    const lines: string[] = [];
    const { imageId } = await buildImage(engine, httpRequest(), { onProgress: (p) => progress.push(p), onOutput: (l) => lines.push(l) });
    built = true;
    assert.match(imageId ?? '', /^sha256:[0-9a-f]{64}$/);
    const image = await inspectImage(engine, TAG);
    assert.equal(image.id, imageId);
    assert.equal(image.labels[MLDOCK_LABELS.dockerfile], path.join(HTTP, 'Dockerfile'), 'the layer view can find the Dockerfile');
    // Legacy `Step N/M` (this engine has no BuildKit): every instruction of the file, in order.
    assert.deepEqual(progress.slice(0, 3).map((p) => [p.step, p.text]), [[1, 'ARG GREETING=hello'], [2, 'FROM mldock-test/busybox:1 AS content'], [3, 'ARG GREETING']]);
    assert.ok(progress.every((p, i) => p.step === i + 1 && p.total === progress[0]!.total), 'steps count up to a fixed total');
    assert.ok(lines.some((l) => /^Successfully tagged /.test(l)), 'the build output is streamed line by line');

    const port = await freePort();
    const { containerId, exited } = await startContainer(engine, httpRequest({ ports: [{ host: port, container: 8000 }], name: `mldock-run-${unique}` }), TAG);
    assert.equal(exited, undefined, 'a detached run does not follow the output');
    try {
      assert.equal(await waitHealthy(engine, containerId, { timeoutMs: 60_000 }), 'healthy');
      const response = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(response.status, 200);
      assert.equal((await response.text()).trim(), 'howdy from mldock', 'the build arg reached the build');
      const listed = (await listRunContainers(engine)).find((c) => c.id === containerId);
      assert.ok(listed, 'the status bar finds the container by its run label');
      assert.equal(listed.dockerfile, path.join(HTTP, 'Dockerfile'));
      assert.match(listed.ports, new RegExp(`:${port}->8000/tcp`));
    } finally {
      await stopContainer(engine, containerId, { timeoutSeconds: 1 });
    }
    assert.deepEqual(await containersMatching(`mldock-run-${unique}`), [], 'stopContainer removes it');
  });

  test('an attached run streams the output; aborting stops and removes the container', async () => {
    await ensureBuilt();
    const name = `mldock-attached-${unique}`;
    const controller = new AbortController();
    const output: string[] = [];
    const port = await freePort();
    const { containerId, exited } = await startContainer(engine, httpRequest({ detach: false, name, ports: [{ host: port, container: 8000 }] }), TAG, {
      signal: controller.signal,
      onOutput: (line) => output.push(line),
    });
    assert.ok(exited);
    try {
      assert.equal(await waitHealthy(engine, containerId, { timeoutMs: 60_000, signal: controller.signal }), 'healthy');
      await fetch(`http://127.0.0.1:${port}/index.html`).then((r) => r.text());
      // httpd -vv logs each request's URL on stderr, which `docker logs --follow` passes on.
      await eventually('the request appears in the streamed output', async () => output.some((l) => l.includes('url:/index.html')), 15_000);
    } finally {
      controller.abort();
    }
    assert.deepEqual(await exited, { exitCode: null, cancelled: true });
    assert.deepEqual(await containersMatching(name), [], 'no container is left');
  });

  test('aborting a build ends docker build, and the engine leaves no build container behind', async () => {
    const marker = `cancel-${unique}`;
    const dir = path.join(FIXTURES, 'docker', 'slow-step');
    const controller = new AbortController();
    const started = Date.now();
    const building = buildImage(engine, { ...httpRequest({ dockerfile: path.join(dir, 'Dockerfile'), context: dir, tag: `mldock-test/slow:${process.pid}` }), buildArgs: { MARKER: marker } }, {
      signal: controller.signal,
      // Abort once the slow step is running in its build container.
      onOutput: (line) => {
        if (line.includes(`slow step ${marker} started`)) controller.abort();
      },
    });
    await assert.rejects(building, (e: unknown) => e instanceof EngineError && e.kind === 'cancelled');
    assert.ok(Date.now() - started < 60_000, 'cancelled long before the 300 s step would end');
    await eventually('the build container is removed', async () => (await containersMatching(marker)).length === 0);
    await assert.rejects(inspectImage(engine, `mldock-test/slow:${process.pid}`), 'no image was tagged');
  });

  test('a failing step is reported on its Dockerfile line with the builder\'s message', async () => {
    const dir = path.join(FIXTURES, 'docker', 'failing-step');
    const tag = `mldock-test/failing:${process.pid}`;
    const error = await buildImage(engine, httpRequest({ dockerfile: path.join(dir, 'Dockerfile'), context: dir, tag, buildArgs: {} })).then(
      () => assert.fail('the build must fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof BuildFailedError, String(error));
    assert.equal(error.step?.line, 4, 'line 5 (0-based 4): the RUN that exits 3');
    assert.match(error.step!.message, /returned a non-zero code: 3/);
    assert.match(error.message, /failed at line 5/);
    assert.equal(error.exitCode, 3, 'the legacy builder exits with the code of the failing command');
    await removeImages(tag);
  });

  test('--gpus all on this engine without an NVIDIA runtime fails preflight with the NVIDIA Container Toolkit message', async () => {
    const text = fs.readFileSync(path.join(HTTP, 'Dockerfile'), 'utf8');
    const problems = await preflight(engine, httpRequest({ gpus: { kind: 'all' } }), text, { hostDriver: null });
    assert.deepEqual(problems.map((p) => p.code), ['no-gpu-runtime']);
    const [p] = problems;
    assert.equal(p!.severity, 'error');
    assert.match(p!.message, /no GPU runtime: the NVIDIA Container Toolkit is not installed or not configured/);
    assert.ok(p!.actions.some((a) => a.url === TOOLKIT_INSTALL_URL && a.kind === 'open-url'));
    assert.ok(p!.actions.some((a) => a.kind === 'run-on-cpu'));
    assert.match(p!.detail!, /Runtimes the engine has: .*runc/);
    // The CPU run of the same request passes.
    assert.deepEqual(await preflight(engine, httpRequest(), text, { hostDriver: null }), []);
  });

  test('with preflight bypassed, the raw daemon error is recognised and the created container removed', async () => {
    await ensureBuilt();
    const name = `mldock-gpu-${unique}`;
    const error = await startContainer(engine, httpRequest({ gpus: { kind: 'all' }, name }), TAG).then(
      () => assert.fail('the start must fail on an engine without GPUs'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof RunFailedError, String(error));
    assert.equal(error.problem?.code, 'no-gpu-runtime');
    assert.match(error.detail, /could not select device driver "" with capabilities: \[\[gpu\]\]/, 'the daemon\'s own words are kept');
    assert.match(error.message, /NVIDIA Container Toolkit/);
    assert.deepEqual(await containersMatching(name), [], 'the container docker created before failing is removed');
  });

  test('preflight: a driver too old for the image\'s CUDA names both versions; BuildKit syntax on the legacy builder; bad requests', async () => {
    const cuda = 'FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04\nCMD ["nvidia-smi"]\n';
    const gpu = await preflight(engine, httpRequest({ gpus: { kind: 'devices', ids: ['0', '1'] } }), cuda, { hostDriver: '535.104.05' });
    const driver = gpu.find((p) => p.code === 'driver-too-old')!;
    assert.match(driver.message, /needs CUDA 12\.4 .*NVIDIA driver 550\.54\.14 or newer, but the host's driver is 535\.104\.05/);
    assert.match(driver.detail!, /CUDA 12\.2 or older/);
    assert.deepEqual((await preflight(engine, httpRequest({ gpus: { kind: 'all' } }), cuda, { hostDriver: '550.54.15' })).map((p) => p.code), ['no-gpu-runtime'], 'a new enough driver passes');

    const kit = 'FROM mldock-test/busybox:1\nRUN --mount=type=cache,target=/root/.cache echo hi\n';
    const legacy = new DockerEngine({ env: { ...process.env, DOCKER_BUILDKIT: '0' } });
    const syntax = await preflight(legacy, httpRequest(), kit);
    assert.deepEqual(syntax.map((p) => p.code), ['buildkit-syntax']);
    assert.match(syntax[0]!.message, /legacy builder/);
    assert.ok(syntax[0]!.actions.some((a) => a.kind === 'use-legacy'));
    assert.deepEqual(await preflight(engine, httpRequest(), kit, { builder: 'buildkit' }), []);

    const bad = await preflight(engine, httpRequest({ tag: 'Not A Tag', target: 'nosuchstage' }), fs.readFileSync(path.join(HTTP, 'Dockerfile'), 'utf8'));
    assert.deepEqual(bad.map((p) => p.code), ['invalid-request', 'invalid-request']);
    assert.match(bad[1]!.message, /no stage named "nosuchstage" \(stages: content, serve\)/);
  });

  test('preflight: docker missing, daemon unreachable', async () => {
    const missing = await preflight(new DockerEngine({ cli: '/nonexistent/docker' }), httpRequest(), '');
    assert.deepEqual(missing.map((p) => p.code), ['docker-missing']);
    assert.match(missing[0]!.message, /"\/nonexistent\/docker" was not found/);
    const down = await preflight(new DockerEngine({ env: { ...process.env, DOCKER_HOST: `unix:///tmp/mldock-no-daemon-${unique}.sock` } }), httpRequest(), '');
    assert.deepEqual(down.map((p) => p.code), ['daemon-unreachable']);
    assert.match(down[0]!.message, /mldock-no-daemon-.*\.sock \(from DOCKER_HOST\) is not reachable/);
  });
});
