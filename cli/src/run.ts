import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DockerEngine } from '../../core/src/docker/engine';
import { EngineError } from '../../core/src/docker/errors';
import { defaultTag } from '../../core/src/run/dockerfileFacts';
import { preflight, type PreflightProblem } from '../../core/src/run/preflight';
import {
  buildCommandArgs, displayCommand, parseBuildArg, parseGpuRequest, parsePortMapping, runCommandArgs, secretValues,
  type BindMount, type RunRequest,
} from '../../core/src/run/runRequest';
import { BuildFailedError, buildImage, healthLog, RunFailedError, startContainer, stopContainer, waitHealthy } from '../../core/src/run/runner';
import type { Io } from './lint';
import { EXIT, RUN_USAGE } from './usage';

class UsageError extends Error {}

/** Ctrl+C: the conventional exit status of a process ended by SIGINT. */
const EXIT_INTERRUPTED = 130;

interface Options {
  readonly request: RunRequest;
  readonly docker: string | undefined;
  readonly waitHealthy: boolean;
  readonly healthTimeoutMs: number;
  readonly preflight: boolean;
  readonly dryRun: boolean;
  readonly quiet: boolean;
}

function parse(args: string[], io: Io): Options | 'help' {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      file: { type: 'string', short: 'f' },
      context: { type: 'string' },
      target: { type: 'string' },
      tag: { type: 'string', short: 't' },
      'build-arg': { type: 'string', multiple: true },
      gpus: { type: 'string' },
      port: { type: 'string', short: 'p', multiple: true },
      'env-file': { type: 'string' },
      mount: { type: 'string', multiple: true },
      'shm-size': { type: 'string' },
      'ipc-host': { type: 'boolean' },
      name: { type: 'string' },
      detach: { type: 'boolean', short: 'd' },
      'wait-healthy': { type: 'boolean' },
      'health-timeout': { type: 'string' },
      'no-preflight': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      docker: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (the Dockerfile is --file, the build context --context)`);
  const abs = (p: string) => path.resolve(io.cwd, p);
  const dockerfile = abs(values.file ?? 'Dockerfile');
  const context = abs(values.context ?? '.');
  const buildArgs: Record<string, string> = {};
  for (const text of values['build-arg'] ?? []) {
    const parsed = parseBuildArg(text);
    if (typeof parsed === 'string') throw new UsageError(parsed);
    buildArgs[parsed[0]] = parsed[1];
  }
  const gpus = parseGpuRequest(values.gpus ?? 'none');
  if (typeof gpus === 'string') throw new UsageError(gpus);
  const ports = (values.port ?? []).map((text) => {
    const parsed = parsePortMapping(text);
    if (typeof parsed === 'string') throw new UsageError(parsed);
    return parsed;
  });
  const mounts: BindMount[] = (values.mount ?? []).map((text) => {
    const m = /^(.+?):(\/[^:]*)(?::(ro|rw))?$/.exec(text);
    if (!m) throw new UsageError(`"${text}" is not a mount: use SOURCE:TARGET[:ro], such as ./data:/data:ro.`);
    return { source: abs(m[1]!), target: m[2]!, ...(m[3] === 'ro' && { readonly: true }) };
  });
  const timeout = values['health-timeout'] === undefined ? 120 : Number(values['health-timeout']);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError(`--health-timeout takes seconds (got "${values['health-timeout']}")`);
  const target = values.target;
  const request: RunRequest = {
    dockerfile,
    context,
    ...(target !== undefined && { target }),
    tag: values.tag ?? defaultTag(path.basename(context), target),
    buildArgs,
    gpus,
    ports,
    ...(values['env-file'] !== undefined && { envFile: abs(values['env-file']) }),
    mounts,
    ...(values['shm-size'] !== undefined && { shmSize: values['shm-size'] }),
    ...(values['ipc-host'] && { ipcHost: true }),
    detach: values.detach === true,
    ...(values.name !== undefined && { name: values.name }),
  };
  return {
    request,
    docker: values.docker ?? process.env.MLDOCK_DOCKER_PATH,
    waitHealthy: values['wait-healthy'] === true,
    healthTimeoutMs: timeout * 1000,
    preflight: values['no-preflight'] !== true,
    dryRun: values['dry-run'] === true,
    quiet: values.quiet === true,
  };
}

function formatProblem(p: PreflightProblem): string {
  const lines = [`mldock run: ${p.severity}: ${p.message}`];
  if (p.detail) lines.push(...p.detail.split('\n').map((l) => `  ${l}`));
  for (const a of p.actions) {
    if (a.url) lines.push(`  → ${a.title}: ${a.url}`);
    else if (a.kind === 'run-on-cpu') lines.push('  → or run on CPU: --gpus none');
    else if (a.kind === 'use-legacy') lines.push('  → or build anyway: --no-preflight');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `mldock run`: builds the Dockerfile and starts a container from it on the engine DOCKER_HOST / the
 * docker context names, with the same preflight as the editor's Build & Run. Build output goes to
 * stderr; the container's output (attached) or its ID (--detach) to stdout.
 */
export async function runRun(args: string[], io: Io, signal?: AbortSignal): Promise<number> {
  let options: Options | 'help';
  try {
    options = parse(args, io);
  } catch (error) {
    io.stderr(`mldock run: ${(error as Error).message}\n\n${RUN_USAGE}`);
    return EXIT.USAGE;
  }
  if (options === 'help') {
    io.stdout(RUN_USAGE);
    return EXIT.OK;
  }
  const req = options.request;
  let text: string;
  try {
    text = fs.readFileSync(req.dockerfile, 'utf8');
  } catch (error) {
    io.stderr(`mldock run: cannot read ${req.dockerfile}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file (use --file to name the Dockerfile)' : (error as Error).message}\n`);
    return EXIT.USAGE;
  }
  if (!fs.statSync(req.context, { throwIfNoEntry: false })?.isDirectory()) {
    io.stderr(`mldock run: the build context ${req.context} is not a directory\n`);
    return EXIT.USAGE;
  }

  const engine = new DockerEngine({ cli: options.docker });
  if (options.preflight) {
    const problems = await preflight(engine, req, text, { signal });
    for (const p of problems) io.stderr(formatProblem(p));
    if (problems.some((p) => p.severity === 'error')) return EXIT.USAGE;
  }
  const secrets = secretValues(req);
  const show = (cmd: string[]) => io.stderr(`$ ${displayCommand(cmd, secrets, engine.cli)}\n`);
  show(buildCommandArgs(req));
  show(runCommandArgs(req, req.tag));
  if (options.dryRun) return EXIT.OK;
  if (signal?.aborted) return EXIT_INTERRUPTED;

  const quiet = options.quiet;
  try {
    await buildImage(engine, req, {
      signal,
      dockerfileText: text,
      onOutput: quiet ? undefined : (line) => io.stderr(`${line}\n`),
      onProgress: quiet ? (p) => io.stderr(`${p.stage ? `[${p.stage}] ` : ''}Step ${p.step}${p.total ? `/${p.total}` : ''}: ${p.text}\n`) : undefined,
    });
  } catch (error) {
    if (error instanceof BuildFailedError) {
      const where = error.step ? `${path.relative(io.cwd, req.dockerfile) || req.dockerfile}:${error.step.line + 1}: ` : '';
      io.stderr(`mldock run: ${where}build failed: ${error.step?.message ?? error.message}\n`);
      return EXIT.FINDINGS;
    }
    return engineFailure(error, io);
  }

  let started;
  try {
    started = await startContainer(engine, req, req.tag, {
      signal,
      onOutput: (line, stream) => (stream === 'stdout' ? io.stdout : io.stderr)(`${line}\n`),
    });
  } catch (error) {
    if (error instanceof RunFailedError) {
      io.stderr(error.problem ? formatProblem(error.problem) : `mldock run: ${error.message}\n`);
      return EXIT.FINDINGS;
    }
    return engineFailure(error, io);
  }
  const id = started.containerId;
  const short = id.slice(0, 12);
  if (req.detach) io.stdout(`${id}\n`);
  io.stderr(`mldock run: started container ${short}${req.ports.map((p) => `, http://localhost:${p.host} → ${p.container}`).join('')}\n`);

  // An attached run owns its container: whatever ends the command stops and removes it.
  const cleanup = async () => {
    if (!req.detach) await stopContainer(engine, id).catch(() => undefined);
  };
  if (options.waitHealthy) {
    let health;
    try {
      health = await waitHealthy(engine, id, { signal, timeoutMs: options.healthTimeoutMs });
    } catch (error) {
      await cleanup();
      if (error instanceof EngineError && error.kind === 'cancelled') {
        if (started.exited) await started.exited;
        else io.stderr(`mldock run: stopped waiting; detached container ${short} keeps running (docker rm -f ${short} removes it)\n`);
        return EXIT_INTERRUPTED;
      }
      return engineFailure(error, io);
    }
    if (health === 'healthy' || health === 'no-healthcheck') {
      io.stderr(health === 'healthy' ? `mldock run: container ${short} is healthy\n` : `mldock run: the image has no HEALTHCHECK; container ${short} is running\n`);
    } else {
      const why = health === 'timeout' ? `did not become healthy within ${options.healthTimeoutMs / 1000} s`
        : health === 'exited' ? 'exited before it became healthy' : 'is unhealthy';
      const log = await healthLog(engine, id);
      io.stderr(`mldock run: container ${short} ${why}${log.length ? `; last health checks:\n${log.map((l) => `  ${l}`).join('\n')}` : ''}\n`);
      if (req.detach) io.stderr(`  (it is left as it is for inspection: docker logs ${short}; docker rm -f ${short})\n`);
      await cleanup();
      return EXIT.FINDINGS;
    }
  }
  if (!started.exited) return EXIT.OK;
  const exit = await started.exited;
  if (exit.cancelled) {
    io.stderr(`mldock run: stopped and removed container ${short}\n`);
    return EXIT_INTERRUPTED;
  }
  await engine.run(['rm', '--force', id]).catch(() => undefined);
  io.stderr(`mldock run: container ${short} exited with code ${exit.exitCode ?? 'unknown'}\n`);
  return exit.exitCode === 0 ? EXIT.OK : EXIT.FINDINGS;
}

function engineFailure(error: unknown, io: Io): number {
  if (error instanceof EngineError) {
    if (error.kind === 'cancelled') {
      io.stderr('mldock run: cancelled\n');
      return EXIT_INTERRUPTED;
    }
    io.stderr(`mldock run: ${error.explanation}\n`);
    return error.kind === 'failed' ? EXIT.FINDINGS : EXIT.USAGE;
  }
  throw error;
}
