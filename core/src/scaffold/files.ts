/**
 * The name a generated file gets when the user keeps the existing one and writes beside it:
 * `Dockerfile` → `Dockerfile.mldock`, `compose.yaml` → `compose.mldock.yaml`,
 * `.dockerignore` → `.dockerignore.mldock`, `.devcontainer/devcontainer.json` → `.devcontainer/devcontainer.mldock.json`.
 */
export function besideName(path: string): string {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || /^Dockerfile(\.|$)/.test(name)) return `${dir}${name.startsWith('Dockerfile') ? name.replace(/^Dockerfile/, 'Dockerfile.mldock') : `${name}.mldock`}`;
  return `${dir}${name.slice(0, dot)}.mldock${name.slice(dot)}`;
}

/** What to do with a generated file whose path already exists. */
export type Resolution = 'overwrite' | 'beside' | 'merge' | 'skip';

export interface PlannedWrite {
  readonly path: string;
  readonly content: string;
  /** The generated file's original path (differs when written beside). */
  readonly from: string;
}

/**
 * Turns generated files and the user's resolutions for the ones that exist into the writes to do.
 * Nothing is ever written over an existing file unless it was resolved `overwrite` or `merge`
 * (`.dockerignore` only); `beside` picks a free name next to it.
 */
export function planWrites(
  files: readonly { path: string; content: string }[],
  existing: ReadonlyMap<string, string>,
  resolutions: ReadonlyMap<string, Resolution>,
  merge: (existing: string) => string | undefined,
): PlannedWrite[] {
  const taken = new Set([...existing.keys(), ...files.map((f) => f.path)]);
  const writes: PlannedWrite[] = [];
  for (const f of files) {
    const current = existing.get(f.path);
    if (current === undefined) {
      writes.push({ path: f.path, content: f.content, from: f.path });
      continue;
    }
    const resolution = resolutions.get(f.path) ?? 'skip';
    if (resolution === 'overwrite') writes.push({ path: f.path, content: f.content, from: f.path });
    else if (resolution === 'merge') {
      const merged = merge(current);
      if (merged !== undefined) writes.push({ path: f.path, content: merged, from: f.path });
    } else if (resolution === 'beside') {
      const target = freeName(besideName(f.path), taken);
      taken.add(target);
      writes.push({ path: target, content: f.content, from: f.path });
    }
  }
  return writes;
}

/** `Dockerfile.mldock`, else `Dockerfile.mldock-2`, `-3` … */
export function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let i = 2; ; i++) if (!taken.has(`${name}-${i}`)) return `${name}-${i}`;
}
