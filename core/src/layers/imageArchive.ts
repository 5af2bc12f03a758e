import * as zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import { LayerFiles } from './layerFiles';
import { TarFormatError, TarParser, type EntrySink, type TarHeader } from './tarParser';

/**
 * Reads an image archive as `docker save` / `podman save` stream it, in one pass and without touching
 * the disk: the legacy layout (`manifest.json`, `<id>/layer.tar`, `<id>.json`) and the OCI layout
 * (`index.json`, `blobs/sha256/…`, written by Docker 25+ alongside `manifest.json`). Layer blobs are
 * recognised by their first bytes (tar, gzip, zstd), since OCI blob names say nothing about their
 * type and blobs may come before the index that lists them. Layers are read into metadata only
 * (`LayerFiles`); small JSON documents (manifests, configs) are kept whole.
 */
export interface ImageArchive {
  /** Layers oldest first, as the image's manifest lists them. */
  readonly layers: readonly ArchiveLayer[];
  readonly config: ImageConfig;
  readonly repoTags: readonly string[];
  /** Bytes read from the stream. */
  readonly bytesRead: number;
  readonly format: 'docker' | 'oci';
}

export interface ArchiveLayer {
  /** Path of the layer inside the archive. */
  readonly archivePath: string;
  readonly files: LayerFiles;
}

export interface ImageConfig {
  readonly history: readonly ConfigHistory[];
  readonly diffIds: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

export interface ConfigHistory {
  readonly created?: string;
  readonly createdBy: string;
  readonly comment?: string;
  readonly emptyLayer: boolean;
}

export interface ReadArchiveOptions {
  readonly signal?: AbortSignal;
  /** Called as bytes arrive (throttle in the caller if needed). */
  readonly onProgress?: (bytesRead: number) => void;
}

export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';
}

const MAX_JSON = 64 * 1024 * 1024;
const SNIFF = 512;

type Sniffed = 'tar' | 'gzip' | 'zstd' | 'json' | 'other';

export async function readImageArchive(source: Readable | AsyncIterable<Buffer>, options: ReadArchiveOptions = {}): Promise<ImageArchive> {
  const json = new Map<string, Buffer>();
  const layers = new Map<string, LayerFiles>();
  const aliases = new Map<string, string>();
  const failures: string[] = [];

  const outer = new TarParser((header) => {
    const path = cleanPath(header.name);
    if (header.type === 'symlink' || header.type === 'hardlink') {
      // Legacy archives link a repeated layer to the first copy (`<id>/layer.tar -> ../<id2>/layer.tar`).
      aliases.set(path, header.type === 'symlink' ? resolveLink(path, header.linkname) : cleanPath(header.linkname));
      return undefined;
    }
    if (header.type !== 'file') return undefined;
    return sniffingSink(header, (kind, first) => {
      switch (kind) {
        case 'json':
          return collectJson(path, header.size, json);
        case 'tar':
          return layerSink(path, layers, first);
        case 'gzip':
          return gzipLayerSink(path, layers, failures);
        case 'zstd':
          return zstdLayerSink(path, layers, failures);
        default:
          return undefined;
      }
    });
  });

  let lastReport = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    if (options.signal?.aborted) throw abortError(options.signal);
    const waiting = outer.write(chunk);
    if (waiting) await waiting;
    if (options.onProgress && outer.position - lastReport >= 1 << 20) {
      lastReport = outer.position;
      options.onProgress(outer.position);
    }
  }
  if (options.signal?.aborted) throw abortError(options.signal);
  await outer.end();
  if (outer.entryCount === 0) throw new ArchiveError('the image archive is empty (the engine sent no data)');
  options.onProgress?.(outer.position);
  if (failures.length) throw new ArchiveError(failures[0]!);

  return assemble(json, layers, aliases, outer.position);
}

function assemble(json: Map<string, Buffer>, layers: Map<string, LayerFiles>, aliases: Map<string, string>, bytesRead: number): ImageArchive {
  const parse = (path: string): unknown => {
    const buf = json.get(path);
    if (!buf) return undefined;
    try {
      return JSON.parse(buf.toString('utf8'));
    } catch {
      throw new ArchiveError(`${path} in the image archive is not valid JSON`);
    }
  };
  const resolveLayer = (path: string): LayerFiles => {
    let p = cleanPath(path);
    for (let hops = 0; hops < 10 && !layers.has(p) && aliases.has(p); hops++) p = aliases.get(p)!;
    const files = layers.get(p);
    if (!files) {
      if (json.has(p)) throw new ArchiveError(`the archive's layer ${path} is not a tar archive`);
      throw new ArchiveError(`the image archive has no layer ${path}`);
    }
    return files;
  };

  let format: 'docker' | 'oci' = 'docker';
  let configPath: string | undefined;
  let layerPaths: string[] | undefined;
  let repoTags: string[] = [];

  const manifest = parse('manifest.json') as { Config?: string; Layers?: string[]; RepoTags?: string[] | null }[] | undefined;
  if (Array.isArray(manifest) && manifest[0]?.Config && Array.isArray(manifest[0].Layers)) {
    configPath = manifest[0].Config;
    layerPaths = manifest[0].Layers;
    repoTags = manifest[0].RepoTags ?? [];
    if (json.has('index.json')) format = 'oci';
  } else if (json.has('index.json')) {
    format = 'oci';
    const resolved = resolveOciIndex(parse('index.json'), parse);
    configPath = resolved.config;
    layerPaths = resolved.layers;
    repoTags = resolved.tags;
  }
  if (!configPath || !layerPaths) throw new ArchiveError('not an image archive: no manifest.json or index.json');

  const config = parse(cleanPath(configPath)) as RawConfig | undefined;
  if (!config) throw new ArchiveError(`the image archive has no config ${configPath}`);
  return {
    layers: layerPaths.map((p) => ({ archivePath: p, files: resolveLayer(p) })),
    config: toConfig(config),
    repoTags,
    bytesRead,
    format,
  };
}

interface RawConfig {
  history?: { created?: string; created_by?: string; comment?: string; empty_layer?: boolean }[];
  rootfs?: { diff_ids?: string[] };
  config?: { Labels?: Record<string, string> | null };
}

function toConfig(raw: RawConfig): ImageConfig {
  return {
    history: (raw.history ?? []).map((h) => ({ created: h.created, createdBy: h.created_by ?? '', comment: h.comment, emptyLayer: h.empty_layer === true })),
    diffIds: raw.rootfs?.diff_ids ?? [],
    labels: raw.config?.Labels ?? {},
  };
}

interface Descriptor {
  mediaType?: string;
  digest?: string;
  annotations?: Record<string, string>;
  platform?: { os?: string; architecture?: string };
}

/** index.json → (nested index →) manifest → config and layers, picking the first image manifest. */
function resolveOciIndex(index: unknown, parse: (path: string) => unknown): { config: string; layers: string[]; tags: string[] } {
  const blobPath = (digest: string) => `blobs/${digest.replace(':', '/')}`;
  let doc = index as { manifests?: Descriptor[]; config?: Descriptor; layers?: Descriptor[] } | undefined;
  const tags: string[] = [];
  for (let depth = 0; depth < 4 && doc; depth++) {
    if (doc.config?.digest && Array.isArray(doc.layers)) {
      return { config: blobPath(doc.config.digest), layers: doc.layers.map((l) => blobPath(l.digest ?? '')), tags };
    }
    const candidates = (doc.manifests ?? []).filter((m) => m.digest && !/attestation/i.test(m.annotations?.['vnd.docker.reference.type'] ?? ''));
    const next = candidates[0];
    if (!next?.digest) break;
    const name = next.annotations?.['io.containerd.image.name'] ?? next.annotations?.['org.opencontainers.image.ref.name'];
    if (name && depth === 0) tags.push(name);
    doc = parse(blobPath(next.digest)) as typeof doc;
  }
  throw new ArchiveError('index.json does not lead to an image manifest');
}

/** Buffers the first bytes of an entry to tell a layer tar from JSON, then hands the entry on. */
function sniffingSink(header: TarHeader, choose: (kind: Sniffed, first: Buffer) => EntrySink | undefined): EntrySink {
  let head: Buffer[] = [];
  let headLength = 0;
  let target: EntrySink | undefined;
  let decided = false;
  const decide = (): void | Promise<void> => {
    decided = true;
    const first = Buffer.concat(head, headLength);
    head = [];
    target = choose(sniff(first, header.size), first);
    if (target?.data && first.length) return target.data(first);
  };
  return {
    data(chunk) {
      if (decided) return target?.data?.(chunk);
      head.push(chunk);
      headLength += chunk.length;
      if (headLength >= SNIFF) return decide();
    },
    end() {
      if (!decided) {
        const waiting = decide();
        if (waiting) return waiting.then(() => target?.end?.());
      }
      return target?.end?.();
    },
  };
}

function sniff(first: Buffer, size: number): Sniffed {
  if (first.length === 0) return 'tar'; // a zero-byte layer blob: a layer with no files
  if (first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b) return 'gzip';
  if (first.length >= 4 && first.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  let i = 0;
  while (i < first.length && (first[i] === 0x20 || first[i] === 0x0a || first[i] === 0x0d || first[i] === 0x09)) i++;
  if (first[i] === 0x7b || first[i] === 0x5b) return size <= MAX_JSON ? 'json' : 'other';
  if (first.length >= 512 && first.subarray(0, 512).every((b) => b === 0)) return 'tar'; // an empty layer
  if (first.length >= 263 && first.toString('latin1', 257, 262) === 'ustar') return 'tar';
  return 'other';
}

function collectJson(path: string, size: number, into: Map<string, Buffer>): EntrySink {
  const parts: Buffer[] = [];
  return {
    data(chunk) {
      parts.push(Buffer.from(chunk));
    },
    end() {
      into.set(path, Buffer.concat(parts, size));
    },
  };
}

/** An uncompressed layer: a nested tar parser fed straight from the outer entry's bytes. */
function layerSink(path: string, layers: Map<string, LayerFiles>, _first: Buffer): EntrySink {
  const files = new LayerFiles();
  const inner = new TarParser((h) => {
    files.add(h);
    return undefined;
  });
  return {
    data(chunk) {
      files.archiveBytes += chunk.length;
      return inner.write(chunk);
    },
    async end() {
      await inner.end().catch((e: Error) => {
        throw new ArchiveError(`layer ${path}: ${e.message}`);
      });
      layers.set(path, files);
    },
  };
}

/** A compressed layer: decompressed as a stream (never whole), with backpressure to the outer reader. */
function decompressingSink(path: string, layers: Map<string, LayerFiles>, failures: string[], make: () => zlib.Gunzip | NodeJS.ReadWriteStream): EntrySink {
  const files = new LayerFiles();
  const inner = new TarParser((h) => {
    files.add(h);
    return undefined;
  });
  const stream = make() as NodeJS.ReadWriteStream & { on(event: string, cb: (...a: unknown[]) => void): unknown };
  let failed: Error | undefined;
  stream.on('data', (chunk: unknown) => {
    if (failed) return;
    try {
      const waiting = inner.write(chunk as Buffer);
      if (waiting) {
        stream.pause();
        waiting.then(() => stream.resume(), (e: Error) => {
          failed = e;
          stream.resume();
        });
      }
    } catch (e) {
      failed = e as Error;
    }
  });
  const finished = new Promise<void>((resolve) => {
    stream.on('end', () => resolve());
    stream.on('error', (e: unknown) => {
      failed ??= e as Error;
      resolve();
    });
  });
  return {
    data(chunk) {
      files.archiveBytes += chunk.length;
      if (!stream.write(chunk)) return new Promise<void>((resolve) => stream.once('drain', () => resolve()));
    },
    async end() {
      stream.end();
      await finished;
      if (!failed) await inner.end().catch((e: Error) => (failed = e));
      if (failed) failures.push(`layer ${path}: ${failed instanceof TarFormatError ? failed.message : `cannot decompress (${failed.message})`}`);
      else layers.set(path, files);
    },
  };
}

function gzipLayerSink(path: string, layers: Map<string, LayerFiles>, failures: string[]): EntrySink {
  return decompressingSink(path, layers, failures, () => zlib.createGunzip());
}

function zstdLayerSink(path: string, layers: Map<string, LayerFiles>, failures: string[]): EntrySink {
  const create = (zlib as unknown as { createZstdDecompress?: () => NodeJS.ReadWriteStream }).createZstdDecompress;
  if (!create) {
    failures.push(`layer ${path} is zstd-compressed, which needs Node.js 22.15 or newer to read`);
    return {};
  }
  return decompressingSink(path, layers, failures, create);
}

function cleanPath(p: string): string {
  return p.replace(/^\.?\/+/, '').replace(/\/+$/, '');
}

function resolveLink(from: string, target: string): string {
  if (target.startsWith('/')) return cleanPath(target);
  const parts = from.split('/').slice(0, -1);
  for (const part of target.split('/')) {
    if (part === '..') parts.pop();
    else if (part && part !== '.') parts.push(part);
  }
  return parts.join('/');
}

function abortError(signal: AbortSignal): Error {
  const reason = signal.reason as unknown;
  return reason instanceof Error ? reason : new ArchiveError('cancelled');
}
