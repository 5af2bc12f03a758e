import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeEfficiency } from '../../core/src/layers/efficiency';
import { LayerFiles } from '../../core/src/layers/layerFiles';
import { layerRows } from '../../core/src/layers/imageLayers';
import type { HistoryRow } from '../../core/src/docker/images';

type Spec = readonly (readonly [string, number | 'dir' | 'whiteout' | 'opaque' | 'symlink'])[];

function layer(spec: Spec): LayerFiles {
  const files = new LayerFiles();
  for (const [path, what] of spec) {
    if (what === 'dir') files.add({ name: `${path}/`, type: 'directory', size: 0, linkname: '', mode: 0o755 });
    else if (what === 'symlink') files.add({ name: path, type: 'symlink', size: 0, linkname: 'target', mode: 0o777 });
    else if (what === 'whiteout') files.add({ name: path.replace(/([^/]+)$/, '.wh.$1'), type: 'file', size: 0, linkname: '', mode: 0 });
    else if (what === 'opaque') files.add({ name: `${path}/.wh..wh..opq`, type: 'file', size: 0, linkname: '', mode: 0 });
    else files.add({ name: path, type: 'file', size: what, linkname: '', mode: 0o644 });
  }
  return files;
}

test("dive's own test case (filetree/efficiency_test.go): a file rewritten in a later layer", () => {
  const report = analyzeEfficiency([
    layer([['etc/nginx/nginx.conf', 2000], ['etc/nginx/public', 3000]]),
    layer([['etc/nginx/nginx.conf', 5000], ['etc/athing', 10000]]),
  ]);
  assert.equal(report.efficiency, 0.75);
  assert.deepEqual(report.inefficiencies.map((f) => [f.path, f.count, f.cumulativeSize, f.copies.map((c) => c.layer)]), [['/etc/nginx/nginx.conf', 2, 7000, [0, 1]]]);
  assert.equal(report.wastedBytes, 7000, "dive's WastedBytes sums every record of the path");
  assert.equal(report.reclaimableBytes, 2000, 'only the overwritten copy would be saved by squashing');
  assert.equal(report.userWastedPercent, 7000 / 15000);
});

test('a file written in one layer and deleted in the next: all of it is wasted', () => {
  const MiB5 = 5 * 2 ** 20;
  const report = analyzeEfficiency([layer([['bin/sh', 1000]]), layer([['tmp', 'dir'], ['tmp/blob', MiB5]]), layer([['tmp', 'dir'], ['tmp/blob', 'whiteout']])]);
  assert.equal(report.wastedBytes, MiB5);
  assert.equal(report.reclaimableBytes, MiB5);
  assert.equal(report.efficiency, 1000 / (1000 + MiB5));
  assert.equal(report.layers[1]!.deadBytes, MiB5);
  assert.deepEqual(report.layers[1]!.deadPaths, [{ path: '/tmp/blob', size: MiB5, removedIn: 2, overwrittenIn: undefined }]);
  assert.deepEqual(report.inefficiencies[0]!.removedIn, [2]);
});

test('a deleted directory counts as the deletion of every file in it (what `rm -rf ~/.cache/pip` leaves behind)', () => {
  const report = analyzeEfficiency([
    layer([['root', 'dir'], ['root/.cache', 'dir'], ['root/.cache/pip', 'dir'], ['root/.cache/pip/a.whl', 700], ['root/.cache/pip/sub', 'dir'], ['root/.cache/pip/sub/b', 300], ['usr/lib/torch.so', 5000]]),
    layer([['root', 'dir'], ['root/.cache', 'dir'], ['root/.cache/pip', 'whiteout']]),
  ]);
  assert.equal(report.reclaimableBytes, 1000);
  assert.equal(report.wastedBytes, 1000);
  assert.deepEqual(report.inefficiencies.map((f) => f.path).sort(), ['/root/.cache/pip/a.whl', '/root/.cache/pip/sub/b']);
  assert.equal(report.efficiency, 5000 / 6000);
});

test('an opaque directory hides the lower layers’ files but keeps what its own layer adds', () => {
  const report = analyzeEfficiency([
    layer([['data', 'dir'], ['data/old', 400]]),
    layer([['data', 'dir'], ['data', 'opaque'], ['data/new', 100]]),
  ]);
  assert.deepEqual(report.inefficiencies.map((f) => [f.path, f.reclaimableBytes]), [['/data/old', 400]]);
  assert.equal(report.reclaimableBytes, 400);
});

test('a file overwritten by a later COPY is one inefficient file; its dead copy counts once', () => {
  const report = analyzeEfficiency([
    layer([['app', 'dir'], ['app/config.json', 1000]]),
    layer([['app', 'dir'], ['app/config.json', 1500]]),
    layer([['app', 'dir'], ['app/other', 10]]),
  ]);
  assert.equal(report.inefficiencies.length, 1);
  const [file] = report.inefficiencies;
  assert.deepEqual([file!.path, file!.count, file!.cumulativeSize, file!.reclaimableBytes], ['/app/config.json', 2, 2500, 1000]);
  assert.deepEqual(file!.copies, [{ layer: 0, size: 1000, visible: false }, { layer: 1, size: 1500, visible: true }]);
  assert.deepEqual(report.layers.map((l) => l.deadBytes), [1000, 0, 0]);
  assert.deepEqual(report.layers[0]!.deadPaths[0], { path: '/app/config.json', size: 1000, removedIn: undefined, overwrittenIn: 1 });
});

test('edge cases: empty image, a dangling whiteout, directories touched by every layer', () => {
  assert.equal(analyzeEfficiency([]).efficiency, 1);
  assert.equal(analyzeEfficiency([layer([])]).efficiency, 1);
  const report = analyzeEfficiency([
    layer([['tmp', 'dir'], ['bin/x', 10]]),
    layer([['tmp', 'dir'], ['tmp/never-existed', 'whiteout'], ['bin/y', 5]]),
    layer([['tmp', 'dir']]),
  ]);
  assert.equal(report.efficiency, 1, 'a whiteout of a path no lower layer has costs nothing (dive PR #715)');
  assert.equal(report.wastedBytes, 0);
  assert.deepEqual(report.inefficiencies, [], 'zero-byte records are not listed');
});

test('filesystem layers map to the history rows that are not empty layers', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i): HistoryRow => ({ index: i, id: undefined, createdBy: '', created: undefined, size: 0, comment: '' }));
  const history = [false, true, true, false, false, true, false].map((emptyLayer) => ({ createdBy: '', emptyLayer }));
  const layers = Array.from({ length: 4 }, () => ({ archivePath: '', files: new LayerFiles() }));
  assert.deepEqual(layerRows(rows(7), { config: { history, diffIds: [], labels: {} }, layers }), [0, 3, 4, 6]);
  // History is optional: with none, layers map to the last rows.
  assert.deepEqual(layerRows(rows(4), { config: { history: [], diffIds: [], labels: {} }, layers }), [0, 1, 2, 3]);
});
