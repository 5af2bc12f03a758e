import * as zlib from 'node:zlib';
import * as crypto from 'node:crypto';

/** A minimal tar writer for tests: ustar headers, PAX or GNU long names, any content. */
export interface TarEntrySpec {
  readonly name: string;
  readonly type?: 'file' | 'dir' | 'symlink' | 'hardlink';
  readonly content?: Buffer | string;
  readonly linkname?: string;
  /** How to encode a name longer than 100 bytes. */
  readonly longName?: 'pax' | 'gnu';
}

export function tar(entries: readonly TarEntrySpec[], options: { end?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const content = typeof e.content === 'string' ? Buffer.from(e.content) : e.content ?? Buffer.alloc(0);
    const flag = { file: '0', dir: '5', symlink: '2', hardlink: '1' }[e.type ?? 'file'];
    let name = e.name;
    if (Buffer.byteLength(name) > 100) {
      if (e.longName === 'gnu') {
        parts.push(header('././@LongLink', 'L', Buffer.byteLength(name) + 1, ''), pad(Buffer.concat([Buffer.from(name), Buffer.alloc(1)])));
      } else {
        const record = paxRecord('path', name);
        parts.push(header('PaxHeaders/x', 'x', record.length, ''), pad(record));
      }
      name = name.slice(0, 99);
    }
    parts.push(header(name, flag, e.type === 'file' || e.type === undefined ? content.length : 0, e.linkname ?? ''));
    if ((e.type ?? 'file') === 'file') parts.push(pad(content));
  }
  if (options.end !== false) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body);
  len += String(len + String(len).length).length;
  return Buffer.from(`${len}${body}`);
}

function header(name: string, flag: string, size: number, linkname: string): Buffer {
  const b = Buffer.alloc(512);
  b.write(name, 0, 100, 'utf8');
  b.write('0000644\0', 100, 'latin1');
  b.write('0000000\0', 108, 'latin1');
  b.write('0000000\0', 116, 'latin1');
  b.write(size.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
  b.write('00000000000\0', 136, 'latin1');
  b.write(flag, 156, 'latin1');
  b.write(linkname, 157, 100, 'utf8');
  b.write('ustar\0', 257, 'latin1');
  b.write('00', 263, 'latin1');
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return b;
}

function pad(content: Buffer): Buffer {
  const rest = content.length % 512;
  return rest === 0 ? content : Buffer.concat([content, Buffer.alloc(512 - rest)]);
}

export function gzip(buf: Buffer): Buffer {
  return zlib.gzipSync(buf);
}

export function sha256(buf: Buffer | string): string {
  return crypto.createHash('sha256').update(buf).digest('hex');
}

/** Splits a buffer into chunks of the given sizes (cycled), as a pipe would deliver it. */
export async function* chunked(buf: Buffer, sizes: readonly number[] = [7, 513, 1, 4096, 100]): AsyncGenerator<Buffer> {
  let i = 0;
  let k = 0;
  while (i < buf.length) {
    const n = sizes[k++ % sizes.length]!;
    yield buf.subarray(i, i + n);
    i += n;
  }
}

/** A layer as the tests describe it: files with sizes, deletions, opaque directories. */
export type LayerSpec = readonly (readonly [path: string, content: string | number] | readonly [path: string, kind: 'dir' | 'whiteout' | 'opaque'])[];

export function layerTar(spec: LayerSpec): Buffer {
  return tar(spec.map(([path, what]) => {
    if (what === 'dir') return { name: `${path}/`, type: 'dir' as const };
    if (what === 'whiteout') {
      const slash = path.lastIndexOf('/');
      return { name: `${path.slice(0, slash + 1)}.wh.${path.slice(slash + 1)}` };
    }
    if (what === 'opaque') return { name: `${path}/.wh..wh..opq` };
    return { name: path, content: typeof what === 'number' ? Buffer.alloc(what, 0x61) : what };
  }));
}

/** A `docker save` archive in the legacy layout (Docker ≤ 24): `<id>/layer.tar`, `<config>.json`, manifest.json. */
export function legacyArchive(layers: readonly Buffer[], history: readonly { created_by: string; empty_layer?: boolean }[]): Buffer {
  const config = Buffer.from(JSON.stringify({ history, rootfs: { type: 'layers', diff_ids: layers.map((l) => `sha256:${sha256(l)}`) }, config: { Labels: { a: 'b' } } }));
  const configName = `${sha256(config)}.json`;
  const ids = layers.map((l, i) => sha256(`${i}:${sha256(l)}`));
  const manifest = [{ Config: configName, RepoTags: ['test:1'], Layers: ids.map((id) => `${id}/layer.tar`) }];
  // Docker writes layer directories sorted by ID, not in layer order.
  const order = ids.map((id, i) => ({ id, i })).sort((a, b) => a.id.localeCompare(b.id));
  return tar([
    ...order.flatMap(({ id, i }) => [
      { name: `${id}/`, type: 'dir' as const },
      { name: `${id}/VERSION`, content: '1.0' },
      { name: `${id}/json`, content: '{}' },
      { name: `${id}/layer.tar`, content: layers[i]! },
    ]),
    { name: configName, content: config },
    { name: 'manifest.json', content: JSON.stringify(manifest) },
    { name: 'repositories', content: '{}' },
  ]);
}

/** An OCI image layout archive (Docker 25+, skopeo, buildah), optionally with gzip'd layers and no manifest.json. */
export function ociArchive(layers: readonly Buffer[], history: readonly { created_by: string; empty_layer?: boolean }[], options: { gzipLayers?: boolean; dockerManifest?: boolean } = {}): Buffer {
  const blobs = layers.map((l) => (options.gzipLayers ? gzip(l) : l));
  const config = Buffer.from(JSON.stringify({ history, rootfs: { type: 'layers', diff_ids: layers.map((l) => `sha256:${sha256(l)}`) } }));
  const mediaLayer = options.gzipLayers ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.oci.image.layer.v1.tar';
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${sha256(config)}`, size: config.length },
    layers: blobs.map((b) => ({ mediaType: mediaLayer, digest: `sha256:${sha256(b)}`, size: b.length })),
  }));
  const index = { schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${sha256(manifest)}`, size: manifest.length, annotations: { 'io.containerd.image.name': 'docker.io/library/test:1' } }] };
  const entries: TarEntrySpec[] = [
    { name: 'blobs/', type: 'dir' },
    { name: 'blobs/sha256/', type: 'dir' },
    // Blobs first, in digest order, before the index that says what they are.
    ...[...blobs.map((b) => ({ d: sha256(b), b })), { d: sha256(config), b: config }, { d: sha256(manifest), b: manifest }]
      .sort((a, b) => a.d.localeCompare(b.d))
      .map(({ d, b }) => ({ name: `blobs/sha256/${d}`, content: b })),
    { name: 'index.json', content: JSON.stringify(index) },
    { name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' },
  ];
  if (options.dockerManifest) {
    entries.push({ name: 'manifest.json', content: JSON.stringify([{ Config: `blobs/sha256/${sha256(config)}`, RepoTags: ['test:1'], Layers: blobs.map((b) => `blobs/sha256/${sha256(b)}`) }]) });
  }
  return tar(entries);
}
