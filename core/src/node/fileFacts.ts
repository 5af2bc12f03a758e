import * as fs from 'node:fs';

/**
 * What the rules read from a build context (file contents, whether a path exists, directory
 * listings), kept between lints and read again only when the path's stat changes. The language
 * server lints on every keystroke; without this every lint re-read the same requirements files, and
 * a missing one cost a thrown ENOENT each time. A stat is one cheap syscall that never throws here.
 */
export class FileFacts {
  private readonly files = new Map<string, { stamp: string; text: string | undefined }>();
  private readonly dirs = new Map<string, { stamp: string; entries: string[] | undefined }>();

  /** How many paths may be remembered before the oldest are dropped (each kind). */
  constructor(private readonly limit = 512) {}

  readFile(file: string): string | undefined {
    const stat = statOf(file);
    if (!stat?.isFile()) return undefined;
    const stamp = stampOf(stat);
    const known = this.files.get(file);
    if (known?.stamp === stamp) return known.text;
    let text: string | undefined;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      text = undefined;
    }
    remember(this.files, file, { stamp, text }, this.limit);
    return text;
  }

  exists(file: string): boolean {
    return statOf(file) !== undefined;
  }

  /** Entry names (directories end with `/`), or undefined when `dir` is not a listable directory. */
  listDir(dir: string): string[] | undefined {
    const stat = statOf(dir);
    if (!stat?.isDirectory()) return undefined;
    // A directory's mtime changes when an entry is added, removed or renamed.
    const stamp = stampOf(stat);
    const known = this.dirs.get(dir);
    if (known?.stamp === stamp) return known.entries?.slice();
    let entries: string[] | undefined;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? `${e.name}/` : e.name));
    } catch {
      entries = undefined;
    }
    remember(this.dirs, dir, { stamp, entries }, this.limit);
    return entries?.slice();
  }

  clear(): void {
    this.files.clear();
    this.dirs.clear();
  }
}

function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined; // ENOTDIR, EACCES …: not readable, like a missing file
  }
}

function stampOf(stat: fs.Stats): string {
  return `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
}

function remember<T>(map: Map<string, T>, key: string, value: T, limit: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > limit) map.delete(map.keys().next().value!);
}
