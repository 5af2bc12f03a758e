import * as vscode from 'vscode';
import type { FailingStep } from '../../../core/src/run';

/**
 * Build failures as diagnostics on the Dockerfile line of the failing step (own collection, so the
 * language server's findings are untouched). A diagnostic stays until that Dockerfile is built again,
 * like a task's problem matcher.
 */
export class BuildDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('mldock-build');

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  report(uri: vscode.Uri, step: FailingStep, dockerfileText: string | undefined, tag: string): vscode.Diagnostic {
    const lineText = dockerfileText?.split(/\r?\n/)[step.line] ?? '';
    const range = new vscode.Range(step.line, 0, step.line, Math.max(1, lineText.length));
    const diagnostic = new vscode.Diagnostic(range, `docker build of ${tag} failed here: ${step.message}`, vscode.DiagnosticSeverity.Error);
    diagnostic.source = 'mldock build';
    diagnostic.code = 'build-failed';
    this.collection.set(uri, [diagnostic]);
    return diagnostic;
  }

  dispose(): void {
    this.collection.dispose();
  }
}
