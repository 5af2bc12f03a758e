import type { BindMount } from '../../../core/src/run';
import { isSecretLike } from '../../../core/src/run';
import { gpuText, parseGpuText } from './gpus';
import type { PortMapping } from './ports';
import type { RunDraft } from './runDraft';
import { isValidShmSize, sharedMemoryText } from './sharedMemory';

/**
 * The answers remembered per Dockerfile (workspace state), as the user last chose them. Only what
 * the user decided is kept: a tag that still follows folder and stage is not, so a new stage gets its
 * own tag. Secret-looking build-arg values are never here: they go to SecretStorage (encrypted by
 * the OS keychain) and only their names are listed in `secretArgs`.
 */
export interface RememberedRun {
  readonly version: 1;
  context?: string;
  /** '' for the last stage. */
  target?: string;
  buildArgs?: Record<string, string>;
  secretArgs?: string[];
  skippedArgs?: string[];
  tag?: string;
  /** Text form (`all`, `2`, `device=0,1`), GPU runs only. */
  gpus?: string;
  ports?: PortMapping[];
  /** '' for "no env file". */
  envFile?: string;
  mounts?: BindMount[];
  /** `default`, `host` or a size. */
  sharedMemory?: string;
  detach?: boolean;
  name?: string;
}

export const REMEMBERED_VERSION = 1;

/** workspaceState key for a Dockerfile. */
export function rememberedKey(dockerfileUri: string): string {
  return `mldock.run.answers:${dockerfileUri}`;
}

/** SecretStorage key for one secret build arg of a Dockerfile. */
export function secretArgKey(dockerfileUri: string, name: string): string {
  return `mldock.run.buildArg:${dockerfileUri}:${name}`;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isPort = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535;

/**
 * Reads what workspace state holds, keeping each field only when it has the right shape: state
 * written by another version, or edited by hand, costs that field, never the run.
 */
export function readRemembered(raw: unknown): RememberedRun | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  if (r.version !== REMEMBERED_VERSION) return undefined;
  const out: RememberedRun = { version: REMEMBERED_VERSION };
  if (isString(r.context) && r.context) out.context = r.context;
  if (isString(r.target)) out.target = r.target;
  if (r.buildArgs && typeof r.buildArgs === 'object' && !Array.isArray(r.buildArgs)) {
    const args = Object.entries(r.buildArgs as Record<string, unknown>).filter((e): e is [string, string] => isString(e[1]));
    // A secret that reached here (older state, hand edit) is dropped rather than used from plain storage.
    out.buildArgs = Object.fromEntries(args.filter(([k, v]) => !isSecretLike(k, v)));
  }
  if (isStringArray(r.secretArgs)) out.secretArgs = r.secretArgs;
  if (isStringArray(r.skippedArgs)) out.skippedArgs = r.skippedArgs;
  if (isString(r.tag) && r.tag) out.tag = r.tag;
  if (isString(r.gpus) && parseGpuText(r.gpus).ok) out.gpus = r.gpus;
  if (Array.isArray(r.ports)) {
    out.ports = r.ports.filter((p): p is PortMapping => !!p && typeof p === 'object' && isPort((p as PortMapping).host) && isPort((p as PortMapping).container))
      .map((p) => ({ host: p.host, container: p.container }));
  }
  if (isString(r.envFile)) out.envFile = r.envFile;
  if (Array.isArray(r.mounts)) {
    out.mounts = r.mounts.filter((m): m is BindMount => !!m && typeof m === 'object' && isString((m as BindMount).source) && isString((m as BindMount).target))
      .map((m) => ({ source: m.source, target: m.target, ...(m.readonly === true && { readonly: true }) }));
  }
  if (isString(r.sharedMemory) && (['default', 'host'].includes(r.sharedMemory) || isValidShmSize(r.sharedMemory))) out.sharedMemory = r.sharedMemory;
  if (typeof r.detach === 'boolean') out.detach = r.detach;
  if (isString(r.name) && r.name) out.name = r.name;
  return out;
}

export interface RememberedSplit {
  readonly remembered: RememberedRun;
  /** Secret build-arg values to keep in SecretStorage, by name. */
  readonly secrets: Record<string, string>;
}

/**
 * What to remember after a confirmed run. GPU choices are kept only from GPU runs, so a CPU run
 * does not forget which GPUs the user picked.
 */
export function rememberDraft(draft: RunDraft, mode: 'gpu' | 'cpu', previous: RememberedRun | undefined): RememberedSplit {
  const plain: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const [k, v] of Object.entries(draft.buildArgs)) (isSecretLike(k, v) ? secrets : plain)[k] = v;
  const remembered: RememberedRun = {
    version: REMEMBERED_VERSION,
    context: draft.context,
    target: draft.target ?? '',
    buildArgs: plain,
    secretArgs: Object.keys(secrets),
    skippedArgs: [...draft.skippedArgs],
    ...(draft.tagEdited && { tag: draft.tag }),
    ...(mode === 'gpu' ? { gpus: gpuText(draft.gpus) } : previous?.gpus !== undefined ? { gpus: previous.gpus } : {}),
    ports: draft.ports.map((p) => ({ host: p.host, container: p.container })),
    envFile: draft.envFile ?? '',
    mounts: draft.mounts.map((m) => ({ ...m })),
    sharedMemory: sharedMemoryText(draft.sharedMemory),
    detach: draft.detach,
    ...(draft.name && { name: draft.name }),
  };
  return { remembered, secrets };
}
