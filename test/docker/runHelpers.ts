import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { DockerEngine } from '../../core/src/docker/engine';
import { engine } from '../helpers/dockerEngine';

/** A host port nothing listens on right now (for --publish). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Containers (any state) whose ID, name or command line contains the text. */
export async function containersMatching(text: string, on: DockerEngine = engine): Promise<string[]> {
  const r = await on.run(['ps', '--all', '--no-trunc', '--format', '{{.ID}} {{.Names}} {{.Command}}']);
  return r.stdout.split('\n').filter((l) => l.includes(text));
}

/** Polls until the condition holds (the daemon cleans up asynchronously); fails after the deadline. */
export async function eventually(what: string, condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
