/** Parses `--format '{{json .}}'` output: one JSON value per line, or one JSON array (inspect). */
export function parseJsonLines<T>(text: string): T[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as T[];
  return trimmed.split(/\r?\n/).filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}

/** A field under any of its spellings: docker says `CreatedBy`, podman `createdBy` or `CreatedBy`. */
export function field(record: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) {
    if (record[name] !== undefined) return record[name];
    const lower = name[0]!.toLowerCase() + name.slice(1);
    if (record[lower] !== undefined) return record[lower];
  }
  return undefined;
}

const UNITS: Record<string, number> = {
  b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, pb: 1e15,
  kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40, pib: 2 ** 50,
  k: 1e3, m: 1e6, g: 1e9, t: 1e12,
};

/**
 * Parses a byte size: a plain number of bytes, or a number with a unit as docker prints them and as
 * dive's thresholds accept them: "5.24MB" and "20MB" are decimal (10^6), "1GiB" binary. Returns
 * undefined for anything else.
 */
export function parseBytes(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\s*$/i.exec(value);
  if (!m) return undefined;
  const unit = m[2]!.toLowerCase();
  const factor = unit === '' ? 1 : UNITS[unit];
  if (factor === undefined) return undefined;
  return Math.round(Number(m[1]) * factor);
}
