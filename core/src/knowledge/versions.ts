/** Small helpers for dotted version numbers (`12.4.1`, `2.4.0`, `535.104.05`) used by the knowledge tables. */

/** Numeric parts of a dotted version; non-numeric parts stop the parse (`2.4.0rc1` → [2, 4, 0]). */
export function versionParts(version: string): number[] {
  const parts: number[] = [];
  for (const piece of version.split('.')) {
    const m = /^(\d+)/.exec(piece);
    if (!m) break;
    parts.push(Number(m[1]));
    if (m[1]!.length !== piece.length) break;
  }
  return parts;
}

/** Compares dotted versions numerically; missing parts count as 0 (`12.4` = `12.4.0`). */
export function compareVersions(a: string, b: string): number {
  const pa = versionParts(a);
  const pb = versionParts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** `12.4.1` → `12.4`; undefined when there is no minor part. */
export function majorMinor(version: string): string | undefined {
  const p = versionParts(version);
  return p.length >= 2 ? `${p[0]}.${p[1]}` : undefined;
}

/** `cu124` → `12.4`, `cu118` → `11.8`, `cu102` → `10.2`; undefined for `cpu`, `rocm6.1` … */
export function cudaOfVariant(variant: string): string | undefined {
  const m = /^cu(\d+)(\d)$/.exec(variant);
  return m ? `${Number(m[1])}.${m[2]}` : undefined;
}

/** `12.4` / `12.4.1` → `cu124`. */
export function variantOfCuda(cuda: string): string | undefined {
  const p = versionParts(cuda);
  return p.length >= 2 ? `cu${p[0]}${p[1]}` : undefined;
}

/** Inclusive range test on `major.minor` Python versions. */
export function pythonInRange(python: string, range: readonly [string, string]): boolean {
  return compareVersions(python, range[0]) >= 0 && compareVersions(python, range[1]) <= 0;
}
