import { formatGpuRequest, parseGpuRequest, type GpuRequest } from '../../../core/src/run';

/**
 * The GPU choice as users type it (setting `mldock.run.gpus`, the GPU question, tasks.json):
 * `all`, a count (`2`), device IDs (`device=0,1`, `0,1`, `GPU-<uuid>`), or `none`. Kept in text form
 * in remembered answers so a stored value reads like the setting.
 */
export type GpuParse = { readonly ok: true; readonly gpus: GpuRequest } | { readonly ok: false; readonly error: string };

/** Core's parser (shared with `mldock run` and tasks), in the shape the prompts validate with. */
export function parseGpuText(raw: string): GpuParse {
  const parsed = parseGpuRequest(raw);
  return typeof parsed === 'string' ? { ok: false, error: parsed } : { ok: true, gpus: parsed };
}

/** The text form, the inverse of parseGpuText. */
export const gpuText = formatGpuRequest;

/** Words for prompts and the confirmation: "all GPUs", "2 GPUs", "GPUs 0,1", "no GPU". */
export function describeGpus(gpus: GpuRequest): string {
  switch (gpus.kind) {
    case 'none':
      return 'no GPU';
    case 'all':
      return 'all GPUs';
    case 'count':
      return gpus.count === 1 ? '1 GPU' : `${gpus.count} GPUs`;
    case 'devices':
      return gpus.ids.length === 1 ? `GPU ${gpus.ids[0]}` : `GPUs ${gpus.ids.join(', ')}`;
  }
}
