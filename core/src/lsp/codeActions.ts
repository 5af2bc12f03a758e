import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import type { LintResult } from '../lint/lint';
import { RULES_BY_ID } from '../rules/registry';
import type { OffsetEdit } from '../rules/types';
import type { LineIndex } from '../text/lineIndex';

/**
 * Quick fixes for the MLDock diagnostics the client sent: matched to the current lint result by rule
 * ID and range (never by message), plus "ignore on this line" and "ignore in this file".
 */
export function codeActionsFor(uri: string, result: LintResult, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  const { context, doc } = result;
  for (const diagnostic of diagnostics) {
    const ruleId = diagnostic.source === 'mldock' && diagnostic.code !== undefined ? String(diagnostic.code) : undefined;
    if (!ruleId || !context || !doc) continue;
    const start = result.lines.offsetAt(diagnostic.range.start);
    const end = result.lines.offsetAt(diagnostic.range.end);
    const match = result.diagnostics.find((d) => d.rule === ruleId && d.span.start === start && d.span.end === end);
    const rule = RULES_BY_ID.get(ruleId);
    if (match?.finding && rule?.fix) {
      for (const fix of rule.fix(match.finding, context)) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.preferred === true,
          edit: { changes: { [uri]: fix.edits.map((e) => toTextEdit(result.lines, e)) } },
        });
      }
    }
    const instruction = doc.instructions.find((i) => i.start <= start && start <= i.end);
    if (instruction) {
      const line = instruction.startLine;
      const indent = result.lines.indentation(line);
      actions.push({
        title: `Ignore ${ruleId} for this instruction`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [uri]: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}# mldock ignore=${ruleId}${result.lines.eol}` }] } },
      });
    }
    actions.push({
      title: `Ignore ${ruleId} in this file`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: { changes: { [uri]: [globalIgnoreEdit(result, ruleId)] } },
    });
  }
  return actions;
}

export function toTextEdit(lines: LineIndex, edit: OffsetEdit): TextEdit {
  return { range: lines.range(edit.start, edit.end), newText: edit.newText };
}

/** Inserts `# mldock global ignore=ID` after any parser directives (which must stay first). */
function globalIgnoreEdit(result: LintResult, ruleId: string): TextEdit {
  const directives = result.doc?.directives ?? [];
  const line = directives.length > 0 ? result.lines.positionAt(directives.at(-1)!.end).line + 1 : 0;
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `# mldock global ignore=${ruleId}${result.lines.eol}` };
}

/**
 * Applies non-overlapping offset edits to a text (used by tests and `mldock lint --fix`). Identical
 * edits (two findings fixed by the same change, e.g. removing one ENV that holds two secrets) apply once.
 */
export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  const unique = [...new Map(edits.map((e) => [`${e.start}:${e.end}:${e.newText}`, e])).values()];
  const sorted = unique.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
