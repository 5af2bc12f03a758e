import * as vscode from 'vscode';
import { DockerEngine } from '../../../core/src';

/**
 * The engine as the settings describe it: `mldock.docker.path` (shared with the Images view), with the
 * extension host's environment, so DOCKER_HOST and the current `docker context` apply as in a terminal.
 */
export function engineFromSettings(): DockerEngine {
  const cli = vscode.workspace.getConfiguration('mldock').get<string>('docker.path') || undefined;
  return new DockerEngine({ cli });
}

/** Where the engine is, when it is not this machine's default socket: its URL and what chose it. */
export interface EngineLocation {
  readonly host: string;
  readonly source: 'DOCKER_HOST' | 'docker context';
}

const locations = new WeakMap<DockerEngine, Promise<EngineLocation | undefined>>();

/**
 * DOCKER_HOST, else the endpoint of the current `docker context` (`ssh://user@gpu-box` after
 * `docker context use gpu-box`). Published ports live on that machine: Open in Browser goes there and
 * local port probes are skipped. Asked once per engine; undefined for a local socket or when unknown.
 */
export function engineLocation(engine: DockerEngine): Promise<EngineLocation | undefined> {
  const explicit = engine.endpoint().host;
  if (explicit) return Promise.resolve({ host: explicit, source: 'DOCKER_HOST' });
  let pending = locations.get(engine);
  if (!pending) {
    pending = engine.json<string>(['context', 'inspect', '--format', '{{json .Endpoints.docker.Host}}'], { signal: AbortSignal.timeout(5000), what: 'Reading the docker context' })
      .then(([host]) => (typeof host === 'string' && host && !/^(unix|npipe):/.test(host) ? { host, source: 'docker context' as const } : undefined))
      .catch(() => undefined);
    locations.set(engine, pending);
  }
  return pending;
}
