import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { CoalescedOutput, consoleToClient } from './stdioOutput';

// `node dist/server.js --stdio` (any LSP editor) or `--node-ipc` (the VS Code client): the transport
// is chosen from the command line by vscode-languageserver.
if (!process.argv.some((a) => /^--(stdio|node-ipc|socket=|pipe=|clientProcessId)/.test(a))) {
  process.stderr.write('MLDock language server. Start it with --stdio (any LSP editor) or --node-ipc.\n');
  process.exit(2);
}

const stdio = process.argv.includes('--stdio');
const connection = stdio
  ? createConnection(ProposedFeatures.all, process.stdin, new CoalescedOutput(process.stdout) as unknown as NodeJS.WritableStream)
  : createConnection(ProposedFeatures.all);
if (stdio) consoleToClient(connection);

// Nothing a user types may take the server down: report and keep serving.
process.on('uncaughtException', (error) => connection.console.error(`[mldock] uncaught: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`[mldock] unhandled rejection: ${String(reason)}`));

startServer(connection);
