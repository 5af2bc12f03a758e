import type { AnalyzedDocument } from '../model/types';
import type { Rule } from './types';

/**
 * Text placed after the opener of an unterminated heredoc (`RUN <<EOF` with no `EOF` line) becomes
 * part of the heredoc, not new instructions. No rule's fix may edit there, so the registry wraps
 * every rule with this check once instead of each fix guarding itself.
 */
export function withSafeFixes<D>(rule: Rule<D>): Rule<D> {
  const fix = rule.fix;
  if (!fix) return rule;
  return {
    ...rule,
    fix: (finding, ctx) => {
      const limit = unterminatedHeredocStart(ctx.doc);
      const fixes = fix.call(rule, finding, ctx);
      return limit === undefined ? fixes : fixes.filter((f) => f.edits.every((e) => e.end <= limit));
    },
  };
}

function unterminatedHeredocStart(doc: AnalyzedDocument): number | undefined {
  for (const instruction of doc.instructions) {
    if (instruction.heredocs.some((h) => !h.terminated)) return instruction.start;
  }
  return undefined;
}
