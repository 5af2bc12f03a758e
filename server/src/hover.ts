import type { Hover, MarkupContent, Position } from 'vscode-languageserver';
import { RULES_BY_ID, mlHover, ruleDocsUrl, type LintResult, type WorkspaceView } from '../../core/src';
import type { DocsPages } from './docsPages';

/** Markdown for the MLDock diagnostics under the cursor: rule, severity, the docs page's summary and a link. */
export function diagnosticHover(result: LintResult | undefined, position: Position, docs: DocsPages): string[] {
  if (!result) return [];
  const offset = result.lines.offsetAt(position);
  const parts: string[] = [];
  for (const d of result.diagnostics) {
    if (d.source !== 'mldock' || offset < d.span.start || offset > d.span.end) continue;
    const rule = RULES_BY_ID.get(d.rule);
    if (!rule) continue;
    const summary = docs.summary(rule.id) ?? rule.summary;
    parts.push(`**${rule.id}** · ${d.severity} — ${rule.title}\n\n${summary}\n\n[Rule documentation](${ruleDocsUrl(rule.id, docs.base)})`);
  }
  return parts;
}

/** MLDock's knowledge under the cursor: FROM images, ML requirements, ML env vars, RUN --mount options. */
export function knowledgeHover(result: LintResult | undefined, position: Position, workspace: WorkspaceView | undefined): string[] {
  if (!result?.doc) return [];
  const hover = mlHover(result.doc, result.lines.offsetAt(position), workspace);
  return hover ? [hover] : [];
}

export function combineHovers(parts: string[], generic: Hover | null | undefined): Hover | null {
  const all = [...parts];
  const contents = generic?.contents;
  if (contents) {
    if (typeof contents === 'string') all.push(contents);
    else if (Array.isArray(contents)) all.push(...contents.map((c) => (typeof c === 'string' ? c : '```' + c.language + '\n' + c.value + '\n```')));
    else if ('kind' in contents) all.push((contents as MarkupContent).value);
    else all.push('```' + contents.language + '\n' + contents.value + '\n```');
  }
  if (all.length === 0) return null;
  return { contents: { kind: 'markdown', value: all.join('\n\n---\n\n') } };
}
