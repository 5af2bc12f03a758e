import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';

/** Shows the language server's state while a Dockerfile is the active editor. */
export class ServerStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mldock.status', vscode.StatusBarAlignment.Right, 100);
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.item.name = 'MLDock';
    this.item.command = 'mldock.showOutput';
    this.set(State.Starting);
    this.subscription = vscode.window.onDidChangeActiveTextEditor(() => this.updateVisibility());
    this.updateVisibility();
  }

  set(state: State, detail?: string): void {
    switch (state) {
      case State.Running:
        this.item.text = '$(check) MLDock';
        this.item.tooltip = 'MLDock language server is running. Click for its log.';
        this.item.backgroundColor = undefined;
        break;
      case State.Starting:
        this.item.text = '$(sync~spin) MLDock';
        this.item.tooltip = 'MLDock language server is starting…';
        this.item.backgroundColor = undefined;
        break;
      default:
        this.item.text = '$(error) MLDock';
        this.item.tooltip = `MLDock language server stopped${detail ? `: ${detail}` : ''}. Run "MLDock: Restart Language Server".`;
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        this.item.command = 'mldock.restartServer';
    }
    if (state !== State.Stopped) this.item.command = 'mldock.showOutput';
  }

  private updateVisibility(): void {
    if (vscode.window.activeTextEditor?.document.languageId === 'dockerfile') this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
