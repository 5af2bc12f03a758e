import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export const CLIENT_ID = 'mldock';

/** Starts dist/server.js over IPC; its settings section is `mldock` (pulled per document by the server). */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'untitled', language: 'dockerfile' },
    ],
    outputChannel: output,
    traceOutputChannel: output,
  };
  return new LanguageClient(CLIENT_ID, 'MLDock Language Server', serverOptions, clientOptions);
}
