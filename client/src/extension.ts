import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import type { Ctx } from './context';
import { ImagesView } from './images/imagesView';
import { createLanguageClient } from './languageClient';
import { Scaffolding } from './scaffold/scaffoldCommands';
import { BuildAndRun } from './run/buildAndRun';
import { ServerStatus } from './statusBar';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('MLDock', { log: true });
  const status = new ServerStatus();
  const images = new ImagesView(output);
  const scaffolding = new Scaffolding(output);
  const run = new BuildAndRun(context, output, images);
  context.subscriptions.push(output, status, images, scaffolding, run);

  const start = async () => {
    client = createLanguageClient(context, output);
    client.onDidChangeState((e) => status.set(e.newState));
    try {
      await client.start();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      output.error(`MLDock language server failed to start: ${message}`);
      status.set(1 /* State.Stopped */, message);
      void vscode.window.showErrorMessage(`MLDock language server failed to start: ${message}`, 'Show Log').then((choice) => {
        if (choice) output.show();
      });
    }
  };

  const ctx: Ctx = {
    extension: context,
    output,
    images,
    scaffolding,
    run,
    client: () => client,
    async restartClient() {
      output.info('Restarting the MLDock language server');
      const old = client;
      client = undefined;
      await old?.stop().catch((e: unknown) => output.warn(`stopping the old server: ${String(e)}`));
      await start();
    },
  };
  context.subscriptions.push(...registerCommands(ctx, vscode.commands.registerCommand));
  await start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
