import * as path from 'node:path';
import { defaultTag, isSecretLike, validateRunRequest, type BindMount, type RunRequest } from '../../../core/src/run';
import { parseGpuText } from './gpus';
import { parsePortList, type PortMapping } from './ports';
import { isValidShmSize } from './sharedMemory';

/**
 * A `"type": "mldock"` task in tasks.json: the fields of Build & Run, paths relative to the workspace
 * folder. `command: "build"` only builds; `"run"` (the default) builds and starts the container.
 * package.json's `taskDefinitions` declares the same fields for completion and validation.
 */
export interface MldockTaskDefinition {
  readonly type: 'mldock';
  readonly command?: 'build' | 'run';
  readonly dockerfile: string;
  readonly context?: string;
  readonly target?: string;
  readonly tag?: string;
  readonly buildArgs?: Record<string, string>;
  /** `all`, `none` (default), a count, or `device=0,1`. */
  readonly gpus?: string | number;
  /** `"8080:80"` or a bare port number. */
  readonly ports?: (string | number)[];
  readonly envFile?: string;
  /** `"./data:/data:ro"` or `{ "source": "./data", "target": "/data", "readonly": true }`. */
  readonly mounts?: (string | { source: string; target: string; readonly?: boolean })[];
  readonly shmSize?: string;
  readonly ipcHost?: boolean;
  readonly detach?: boolean;
  readonly name?: string;
  /** Wait for HEALTHCHECK to report healthy before the task counts as started (default true). */
  readonly waitHealthy?: boolean;
}

export interface TaskRun {
  readonly command: 'build' | 'run';
  readonly request: RunRequest;
  readonly waitHealthy: boolean;
}

export type TaskParse = { readonly ok: true; readonly run: TaskRun } | { readonly ok: false; readonly errors: string[] };

/** `src:dst[:ro|:rw]`; the source may itself contain `:` (a Windows drive), the target starts with `/`. */
export function parseMount(text: string, baseDir: string): BindMount | undefined {
  let rest = text.trim();
  let readonly = false;
  const mode = /:(ro|rw|readonly)$/i.exec(rest);
  if (mode) {
    readonly = mode[1]!.toLowerCase() !== 'rw';
    rest = rest.slice(0, mode.index);
  }
  const m = /^(.+):(\/[^:]*)$/.exec(rest);
  if (!m) return undefined;
  return { source: path.resolve(baseDir, m[1]!), target: m[2]!, ...(readonly && { readonly: true }) };
}

export function formatMount(m: BindMount): string {
  return `${m.source}:${m.target}${m.readonly ? ':ro' : ''}`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The request a task definition describes, with every problem in plain words (a task that cannot run
 * fails with all of them at once, not the first). `folder` resolves relative paths; it is the
 * workspace folder of the task (VS Code has already substituted `${workspaceFolder}` and friends).
 */
export function runFromTaskDefinition(def: Record<string, unknown>, folder: string): TaskParse {
  const errors: string[] = [];
  const str = (key: string): string | undefined => {
    const v = def[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      errors.push(`"${key}" must be a string.`);
      return undefined;
    }
    return v;
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const v = def[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') errors.push(`"${key}" must be true or false.`);
    return v === true;
  };

  const command = def.command === undefined ? 'run' : def.command;
  if (command !== 'build' && command !== 'run') errors.push(`"command" must be "build" or "run" (got ${JSON.stringify(command)}).`);
  const dockerfileField = str('dockerfile');
  if (!dockerfileField) errors.push('"dockerfile" is required: the Dockerfile to build, relative to the workspace folder.');
  const dockerfile = path.resolve(folder, dockerfileField ?? 'Dockerfile');
  const contextField = str('context');
  const context = contextField ? path.resolve(folder, contextField) : path.dirname(dockerfile);
  const target = str('target') || undefined;
  const tag = str('tag') || defaultTag(path.basename(context), target);

  const buildArgs: Record<string, string> = {};
  if (def.buildArgs !== undefined) {
    if (!isRecord(def.buildArgs)) errors.push('"buildArgs" must be an object of NAME: "value".');
    else for (const [k, v] of Object.entries(def.buildArgs)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') buildArgs[k] = String(v);
      else errors.push(`Build argument ${k} must be a string.`);
    }
  }

  let gpus: RunRequest['gpus'] = { kind: 'none' };
  if (def.gpus !== undefined) {
    const parsed = typeof def.gpus === 'string' || typeof def.gpus === 'number' ? parseGpuText(String(def.gpus)) : { ok: false as const, error: '"gpus" must be "all", "none", a count or "device=0,1".' };
    if (parsed.ok) gpus = parsed.gpus;
    else errors.push(`gpus: ${parsed.error}`);
  }

  const ports: PortMapping[] = [];
  if (def.ports !== undefined) {
    if (!Array.isArray(def.ports)) errors.push('"ports" must be a list such as ["8080:80"].');
    else {
      const parsed = parsePortList(def.ports.map(String).join(','));
      if (parsed.ok) ports.push(...parsed.ports);
      else errors.push(`ports: ${parsed.error}`);
    }
  }

  const mounts: BindMount[] = [];
  if (def.mounts !== undefined) {
    if (!Array.isArray(def.mounts)) errors.push('"mounts" must be a list such as ["./data:/data:ro"].');
    else for (const m of def.mounts) {
      if (typeof m === 'string') {
        const parsed = parseMount(m, folder);
        if (parsed) mounts.push(parsed);
        else errors.push(`Mount "${m}" is not SOURCE:/container/path[:ro].`);
      } else if (isRecord(m) && typeof m.source === 'string' && typeof m.target === 'string') {
        mounts.push({ source: path.resolve(folder, m.source), target: m.target, ...(m.readonly === true && { readonly: true }) });
      } else errors.push('Each mount is "SOURCE:/container/path[:ro]" or { "source", "target", "readonly" }.');
    }
  }

  const envFileField = str('envFile');
  const shmSize = str('shmSize');
  if (shmSize !== undefined && !isValidShmSize(shmSize)) errors.push(`shmSize "${shmSize}" is not a size such as 512m or 8g.`);
  const request: RunRequest = {
    dockerfile,
    context,
    target,
    tag,
    buildArgs,
    gpus,
    ports,
    envFile: envFileField ? path.resolve(folder, envFileField) : undefined,
    mounts,
    shmSize: shmSize || undefined,
    ipcHost: bool('ipcHost', false) || undefined,
    detach: bool('detach', false),
    name: str('name') || undefined,
  };
  const waitHealthy = bool('waitHealthy', true);
  if (errors.length === 0) errors.push(...validateRunRequest(request));
  return errors.length ? { ok: false, errors } : { ok: true, run: { command: command as 'build' | 'run', request, waitHealthy } };
}

/**
 * The tasks.json form of a request (paths relative to `folder` where they are inside it). Secret
 * build-arg values are left out: tasks.json is a file in the repository and VS Code keeps recent
 * tasks in its storage.
 */
export function taskDefinitionFor(command: 'build' | 'run', req: RunRequest, folder: string): MldockTaskDefinition {
  const rel = (p: string) => {
    const r = path.relative(folder, p);
    return r && !r.startsWith('..') && !path.isAbsolute(r) ? r.split(path.sep).join('/') : r === '' ? '.' : p;
  };
  const buildArgs = Object.fromEntries(Object.entries(req.buildArgs).filter(([k, v]) => !isSecretLike(k, v)));
  const gpus = req.gpus.kind === 'none' ? undefined : req.gpus.kind === 'all' ? 'all' : req.gpus.kind === 'count' ? String(req.gpus.count) : `device=${req.gpus.ids.join(',')}`;
  return {
    type: 'mldock',
    command,
    dockerfile: rel(req.dockerfile),
    ...(rel(req.context) !== rel(path.dirname(req.dockerfile)) && { context: rel(req.context) }),
    ...(req.target && { target: req.target }),
    tag: req.tag,
    ...(Object.keys(buildArgs).length > 0 && { buildArgs }),
    ...(gpus && { gpus }),
    ...(req.ports.length > 0 && { ports: req.ports.map((p) => `${p.host}:${p.container}`) }),
    ...(req.envFile && { envFile: rel(req.envFile) }),
    ...(req.mounts.length > 0 && { mounts: req.mounts.map((m) => `${rel(m.source)}:${m.target}${m.readonly ? ':ro' : ''}`) }),
    ...(req.shmSize && { shmSize: req.shmSize }),
    ...(req.ipcHost && { ipcHost: true }),
    ...(req.detach && { detach: true }),
    ...(req.name && { name: req.name }),
  };
}
