import type { TarHeader } from './tarParser';

/** What one layer tar contains, as metadata only: path, size and kind of each entry, never contents. */
export enum EntryKind {
  File = 0,
  Hardlink = 1,
  Symlink = 2,
  Directory = 3,
  Other = 4,
  /** `.wh.NAME`: NAME is deleted. */
  Whiteout = 5,
  /** `.wh..wh..opq`: everything the lower layers had in this directory is hidden. */
  Opaque = 6,
}

export const WHITEOUT_PREFIX = '.wh.';
export const OPAQUE_MARKER = '.wh..wh..opq';

export class LayerFiles {
  /** Normalised paths without a leading slash (`usr/lib/x.so`); for whiteouts, the deleted path. */
  readonly paths: string[] = [];
  readonly sizes: number[] = [];
  readonly kinds: EntryKind[] = [];
  /** Bytes of regular files. */
  contentBytes = 0;
  /**
   * The layer size as the Docker daemon computes it for `docker history` (archive.ChangesSize):
   * regular files plus the length of each symlink's target; directories and hard links count 0.
   */
  dockerBytes = 0;
  /** Tar bytes read for this layer (compressed bytes for a gzip layer). */
  archiveBytes = 0;

  get entryCount(): number {
    return this.paths.length;
  }

  add(header: TarHeader): void {
    const path = normalizeEntryPath(header.name);
    if (path === '') return;
    const slash = path.lastIndexOf('/');
    const base = path.slice(slash + 1);
    if (base.startsWith(WHITEOUT_PREFIX)) {
      const dir = slash < 0 ? '' : path.slice(0, slash);
      if (base === OPAQUE_MARKER) this.push(dir, 0, EntryKind.Opaque);
      // Other `.wh..wh.` names are AUFS bookkeeping (`.wh..wh.plnk`), not deletions.
      else if (base.startsWith(`${WHITEOUT_PREFIX}${WHITEOUT_PREFIX}`)) return;
      else if (base.length > WHITEOUT_PREFIX.length) this.push(dir ? `${dir}/${base.slice(WHITEOUT_PREFIX.length)}` : base.slice(WHITEOUT_PREFIX.length), 0, EntryKind.Whiteout);
      return;
    }
    switch (header.type) {
      case 'file':
        this.contentBytes += header.size;
        this.dockerBytes += header.size;
        this.push(path, header.size, EntryKind.File);
        break;
      case 'symlink':
        this.dockerBytes += Buffer.byteLength(header.linkname);
        this.push(path, 0, EntryKind.Symlink);
        break;
      case 'hardlink':
        this.push(path, 0, EntryKind.Hardlink);
        break;
      case 'directory':
        this.push(path, 0, EntryKind.Directory);
        break;
      default:
        this.push(path, header.size, EntryKind.Other);
    }
  }

  private push(path: string, size: number, kind: EntryKind): void {
    this.paths.push(path);
    this.sizes.push(size);
    this.kinds.push(kind);
  }
}

/** `./usr/bin/`, `/usr/bin` and `usr//bin` all become `usr/bin`; `.` and `..` segments are resolved. */
export function normalizeEntryPath(name: string): string {
  if (!name.includes('.') && !name.includes('//') && !name.startsWith('/') && !name.endsWith('/')) return name;
  const out: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}
