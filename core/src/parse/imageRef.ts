/**
 * A container image reference: `[registry/]path[:tag][@digest]`, e.g. `nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04`,
 * `docker.io/library/python:3.11-slim`, `ghcr.io/org/img@sha256:…`.
 */
export interface ImageRef {
  readonly raw: string;
  /** Registry host, undefined for Docker Hub. */
  readonly registry: string | undefined;
  /** Repository path as users write it for Docker Hub (`python`, `nvidia/cuda`), or `host/path` elsewhere. */
  readonly name: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

export function parseImageRef(raw: string): ImageRef | undefined {
  const text = raw.trim();
  if (!text || /\s/.test(text)) return undefined;
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  if (registry === 'docker.io' || registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = undefined;
  if (registry === undefined && rest.startsWith('library/')) rest = rest.slice('library/'.length);
  if (!rest) return undefined;
  const name = registry ? `${registry}/${rest}` : rest;
  return { raw: text, registry, name, tag: tag || undefined, digest: digest || undefined };
}

/** `nvidia/cuda:12.4.1-runtime-ubuntu22.04` (digest kept when present). */
export function formatImageRef(ref: Pick<ImageRef, 'name' | 'tag' | 'digest'>): string {
  return `${ref.name}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
