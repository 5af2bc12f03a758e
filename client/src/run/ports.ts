import type { PortMapping } from '../../../core/src/run';

export type { PortMapping };

/** Whether a host port can be published; injected so the logic is tested without sockets. */
export type PortProbe = (port: number) => Promise<boolean>;

export type PortListParse = { readonly ok: true; readonly ports: PortMapping[] } | { readonly ok: false; readonly error: string };

/** How far past the preferred port to look for a free one. */
const SEARCH_SPAN = 100;

function asPort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** Parses "8080:80, 9000" (a bare port publishes on the same host port); empty means none. */
export function parsePortList(text: string): PortListParse {
  const ports: PortMapping[] = [];
  for (const item of text.split(/[\s,]+/).filter(Boolean)) {
    const parts = item.replace(/\/tcp$/i, '').split(':');
    if (parts.length > 2) return { ok: false, error: `"${item}": use HOST:CONTAINER, e.g. 8080:80 (binding to one host address is not supported here).` };
    const host = asPort(parts[0]!);
    const container = asPort(parts[1] ?? parts[0]!);
    if (host === undefined || container === undefined) return { ok: false, error: `"${item}" is not HOST:CONTAINER with ports from 1 to 65535.` };
    if (ports.some((p) => p.host === host)) return { ok: false, error: `Host port ${host} is published twice.` };
    ports.push({ host, container });
  }
  return { ok: true, ports };
}

export function formatPortList(ports: readonly PortMapping[]): string {
  return ports.map((p) => `${p.host}:${p.container}`).join(', ');
}

/**
 * The host port to offer for a container port: the same number when it is free, else the next free
 * one. Privileged ports (< 1024) start at 8000 + port (80 → 8080, 443 → 8443), where a user can
 * open them without root and where people expect them.
 */
export async function suggestHostPort(container: number, probe: PortProbe, taken: ReadonlySet<number> = new Set(), preferred?: number): Promise<number | undefined> {
  const start = preferred ?? (container < 1024 ? 8000 + container : container);
  for (let port = start; port <= Math.min(65535, start + SEARCH_SPAN); port++) {
    if (taken.has(port)) continue;
    if (await probe(port)) return port;
  }
  return undefined;
}

export interface PortPlan {
  readonly ports: PortMapping[];
  /** Why a port differs from what was expected, for the confirmation ("8000 is in use; using 8001"). */
  readonly notes: string[];
}

/**
 * Host ports for a run: the remembered mappings when their host port is still free (moved to the next
 * free one otherwise), else one per EXPOSEd port. Remembered mappings win because the user chose
 * them; a port in use is never offered, since `docker run` would fail only after the build.
 */
export async function planPorts(exposed: readonly number[], remembered: readonly PortMapping[] | undefined, probe: PortProbe): Promise<PortPlan> {
  const wanted = remembered ?? [...new Set(exposed)].map((container) => ({ container, host: undefined as number | undefined }));
  const ports: PortMapping[] = [];
  const notes: string[] = [];
  const taken = new Set<number>();
  for (const want of wanted) {
    const host = await suggestHostPort(want.container, probe, taken, want.host);
    if (host === undefined) {
      notes.push(`No free host port near ${want.host ?? want.container} for container port ${want.container}; it is not published.`);
      continue;
    }
    const expected = want.host ?? (want.container < 1024 ? 8000 + want.container : want.container);
    if (host !== expected) notes.push(`Host port ${expected} is in use; publishing container port ${want.container} on ${host}.`);
    taken.add(host);
    ports.push({ host, container: want.container });
  }
  return { ports, notes };
}

/** `0.0.0.0:8080->8000/tcp, :::8080->8000/tcp` → [{ host: 8080, container: 8000 }] (TCP, deduplicated). */
export function parsePublished(ports: string): PortMapping[] {
  const out: PortMapping[] = [];
  for (const m of ports.matchAll(/:(\d+)->(\d+)\/tcp/g)) {
    const host = Number(m[1]);
    const container = Number(m[2]);
    if (!out.some((p) => p.host === host)) out.push({ host, container });
  }
  return out;
}
