import { ENV_VARS_META, ML_ENV_VARS } from '../knowledge/envVars';
import { bullets, dataNote, heading } from './markdown';

/** Markdown for an ML environment variable set with ENV or ARG. */
export function envVarHover(name: string, keyword: string): string | undefined {
  const doc = ML_ENV_VARS.get(name);
  if (!doc) return undefined;
  return [
    heading(name),
    doc.replacedBy ? `**Deprecated:** use \`${doc.replacedBy}\` instead. ${doc.summary}` : doc.summary,
    bullets([
      doc.values && `Values: ${doc.values}`,
      doc.imageNote,
      keyword === 'ARG' && 'Set with ARG: visible to RUN during the build only, not in the running container (use ENV for that).',
    ]),
    dataNote(ENV_VARS_META.dataAsOf),
  ].filter(Boolean).join('\n\n');
}
