import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';

/**
 * One spawned CLI process (docker, podman), started from an argument array, never a shell string.
 * Output can be streamed (`stdout`/`stderr` events or the raw `stdout` stream for binary data such as
 * `docker save`), and an AbortSignal ends the whole process tree: `docker build` and `docker compose`
 * run plugins as child processes, so killing only the CLI would leave them running.
 */
export interface SpawnOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly signal?: AbortSignal;
  /** Text written to the process's stdin, which is then closed. Without it stdin is closed at once. */
  readonly input?: string;
  /** Called with each chunk of output as it arrives (decoded as UTF-8), e.g. to stream a build log. */
  readonly onStdout?: (text: string) => void;
  readonly onStderr?: (text: string) => void;
  /** Keep stdout as raw bytes on `RunningProcess.stdout` instead of collecting it (for `docker save`). */
  readonly rawStdout?: boolean;
  /** Grace period between SIGTERM and SIGKILL when cancelled (ms). */
  readonly killGraceMs?: number;
}

export interface ProcessResult {
  /** Exit code; null when the process was ended by a signal. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly cancelled: boolean;
}

export interface RunningProcess {
  readonly pid: number | undefined;
  /** Raw stdout, only with `rawStdout`; read it to the end or cancel, or the process blocks. */
  readonly stdout: Readable | undefined;
  /** Settles when the process has exited and its output is closed; rejects only when it could not start. */
  readonly done: Promise<ProcessResult>;
  /** Ends the process tree (what the AbortSignal does). */
  kill(): void;
}

/** Keeps the tail of a stream's text: error messages are at the end, and a chatty process must not fill memory. */
const MAX_COLLECTED = 4 * 1024 * 1024;

export function spawnProcess(command: string, args: readonly string[], options: SpawnOptions = {}): RunningProcess {
  const windows = process.platform === 'win32';
  const child: ChildProcess = spawn(command, [...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    // Its own process group on POSIX, so cancellation can signal the whole tree at once.
    detached: !windows,
    windowsHide: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let cancelled = false;
  let exited = false;
  let stdout = '';
  let stderr = '';
  const append = (current: string, text: string) => {
    const next = current + text;
    return next.length > MAX_COLLECTED ? next.slice(next.length - MAX_COLLECTED) : next;
  };

  if (!options.rawStdout) {
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (text: string) => {
      stdout = append(stdout, text);
      options.onStdout?.(text);
    });
  }
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => {
    stderr = append(stderr, text);
    options.onStderr?.(text);
  });
  child.stdin!.on('error', () => undefined); // the process may exit before reading its input
  child.stdin!.end(options.input ?? undefined);

  let killTimer: ReturnType<typeof setTimeout> | undefined;
  const kill = () => {
    if (exited || cancelled) return;
    cancelled = true;
    killTree(child, 'SIGTERM');
    killTimer = setTimeout(() => killTree(child, 'SIGKILL'), options.killGraceMs ?? 3000);
    killTimer.unref?.();
    // A consumer of raw stdout must see the end of the stream, not wait for it.
    if (options.rawStdout) child.stdout!.destroy();
  };
  const onAbort = () => kill();
  if (options.signal?.aborted) queueMicrotask(kill);
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  const done = new Promise<ProcessResult>((resolve, reject) => {
    child.once('error', (error) => {
      exited = true;
      options.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.once('close', (code, signal) => {
      exited = true;
      if (killTimer) clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ code, signal, stdout, stderr, cancelled });
    });
  });
  // Callers that only use the stream must not get an unhandled rejection for a missing binary.
  done.catch(() => undefined);
  return { pid: child.pid, stdout: options.rawStdout ? child.stdout! : undefined, done, kill };
}

function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  if (process.platform === 'win32') {
    spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { windowsHide: true });
    return;
  }
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** Runs a process to completion and collects its output. */
export function runProcess(command: string, args: readonly string[], options: SpawnOptions = {}): Promise<ProcessResult> {
  return spawnProcess(command, args, { ...options, rawStdout: false }).done;
}
