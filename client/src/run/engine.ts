import { DockerEngine } from '../../../core/src/run';
import { isRemoteEngine } from './endpointHost';
import type { PortProbe } from './ports';
import { isPortFree } from './portProbe';

/** Where the engine is, when it is not this machine's default socket: its URL and what chose it. */
export interface EngineLocation {
  readonly host: string;
  readonly source: 'DOCKER_HOST' | 'docker context';
}

const locations = new WeakMap<DockerEngine, { readonly at: number; readonly location: Promise<EngineLocation | undefined> }>();
/** `docker context use` can switch engines while VS Code runs: ask again after this long. */
const LOCATION_TTL_MS = 30_000;

/**
 * DOCKER_HOST, else the endpoint of the current `docker context` (`ssh://user@gpu-box` after
 * `docker context use gpu-box`). Published ports live on that machine: Open in Browser goes there and
 * local port probes are skipped. Asked at most every 30 s; undefined for a local socket or when unknown.
 */
export function engineLocation(engine: DockerEngine): Promise<EngineLocation | undefined> {
  const explicit = engine.endpoint().host;
  if (explicit) return Promise.resolve({ host: explicit, source: 'DOCKER_HOST' });
  const cached = locations.get(engine);
  if (cached && Date.now() - cached.at < LOCATION_TTL_MS) return cached.location;
  const location = engine.json<string>(['context', 'inspect', '--format', '{{json .Endpoints.docker.Host}}'], { signal: AbortSignal.timeout(5000), what: 'Reading the docker context' })
    .then(([host]) => (typeof host === 'string' && host && !/^(unix|npipe):/.test(host) ? { host, source: 'docker context' as const } : undefined))
    .catch(() => undefined);
  locations.set(engine, { at: Date.now(), location });
  return location;
}

/** Local engines publish here, so a port is checked by binding it; a remote engine's ports cannot be probed from here. */
export function portProbe(engineHost: string | undefined): PortProbe {
  return isRemoteEngine(engineHost) ? async () => true : (p) => isPortFree(p);
}

/** The engine's memory (docker info MemTotal), for the shm-size suggestion; undefined when unknown. */
export async function engineMemory(engine: DockerEngine): Promise<number | undefined> {
  try {
    const [mem] = await engine.json<number>(['info', '--format', '{{json .MemTotal}}'], { signal: AbortSignal.timeout(5000), what: 'Reading the engine\'s memory' });
    return typeof mem === 'number' && mem > 0 ? mem : undefined;
  } catch {
    return undefined;
  }
}
