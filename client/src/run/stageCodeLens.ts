import * as vscode from 'vscode';
import { runFactsFromDockerfile } from '../../../core/src/run';

/** What a CodeLens passes to the Build & Run commands: the Dockerfile and the stage ('' = the last). */
export interface StageTarget {
  readonly uri: string;
  readonly target: string;
}

export function isStageTarget(value: unknown): value is StageTarget {
  return !!value && typeof value === 'object' && typeof (value as StageTarget).uri === 'string' && typeof (value as StageTarget).target === 'string';
}

/**
 * `▶ Build & Run` and `▶ Build & Run (GPU)` above each FROM that `--target` can name (every named stage,
 * and the last one). Off in untrusted workspaces and with `mldock.run.codeLens: false`.
 */
export class StageCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.isTrusted || document.uri.scheme !== 'file') return [];
    if (!vscode.workspace.getConfiguration('mldock.run', document.uri).get<boolean>('codeLens', true)) return [];
    let stages;
    try {
      stages = runFactsFromDockerfile(document.getText()).stages;
    } catch {
      return [];
    }
    const last = stages[stages.length - 1];
    const lenses: vscode.CodeLens[] = [];
    for (const stage of stages) {
      if (stage !== last && stage.name === undefined) continue;
      const range = new vscode.Range(stage.line, 0, stage.line, 0);
      const arg: StageTarget = { uri: document.uri.toString(), target: stage === last ? '' : stage.name! };
      const what = stage === last ? (stages.length > 1 ? `the last stage${stage.name ? ` (${stage.name})` : ''}` : 'the image') : `stage "${stage.name}"`;
      lenses.push(
        new vscode.CodeLens(range, { title: '▶ Build & Run', command: 'mldock.run.cpu', arguments: [arg], tooltip: `Build ${what} and run it on the CPU` }),
        new vscode.CodeLens(range, { title: '▶ Build & Run (GPU)', command: 'mldock.run.gpu', arguments: [arg], tooltip: `Build ${what} and run it with GPUs (setting mldock.run.gpus)` }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
