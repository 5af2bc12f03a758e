import type { DockerEngine } from './engine';
import { EngineError } from './errors';
import { field, parseBytes } from './json';

/**
 * Labels MLDock writes on the images it builds (Build & Run), read back by the layer view to find the
 * Dockerfile behind an image without guessing.
 */
export const MLDOCK_LABELS = {
  /** The Dockerfile that built the image: absolute, or relative to the workspace folder (`/` separators). */
  dockerfile: 'dev.mldock.dockerfile',
  /** The build target stage (`docker build --target`), when one was given. */
  target: 'dev.mldock.target',
} as const;

export interface ImageSummary {
  /** Full ID, `sha256:…`. */
  readonly id: string;
  /** `repository:tag` names; empty for a dangling image. */
  readonly tags: readonly string[];
  readonly digests: readonly string[];
  /** Bytes, as `docker image inspect` reports them (the sum of the layers' content). */
  readonly size: number;
  /** ISO 8601 creation time, or undefined when the engine does not say. */
  readonly created: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly layerCount: number;
  readonly architecture: string | undefined;
}

export interface HistoryRow {
  /** 0 for the oldest row: rows are in build order (docker prints them newest first). */
  readonly index: number;
  /** The image ID of the step when the engine still has it; undefined for `<missing>` (pulled layers). */
  readonly id: string | undefined;
  readonly createdBy: string;
  readonly created: string | undefined;
  /** Bytes this step added (0 for metadata-only steps such as ENV or CMD). */
  readonly size: number;
  readonly comment: string;
}

/** Every local image, newest first, with exact sizes and labels (`image ls` + one `image inspect`). */
export async function listImages(engine: DockerEngine, signal?: AbortSignal): Promise<ImageSummary[]> {
  const rows = await engine.json(['image', 'ls', '--no-trunc', '--format', '{{json .}}'], { signal, what: 'Listing images' });
  const ids = [...new Set(rows.map((r) => normalizeId(String(field(r, 'ID', 'Id') ?? ''))).filter(Boolean))];
  if (ids.length === 0) return [];
  const images = await inspectImages(engine, ids, signal);
  return images.sort((a, b) => (b.created ?? '').localeCompare(a.created ?? ''));
}

/** `docker image inspect` for one or more images. */
export async function inspectImages(engine: DockerEngine, refs: readonly string[], signal?: AbortSignal): Promise<ImageSummary[]> {
  const what = refs.length === 1 ? `Inspecting ${refs[0]}` : 'Inspecting images';
  const records = await engine.json(['image', 'inspect', '--format', '{{json .}}', ...refs], { signal, what });
  return records.map(toSummary);
}

export async function inspectImage(engine: DockerEngine, ref: string, signal?: AbortSignal): Promise<ImageSummary> {
  const [image] = await inspectImages(engine, [ref], signal);
  if (!image) throw new EngineError('not-found', `Inspecting ${ref}: no such image.`);
  return image;
}

function toSummary(r: Record<string, unknown>): ImageSummary {
  const config = (field(r, 'Config') ?? {}) as Record<string, unknown>;
  const rootFs = (field(r, 'RootFS') ?? {}) as Record<string, unknown>;
  const labels = (field(config, 'Labels') ?? field(r, 'Labels') ?? {}) as Record<string, string> | null;
  const tags = (field(r, 'RepoTags') ?? []) as string[] | null;
  return {
    id: normalizeId(String(field(r, 'Id', 'ID') ?? '')),
    tags: (tags ?? []).filter((t) => t && !t.startsWith('<none>')),
    digests: ((field(r, 'RepoDigests') ?? []) as string[] | null) ?? [],
    size: parseBytes(field(r, 'Size')) ?? 0,
    created: typeof field(r, 'Created') === 'string' ? String(field(r, 'Created')) : undefined,
    labels: labels ?? {},
    layerCount: ((field(rootFs, 'Layers') ?? []) as unknown[] | null)?.length ?? 0,
    architecture: typeof field(r, 'Architecture') === 'string' ? String(field(r, 'Architecture')) : undefined,
  };
}

/** The image's build steps, oldest first, with exact sizes (`docker history --human=false`). */
export async function imageHistory(engine: DockerEngine, ref: string, signal?: AbortSignal): Promise<HistoryRow[]> {
  const rows = await engine.json(['history', '--no-trunc', '--human=false', '--format', '{{json .}}', ref], { signal, what: `Reading the history of ${ref}` });
  const count = rows.length;
  return rows.map((r, i) => {
    const id = String(field(r, 'ID', 'Id') ?? '');
    const created = field(r, 'CreatedAt', 'Created');
    return {
      index: count - 1 - i,
      id: id && id !== '<missing>' ? normalizeId(id) : undefined,
      createdBy: String(field(r, 'CreatedBy') ?? ''),
      created: typeof created === 'string' && created ? created : undefined,
      size: parseBytes(field(r, 'Size')) ?? 0,
      comment: String(field(r, 'Comment') ?? ''),
    };
  }).reverse();
}

/** `docker image rm`; `force` also removes an image other tags or stopped containers use. */
export async function removeImage(engine: DockerEngine, ref: string, options: { force?: boolean; signal?: AbortSignal } = {}): Promise<void> {
  await engine.run(['image', 'rm', ...(options.force ? ['--force'] : []), ref], { signal: options.signal, what: `Removing ${ref}` });
}

function normalizeId(id: string): string {
  const trimmed = id.trim();
  if (!trimmed) return '';
  return /^[0-9a-f]{64}$/i.test(trimmed) ? `sha256:${trimmed}` : trimmed;
}

/** The short form users know: the first 12 hex digits. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
