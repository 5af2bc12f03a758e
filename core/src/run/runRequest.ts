import * as path from 'node:path';
import { MLDOCK_LABELS } from '../docker/images';
import { isSecretName, looksLikeToken } from '../knowledge/secrets';

/**
 * Everything Build & Run needs to build an image and start a container from it. The editor command,
 * the `mldock` task type and `mldock run` all fill one of these; every field is validated before use
 * and reaches docker as an argument-array element, never through a shell.
 */
export interface RunRequest {
  /** Absolute path of the Dockerfile (`docker build -f`). */
  dockerfile: string;
  /** Absolute path of the build context directory. */
  context: string;
  /** Build stage (`docker build --target`); the last stage when undefined. */
  target?: string;
  /** Image reference to tag the build with (`repo[:tag]`). */
  tag: string;
  buildArgs: Record<string, string>;
  gpus: GpuRequest;
  ports: PortMapping[];
  /** Absolute path of a `--env-file`. */
  envFile?: string;
  mounts: BindMount[];
  /** `--shm-size` (`8g`, `512m`): PyTorch DataLoader workers share tensors through /dev/shm (64 MB by default). */
  shmSize?: string;
  /** `--ipc=host`: the host's /dev/shm instead of a sized one (the other fix for DataLoader bus errors). */
  ipcHost?: boolean;
  /** Start and return (true), or stream the container's output until it exits (false). */
  detach: boolean;
  /** Container name (`--name`); docker picks one when undefined. */
  name?: string;
}

export type GpuRequest =
  | { kind: 'none' }
  | { kind: 'all' }
  | { kind: 'count'; count: number }
  | { kind: 'devices'; ids: string[] };

export interface PortMapping {
  host: number;
  container: number;
}

export interface BindMount {
  /** Absolute host path. */
  source: string;
  /** Absolute path in the container. */
  target: string;
  readonly?: boolean;
}

/** Label on every container Build & Run starts: the Dockerfile it came from (status bar, cleanup). */
export const RUN_LABEL = 'dev.mldock.run';

// docker/distribution reference grammar (reference/regexp.go), without the digest form: a build tags, it does not pin.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const TAG_RE = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::[\\w][\\w.-]{0,127})?$`);
/** BuildKit's and the legacy builder's rule for `FROM … AS name`. */
const STAGE_RE = /^[a-z][a-z0-9-_.]*$/i;
/** POSIX-ish variable names; docker itself accepts more, but a name with `=` or spaces cannot be meant. */
const ARG_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** nvidia-container-toolkit device IDs: indexes (`0`), UUIDs (`GPU-…`, `MIG-…`), MIG indexes (`0:1`). */
const DEVICE_RE = /^(?:\d+(?::\d+)?|(?:GPU|MIG)-[A-Za-z0-9-]+(?:\/\d+\/\d+)?)$/;
/** docker's RAMInBytes: `512m`, `8g`, `1.5GiB`, `1073741824`. */
const SIZE_RE = /^(\d+(?:\.\d+)?) ?([kmgtp])?i?b?$/i;
/** docker's container-name rule (daemon/names). */
const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

function validPort(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** The problems of a request in plain words, one sentence each; empty when it can be run. */
export function validateRunRequest(req: RunRequest): string[] {
  const problems: string[] = [];
  if (!path.isAbsolute(req.dockerfile)) problems.push(`The Dockerfile path must be absolute (got "${req.dockerfile}").`);
  if (!path.isAbsolute(req.context)) problems.push(`The build context must be an absolute directory path (got "${req.context}").`);
  if (!TAG_RE.test(req.tag)) {
    problems.push(`"${req.tag}" is not a valid image tag: use lower-case letters, digits and . _ - separated by /, optionally followed by :tag (e.g. "my-model:train").`);
  }
  if (req.target !== undefined && !STAGE_RE.test(req.target)) {
    problems.push(`"${req.target}" is not a valid stage name: it must start with a letter and use only letters, digits, -, _ and . (as in FROM … AS name).`);
  }
  for (const [name, value] of Object.entries(req.buildArgs)) {
    if (!ARG_NAME_RE.test(name)) problems.push(`Build argument name "${name}" is not valid: use letters, digits and _, not starting with a digit.`);
    if (value.includes('\0')) problems.push(`Build argument ${name} contains a NUL character.`);
  }
  const seenHost = new Set<number>();
  for (const p of req.ports) {
    if (!validPort(p.host)) problems.push(`Host port ${p.host} is not a port number (1–65535).`);
    if (!validPort(p.container)) problems.push(`Container port ${p.container} is not a port number (1–65535).`);
    if (seenHost.has(p.host)) problems.push(`Host port ${p.host} is published twice.`);
    seenHost.add(p.host);
  }
  const gpus = req.gpus;
  if (gpus.kind === 'count' && (!Number.isInteger(gpus.count) || gpus.count < 1)) {
    problems.push(`The GPU count must be a whole number of at least 1 (got ${gpus.count}); use "none" to run without GPUs.`);
  }
  if (gpus.kind === 'devices') {
    if (gpus.ids.length === 0) problems.push('The GPU device list is empty: name device indexes (0,1) or UUIDs (GPU-…).');
    for (const id of gpus.ids) {
      if (!DEVICE_RE.test(id)) problems.push(`"${id}" is not a GPU device ID: use an index such as 0, a MIG index such as 0:1, or a UUID such as GPU-3f2a… (see nvidia-smi -L).`);
    }
    if (new Set(gpus.ids).size !== gpus.ids.length) problems.push('The GPU device list names a device twice.');
  }
  if (req.shmSize !== undefined && !SIZE_RE.test(req.shmSize.trim())) {
    problems.push(`Shared-memory size "${req.shmSize}" is not a size: use a number with a unit, such as 512m or 8g.`);
  } else if (req.shmSize !== undefined && Number(SIZE_RE.exec(req.shmSize.trim())![1]) <= 0) {
    problems.push('Shared-memory size must be larger than 0.');
  }
  if (req.shmSize !== undefined && req.ipcHost) problems.push('--shm-size has no effect with --ipc=host (the host\'s /dev/shm is used): choose one.');
  if (req.envFile !== undefined && !path.isAbsolute(req.envFile)) problems.push(`The env file path must be absolute (got "${req.envFile}").`);
  for (const m of req.mounts) {
    if (!path.isAbsolute(m.source)) problems.push(`Mount source "${m.source}" must be an absolute host path.`);
    if (!m.target.startsWith('/')) problems.push(`Mount target "${m.target}" must be an absolute path in the container.`);
    // --mount is a comma-separated list: a comma or quote in a path would change its meaning.
    if (/[,"\n]/.test(m.source) || /[,"\n]/.test(m.target)) problems.push(`Mount paths cannot contain commas, quotes or newlines ("${m.source}" → "${m.target}").`);
  }
  if (req.name !== undefined && !NAME_RE.test(req.name)) {
    problems.push(`"${req.name}" is not a valid container name: use letters, digits, _ . - (at least two characters, starting with a letter or digit).`);
  }
  return problems;
}

/** The `--gpus` value: `all`, `2`, or `"device=0,1"` with the double quotes docker's CSV parser needs for the comma. */
export function gpusFlagValue(gpus: GpuRequest): string | undefined {
  switch (gpus.kind) {
    case 'none':
      return undefined;
    case 'all':
      return 'all';
    case 'count':
      return String(gpus.count);
    case 'devices':
      return gpus.ids.length === 1 ? `device=${gpus.ids[0]}` : `"device=${gpus.ids.join(',')}"`;
  }
}

/** Arguments after `docker` for the build: `['build', '-f', …, context]`. */
export function buildCommandArgs(req: RunRequest): string[] {
  // --force-rm: a failed or cancelled legacy build leaves no intermediate containers behind.
  const args = ['build', '--force-rm', '--file', req.dockerfile, '--tag', req.tag];
  if (req.target) args.push('--target', req.target);
  for (const [name, value] of Object.entries(req.buildArgs)) args.push('--build-arg', `${name}=${value}`);
  // Lets the layer view find the Dockerfile behind the image.
  args.push('--label', `${MLDOCK_LABELS.dockerfile}=${req.dockerfile}`);
  if (req.target) args.push('--label', `${MLDOCK_LABELS.target}=${req.target}`);
  args.push(req.context);
  return args;
}

export interface RunCommandOptions {
  /** Extra labels on the container (the runner adds a per-start session label to find it when cancelled). */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Arguments after `docker` for the start. Always `--detach`: the runner gets the container ID at once,
 * and an attached run follows the output with `docker logs --follow` (see runner.ts).
 */
export function runCommandArgs(req: RunRequest, imageRef: string, options: RunCommandOptions = {}): string[] {
  const args = ['run', '--detach'];
  if (req.name) args.push('--name', req.name);
  args.push('--label', `${RUN_LABEL}=${req.dockerfile}`);
  for (const [k, v] of Object.entries(options.labels ?? {})) args.push('--label', `${k}=${v}`);
  const gpus = gpusFlagValue(req.gpus);
  if (gpus) args.push('--gpus', gpus);
  for (const p of req.ports) args.push('--publish', `${p.host}:${p.container}`);
  if (req.envFile) args.push('--env-file', req.envFile);
  for (const m of req.mounts) args.push('--mount', `type=bind,source=${m.source},target=${m.target}${m.readonly ? ',readonly' : ''}`);
  if (req.shmSize) args.push('--shm-size', req.shmSize.trim());
  if (req.ipcHost) args.push('--ipc', 'host');
  args.push(imageRef);
  return args;
}

/**
 * Whether a build-arg (or env) value must be masked: its name says it holds a secret (HF_TOKEN,
 * WANDB_API_KEY, DB_PASSWORD …) or its value has a known token format (hf_…, ghp_…, sk-…, AKIA…).
 */
export function isSecretLike(name: string, value: string): boolean {
  if (looksLikeToken(value)) return true;
  // An empty value has nothing to hide; any other value under a secret name is masked, even "true".
  return isSecretName(name) && value !== '';
}

/** The secret-looking build-arg values of a request: pass them to displayCommand and to anything that logs. */
export function secretValues(req: RunRequest): string[] {
  return Object.entries(req.buildArgs).filter(([k, v]) => isSecretLike(k, v)).map(([, v]) => v);
}

const MASK = '***';

/** Quotes one word for a POSIX shell, only when it needs it. */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * A copy-pasteable `docker …` command line for display: each argument shell-quoted, secret-looking
 * `--build-arg`/`--env` values and every value in `secrets` replaced by ***.
 */
export function displayCommand(args: readonly string[], secrets: readonly string[] = [], cli = 'docker'): string {
  const hidden = secrets.filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  const shown = args.map((arg, i) => {
    let text = arg;
    const flag = args[i - 1];
    if ((flag === '--build-arg' || flag === '--env' || flag === '-e') && arg.includes('=')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(0, eq);
      if (isSecretLike(name, arg.slice(eq + 1))) text = `${name}=${MASK}`;
    }
    for (const s of hidden) text = text.split(s).join(MASK);
    return shellQuote(text);
  });
  return [shellQuote(cli), ...shown].join(' ');
}

/**
 * Parses the `--gpus` forms users type (CLI, tasks.json, the editor's setting and prompts): `none`,
 * `all`, a count (`2`), `device=0,1` (quotes optional), a bare list `0,1`, or a UUID (`GPU-…`).
 * The one parser for every front door; a string is the problem in plain words.
 */
export function parseGpuRequest(text: string): GpuRequest | string {
  let value = text.trim();
  // `'"device=0,1"'` pasted from the docker docs: peel the shell's quotes and docker's CSV quotes.
  while (/^(['"]).*\1$/.test(value) && value.length >= 2) value = value.slice(1, -1).trim();
  const lower = value.toLowerCase();
  if (lower === '' || lower === 'none' || lower === 'cpu') return { kind: 'none' };
  if (lower === 'all') return { kind: 'all' };
  if (/^\d+$/.test(value)) {
    const count = Number(value);
    // docker reads `--gpus 0` as zero GPUs, which users rarely mean: make them say which.
    if (count === 0) return 'Use "none" to run without a GPU, or "device=0" for the GPU with index 0.';
    if (count > 64) return `${count} GPUs is more than one machine has; give a count up to 64, "all", or device IDs.`;
    return { kind: 'count', count };
  }
  const list = lower.startsWith('device=') ? value.slice('device='.length) : value;
  const ids = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) return 'Name at least one device, e.g. "device=0" or "device=0,1".';
  const bad = ids.find((id) => !DEVICE_RE.test(id));
  if (bad !== undefined) return `"${bad}" is not a GPU request: use all, none, a count such as 2, or device IDs such as device=0,1 (indexes, MIG indexes such as 0:1, or UUIDs from nvidia-smi -L).`;
  if (new Set(ids).size !== ids.length) return 'A device is listed twice.';
  return { kind: 'devices', ids };
}

/** The text form of a GPU request (the inverse of parseGpuRequest): `none`, `all`, `2`, `device=0,1`. */
export function formatGpuRequest(gpus: GpuRequest): string {
  switch (gpus.kind) {
    case 'none':
    case 'all':
      return gpus.kind;
    case 'count':
      return String(gpus.count);
    case 'devices':
      return `device=${gpus.ids.join(',')}`;
  }
}

/** `8080:8000` (host:container) or `8000` (the same port on both sides). A string is the problem. */
export function parsePortMapping(text: string): PortMapping | string {
  const m = /^\s*(?:(\d{1,5}):)?(\d{1,5})(?:\/tcp)?\s*$/.exec(text);
  if (!m) return `"${text}" is not a port mapping: use HOST:CONTAINER, such as 8080:8000.`;
  const container = Number(m[2]);
  return { host: m[1] === undefined ? container : Number(m[1]), container };
}

/** `KEY=value` (value may be empty or contain `=`). A string is the problem. */
export function parseBuildArg(text: string): [string, string] | string {
  const eq = text.indexOf('=');
  // The text is not echoed: it may be a token typed without its name.
  if (eq <= 0) return 'A build argument must be NAME=value (the name is missing).';
  return [text.slice(0, eq), text.slice(eq + 1)];
}
