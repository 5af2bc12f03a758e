import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// `node dist/server.js --stdio` (any LSP editor) or `--node-ipc` (the VS Code client): the transport
// is chosen from the command line by vscode-languageserver.
if (!process.argv.some((a) => /^--(stdio|node-ipc|socket=|pipe=|clientProcessId)/.test(a))) {
  process.stderr.write('MLDock language server. Start it with --stdio (any LSP editor) or --node-ipc.\n');
  process.exit(2);
}

const connection = createConnection(ProposedFeatures.all);

// Nothing a user types may take the server down: report and keep serving.
process.on('uncaughtException', (error) => connection.console.error(`[mldock] uncaught: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`[mldock] unhandled rejection: ${String(reason)}`));

startServer(connection);
