import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { LintDiagnostic, LintResult } from '../lint/lint';
import type { Severity } from '../rules/types';
import { ruleDocsUrl } from './docs';

export const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/**
 * LSP diagnostics for a lint result: ML rules carry `code` = rule ID, `source` = `mldock` and a link to
 * the rule's page; syntax findings keep dockerfile-utils' own code and source. No `data`: code actions
 * match a diagnostic to the current lint result by `code` and range, and every byte is sent per keystroke.
 */
export function toLspDiagnostics(result: LintResult, docsBase?: string): Diagnostic[] {
  return result.diagnostics.map((d) => toLspDiagnostic(result, d, docsBase));
}

function toLspDiagnostic(result: LintResult, d: LintDiagnostic, docsBase?: string): Diagnostic {
  const range = result.lines.range(d.span.start, d.span.end);
  if (d.source === 'dockerfile-utils' && d.syntax) return { ...d.syntax, severity: LSP_SEVERITY[d.severity] };
  return {
    range,
    severity: LSP_SEVERITY[d.severity],
    code: d.rule,
    codeDescription: { href: ruleDocsUrl(d.rule, docsBase) },
    source: 'mldock',
    message: d.message,
  };
}
