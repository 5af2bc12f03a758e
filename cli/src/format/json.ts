import { positions, type FileReport } from './report';

/** The documented JSON contract: `{"version":1,"results":[{"file","diagnostics":[…]}]}`, 1-based positions. */
export function formatJson(reports: readonly FileReport[]): string {
  return JSON.stringify({
    version: 1,
    results: reports.map(({ file, result }) => ({
      file,
      diagnostics: result.diagnostics.map((d) => ({
        rule: d.rule,
        severity: d.severity,
        message: d.message,
        ...positions(result, d),
        fixable: d.fixable,
      })),
    })),
  }, null, 2);
}
