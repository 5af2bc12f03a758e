import type { GpuRequest } from '../../../core/src';

/**
 * The GPU choice as users type it (setting `mldock.run.gpus`, the GPU question, tasks.json):
 * `all`, a count (`2`), device IDs (`device=0,1`, `0,1`, `GPU-<uuid>`), or `none`. Kept in text form
 * in remembered answers so a stored value reads like the setting.
 */
export type GpuParse = { readonly ok: true; readonly gpus: GpuRequest } | { readonly ok: false; readonly error: string };

/** Index (`0`), MIG index (`0:1`) or UUID (`GPU-…`, `MIG-…`), as nvidia-smi -L prints them (core's rule). */
const DEVICE_ID = /^(?:\d+(?::\d+)?|(?:GPU|MIG)-[A-Za-z0-9-]+(?:\/\d+\/\d+)?)$/;

export function parseGpuText(raw: string): GpuParse {
  // `"device=0,1"` is how docker's docs write it (quotes for its CSV parser); accept it pasted.
  const text = raw.trim().replace(/^(["'])(.*)\1$/, '$2').trim();
  const lower = text.toLowerCase();
  if (lower === '' || lower === 'none' || lower === 'cpu') return { ok: true, gpus: { kind: 'none' } };
  if (lower === 'all') return { ok: true, gpus: { kind: 'all' } };
  if (/^\d+$/.test(text)) {
    const count = Number(text);
    if (count === 0) return { ok: false, error: 'Use "none" to run without a GPU, or "device=0" for the GPU with index 0.' };
    if (count > 64) return { ok: false, error: `${count} GPUs is more than one machine has; give a count up to 64, "all", or device IDs.` };
    // A bare "0" is rejected above; a bare single digit is a count, as in `docker run --gpus 2`.
    return { ok: true, gpus: { kind: 'count', count } };
  }
  const list = lower.startsWith('device=') ? text.slice('device='.length) : text;
  const ids = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) return { ok: false, error: 'Name at least one device, e.g. "device=0" or "device=0,1".' };
  const bad = ids.find((id) => !DEVICE_ID.test(id));
  if (bad !== undefined) return { ok: false, error: `"${bad}" is not a GPU index (0, 1 …), MIG index (0:1) or UUID (GPU-…, see nvidia-smi -L). Use "all", a count, or device IDs such as "device=0,1".` };
  if (new Set(ids).size !== ids.length) return { ok: false, error: 'A device is listed twice.' };
  // A single index without "device=" would be a count: only lists and UUIDs reach here undecorated.
  return { ok: true, gpus: { kind: 'devices', ids } };
}

/** The text form, the inverse of parseGpuText. */
export function gpuText(gpus: GpuRequest): string {
  switch (gpus.kind) {
    case 'none':
      return 'none';
    case 'all':
      return 'all';
    case 'count':
      return String(gpus.count);
    case 'devices':
      return `device=${gpus.ids.join(',')}`;
  }
}

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
