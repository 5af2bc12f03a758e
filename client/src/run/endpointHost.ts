/**
 * The host a published port is reachable on. A local engine (unix socket, named pipe, no DOCKER_HOST)
 * publishes on this machine: `localhost`. A remote one (`ssh://user@gpu-box`, `tcp://10.0.0.5:2376`)
 * publishes on that machine, so "Open in Browser" must go there.
 */
export function publishedHost(dockerHost: string | undefined): string {
  if (!dockerHost) return 'localhost';
  let url: URL;
  try {
    url = new URL(dockerHost);
  } catch {
    return 'localhost';
  }
  if (url.protocol === 'unix:' || url.protocol === 'npipe:') return 'localhost';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host || host === '0.0.0.0' || host === '127.0.0.1' || host === '::1') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** Whether the engine publishes ports somewhere else than this machine (then local port probes mean nothing). */
export function isRemoteEngine(dockerHost: string | undefined): boolean {
  return publishedHost(dockerHost) !== 'localhost';
}

export function browserUrl(dockerHost: string | undefined, port: number): string {
  return `http://${publishedHost(dockerHost)}:${port}/`;
}
