import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument } from '../../core/src';
import { DockerEngine } from '../../core/src/docker/engine';
import { EngineError } from '../../core/src/docker/errors';
import { imageHistory, inspectImage, listImages, MLDOCK_LABELS, removeImage } from '../../core/src/docker/images';
import { matchHistory } from '../../core/src/layers/historyMatch';
import { analyzeImageWaste, imageLayers } from '../../core/src/layers/imageLayers';
import { mldock } from '../helpers/cli';
import { buildFixture, engine, engineUnavailable, removeImages } from '../helpers/dockerEngine';
import { FIXTURES } from '../helpers/paths';

const skip = engineUnavailable();
if (skip) console.log(`# docker tier ${skip}`);

const WASTE = `mldock-test/waste:${process.pid}`;
const CLEAN = `mldock-test/clean:${process.pid}`;
const KiB = 1024;
const MiB = 1024 * KiB;

describe('layers on a real Docker engine', { skip }, () => {
  before(async () => {
    await buildFixture('waste', WASTE, ['--label', `${MLDOCK_LABELS.dockerfile}=test/fixtures/docker/waste/Dockerfile`]);
    await buildFixture('clean', CLEAN);
  });
  after(async () => {
    await removeImages(WASTE, CLEAN);
  });

  test('layer sizes agree with docker history and docker image inspect', async () => {
    const { image, layers, largest } = await imageLayers(engine, WASTE);
    const history = await imageHistory(engine, WASTE);
    assert.deepEqual(layers.map((l) => [l.createdBy, l.size]), history.map((h) => [h.createdBy, h.size]));
    assert.equal(layers.reduce((s, l) => s + l.size, 0), image.size, 'the layers add up to the image size');
    assert.equal(layers[largest!]!.size, 5 * MiB, 'the 5 MiB dd step is the largest layer');
    assert.match(layers[largest!]!.instruction, /^RUN mkdir -p \/scratch && dd /);
    assert.ok(layers.filter((l) => l.empty).some((l) => l.instruction.startsWith('ENV MODEL_DIR')), 'ENV is a metadata-only step');
    assert.equal(image.labels[MLDOCK_LABELS.dockerfile], 'test/fixtures/docker/waste/Dockerfile');

    // The analysis reads every layer tar: its sizes must be the daemon's.
    const waste = await analyzeImageWaste(engine, image.id, layers, image.size);
    assert.equal(waste.layers.length, image.layerCount);
    for (const l of waste.layers) {
      const rowSize = layers[l.row]!.size;
      assert.ok(rowSize === l.contentBytes || rowSize === l.dockerBytes, `layer ${l.layer} (${layers[l.row]!.instruction}): history says ${rowSize}, the tar holds ${l.contentBytes} (+symlinks ${l.dockerBytes})`);
    }
  });

  test('5 MiB written and deleted, a file overwritten by a later COPY, a deleted cache directory', async () => {
    const { image, layers } = await imageLayers(engine, WASTE);
    const waste = await analyzeImageWaste(engine, image.id, layers, image.size);
    const byPath = new Map(waste.inefficientFiles.map((f) => [f.path, f]));

    const blob = byPath.get('/scratch/blob')!;
    assert.equal(blob.cumulativeSize, 5 * MiB);
    assert.equal(blob.reclaimableBytes, 5 * MiB);
    assert.equal(layers[blob.rows[0]!]!.instruction.startsWith('RUN mkdir -p /scratch'), true);
    assert.equal(layers[blob.rows[1]!]!.instruction, 'RUN rm /scratch/blob');

    const config = byPath.get('/app/config.json')!;
    assert.equal(config.count, 2, 'one inefficient file, seen in two layers');
    assert.equal(config.cumulativeSize, 2500);
    assert.equal(config.reclaimableBytes, 1000, 'the overwritten copy counts once');
    assert.equal(waste.inefficientFiles.filter((f) => f.path === '/app/config.json').length, 1);

    const wheel = byPath.get('/root/.cache/pip/wheel.whl')!;
    assert.equal(wheel.reclaimableBytes, 300 * KiB, 'rm -rf of a directory frees nothing in the image');

    assert.equal(waste.reclaimableBytes, 5 * MiB + 1000 + 300 * KiB);
    assert.equal(waste.wastedBytes, 5 * MiB + 2500 + 300 * KiB);
    assert.ok(waste.efficiency > 0.2 && waste.efficiency < 0.35, `efficiency ${waste.efficiency}`);
    const dd = waste.layers.find((l) => layers[l.row]!.instruction.startsWith('RUN mkdir -p /scratch'))!;
    assert.equal(dd.deadBytes, 5 * MiB);
    assert.deepEqual(dd.deadPaths.map((p) => [p.path, p.removedInRow !== undefined && layers[p.removedInRow]!.instruction]), [['/scratch/blob', 'RUN rm /scratch/blob']]);
  });

  test('the history of a real build leads back to the Dockerfile lines', async () => {
    const history = await imageHistory(engine, WASTE);
    const file = path.join(FIXTURES, 'docker', 'waste', 'Dockerfile');
    const doc = analyzeDocument(fs.readFileSync(file, 'utf8'));
    const match = matchHistory(history.map((h) => h.createdBy), doc)!;
    assert.ok(match);
    const lines = doc.text.split('\n');
    for (const row of history) {
      const instruction = match.byRow.get(row.index);
      if (row.index === 0) assert.equal(instruction, undefined, 'the base image row has no instruction here');
      else if (row.createdBy.includes(MLDOCK_LABELS.dockerfile)) assert.equal(instruction, undefined, '`docker build --label` adds a step the Dockerfile does not have');
      else assert.ok(instruction, `row ${row.index} (${row.createdBy}) is matched`);
      if (instruction?.keyword === 'RUN') assert.ok(row.createdBy.includes(lines[instruction.startLine]!.replace(/^RUN /, '').split(' ')[0]!));
    }
  });

  test('mldock layers: JSON with one layer per history row, and dive-style CI thresholds', async () => {
    const history = await imageHistory(engine, WASTE);
    const json = mldock(['layers', WASTE, '--json', '--waste']);
    assert.equal(json.status, 0, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.deepEqual(report.layers.map((l: { size: number; createdBy: string }) => [l.createdBy, l.size]), history.map((h) => [h.createdBy, h.size]));
    assert.equal(report.reclaimableBytes, 5 * MiB + 1000 + 300 * KiB);
    assert.ok(report.inefficientFiles.some((f: { path: string }) => f.path === '/scratch/blob'));

    const failing = mldock(['layers', WASTE, '--max-wasted-bytes', '1MB', '--min-efficiency', '0.9']);
    assert.equal(failing.status, 1, failing.stderr);
    assert.match(failing.stdout, /FAIL: max-wasted-bytes/);
    assert.match(failing.stdout, /FAIL: min-efficiency/);
    assert.match(failing.stdout, /\/scratch\/blob/);

    const passing = mldock(['layers', WASTE, '--max-wasted-bytes', '100MB', '--min-efficiency', '0.1']);
    assert.equal(passing.status, 0, passing.stdout);

    const clean = mldock(['layers', CLEAN, '--min-efficiency', '1', '--max-wasted-bytes', '0', '--max-wasted-percent', '0', '--json']);
    assert.equal(clean.status, 0, clean.stdout);
    assert.equal(JSON.parse(clean.stdout).efficiency, 1);
    assert.equal(JSON.parse(clean.stdout).passed, true);
  });

  test('engine problems are exit code 2 with a reason a user can act on', () => {
    const missing = mldock(['layers', 'mldock-test/does-not-exist:1']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no such image/);
    const noCli = mldock(['layers', WASTE, '--docker', '/nonexistent/docker']);
    assert.equal(noCli.status, 2);
    assert.match(noCli.stderr, /"\/nonexistent\/docker" was not found\. Install Docker/);
    const noDaemon = mldock(['layers', WASTE], { env: { DOCKER_HOST: 'unix:///tmp/mldock-no-such.sock' } });
    assert.equal(noDaemon.status, 2);
    assert.match(noDaemon.stderr, /unix:\/\/\/tmp\/mldock-no-such\.sock \(from DOCKER_HOST\) is not reachable/);
    assert.equal(mldock(['layers']).status, 2);
    assert.equal(mldock(['layers', WASTE, '--min-efficiency', '2']).status, 2);
  });

  test('cancelling an analysis stops docker save', async () => {
    const { image, layers } = await imageLayers(engine, WASTE);
    const controller = new AbortController();
    const analysis = analyzeImageWaste(engine, image.id, layers, image.size, { signal: controller.signal, onProgress: () => controller.abort() });
    await assert.rejects(analysis, (e: EngineError) => e.kind === 'cancelled');
  });

  test('listing and removing images; the status of a reachable and an unreachable engine', async () => {
    const images = await listImages(engine);
    const clean = images.find((i) => i.tags.includes(CLEAN));
    assert.ok(clean, 'the clean fixture is listed');
    assert.equal(clean.size, (await inspectImage(engine, CLEAN)).size);
    const status = await engine.status();
    assert.equal(status.ok, true);
    const down = await new DockerEngine({ env: { ...process.env, DOCKER_HOST: 'unix:///tmp/mldock-no-such.sock' } }).status();
    assert.equal(down.ok, false);
    assert.equal(!down.ok && down.error.kind, 'daemon-unreachable');

    const copy = `${CLEAN}-copy`;
    await engine.run(['tag', CLEAN, copy]);
    await removeImage(engine, copy);
    await assert.rejects(inspectImage(engine, copy), (e: EngineError) => e.kind === 'not-found');
  });
});
