import type { LintDiagnostic, LintResult } from '../../../core/src';

/** One linted file, as the formatters see it. */
export interface FileReport {
  /** Path as shown to the user (relative to the working directory when inside it). */
  readonly file: string;
  readonly result: LintResult;
}

/** 1-based line/column positions of a diagnostic (columns in UTF-16 code units, as SARIF's default). */
export function positions(result: LintResult, d: LintDiagnostic) {
  const start = result.lines.positionAt(d.span.start);
  const end = result.lines.positionAt(d.span.end);
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}
