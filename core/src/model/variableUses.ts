import { scanVariableReads } from '../parse/shellVariables';
import { joinContinuations, toDocumentEnd, toDocumentOffset } from '../text/logicalText';
import type { Heredoc, ShellScript, Span, VariableUse } from './types';

/** Instructions whose arguments the builder expands with ARG and ENV values (Dockerfile reference, "Environment replacement"). */
const BUILDER_EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'ARG']);

/**
 * The variables an instruction reads. FROM is left out on purpose: it sees only global ARGs, and
 * dockerfile-utils already reports an empty base name.
 */
export function variableUses(
  keyword: string, text: string, instruction: Span, keywordEnd: number, scripts: readonly ShellScript[], heredocs: readonly Heredoc[], escape: string,
): VariableUse[] {
  if (keyword === 'RUN' || keyword === 'CMD' || keyword === 'ENTRYPOINT' || keyword === 'HEALTHCHECK') {
    const phase = keyword === 'RUN' ? 'run' : 'runtime';
    return scripts.flatMap((s) => s.reads.map((r) => ({ ...r, phase })));
  }
  if (!BUILDER_EXPANDED.has(keyword)) return [];
  // Heredoc bodies of COPY are files, not arguments: scan the header line only.
  const firstBody = heredocs.find((h) => h.content)?.content;
  const end = firstBody ? Math.min(instruction.end, firstBody.start) : instruction.end;
  const logical = joinContinuations(text, keywordEnd, end, escape);
  return scanVariableReads(logical.text, { escape, comments: false }).map((r) => ({
    name: r.name,
    hasDefault: r.hasDefault,
    start: toDocumentOffset(logical, r.start),
    end: toDocumentEnd(logical, r.end),
    phase: 'build' as const,
  }));
}
