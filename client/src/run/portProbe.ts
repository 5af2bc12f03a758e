import * as net from 'node:net';

/**
 * Whether this machine can publish `port`: binds it on all IPv4 interfaces (where `docker run -p`
 * publishes) and lets it go. Any failure (in use, privileged, firewall) counts as not free, so the
 * suggestion moves on rather than offering a port `docker run` would reject after a long build.
 */
export function isPortFree(port: number, host = '0.0.0.0'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
