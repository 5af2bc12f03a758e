/**
 * Engine failures in words a user can act on. The docker CLI's own messages are precise but assume the
 * reader knows what a daemon socket or a context is; each kind here says what is wrong and what to do.
 */
export type EngineErrorKind =
  /** The CLI binary was not found (or is not executable). */
  | 'not-installed'
  /** The daemon could not be reached: not running, wrong DOCKER_HOST or context, network. */
  | 'daemon-unreachable'
  /** The socket exists but this user may not use it. */
  | 'permission-denied'
  /** The image (or other object) does not exist. */
  | 'not-found'
  /** The operation was cancelled by the caller. */
  | 'cancelled'
  /** The engine answered with something MLDock could not read. */
  | 'bad-output'
  /** Any other failure of the command. */
  | 'failed';

export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly kind: EngineErrorKind,
    message: string,
    /** What to do about it, one sentence; undefined when there is nothing specific. */
    readonly hint?: string,
    /** The CLI's own output (stderr), for logs. */
    readonly detail?: string,
  ) {
    super(message);
  }

  /** Message and hint as one line, the form the CLI and notifications show. */
  get explanation(): string {
    return this.hint ? `${this.message} ${this.hint}` : this.message;
  }
}

/** Where the CLI was pointed, for messages: DOCKER_HOST wins over the context, as in the docker CLI. */
export interface EndpointDescription {
  readonly cli: string;
  readonly host?: string;
  readonly context?: string;
}

export function describeEndpoint(endpoint: EndpointDescription): string {
  if (endpoint.host) return `${endpoint.host} (from DOCKER_HOST)`;
  if (endpoint.context && endpoint.context !== 'default') return `context "${endpoint.context}"`;
  return 'the default socket';
}

const INSTALL_HINT =
  'Install Docker (Docker Desktop, or the docker.io / docker-ce package on Linux) or Podman, ' +
  'or set "mldock.docker.path" (CLI: --docker PATH) to the docker executable.';

/** The spawn error for a missing or unusable binary. */
export function notInstalled(cli: string, error: NodeJS.ErrnoException): EngineError {
  if (error.code === 'EACCES') {
    return new EngineError('not-installed', `"${cli}" is not executable.`, 'Check its permissions, or set "mldock.docker.path" (CLI: --docker PATH) to a working docker executable.', error.message);
  }
  return new EngineError('not-installed', `The container CLI "${cli}" was not found.`, INSTALL_HINT, error.message);
}

/**
 * Classifies a failed docker/podman command from its stderr. Patterns are the CLIs' own messages
 * (docker 20–28, podman 4–5), matched case-insensitively.
 */
export function classifyFailure(stderr: string, endpoint: EndpointDescription, what: string): EngineError {
  const text = stderr.trim();
  const where = describeEndpoint(endpoint);
  const line = firstErrorLine(text);

  if (/permission denied while trying to connect|dial unix .*: connect: permission denied|got permission denied/i.test(text)) {
    const socket = /unix:\/\/\S+|\/\S+\.sock/.exec(text)?.[0] ?? 'the Docker socket';
    return new EngineError('permission-denied', `Permission denied on ${socket.replace(/[.:]+$/, '')}: this user may not talk to the Docker daemon.`,
      'Add the user to the "docker" group (sudo usermod -aG docker $USER, then log in again), or use rootless Docker or Podman.', text);
  }
  if (/context "[^"]+"\s*(?:does not exist|not found)|context not found|failed to (?:load|resolve) (?:docker )?context/i.test(text)) {
    return new EngineError('daemon-unreachable', `The docker context ${endpoint.context ? `"${endpoint.context}" ` : ''}does not exist.`,
      'Pick an existing one with "docker context use NAME" (list them with "docker context ls"), or unset DOCKER_CONTEXT.', text);
  }
  if (/cannot connect to the docker daemon|is the docker daemon running|error during connect|connection refused|no such host|cannot connect to podman|unable to connect to podman|dial unix .*no such file or directory|the system cannot find the file specified|docker daemon is not running|i\/o timeout|dial tcp/i.test(text)) {
    const reason = /no such host|dial tcp|i\/o timeout/i.test(text)
      ? 'the host could not be reached'
      : /no such file or directory|cannot find the file/i.test(text)
        ? 'no daemon is listening (the socket does not exist)'
        : 'the daemon is not running or refused the connection';
    return new EngineError('daemon-unreachable', `The Docker daemon at ${where} is not reachable: ${reason}.`,
      endpoint.host
        ? 'Check DOCKER_HOST, or unset it to use the current docker context.'
        : 'Start Docker (Docker Desktop, or "sudo systemctl start docker"), or select another engine with "docker context use".',
      text);
  }
  if (/no such image|image not known|no such object|reference does not exist|image .* not found|not found: manifest unknown/i.test(text)) {
    return new EngineError('not-found', `${what}: no such image.`, 'List local images with "docker image ls"; images are not pulled by MLDock.', text);
  }
  return new EngineError('failed', `${what} failed${line ? `: ${line}` : '.'}`, undefined, text);
}

/** The most telling line of an error output: the last one that starts with "Error". */
function firstErrorLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const error = [...lines].reverse().find((l) => /^error\b/i.test(l));
  return (error ?? lines[lines.length - 1] ?? '').replace(/^error( response from daemon)?:\s*/i, '');
}
