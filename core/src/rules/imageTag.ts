import { findVariableReferences } from '../parse/variables';
import type { AnalyzedDocument, Stage } from '../model/types';

/** Replace [start, end) with `prefix + tag` to set a stage's image tag. */
export interface TagLocation {
  readonly start: number;
  readonly end: number;
  readonly prefix: string;
}

/** Where the tag is written: in the FROM line, or in the default of the global ARG that supplies it. */
export function locateImageTag(doc: AnalyzedDocument, stage: Stage): TagLocation | undefined {
  const span = stage.imageSpan!;
  const written = stage.imageText;
  const colon = written.lastIndexOf(':');
  const slash = written.lastIndexOf('/');
  const hasTag = colon > slash && colon >= 0;
  if (!written.includes('$')) {
    if (hasTag) return { start: span.start + colon + 1, end: span.end, prefix: '' };
    return { start: span.end, end: span.end, prefix: ':' };
  }
  // `FROM img:${TAG}` or `FROM ${IMAGE}`: follow the single global ARG that supplies the tag.
  const refs = findVariableReferences(written, doc.escapeChar);
  const tagRef = hasTag ? refs.find((r) => r.start > colon && r.start === colon + 1 && r.end === written.length) : refs.length === 1 && refs[0]!.start === 0 && refs[0]!.end === written.length ? refs[0] : undefined;
  if (!tagRef) return undefined;
  const arg = [...doc.globalArgs].reverse().find((a) => a.name === tagRef.name);
  const valueSpan = arg?.property.valueSpan;
  const value = arg?.defaultValue;
  if (!valueSpan || value === undefined || value.includes('$') || /["']/.test(doc.text.slice(valueSpan.start, valueSpan.end))) return undefined;
  if (hasTag) return { start: valueSpan.start, end: valueSpan.end, prefix: '' };
  const argColon = value.lastIndexOf(':');
  if (argColon > value.lastIndexOf('/')) return { start: valueSpan.start + argColon + 1, end: valueSpan.end, prefix: '' };
  return { start: valueSpan.end, end: valueSpan.end, prefix: ':' };
}
