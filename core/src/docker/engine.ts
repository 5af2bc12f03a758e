import { classifyFailure, EngineError, notInstalled, type EndpointDescription } from './errors';
import { parseJsonLines } from './json';
import { runProcess, spawnProcess, type ProcessResult, type RunningProcess, type SpawnOptions } from './process';

export interface EngineOptions {
  /** The CLI to run: "docker" (default), an absolute path, or "podman" (a drop-in where its CLI matches). */
  readonly cli?: string;
  /**
   * Environment of every command. Defaults to this process's, so DOCKER_HOST, DOCKER_CONTEXT,
   * DOCKER_CONFIG and the current `docker context` apply exactly as in the user's terminal.
   */
  readonly env?: NodeJS.ProcessEnv;
  /** A docker context to use instead of the current one (`docker --context NAME`). */
  readonly context?: string;
}

export interface EngineCallOptions extends Pick<SpawnOptions, 'signal' | 'cwd' | 'input' | 'onStdout' | 'onStderr'> {
  /** Extra environment for this command only (e.g. DOCKER_BUILDKIT=0 for a build). */
  readonly env?: NodeJS.ProcessEnv;
  /** Words for error messages: what was being done ("Reading the history of pytorch:2.3"). */
  readonly what?: string;
}

export type EngineStatus =
  | { readonly ok: true; readonly cli: string; readonly clientVersion: string; readonly serverVersion: string; readonly podman: boolean; readonly endpoint: string }
  | { readonly ok: false; readonly cli: string; readonly error: EngineError };

/**
 * The one way MLDock talks to a container engine: the docker (or podman) CLI, spawned with argument
 * arrays. Shared by the layer view, `mldock layers` and Build & Run. Every failure becomes an
 * EngineError whose message says what is wrong in plain words.
 */
export class DockerEngine {
  readonly cli: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly context: string | undefined;

  constructor(options: EngineOptions = {}) {
    this.cli = options.cli?.trim() || 'docker';
    this.env = options.env ?? process.env;
    this.context = options.context || undefined;
  }

  /** Global flags that go before every subcommand. */
  private globalArgs(): string[] {
    return this.context ? ['--context', this.context] : [];
  }

  private envFor(extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
    return extra ? { ...this.env, ...extra } : this.env;
  }

  /** The environment every command runs with (DOCKER_HOST, DOCKER_BUILDKIT … as the user set them). */
  environment(): NodeJS.ProcessEnv {
    return this.env;
  }

  /** DOCKER_HOST and the selected context, as far as they are known without asking the CLI. */
  endpoint(): EndpointDescription {
    const host = this.context ? undefined : this.env.DOCKER_HOST || this.env.CONTAINER_HOST || undefined;
    return { cli: this.cli, host, context: this.context ?? (this.env.DOCKER_CONTEXT || undefined) };
  }

  /**
   * Starts a command and returns at once, for long or streaming work: `docker save` (raw stdout),
   * `docker build` and `docker run` (line output through onStdout/onStderr). The signal ends the
   * process tree. Use `check` on the result to turn a failed exit into an EngineError.
   */
  spawn(args: readonly string[], options: EngineCallOptions & { rawStdout?: boolean } = {}): RunningProcess {
    return spawnProcess(this.cli, [...this.globalArgs(), ...args], { ...options, env: this.envFor(options.env) });
  }

  /** Runs a command to completion; throws an EngineError when it cannot start, fails or is cancelled. */
  async run(args: readonly string[], options: EngineCallOptions = {}): Promise<ProcessResult> {
    let result: ProcessResult;
    try {
      result = await runProcess(this.cli, [...this.globalArgs(), ...args], { ...options, env: this.envFor(options.env) });
    } catch (error) {
      throw this.startFailure(error);
    }
    return this.check(result, options.what ?? `docker ${args[0] ?? ''}`.trim());
  }

  /** Runs a command whose `--format '{{json .}}'` output is one JSON object per line (or one array). */
  async json<T = Record<string, unknown>>(args: readonly string[], options: EngineCallOptions = {}): Promise<T[]> {
    const result = await this.run(args, options);
    try {
      return parseJsonLines<T>(result.stdout);
    } catch (error) {
      throw new EngineError('bad-output', `${options.what ?? `docker ${args[0] ?? ''}`}: the engine's output is not JSON (${(error as Error).message}).`,
        'Is "mldock.docker.path" a docker-compatible CLI?', result.stdout.slice(0, 500));
    }
  }

  /** Maps a finished process to its result, or to the EngineError that explains its failure. */
  async check(result: ProcessResult, what: string): Promise<ProcessResult> {
    if (result.cancelled) throw new EngineError('cancelled', `${what}: cancelled.`);
    if (result.code === 0) return result;
    let error = classifyFailure(result.stderr || result.stdout, this.endpoint(), what);
    if (error.kind === 'daemon-unreachable' && !this.endpoint().host) error = await this.withContextEndpoint(error);
    throw error;
  }

  /** The EngineError for a process that could not start (missing binary, not executable). */
  startFailure(error: unknown): EngineError {
    const e = error as NodeJS.ErrnoException;
    if (e && (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'ENOTDIR')) return notInstalled(this.cli, e);
    return new EngineError('failed', `Could not run "${this.cli}": ${e?.message ?? String(error)}`);
  }

  /** Names the socket of the current context in an unreachable-daemon message (docker only). */
  private async withContextEndpoint(error: EngineError): Promise<EngineError> {
    try {
      const r = await runProcess(this.cli, [...this.globalArgs(), 'context', 'inspect', '--format', '{{json .}}'], { env: this.env });
      if (r.code !== 0) return error;
      const [info] = parseJsonLines<{ Name?: string; Endpoints?: { docker?: { Host?: string } } }>(r.stdout);
      const host = info?.Endpoints?.docker?.Host;
      if (!host) return error;
      const name = info?.Name && info.Name !== 'default' ? ` (context "${info.Name}")` : '';
      return new EngineError(error.kind, error.message.replace(/ at .*? is not reachable/, ` at ${host}${name} is not reachable`), error.hint, error.detail);
    } catch {
      return error;
    }
  }

  /** Whether the CLI exists and the daemon answers; never throws. */
  async status(signal?: AbortSignal): Promise<EngineStatus> {
    let result: ProcessResult;
    try {
      result = await runProcess(this.cli, [...this.globalArgs(), 'version', '--format', '{{json .}}'], { env: this.env, signal });
    } catch (error) {
      return { ok: false, cli: this.cli, error: this.startFailure(error) };
    }
    try {
      await this.check(result, 'Connecting to the container engine');
    } catch (error) {
      return { ok: false, cli: this.cli, error: error as EngineError };
    }
    const [info] = safeJson(result.stdout);
    const client = (info?.Client ?? {}) as Record<string, unknown>;
    const server = (info?.Server ?? {}) as Record<string, unknown>;
    const podman = /podman/i.test(this.cli) || typeof client.APIVersion === 'string' && 'OsArch' in client;
    const endpoint = this.endpoint();
    return {
      ok: true,
      cli: this.cli,
      clientVersion: String(client.Version ?? 'unknown'),
      serverVersion: String(server.Version ?? client.Version ?? 'unknown'),
      podman,
      endpoint: endpoint.host ?? String(client.Context ?? endpoint.context ?? 'default'),
    };
  }
}

function safeJson(text: string): Record<string, unknown>[] {
  try {
    return parseJsonLines<Record<string, unknown>>(text);
  } catch {
    return [];
  }
}
