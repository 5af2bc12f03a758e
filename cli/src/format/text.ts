import type { Severity } from '../../../core/src';
import { positions, type FileReport } from './report';

const COLORS = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

/** Human output, grouped by file, with a summary line. */
export function formatText(reports: readonly FileReport[], color: boolean): string {
  const paint = (code: keyof typeof COLORS, s: string) => (color ? `${COLORS[code]}${s}${COLORS.reset}` : s);
  const out: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let fixable = 0;
  for (const { file, result } of reports) {
    if (result.diagnostics.length === 0) continue;
    out.push(paint('bold', file));
    for (const d of result.diagnostics) {
      const p = positions(result, d);
      counts[d.severity]++;
      if (d.fixable) fixable++;
      const where = `${p.line}:${p.column}`.padEnd(7);
      const level = paint(d.severity, d.severity.padEnd(7));
      out.push(`  ${where} ${level} ${d.message}  ${paint('dim', d.rule + (d.fixable ? ' (quick-fix)' : ''))}`);
    }
    out.push('');
  }
  const total = counts.error + counts.warning + counts.info;
  if (total === 0) {
    out.push(`No problems found in ${reports.length} Dockerfile${reports.length === 1 ? '' : 's'}.`);
  } else {
    const summary = `${total} problem${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info} info) in ${reports.length} Dockerfile${reports.length === 1 ? '' : 's'}`;
    out.push(paint(counts.error > 0 ? 'error' : counts.warning > 0 ? 'warning' : 'info', summary));
    if (fixable > 0) out.push(paint('dim', `${fixable} of them can be fixed with MLDock's quick-fixes in the editor.`));
  }
  return out.join('\n');
}
