import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type { DockerEngine } from '../docker/engine';
import { EngineError } from '../docker/errors';
import { field } from '../docker/json';
import { failingStep, parseBuildProgress, type BuildProgress, type FailingStep } from './buildProgress';
import { recogniseRunFailure, type PreflightProblem } from './preflight';
import { buildCommandArgs, RUN_LABEL, runCommandArgs, validateRunRequest, type RunRequest } from './runRequest';

/**
 * Build & Run on the engine: `docker build`, then `docker run --detach` and, for an attached run,
 * `docker logs --follow` until the container exits. Starting detached and following the logs (rather
 * than `docker run` in the foreground) gives the container ID at once — for the health wait, the
 * status bar and Stop — and a Cancel that stops the container on the engine, not only the local CLI
 * (which matters when the engine is a remote GPU box). Cancelling (the AbortSignal) ends the docker
 * process tree and stops and removes the container this run started.
 */

export type OutputStream = 'stdout' | 'stderr';

export interface BuildOptions {
  /** Each line of `docker build` output, as it arrives (no trailing newline). */
  readonly onOutput?: (line: string, stream: OutputStream) => void;
  /** Each step the builder announces (`Step 3/7`, `#8 [builder 3/5]`). */
  readonly onProgress?: (progress: BuildProgress) => void;
  readonly signal?: AbortSignal;
  /** The Dockerfile's text (to map a failure to its line); read from req.dockerfile when undefined. */
  readonly dockerfileText?: string;
  /** Build with the legacy builder (DOCKER_BUILDKIT=0) even when BuildKit is available. */
  readonly legacyBuilder?: boolean;
}

/** The build failed; `step` is the Dockerfile line of the failing instruction when the output names it. */
export class BuildFailedError extends Error {
  override readonly name = 'BuildFailedError';
  constructor(message: string, readonly step: FailingStep | undefined, readonly exitCode: number | null, readonly outputTail: readonly string[]) {
    super(message);
  }
}

/** `docker run` failed; `problem` explains a cause MLDock recognises (no GPU runtime, port in use …). */
export class RunFailedError extends Error {
  override readonly name = 'RunFailedError';
  constructor(message: string, readonly problem: PreflightProblem | undefined, readonly detail: string) {
    super(message);
  }
}

/** Keeps the last lines of output: the error is at the end, and a long build must not fill memory. */
const TAIL_LINES = 400;

/** Splits streamed chunks into lines; `flush` emits a final unterminated line. */
function lineSplitter(emit: (line: string) => void): { push(chunk: string): void; flush(): void } {
  let pending = '';
  return {
    push(chunk) {
      pending += chunk;
      const parts = pending.split(/\r?\n/);
      pending = parts.pop() ?? '';
      for (const p of parts) emit(p);
    },
    flush() {
      if (pending) emit(pending);
      pending = '';
    },
  };
}

function refuseInvalid(req: RunRequest): void {
  const problems = validateRunRequest(req);
  if (problems.length > 0) throw new EngineError('failed', `The run settings are not valid: ${problems.join(' ')}`);
}

/** `docker build` with streamed output and step progress; resolves with the built image's ID. */
export async function buildImage(engine: DockerEngine, req: RunRequest, options: BuildOptions = {}): Promise<{ imageId?: string }> {
  refuseInvalid(req);
  const tail: string[] = [];
  const record = (stream: OutputStream) => (line: string) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    options.onOutput?.(line, stream);
    const progress = parseBuildProgress(line);
    if (progress) options.onProgress?.(progress);
  };
  const out = lineSplitter(record('stdout'));
  const err = lineSplitter(record('stderr'));
  const args = buildCommandArgs(req);
  const running = engine.spawn(args, {
    cwd: req.context,
    signal: options.signal,
    onStdout: (t) => out.push(t),
    onStderr: (t) => err.push(t),
    env: options.legacyBuilder ? { DOCKER_BUILDKIT: '0' } : undefined,
  });
  let result;
  try {
    result = await running.done;
  } catch (error) {
    throw engine.startFailure(error);
  }
  out.flush();
  err.flush();
  if (result.cancelled) throw new EngineError('cancelled', `Building ${req.tag}: cancelled.`);
  if (result.code !== 0) {
    try {
      await engine.check(result, `Building ${req.tag}`);
    } catch (error) {
      // An engine that cannot be reached is not a Dockerfile problem: keep its own explanation.
      if (error instanceof EngineError && error.kind !== 'failed') throw error;
    }
    const text = options.dockerfileText ?? readText(req.dockerfile);
    const step = text === undefined ? undefined : failingStep(tail, text);
    const why = step?.message ?? lastMeaningfulLine(tail) ?? `docker build exited with code ${result.code}`;
    throw new BuildFailedError(`Building ${req.tag} failed${step ? ` at line ${step.line + 1}` : ''}: ${why}`, step, result.code, tail);
  }
  const [id] = await engine.json<string>(['image', 'inspect', '--format', '{{json .Id}}', req.tag], { what: `Inspecting ${req.tag}` }).catch(() => [] as string[]);
  return id ? { imageId: id } : {};
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function lastMeaningfulLine(lines: readonly string[]): string | undefined {
  return [...lines].reverse().find((l) => l.trim() && !/^(DEPRECATED|\s+BuildKit is currently disabled|\s+environment-variable|\s+Install the buildx)/.test(l))?.trim();
}

export interface StartOptions {
  /** The container's output (attached runs), line by line. */
  readonly onOutput?: (line: string, stream: OutputStream) => void;
  /**
   * Cancels the start; for an attached run (req.detach false) also the log stream, stopping and
   * removing the container. A detached container outlives the signal once started.
   */
  readonly signal?: AbortSignal;
}

export interface ContainerExit {
  /** The container's exit code; null when it was stopped by the cancel or could not be read. */
  readonly exitCode: number | null;
  /** The run was cancelled and the container stopped and removed. */
  readonly cancelled: boolean;
}

export interface StartedContainer {
  readonly containerId: string;
  /** Attached runs: settles when the container has exited (or was stopped and removed by the cancel). */
  readonly exited?: Promise<ContainerExit>;
}

/** Label that marks the containers of one start, so a cancel during `docker run` can still find and remove them. */
export const SESSION_LABEL = 'dev.mldock.session';

/** `docker run --detach`, then (attached) `docker logs --follow` until the container exits. */
export async function startContainer(engine: DockerEngine, req: RunRequest, imageRef: string, options: StartOptions = {}): Promise<StartedContainer> {
  refuseInvalid(req);
  const session = randomBytes(8).toString('hex');
  const removeSession = () => removeSessionContainers(engine, session);
  const result = await engine.spawn(runCommandArgs(req, imageRef, { labels: { [SESSION_LABEL]: session } }), { signal: options.signal }).done
    .catch((error: unknown) => {
      throw engine.startFailure(error);
    });
  if (result.cancelled) {
    await removeSession();
    throw new EngineError('cancelled', `Starting ${imageRef}: cancelled.`);
  }
  if (result.code !== 0) {
    // A failed start (no GPU runtime, port taken) leaves a created container behind: remove it.
    await removeSession();
    const problem = recogniseRunFailure(result.stderr);
    if (problem) throw new RunFailedError(problem.message, problem, result.stderr.trim());
    try {
      await engine.check(result, `Starting ${imageRef}`);
    } catch (error) {
      const e = error as EngineError;
      throw new RunFailedError(e.explanation, undefined, result.stderr.trim());
    }
  }
  const containerId = result.stdout.trim().split(/\r?\n/).at(-1)!.trim();
  if (req.detach || options.signal?.aborted) {
    if (options.signal?.aborted) {
      await stopContainer(engine, containerId).catch(() => undefined);
      throw new EngineError('cancelled', `Starting ${imageRef}: cancelled.`);
    }
    return { containerId };
  }
  return { containerId, exited: followLogs(engine, containerId, options) };
}

async function followLogs(engine: DockerEngine, containerId: string, options: StartOptions): Promise<ContainerExit> {
  const out = lineSplitter((l) => options.onOutput?.(l, 'stdout'));
  const err = lineSplitter((l) => options.onOutput?.(l, 'stderr'));
  const logs = engine.spawn(['logs', '--follow', containerId], { signal: options.signal, onStdout: (t) => out.push(t), onStderr: (t) => err.push(t) });
  const ended = await logs.done.catch(() => undefined);
  out.flush();
  err.flush();
  if (ended?.cancelled || options.signal?.aborted) {
    await stopContainer(engine, containerId).catch(() => undefined);
    return { exitCode: null, cancelled: true };
  }
  // `logs --follow` also ends when the daemon connection drops: wait for the container itself.
  const waited = await engine.run(['wait', containerId], { what: 'Waiting for the container' }).catch(() => undefined);
  const code = waited ? Number.parseInt(waited.stdout.trim(), 10) : NaN;
  return { exitCode: Number.isNaN(code) ? null : code, cancelled: false };
}

async function removeSessionContainers(engine: DockerEngine, session: string): Promise<void> {
  try {
    const r = await engine.run(['ps', '--all', '--quiet', '--no-trunc', '--filter', `label=${SESSION_LABEL}=${session}`], { what: 'Listing the started containers' });
    const ids = r.stdout.split(/\s+/).filter(Boolean);
    if (ids.length > 0) await engine.run(['rm', '--force', ...ids], { what: 'Removing the started container' });
  } catch {
    // best effort: the engine may be gone
  }
}

export type HealthResult = 'healthy' | 'unhealthy' | 'no-healthcheck' | 'exited' | 'timeout';

export interface WaitHealthyOptions {
  readonly signal?: AbortSignal;
  /** Give up after this long and resolve 'timeout' (default 120 s; HEALTHCHECK start periods can be long). */
  readonly timeoutMs?: number;
  /** How often to ask the engine (default 500 ms). */
  readonly intervalMs?: number;
}

/**
 * Waits until the container's HEALTHCHECK reports healthy or unhealthy, the container exits, or the time
 * is up. 'no-healthcheck' at once for an image without one. Throws EngineError('cancelled') on abort.
 */
export async function waitHealthy(engine: DockerEngine, containerId: string, options: WaitHealthyOptions = {}): Promise<HealthResult> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  const interval = options.intervalMs ?? 500;
  for (;;) {
    if (options.signal?.aborted) throw new EngineError('cancelled', 'Waiting for the container to become healthy: cancelled.');
    const [state] = await engine.json<Record<string, unknown>>(['container', 'inspect', '--format', '{{json .State}}', containerId], { signal: options.signal, what: 'Reading the container\'s state' });
    const health = state ? (field(state, 'Health') as Record<string, unknown> | null | undefined) : undefined;
    const running = state ? field(state, 'Running') === true : false;
    const status = health ? String(field(health, 'Status') ?? '') : '';
    if (status === 'healthy') return 'healthy';
    if (status === 'unhealthy') return 'unhealthy';
    if (!running) return 'exited';
    if (!health) return 'no-healthcheck';
    if (Date.now() >= deadline) return 'timeout';
    await delay(Math.min(interval, Math.max(0, deadline - Date.now())), options.signal);
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The last lines of the container's HEALTHCHECK probes (to say why it is unhealthy). */
export async function healthLog(engine: DockerEngine, containerId: string): Promise<string[]> {
  try {
    const [log] = await engine.json<{ Output?: string; ExitCode?: number }[]>(['container', 'inspect', '--format', '{{json .State.Health.Log}}', containerId]);
    return (log ?? []).slice(-3).map((e) => `exit ${e.ExitCode}: ${(e.Output ?? '').trim()}`);
  } catch {
    return [];
  }
}

/** Stops the container (SIGTERM, SIGKILL after `timeoutSeconds`) and removes it unless `remove` is false. */
export async function stopContainer(engine: DockerEngine, id: string, options: { timeoutSeconds?: number; remove?: boolean } = {}): Promise<void> {
  try {
    await engine.run(['stop', '--time', String(options.timeoutSeconds ?? 10), id], { what: `Stopping ${id.slice(0, 12)}` });
  } catch (error) {
    if (!(error instanceof EngineError) || !/no such container/i.test(error.detail ?? error.message)) throw error;
    return;
  }
  if (options.remove !== false) {
    await engine.run(['rm', '--force', id], { what: `Removing ${id.slice(0, 12)}` }).catch((error: unknown) => {
      if (!(error instanceof EngineError) || !/no such container|is already in progress/i.test(error.detail ?? error.message)) throw error;
    });
  }
}

export interface RunContainer {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  /** `Up 3 minutes (healthy)` as docker prints it. */
  readonly status: string;
  /** `0.0.0.0:8080->8000/tcp` as docker prints it. */
  readonly ports: string;
  /** The Dockerfile it was built from (the run label). */
  readonly dockerfile: string;
}

/** Running containers that Build & Run started (for the status bar and Stop). */
export async function listRunContainers(engine: DockerEngine, signal?: AbortSignal): Promise<RunContainer[]> {
  const rows = await engine.json(['ps', '--no-trunc', '--filter', `label=${RUN_LABEL}`, '--format', '{{json .}}'], { signal, what: 'Listing running containers' });
  return rows.map((r) => {
    const labels = String(field(r, 'Labels') ?? '');
    const dockerfile = labels.split(',').find((l) => l.startsWith(`${RUN_LABEL}=`))?.slice(RUN_LABEL.length + 1) ?? '';
    return {
      id: String(field(r, 'ID', 'Id') ?? ''),
      name: String(field(r, 'Names') ?? ''),
      image: String(field(r, 'Image') ?? ''),
      status: String(field(r, 'Status') ?? ''),
      ports: String(field(r, 'Ports') ?? ''),
      dockerfile,
    };
  });
}
