import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TarParser, type TarHeader } from '../../core/src/layers/tarParser';
import { readImageArchive } from '../../core/src/layers/imageArchive';
import { EntryKind } from '../../core/src/layers/layerFiles';
import { chunked, gzip, layerTar, legacyArchive, ociArchive, tar } from '../helpers/tarWriter';

async function parse(buf: Buffer, sizes?: number[]): Promise<(TarHeader & { bytes: number })[]> {
  const seen: (TarHeader & { bytes: number })[] = [];
  const parser = new TarParser((h) => {
    const entry = { ...h, bytes: 0 };
    seen.push(entry);
    return { data: (c) => void (entry.bytes += c.length) };
  });
  for await (const chunk of chunked(buf, sizes)) await parser.write(chunk);
  await parser.end();
  return seen;
}

test('tar parser: ustar, PAX and GNU long names, links and directories, in any chunking', async () => {
  const long = `${'deep/'.repeat(30)}model.safetensors`;
  const archive = tar([
    { name: 'app/', type: 'dir' },
    { name: 'app/weights.bin', content: Buffer.alloc(70000, 1) },
    { name: long, content: 'x'.repeat(600), longName: 'pax' },
    { name: `gnu/${long}`, content: 'y', longName: 'gnu' },
    { name: 'app/link', type: 'symlink', linkname: '../etc/target' },
    { name: 'app/hard', type: 'hardlink', linkname: 'app/weights.bin' },
    { name: 'empty' },
  ]);
  for (const sizes of [[1], [511, 2], [archive.length], [7, 513, 1, 4096]]) {
    const entries = await parse(archive, sizes);
    assert.deepEqual(entries.map((e) => [e.name, e.type, e.size, e.bytes]), [
      ['app/', 'directory', 0, 0],
      ['app/weights.bin', 'file', 70000, 70000],
      [long, 'file', 600, 600],
      [`gnu/${long}`, 'file', 1, 1],
      ['app/link', 'symlink', 0, 0],
      ['app/hard', 'hardlink', 0, 0],
      ['empty', 'file', 0, 0],
    ], `chunk sizes ${sizes.join(',')}`);
    assert.equal(entries[4]!.linkname, '../etc/target');
  }
});

test('tar parser: a truncated archive and a corrupt header are errors, not silent success', async () => {
  const archive = tar([{ name: 'a', content: Buffer.alloc(2000) }], { end: false });
  await assert.rejects(parse(archive.subarray(0, 1000)), /truncated/);
  const corrupt = Buffer.from(archive);
  corrupt[10] = 0x7a;
  await assert.rejects(parse(corrupt), /checksum/);
});

const HISTORY = [
  { created_by: '' },
  { created_by: '/bin/sh -c #(nop)  ENV A=1', empty_layer: true },
  { created_by: '/bin/sh -c dd if=/dev/zero of=/big bs=1M count=1' },
  { created_by: '/bin/sh -c rm /big' },
];
const LAYERS = [
  layerTar([['bin', 'dir'], ['bin/sh', 1000], ['etc', 'dir'], ['etc/passwd', 'root:x:0:0']]),
  layerTar([['big', 1 << 20]]),
  layerTar([['big', 'whiteout']]),
];

function describe(archive: Awaited<ReturnType<typeof readImageArchive>>) {
  return archive.layers.map((l) => l.files.paths.map((p, i) => `${p}:${l.files.sizes[i]}:${EntryKind[l.files.kinds[i]!]}`));
}

test('image archive, legacy docker save layout: layers in manifest order although the tar is sorted by ID', async () => {
  const archive = await readImageArchive(chunked(legacyArchive(LAYERS, HISTORY)));
  assert.equal(archive.format, 'docker');
  assert.deepEqual(archive.repoTags, ['test:1']);
  assert.deepEqual(describe(archive), [
    ['bin:0:Directory', 'bin/sh:1000:File', 'etc:0:Directory', 'etc/passwd:10:File'],
    ['big:1048576:File'],
    ['big:0:Whiteout'],
  ]);
  assert.deepEqual(archive.config.history.map((h) => h.emptyLayer), [false, true, false, false]);
  assert.deepEqual(archive.config.labels, { a: 'b' });
});

test('image archive, OCI layout: blobs before index.json, gzip-compressed layers, no manifest.json', async () => {
  for (const options of [{ gzipLayers: true }, { gzipLayers: false, dockerManifest: true }]) {
    const archive = await readImageArchive(chunked(ociArchive(LAYERS, HISTORY, options)));
    assert.equal(archive.format, 'oci');
    assert.deepEqual(describe(archive)[1], ['big:1048576:File'], JSON.stringify(options));
    assert.deepEqual(describe(archive)[2], ['big:0:Whiteout']);
    assert.equal(archive.layers[0]!.files.contentBytes, 1010);
  }
});

test('image archive: opaque directories, and what is not an image archive', async () => {
  const layers = [layerTar([['data', 'dir'], ['data/a', 5]]), layerTar([['data', 'dir'], ['data', 'opaque'], ['data/b', 3], ['.wh..wh.plnk', 'dir']])];
  const archive = await readImageArchive(chunked(legacyArchive(layers, [{ created_by: 'a' }, { created_by: 'b' }])));
  assert.deepEqual(describe(archive)[1], ['data:0:Directory', 'data:0:Opaque', 'data/b:3:File']);
  await assert.rejects(readImageArchive(chunked(tar([{ name: 'hello.txt', content: 'hi' }]))), /not an image archive/);
  await assert.rejects(readImageArchive(chunked(Buffer.alloc(0))), /empty/);
  const broken = legacyArchive([gzip(Buffer.from('not a tar at all, just text'))], [{ created_by: 'x' }]);
  await assert.rejects(readImageArchive(chunked(broken)), /layer .*: /);
});
