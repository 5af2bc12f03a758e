import type { Diagnostic } from 'vscode-languageserver-types';
import { analyzeDocument } from '../model/analyze';
import type { AnalyzedDocument, Span } from '../model/types';
import { DEFAULT_SETTINGS, type MldockSettings } from '../config/settings';
import { RULES } from '../rules/registry';
import type { AnyRule, Finding, RuleContext, Severity } from '../rules/types';
import type { WorkspaceView } from '../workspace';
import { LineIndex } from '../text/lineIndex';
import { guard, type StepFailure } from './guard';
import { syntaxDiagnostics, syntaxRuleName } from './syntax';

export interface LintOptions {
  readonly settings?: MldockSettings;
  readonly workspace?: WorkspaceView;
  /** Build target stage; the last stage otherwise. */
  readonly target?: string;
  /** Rules to run (defaults to all registered rules). */
  readonly rules?: readonly AnyRule[];
  /** The result for an earlier version of the same document: its unchanged instructions are reused. */
  readonly previous?: LintResult;
}

/** One reported problem, ML rule or syntax, in a front-end neutral shape (CLI, LSP and SARIF derive from it). */
export interface LintDiagnostic {
  /** `ML201`, or `dockerfile-utils/<CODE>` for syntax findings. */
  readonly rule: string;
  readonly source: 'mldock' | 'dockerfile-utils';
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly fixable: boolean;
  /** The ML finding behind it (for fixes); undefined for syntax findings. */
  readonly finding?: Finding;
  /** The original dockerfile-utils diagnostic (kept for its code and quick fixes). */
  readonly syntax?: Diagnostic;
}

export interface LintResult {
  readonly text: string;
  readonly lines: LineIndex;
  /** The analysed model, or undefined when the document could not be analysed at all. */
  readonly doc: AnalyzedDocument | undefined;
  readonly context: RuleContext | undefined;
  readonly diagnostics: readonly LintDiagnostic[];
  /** Steps that failed and were skipped (shown in logs, never fatal). */
  readonly failures: readonly StepFailure[];
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Lints one Dockerfile: syntax from dockerfile-utils plus every enabled ML rule, each step isolated. */
export function lintText(text: string, options: LintOptions = {}): LintResult {
  const failures: StepFailure[] = [];
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const doc = guard('analysis', failures, undefined, () => analyzeDocument(text, { target: options.target, previous: options.previous?.doc }));
  const lines = doc?.lines ?? new LineIndex(text);
  const syntax = guard('dockerfile-utils validation', failures, [] as Diagnostic[], () => syntaxDiagnostics(text));

  const diagnostics: LintDiagnostic[] = [];
  let context: RuleContext | undefined;
  const superseded: { code: number; span: Span }[] = [];
  if (doc) {
    context = { doc, settings, workspace: options.workspace };
    for (const rule of options.rules ?? RULES) {
      const level = settings.rules[rule.id] ?? rule.defaultSeverity;
      if (level === 'off' || doc.suppressions.global.has(rule.id)) continue;
      const findings = guard(`rule ${rule.id}`, failures, [] as Finding[], () => rule.check(context!));
      for (const finding of findings) {
        if (isSuppressed(doc, finding)) continue;
        diagnostics.push(mlDiagnostic(rule, level, finding, context, failures));
        for (const code of rule.supersedesSyntax ?? []) superseded.push({ code, span: finding.span });
      }
    }
  }
  for (const d of syntax) {
    const span = { start: lines.offsetAt(d.range.start), end: lines.offsetAt(d.range.end) };
    if (superseded.some((s) => s.code === d.code && s.span.start <= span.start && span.end <= s.span.end)) continue;
    diagnostics.push({ rule: syntaxRuleName(d.code), source: 'dockerfile-utils', severity: toSeverity(d.severity), message: typeof d.message === 'string' ? d.message : d.message.value, span, fixable: false, syntax: d });
  }
  diagnostics.sort((a, b) => a.span.start - b.span.start || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.rule.localeCompare(b.rule));
  return { text, lines, doc, context, diagnostics: dedupe(diagnostics), failures };
}

/**
 * `fixable` is worked out when first read, by running the rule's fix: the editor publishes diagnostics
 * on every keystroke without it (fixes are computed for code actions), the CLI reads it for its output.
 * A fix that throws then is recorded in the result's failures like any other step.
 */
function mlDiagnostic(rule: AnyRule, severity: Severity, finding: Finding, context: RuleContext, failures: StepFailure[]): LintDiagnostic {
  let fixable: boolean | undefined;
  return {
    rule: rule.id,
    source: 'mldock',
    severity,
    message: finding.message,
    span: finding.span,
    get fixable() {
      return (fixable ??= rule.fix !== undefined && guard(`fix ${rule.id}`, failures, [], () => rule.fix!(finding, context)).length > 0);
    },
    finding,
  };
}

function isSuppressed(doc: AnalyzedDocument, finding: Finding): boolean {
  if (doc.suppressions.byInstruction.size === 0) return false; // the common case: no search per finding
  const instruction = doc.instructions.find((i) => i.start <= finding.span.start && finding.span.start <= i.end);
  return instruction !== undefined && (doc.suppressions.byInstruction.get(instruction.index)?.has(finding.ruleId) ?? false);
}

/** The same rule never reports twice on the same range. */
function dedupe(diagnostics: LintDiagnostic[]): LintDiagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.rule}:${d.span.start}:${d.span.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toSeverity(severity: number | undefined): Severity {
  return severity === 1 ? 'error' : severity === 2 ? 'warning' : 'info';
}
