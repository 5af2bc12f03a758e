import * as path from 'node:path';
import { defaultTag, validateRunRequest, type BindMount, type GpuRequest, type RunRequest } from '../../../core/src/run';
import type { PortMapping } from './ports';
import type { SharedMemoryChoice } from './sharedMemory';

/**
 * The answers of one Build & Run while they are being collected and edited; `toRunRequest` turns it
 * into the core's RunRequest. Paths are absolute.
 */
export interface RunDraft {
  readonly dockerfile: string;
  context: string;
  /** undefined: the last stage (no `--target`). */
  target?: string;
  /** Values passed as `--build-arg`; ARGs left out keep their Dockerfile default. */
  buildArgs: Record<string, string>;
  /** ARGs without a default the user chose to leave unset (not asked again). */
  skippedArgs: string[];
  tag: string;
  /** The user typed the tag: it no longer follows the folder and stage. */
  tagEdited: boolean;
  gpus: GpuRequest;
  ports: PortMapping[];
  envFile?: string;
  mounts: BindMount[];
  sharedMemory: SharedMemoryChoice;
  detach: boolean;
  name?: string;
}

/** The tag derived from the context folder and the stage, as the core derives it. */
export function derivedTag(context: string, target: string | undefined): string {
  return defaultTag(path.basename(context) || 'image', target);
}

/** Sets the target and, unless the user typed a tag, the tag that follows it. */
export function setTarget(draft: RunDraft, target: string | undefined): void {
  draft.target = target;
  if (!draft.tagEdited) draft.tag = derivedTag(draft.context, target);
}

export function setContext(draft: RunDraft, context: string): void {
  draft.context = context;
  if (!draft.tagEdited) draft.tag = derivedTag(context, draft.target);
}

/** Sets a typed tag; an empty one goes back to the derived tag. */
export function setTag(draft: RunDraft, tag: string): void {
  const typed = tag.trim();
  draft.tagEdited = typed !== '' && typed !== derivedTag(draft.context, draft.target);
  draft.tag = draft.tagEdited ? typed : derivedTag(draft.context, draft.target);
}

export function toRunRequest(draft: RunDraft): RunRequest {
  return {
    dockerfile: draft.dockerfile,
    context: draft.context,
    target: draft.target,
    tag: draft.tag,
    buildArgs: { ...draft.buildArgs },
    gpus: draft.gpus,
    ports: draft.ports.map((p) => ({ host: p.host, container: p.container })),
    envFile: draft.envFile,
    mounts: draft.mounts.map((m) => ({ ...m })),
    shmSize: draft.sharedMemory.ipcHost ? undefined : draft.sharedMemory.shmSize,
    ipcHost: draft.sharedMemory.ipcHost || undefined,
    detach: draft.detach,
    name: draft.name,
  };
}

/** The validation problem a change would add, for an InputBox's inline message (the draft is not changed). */
export function problemAfter(draft: RunDraft, change: (d: RunDraft) => void): string | undefined {
  const before = new Set(validateRunRequest(toRunRequest(draft)));
  const copy: RunDraft = { ...draft, buildArgs: { ...draft.buildArgs }, mounts: [...draft.mounts], ports: [...draft.ports], skippedArgs: [...draft.skippedArgs] };
  change(copy);
  return validateRunRequest(toRunRequest(copy)).find((p) => !before.has(p));
}
