import type { AnalyzedDocument } from '../../core/src';

/** The analysed model as comparable JSON: sets and maps as arrays, an object seen before as a marker. */
export function modelJson(doc: AnalyzedDocument): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(doc, (_key, value: unknown) => {
    if (value instanceof Set || value instanceof Map) return [...value];
    if (value && typeof value === 'object') {
      if (seen.has(value)) return '[seen]';
      seen.add(value);
    }
    return value;
  });
}
