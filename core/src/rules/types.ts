import type { AnalyzedDocument, Span } from '../model/types';
import type { MldockSettings } from '../config/settings';
import type { WorkspaceView } from '../workspace';

export type Severity = 'error' | 'warning' | 'info';

/** What a rule reports. `data` is the rule's own typed payload for its fix (plain JSON). */
export interface Finding<D = unknown> {
  readonly ruleId: string;
  readonly span: Span;
  readonly message: string;
  readonly data?: D;
}

/** A text replacement in document offsets. */
export interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export interface FixSuggestion {
  readonly title: string;
  readonly edits: readonly OffsetEdit[];
  /** The fix an editor applies for "auto fix" (one per finding at most). */
  readonly preferred?: boolean;
}

export interface RuleContext {
  readonly doc: AnalyzedDocument;
  readonly settings: MldockSettings;
  /** Files around the Dockerfile (build context), when the caller has a file system. */
  readonly workspace: WorkspaceView | undefined;
}

/** One rule, one module: metadata, a check over the shared model, and an optional mechanical fix. */
export interface Rule<D = unknown> {
  readonly id: string;
  readonly title: string;
  readonly defaultSeverity: Severity;
  /** One or two sentences shown in hovers and SARIF: what is wrong and why it matters. */
  readonly summary: string;
  /** dockerfile-utils validation codes this rule reports better; those syntax findings are dropped on the same range. */
  readonly supersedesSyntax?: readonly number[];
  check(ctx: RuleContext): Finding<D>[];
  fix?(finding: Finding<D>, ctx: RuleContext): FixSuggestion[];
}

/** Lets a registry hold rules with different data types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = Rule<any>;
