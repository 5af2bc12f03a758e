import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ImagesView } from './images/imagesView';
import type { Scaffolding } from './scaffold/scaffoldCommands';
import type { BuildAndRun } from './run/buildAndRun';

/** What commands need: the extension context, the log channel, and the language client (restartable). */
export interface Ctx {
  readonly extension: vscode.ExtensionContext;
  readonly output: vscode.LogOutputChannel;
  client(): LanguageClient | undefined;
  restartClient(): Promise<void>;
  /** The Images view (layers, wasted space); Build & Run calls `images.refresh()` after a build. */
  readonly images: ImagesView;
  /** The "New … Image" wizards and "Add .dockerignore for ML". */
  readonly scaffolding: Scaffolding;
  /** Build & Run: the commands, the running-containers status bar, the CodeLens and the `mldock` tasks. */
  readonly run: BuildAndRun;
}
