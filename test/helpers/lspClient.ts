import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter,
  InitializeRequest, InitializedNotification, DidOpenTextDocumentNotification, DidChangeTextDocumentNotification,
  PublishDiagnosticsNotification, ConfigurationRequest, RegistrationRequest, UnregistrationRequest, ShutdownRequest, ExitNotification,
  type ProtocolConnection, type PublishDiagnosticsParams, type ClientCapabilities, type Range,
} from 'vscode-languageserver-protocol/node';
import { DIST } from './paths';

/** A real LSP client talking to `node dist/server.js --stdio`. */
export class TestLspClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  readonly stderr: string[] = [];
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: { uri: string; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  /** What the server gets when it asks for the `mldock` settings section. */
  settings: Record<string, unknown> | null = null;

  /** `env` for the server process; `serverPath` defaults to MLDock's bundle (the benchmark also drives the peer server). */
  constructor(args: string[] = ['--stdio'], env: NodeJS.ProcessEnv = process.env, serverPath = path.join(DIST, 'server.js')) {
    this.process = spawn(process.execPath, [serverPath, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env });
    this.process.stderr!.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const list = this.diagnostics.get(p.uri) ?? [];
      list.push(p);
      this.diagnostics.set(p.uri, list);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.test(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => this.settings));
    // Like an editor, accept dynamic registrations (the peer server exits when one is refused).
    this.connection.onRequest(RegistrationRequest.type, () => undefined);
    this.connection.onRequest(UnregistrationRequest.type, () => undefined);
    this.connection.listen();
  }

  async initialize(capabilities: ClientCapabilities = { workspace: { configuration: true }, textDocument: { hover: { contentFormat: ['markdown'] } } }) {
    const result = await this.connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities, workspaceFolders: null });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  async open(file: string, text: string, version = 1): Promise<string> {
    const uri = pathToFileURL(file).href;
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockerfile', version, text } });
    return uri;
  }

  async change(uri: string, version: number, text: string): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** An incremental change, as editors send while typing. */
  async edit(uri: string, version: number, range: Range, text: string): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  /**
   * Sends notifications in one write to the server's stdin, so they arrive as fast as a pipe allows
   * (the connection's own writer waits for each message to be written before the next).
   */
  sendBurst(notifications: readonly { method: string; params: unknown }[]): Promise<void> {
    const frames = notifications.map((n) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: n.method, params: n.params }), 'utf8');
      return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
    });
    return new Promise((resolve, reject) => this.process.stdin!.write(Buffer.concat(frames), (error) => (error ? reject(error) : resolve())));
  }

  /** Resolves with the first publication for `uri` (already received or future) that passes `test`. */
  waitForDiagnostics(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const seen = (this.diagnostics.get(uri) ?? []).find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr.join('')}`)), timeoutMs);
      this.waiters.push({ uri, test, resolve: (p) => { clearTimeout(timer); resolve(p); } });
    });
  }

  /** Like waitForDiagnostics, but only publications that arrive after this call count. */
  waitForNextDiagnostics(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const already = new Set(this.published(uri));
    return this.waitForDiagnostics(uri, (p) => !already.has(p) && test(p), timeoutMs);
  }

  published(uri: string): PublishDiagnosticsParams[] {
    return this.diagnostics.get(uri) ?? [];
  }

  /** Drops the publications kept for `uri` (long runs would otherwise hold every one of them). */
  forget(uri: string): void {
    this.diagnostics.delete(uri);
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  async dispose(): Promise<void> {
    if (this.alive) {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type).catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification(ExitNotification.type).catch(() => undefined);
    }
    this.connection.dispose();
    if (this.alive) this.process.kill();
  }
}
