import { EventEmitter } from 'node:events';
import { format } from 'node:util';
import type { Connection } from 'vscode-languageserver/node';

/**
 * The server's stdout as the JSON-RPC writer sees it, writing each message's header and body with one
 * write. vscode-jsonrpc writes the header, waits for it, then writes the body: two syscalls and two
 * wake-ups of the editor per message, for every diagnostics publication on every keystroke.
 */
export class CoalescedOutput extends EventEmitter {
  private header: Buffer | undefined;

  constructor(private readonly out: NodeJS.WritableStream) {
    super();
    for (const event of ['close', 'error', 'end', 'drain', 'finish']) out.on(event, (...args: unknown[]) => this.emit(event, ...args));
  }

  write(chunk: string | Uint8Array, encodingOrCallback?: BufferEncoding | ((error?: Error | null) => void), callback?: (error?: Error | null) => void): boolean {
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    const encoding = typeof encodingOrCallback === 'string' ? encodingOrCallback : undefined;
    if (typeof chunk === 'string' && this.header === undefined && chunk.startsWith('Content-Length:')) {
      // The writer sends the body as soon as this reports written; both go out together then.
      this.header = Buffer.from(chunk, encoding ?? 'ascii');
      done?.();
      return true;
    }
    const body = typeof chunk === 'string' ? Buffer.from(chunk, encoding ?? 'utf8') : chunk;
    const data = this.header ? Buffer.concat([this.header, body]) : body;
    this.header = undefined;
    return this.out.write(data, done);
  }

  end(callback?: () => void): void {
    if (this.header) this.out.write(this.header);
    this.header = undefined;
    this.out.end(callback);
  }
}

/**
 * Over stdio nothing but the protocol may reach stdout: console output goes to the client's log, as
 * vscode-languageserver arranges itself when it opens stdio from `--stdio`.
 */
export function consoleToClient(connection: Connection): void {
  const log = (send: (message: string) => void) => (...args: unknown[]) => send(format(...args));
  console.log = log((m) => connection.console.log(m));
  console.info = log((m) => connection.console.info(m));
  console.debug = log((m) => connection.console.log(m));
  console.warn = log((m) => connection.console.warn(m));
  console.error = log((m) => connection.console.error(m));
  console.trace = log((m) => connection.console.log(m));
  console.dir = (value: unknown) => connection.console.log(format(value));
}
