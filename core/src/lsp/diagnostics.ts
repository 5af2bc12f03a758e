import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { LintDiagnostic, LintResult } from '../lint/lint';
import type { Severity } from '../rules/types';
import { ruleDocsUrl } from './docs';

/** Payload of every MLDock diagnostic: code actions read it, never the message text. */
export interface MldockDiagnosticData {
  readonly ruleId: string;
  readonly fixable: boolean;
}

export const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/**
 * LSP diagnostics for a lint result: ML rules carry `code` = rule ID, `source` = `mldock` and a link to
 * the rule's page; syntax findings keep dockerfile-utils' own code and source.
 */
export function toLspDiagnostics(result: LintResult, docsBase?: string): Diagnostic[] {
  return result.diagnostics.map((d) => toLspDiagnostic(result, d, docsBase));
}

function toLspDiagnostic(result: LintResult, d: LintDiagnostic, docsBase?: string): Diagnostic {
  const range = result.lines.range(d.span.start, d.span.end);
  if (d.source === 'dockerfile-utils' && d.syntax) return { ...d.syntax, severity: LSP_SEVERITY[d.severity] };
  const data: MldockDiagnosticData = { ruleId: d.rule, fixable: d.fixable };
  return {
    range,
    severity: LSP_SEVERITY[d.severity],
    code: d.rule,
    codeDescription: { href: ruleDocsUrl(d.rule, docsBase) },
    source: 'mldock',
    message: d.message,
    data,
  };
}
