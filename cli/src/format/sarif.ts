import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES_BY_ID, ruleDocsUrl, type Severity } from '../../../core/src';
import { positions, type FileReport } from './report';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0 for code-scanning UIs (GitHub, Azure DevOps): paths relative to %SRCROOT% (the working directory). */
export function formatSarif(reports: readonly FileReport[], version: string, cwd: string): string {
  const ruleIds = [...new Set(reports.flatMap((r) => r.result.diagnostics.map((d) => d.rule)))].sort();
  const rules = ruleIds.map((id) => {
    const rule = RULES_BY_ID.get(id);
    if (!rule) {
      return { id, name: id.replace(/^dockerfile-utils\//, ''), shortDescription: { text: `dockerfile-utils check ${id.replace(/^dockerfile-utils\//, '')}` } };
    }
    return {
      id,
      name: id,
      shortDescription: { text: stripMarkdown(rule.title) },
      fullDescription: { text: stripMarkdown(rule.summary) },
      helpUri: ruleDocsUrl(id),
      help: { text: `${stripMarkdown(rule.summary)} See ${ruleDocsUrl(id)}`, markdown: `${rule.summary}\n\n[Documentation](${ruleDocsUrl(id)})` },
      defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    };
  });
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const results = reports.flatMap(({ file, result }) =>
    result.diagnostics.map((d) => {
      const p = positions(result, d);
      return {
        ruleId: d.rule,
        ruleIndex: index.get(d.rule)!,
        level: LEVEL[d.severity],
        message: { text: d.message },
        locations: [{
          physicalLocation: {
            artifactLocation: artifactLocation(file, cwd),
            region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
          },
        }],
        properties: { fixable: d.fixable },
      };
    }),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'MLDock', semanticVersion: version, version, informationUri: 'https://github.com/mldock/mldock', rules } },
      originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd + path.sep).href } },
      artifacts: reports.map(({ file }) => ({ location: artifactLocation(file, cwd) })),
      results,
      columnKind: 'utf16CodeUnits',
    }],
  };
  return JSON.stringify(log, null, 2);
}

function artifactLocation(file: string, cwd: string) {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(absolute).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function stripMarkdown(s: string): string {
  return s.replace(/`/g, '');
}
