import * as path from 'node:path';
import { buildCommandArgs, displayCommand, isSecretLike, runCommandArgs, secretValues, type BuildProgress, type RunArgFact } from '../../../core/src/run';
import { browserUrl } from './endpointHost';
import { describeGpus } from './gpus';
import { formatPortList } from './ports';
import type { RunMode } from './questions';
import { toRunRequest, type RunDraft } from './runDraft';
import { describeSharedMemory } from './sharedMemory';

/** Stable labels of the confirmation's buttons (the e2e tests press them). */
export const RUN_BUTTON = 'Run';
export const EDIT_BUTTON = 'Edit…';

export interface Confirmation {
  readonly message: string;
  readonly detail: string;
}

export interface ConfirmationInput {
  readonly draft: RunDraft;
  readonly mode: RunMode;
  readonly cli: string;
  /** A remote engine (DOCKER_HOST or the docker context's endpoint): named, and URLs point there. */
  readonly engine?: { readonly host: string; readonly source: string };
  readonly hasHealthcheck: boolean;
  /** Why something differs from what the user may expect (a busy port moved …). */
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * The question before anything runs: the exact `docker build` / `docker run` commands (secret-looking
 * build-arg values masked), then what will happen after the start.
 */
export function confirmation(input: ConfirmationInput): Confirmation {
  const { draft, mode } = input;
  const req = toRunRequest(draft);
  const secrets = secretValues(req);
  const message = `Build and run ${draft.tag}${mode === 'gpu' ? ` with ${describeGpus(draft.gpus)}` : ' on the CPU'}?`;
  const lines = [displayCommand(buildCommandArgs(req), secrets, input.cli), displayCommand(runCommandArgs(req, req.tag), secrets, input.cli)];
  if (!req.detach) lines.push(`${input.cli} logs --follow <container>`);
  lines.push('');
  const urls = req.ports.map((p) => browserUrl(input.engine?.host, p.host));
  lines.push(req.detach ? 'Detached: the container keeps running after the task ends; the status bar shows it.' : 'Attached: the container\'s output streams into the terminal; closing the terminal stops the container.');
  if (input.hasHealthcheck) lines.push(`Waits for its HEALTHCHECK to report healthy${urls.length ? `, then offers to open ${urls[0]}` : ''}.`);
  else if (urls.length) lines.push(`Then offers to open ${urls[0]}.`);
  if (input.engine) lines.push(`Engine: ${input.engine.host} (${input.engine.source}).`);
  lines.push(...input.notes, ...input.warnings);
  return { message, detail: lines.join('\n').replace(/\n{3,}/g, '\n\n').trim() };
}

export type FieldId = 'context' | 'target' | 'buildArgs' | 'tag' | 'gpus' | 'ports' | 'envFile' | 'mounts' | 'sharedMemory' | 'detach' | 'name';

export interface FieldSummary {
  readonly id: FieldId;
  /** Stable label, shown in the Edit list. */
  readonly label: string;
  /** The current value in words (secrets masked). */
  readonly value: string;
}

/** Build args as `NAME=value, …` with secret-looking values masked; ARGs left at their default are not listed. */
export function describeBuildArgs(buildArgs: Readonly<Record<string, string>>): string {
  const entries = Object.entries(buildArgs);
  if (entries.length === 0) return 'Dockerfile defaults';
  return entries.map(([k, v]) => `${k}=${isSecretLike(k, v) ? '***' : v}`).join(', ');
}

/** One value per ARG for the build-args editor: what is passed, else the default, else unset. */
export function describeArg(arg: RunArgFact, buildArgs: Readonly<Record<string, string>>): string {
  if (arg.name in buildArgs) {
    const v = buildArgs[arg.name]!;
    return isSecretLike(arg.name, v) ? '*** (kept in secret storage)' : v === '' ? '(empty)' : v;
  }
  return arg.default !== undefined ? `default: ${arg.default}` : 'not set';
}

/** The Edit list: every field with its current value, in the order of the commands. */
export function fieldSummaries(draft: RunDraft, options: { mode: RunMode; base: string; stageCount: number }): FieldSummary[] {
  const rel = (p: string) => {
    const r = path.relative(options.base, p);
    return r === '' ? '.' : r.startsWith('..') || path.isAbsolute(r) ? p : r;
  };
  const fields: FieldSummary[] = [{ id: 'context', label: 'Build context', value: rel(draft.context) }];
  if (options.stageCount > 1) fields.push({ id: 'target', label: 'Target stage', value: draft.target ?? 'last stage' });
  fields.push({ id: 'buildArgs', label: 'Build arguments', value: describeBuildArgs(draft.buildArgs) });
  fields.push({ id: 'tag', label: 'Image tag', value: draft.tag });
  if (options.mode === 'gpu') fields.push({ id: 'gpus', label: 'GPUs', value: describeGpus(draft.gpus) });
  fields.push(
    { id: 'ports', label: 'Ports', value: draft.ports.length ? formatPortList(draft.ports) : 'none' },
    { id: 'envFile', label: 'Env file', value: draft.envFile ? rel(draft.envFile) : 'none' },
    { id: 'mounts', label: 'Mounts', value: draft.mounts.length ? draft.mounts.map((m) => `${rel(m.source)} → ${m.target}${m.readonly ? ' (read-only)' : ''}`).join(', ') : 'none' },
    { id: 'sharedMemory', label: 'Shared memory', value: describeSharedMemory(draft.sharedMemory) },
    { id: 'detach', label: 'Run mode', value: draft.detach ? 'detached' : 'attached' },
    { id: 'name', label: 'Container name', value: draft.name ?? 'chosen by docker' },
  );
  return fields;
}

/** One line of build progress for the notification: `Step 3/7: RUN pip install …`. */
export function progressMessage(p: BuildProgress): string {
  const where = p.stage ? `[${p.stage}] ` : '';
  const text = p.text.length > 70 ? `${p.text.slice(0, 69)}…` : p.text;
  return `${where}Step ${p.step}${p.total ? `/${p.total}` : ''}: ${text}`;
}
