import * as vscode from 'vscode';
import type { PreflightProblem } from '../../../core/src/run';

/** What the user chose when preflight found a problem. */
export type PreflightDecision =
  | { readonly kind: 'go' }
  /** Retry without GPUs ("Run on CPU instead"). */
  | { readonly kind: 'cpu' }
  /** Build with the legacy builder although the Dockerfile uses BuildKit syntax. */
  | { readonly kind: 'legacy' }
  /** Back to the answers (an invalid request). */
  | { readonly kind: 'edit' }
  | { readonly kind: 'stop' };

export const EDIT_ANSWERS = 'Edit Answers…';

/**
 * Shows the first blocking problem with its actions as buttons: a modal before anything runs (the
 * command), a notification from a task. The other blocking problems are listed in the detail, so
 * nothing is hidden behind the first. Opening a link ends the run: the user has something to fix.
 */
export async function askAboutProblems(problems: readonly PreflightProblem[], options: { modal: boolean; canEdit: boolean }): Promise<PreflightDecision> {
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length === 0) return { kind: 'go' };
  const invalid = errors.filter((p) => p.code === 'invalid-request');
  if (invalid.length > 0) {
    const buttons = options.canEdit ? [EDIT_ANSWERS] : [];
    const choice = await vscode.window.showErrorMessage('MLDock: the Build & Run settings are not valid.', { modal: options.modal, detail: invalid.map((p) => `• ${p.message}`).join('\n') }, ...buttons);
    return choice === EDIT_ANSWERS ? { kind: 'edit' } : { kind: 'stop' };
  }
  const [first, ...rest] = errors as [PreflightProblem, ...PreflightProblem[]];
  const detail = [first.detail, ...rest.map((p) => `Also: ${p.message}`)].filter(Boolean).join('\n\n');
  const titles = first.actions.map((a) => a.title);
  const message = options.modal ? first.message : `${first.message}${detail ? ` ${detail.split('\n')[0]}` : ''}`;
  const choice = await vscode.window.showErrorMessage(message, { modal: options.modal, detail: options.modal ? detail : undefined }, ...titles);
  const action = first.actions.find((a) => a.title === choice);
  if (!action) return { kind: 'stop' };
  if (action.kind === 'run-on-cpu') return { kind: 'cpu' };
  if (action.kind === 'use-legacy') return { kind: 'legacy' };
  if (action.url) await vscode.env.openExternal(vscode.Uri.parse(action.url));
  return { kind: 'stop' };
}

/** Non-blocking problems, as lines for the confirmation. */
export function warningLines(problems: readonly PreflightProblem[]): string[] {
  return problems.filter((p) => p.severity === 'warning').map((p) => `⚠ ${p.message}`);
}
