/**
 * A streaming tar reader that keeps nothing but the current header: bytes are pushed in as they
 * arrive and each entry's content is handed to a sink (or skipped) without being stored, so a
 * multi-GB `docker save` stream can be read in constant memory. Reads ustar, GNU (long names and
 * links, base-256 sizes) and PAX (path, linkpath, size) headers — what docker, podman, buildah and
 * GNU tar write.
 */
export type TarEntryType = 'file' | 'hardlink' | 'symlink' | 'directory' | 'other';

export interface TarHeader {
  readonly name: string;
  readonly type: TarEntryType;
  /** Content bytes (0 for header-only types: links, directories, devices, FIFOs). */
  readonly size: number;
  readonly linkname: string;
  readonly mode: number;
}

/** Receives one entry's content. Returning a promise pauses the reader until it settles (backpressure). */
export interface EntrySink {
  data?(chunk: Buffer): void | Promise<void>;
  end?(): void | Promise<void>;
}

export class TarFormatError extends Error {
  override readonly name = 'TarFormatError';
}

const BLOCK = 512;
/** PAX and GNU long-name records are small; anything bigger is not a header we can trust. */
const MAX_META = 1024 * 1024;

type State = 'header' | 'data' | 'padding' | 'meta' | 'end';

export class TarParser {
  private state: State = 'header';
  private readonly headerBuf = Buffer.alloc(BLOCK);
  private headerFill = 0;
  private remaining = 0;
  private padding = 0;
  private sink: EntrySink | undefined;
  private zeroBlocks = 0;
  private offset = 0;
  /** Overrides from PAX / GNU long-name records, applied to the next real header. */
  private pending: { path?: string; linkpath?: string; size?: number } = {};
  private metaType = '';
  private metaChunks: Buffer[] = [];
  private entries = 0;

  constructor(private readonly onEntry: (header: TarHeader) => EntrySink | undefined) {}

  /** Bytes consumed so far. */
  get position(): number {
    return this.offset;
  }

  /** Number of entries seen (not counting PAX/GNU meta records). */
  get entryCount(): number {
    return this.entries;
  }

  /** True once the end-of-archive marker (two zero blocks) has been read. */
  get ended(): boolean {
    return this.state === 'end';
  }

  /** Feeds bytes; returns a promise only when a sink asked to wait. */
  write(chunk: Buffer): void | Promise<void> {
    return this.process(chunk, 0);
  }

  /** Checks that the archive was complete. */
  async end(): Promise<void> {
    if (this.state === 'data' || this.state === 'meta' || (this.state === 'header' && this.headerFill > 0)) {
      throw new TarFormatError(`tar archive truncated at byte ${this.offset}`);
    }
    // An archive without the two zero blocks (some writers omit them) is fine when it ends between entries.
    if (this.state === 'padding' && this.padding > 0) throw new TarFormatError(`tar archive truncated at byte ${this.offset}`);
  }

  private process(chunk: Buffer, start: number): void | Promise<void> {
    let i = start;
    const n = chunk.length;
    while (i < n) {
      switch (this.state) {
        case 'end':
          this.offset += n - i;
          return;
        case 'header': {
          const take = Math.min(BLOCK - this.headerFill, n - i);
          let block: Buffer;
          if (this.headerFill === 0 && take === BLOCK) {
            block = chunk.subarray(i, i + BLOCK);
          } else {
            chunk.copy(this.headerBuf, this.headerFill, i, i + take);
            this.headerFill += take;
            if (this.headerFill < BLOCK) {
              i += take;
              this.offset += take;
              continue;
            }
            block = this.headerBuf;
          }
          i += take;
          this.offset += take;
          this.headerFill = 0;
          const waiting = this.onHeader(block);
          if (waiting) return waiting.then(() => this.process(chunk, i));
          break;
        }
        case 'data':
        case 'meta': {
          const take = Math.min(this.remaining, n - i);
          const slice = chunk.subarray(i, i + take);
          i += take;
          this.offset += take;
          this.remaining -= take;
          let waiting: void | Promise<void> = undefined;
          if (this.state === 'meta') this.metaChunks.push(Buffer.from(slice));
          else if (this.sink?.data) waiting = this.sink.data(slice);
          if (this.remaining === 0) {
            const finished = this.finishContent(waiting);
            if (finished) return finished.then(() => this.process(chunk, i));
          } else if (waiting) {
            return waiting.then(() => this.process(chunk, i));
          }
          break;
        }
        case 'padding': {
          const take = Math.min(this.padding, n - i);
          i += take;
          this.offset += take;
          this.padding -= take;
          if (this.padding === 0) this.state = 'header';
          break;
        }
      }
    }
  }

  /** Ends the current content: runs the sink's end (after any pending write), then moves to the padding. */
  private finishContent(waiting: void | Promise<void>): void | Promise<void> {
    const wasMeta = this.state === 'meta';
    const sink = this.sink;
    this.sink = undefined;
    this.state = this.padding > 0 ? 'padding' : 'header';
    if (wasMeta) {
      this.applyMeta(Buffer.concat(this.metaChunks));
      this.metaChunks = [];
      return;
    }
    if (waiting) return waiting.then(() => sink?.end?.());
    return sink?.end?.();
  }

  private onHeader(block: Buffer): void | Promise<void> {
    if (isZero(block)) {
      this.zeroBlocks++;
      if (this.zeroBlocks >= 2) this.state = 'end';
      return;
    }
    if (this.zeroBlocks > 0) this.zeroBlocks = 0;
    if (!checksumOk(block)) throw new TarFormatError(`not a tar archive (bad header checksum at byte ${this.offset - BLOCK})`);

    const typeflag = String.fromCharCode(block[156]!);
    const rawSize = readSize(block);
    if (rawSize === undefined) throw new TarFormatError(`bad size field at byte ${this.offset - BLOCK}`);

    if (typeflag === 'x' || typeflag === 'g' || typeflag === 'L' || typeflag === 'K') {
      if (rawSize > MAX_META) throw new TarFormatError(`oversized ${typeflag} record (${rawSize} bytes) at byte ${this.offset - BLOCK}`);
      this.metaType = typeflag;
      this.metaChunks = [];
      this.remaining = rawSize;
      this.padding = padOf(rawSize);
      this.state = 'meta';
      if (rawSize === 0) return this.finishContent(undefined);
      return;
    }

    const magic = block.toString('latin1', 257, 263);
    const posix = magic === 'ustar\0';
    let name = cString(block, 0, 100);
    if (posix) {
      const prefix = cString(block, 345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    const pending = this.pending;
    this.pending = {};
    if (pending.path !== undefined) name = pending.path;
    const linkname = pending.linkpath ?? cString(block, 157, 100);
    const type = entryType(typeflag);
    const headerOnly = type !== 'file' && type !== 'other' ? true : typeflag === '3' || typeflag === '4' || typeflag === '6';
    const size = headerOnly ? 0 : pending.size ?? rawSize;
    const mode = parseInt(cString(block, 100, 8).trim() || '0', 8) || 0;

    this.entries++;
    this.sink = this.onEntry({ name, type, size, linkname, mode });
    this.remaining = size;
    this.padding = padOf(size);
    if (size === 0) {
      this.state = 'data';
      return this.finishContent(undefined);
    }
    this.state = 'data';
  }

  private applyMeta(content: Buffer): void {
    switch (this.metaType) {
      case 'L':
        this.pending.path = cString(content, 0, content.length);
        break;
      case 'K':
        this.pending.linkpath = cString(content, 0, content.length);
        break;
      case 'x':
        Object.assign(this.pending, parsePax(content));
        break;
      default:
        // 'g': global PAX headers carry no per-entry facts MLDock uses.
        break;
    }
  }
}

function entryType(flag: string): TarEntryType {
  switch (flag) {
    case '0':
    case '\0':
    case '7':
      return 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '5':
      return 'directory';
    default:
      return 'other';
  }
}

function padOf(size: number): number {
  const rest = size % BLOCK;
  return rest === 0 ? 0 : BLOCK - rest;
}

function isZero(block: Buffer): boolean {
  for (let i = 0; i < BLOCK; i += 8) {
    if (block.readBigUInt64LE(i) !== 0n) return false;
  }
  return true;
}

function checksumOk(block: Buffer): boolean {
  const stored = parseInt(cString(block, 148, 8).trim() || 'NaN', 8);
  if (!Number.isFinite(stored)) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return stored === unsigned || stored === signed;
}

/** Octal, or GNU base-256 (high bit set) for sizes of 8 GiB and more. */
function readSize(block: Buffer): number | undefined {
  if (block[124]! & 0x80) {
    let value = 0;
    for (let i = 125; i < 136; i++) value = value * 256 + block[i]!;
    value += (block[124]! & 0x7f) * 256 ** 11;
    return Number.isSafeInteger(value) ? value : undefined;
  }
  const text = cString(block, 124, 12).trim();
  if (text === '') return 0;
  const value = parseInt(text, 8);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

function cString(buf: Buffer, start: number, length: number): string {
  const end = start + length;
  let stop = start;
  while (stop < end && buf[stop] !== 0) stop++;
  return buf.toString('utf8', start, stop);
}

/** PAX records: "<len> <key>=<value>\n". */
function parsePax(content: Buffer): { path?: string; linkpath?: string; size?: number } {
  const out: { path?: string; linkpath?: string; size?: number } = {};
  let i = 0;
  while (i < content.length) {
    const space = content.indexOf(0x20, i);
    if (space < 0) break;
    const len = parseInt(content.toString('latin1', i, space), 10);
    if (!Number.isFinite(len) || len <= 0 || i + len > content.length) break;
    const record = content.toString('utf8', space + 1, i + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0) {
      const key = record.slice(0, eq);
      const value = record.slice(eq + 1);
      if (key === 'path') out.path = value;
      else if (key === 'linkpath') out.linkpath = value;
      else if (key === 'size') {
        const size = Number(value);
        if (Number.isSafeInteger(size) && size >= 0) out.size = size;
      }
    }
    i += len;
  }
  return out;
}
