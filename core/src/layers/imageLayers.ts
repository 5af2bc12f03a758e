import type { DockerEngine } from '../docker/engine';
import { EngineError } from '../docker/errors';
import { imageHistory, inspectImage, type HistoryRow, type ImageSummary } from '../docker/images';
import { analyzeEfficiency, type EfficiencyReport, type Inefficiency } from './efficiency';
import { describeCreatedBy } from './historyMatch';
import { ArchiveError, readImageArchive, type ImageArchive } from './imageArchive';

/** One `docker history` row with what MLDock derives from it. Rows are oldest first. */
export interface ImageLayer extends HistoryRow {
  /** Short label: `RUN pip install torch`. */
  readonly instruction: string;
  /** Share of the image's size, 0..1. */
  readonly share: number;
  /** A metadata-only step (ENV, CMD …): no filesystem layer, or one with no bytes. */
  readonly empty: boolean;
}

export interface ImageLayers {
  readonly image: ImageSummary;
  readonly layers: readonly ImageLayer[];
  /** Index (into `layers`) of the largest layer, or undefined when all are empty. */
  readonly largest: number | undefined;
}

/** Layers of a local image from `docker image inspect` + `docker history` (fast: no image data read). */
export async function imageLayers(engine: DockerEngine, ref: string, signal?: AbortSignal): Promise<ImageLayers> {
  const image = await inspectImage(engine, ref, signal);
  const rows = await imageHistory(engine, image.id, signal);
  const total = rows.reduce((sum, r) => sum + r.size, 0) || 1;
  const layers = rows.map((row) => ({
    ...row,
    instruction: describeCreatedBy(row.createdBy, row.comment),
    share: row.size / total,
    empty: row.size === 0,
  }));
  let largest: number | undefined;
  for (const l of layers) if (l.size > 0 && (largest === undefined || l.size > layers[largest]!.size)) largest = l.index;
  return { image, layers, largest };
}

/** A layer of the waste analysis, tied to its history row. */
export interface LayerWasteInfo {
  /** History row index (oldest first). */
  readonly row: number;
  /** Position of the filesystem layer in the image (0 = base). */
  readonly layer: number;
  readonly files: number;
  /** Bytes of regular files: what `docker history` shows for pulled, loaded and imported layers. */
  readonly contentBytes: number;
  /** Regular files + symlink target lengths: what `docker history` shows for layers a build committed. */
  readonly dockerBytes: number;
  /** Bytes of copies this layer adds that later layers delete or overwrite. */
  readonly deadBytes: number;
  readonly deadPaths: readonly { readonly path: string; readonly size: number; readonly removedInRow: number | undefined; readonly overwrittenInRow: number | undefined }[];
}

export interface WasteReport {
  readonly efficiency: number;
  readonly wastedBytes: number;
  readonly reclaimableBytes: number;
  readonly userWastedPercent: number;
  readonly sizeBytes: number;
  readonly userSizeBytes: number;
  /** Inefficient files, largest first; `rows` are history row indexes of their copies and deletions. */
  readonly inefficientFiles: readonly (Inefficiency & { readonly rows: readonly number[] })[];
  readonly layers: readonly LayerWasteInfo[];
  readonly bytesRead: number;
  readonly archiveFormat: ImageArchive['format'];
}

export interface AnalyzeOptions {
  readonly signal?: AbortSignal;
  /** Bytes of the `docker save` stream read so far, and the image size for a percentage. */
  readonly onProgress?: (bytesRead: number, imageSize: number) => void;
}

/**
 * Streams `docker image save` into the archive reader and runs the efficiency analysis. Nothing is
 * written to disk; memory grows with the number of files, not their size. Cancelling kills the
 * `docker save` process.
 */
export async function analyzeImageWaste(engine: DockerEngine, ref: string, rows: readonly HistoryRow[], imageSize: number, options: AnalyzeOptions = {}): Promise<WasteReport> {
  const save = engine.spawn(['image', 'save', ref], { rawStdout: true, signal: options.signal });
  let archive: ImageArchive;
  try {
    archive = await readImageArchive(save.stdout!, {
      signal: options.signal,
      onProgress: (bytes) => options.onProgress?.(bytes, imageSize),
    });
  } catch (error) {
    const aborted = options.signal?.aborted === true;
    save.kill();
    const result = await save.done.catch((e: unknown) => {
      throw engine.startFailure(e);
    });
    if (aborted) throw new EngineError('cancelled', `Analyzing ${ref}: cancelled.`);
    // A failed `docker save` explains an empty or cut-off stream better than the reader can.
    if (!result.cancelled && result.code !== 0) await engine.check(result, `Saving ${ref}`);
    if (error instanceof ArchiveError || (error as Error).name === 'TarFormatError') {
      throw new EngineError('bad-output', `Reading the layers of ${ref}: ${(error as Error).message}.`, undefined, result.stderr);
    }
    throw error;
  }
  const result = await save.done.catch((e: unknown) => {
    throw engine.startFailure(e);
  });
  await engine.check(result, `Saving ${ref}`);

  const report = analyzeEfficiency(archive.layers.map((l) => l.files));
  const rowOfLayer = layerRows(rows, archive);
  return toWasteReport(report, archive, rowOfLayer);
}

/**
 * Maps filesystem layer k to the history row that created it: the k-th row that is not an empty
 * layer in the image config (what docker does to fill `docker history` sizes). When the config has
 * fewer non-empty steps than layers (history is optional), the last layers align with the last rows.
 */
export function layerRows(rows: readonly HistoryRow[], archive: Pick<ImageArchive, 'config' | 'layers'>): number[] {
  const history = archive.config.history;
  const nonEmpty: number[] = [];
  history.forEach((h, i) => {
    if (!h.emptyLayer) nonEmpty.push(i);
  });
  const layerCount = archive.layers.length;
  const offset = rows.length === history.length ? 0 : rows.length - history.length;
  return Array.from({ length: layerCount }, (_, k) => {
    const fromEnd = layerCount - 1 - k;
    const historyIndex = nonEmpty.length >= layerCount ? nonEmpty[k]! : nonEmpty[nonEmpty.length - 1 - fromEnd];
    const row = historyIndex === undefined ? k : historyIndex + offset;
    return Math.max(0, Math.min(rows.length - 1, row));
  });
}

function toWasteReport(report: EfficiencyReport, archive: ImageArchive, rowOfLayer: readonly number[]): WasteReport {
  const row = (layer: number | undefined) => (layer === undefined ? undefined : rowOfLayer[layer]);
  return {
    efficiency: report.efficiency,
    wastedBytes: report.wastedBytes,
    reclaimableBytes: report.reclaimableBytes,
    userWastedPercent: report.userWastedPercent,
    sizeBytes: report.sizeBytes,
    userSizeBytes: report.userSizeBytes,
    inefficientFiles: report.inefficiencies.map((f) => ({
      ...f,
      rows: [...new Set([...f.copies.map((c) => rowOfLayer[c.layer]!), ...f.removedIn.map((l) => rowOfLayer[l]!)])].sort((a, b) => a - b),
    })),
    layers: archive.layers.map((l, k) => ({
      row: rowOfLayer[k]!,
      layer: k,
      files: l.files.entryCount,
      contentBytes: l.files.contentBytes,
      dockerBytes: l.files.dockerBytes,
      deadBytes: report.layers[k]!.deadBytes,
      deadPaths: report.layers[k]!.deadPaths.map((p) => ({ path: p.path, size: p.size, removedInRow: row(p.removedIn), overwrittenInRow: row(p.overwrittenIn) })),
    })),
    bytesRead: archive.bytesRead,
    archiveFormat: archive.format,
  };
}
