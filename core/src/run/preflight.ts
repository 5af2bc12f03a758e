import type { DockerEngine } from '../docker/engine';
import { EngineError } from '../docker/errors';
import { field } from '../docker/json';
import { driverAtLeast, driverForCuda, knownToolkitReleases } from '../knowledge/cudaDrivers';
import { majorMinor } from '../knowledge/versions';
import { readHostDriver } from '../node/nvidiaSmi';
import { cudaFromRequirement, runFactsFromDockerfile } from './dockerfileFacts';
import { validateRunRequest, type RunRequest } from './runRequest';

export type PreflightCode =
  | 'docker-missing'
  | 'daemon-unreachable'
  | 'no-gpu-runtime'
  | 'driver-too-old'
  | 'buildkit-syntax'
  | 'invalid-request'
  /** A host port is taken (recognised from `docker run`'s error). */
  | 'port-in-use'
  /** The container name is taken (recognised from `docker run`'s error). */
  | 'name-in-use';

export interface PreflightAction {
  title: string;
  url?: string;
  /** `run-on-cpu`: retry with `gpus: none`; `use-legacy`: build with the legacy builder anyway. */
  kind?: 'open-url' | 'run-on-cpu' | 'use-legacy';
}

/** A reason the build or run cannot work (error) or may not (warning), in words a user can act on. */
export interface PreflightProblem {
  code: PreflightCode;
  severity: 'error' | 'warning';
  message: string;
  /** The engine's own words or the list of details behind the message. */
  detail?: string;
  actions: PreflightAction[];
}

export interface PreflightOptions {
  /**
   * The host's NVIDIA driver version: a string to use, `null` for "no NVIDIA driver known", undefined
   * to ask nvidia-smi (only when the engine is on this machine: a remote engine's driver is not ours).
   */
  readonly hostDriver?: string | null;
  /** Which builder `docker build` will use; detected (`docker buildx version`, DOCKER_BUILDKIT) when undefined. */
  readonly builder?: 'legacy' | 'buildkit';
  readonly signal?: AbortSignal;
}

export const TOOLKIT_INSTALL_URL = 'https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/install-guide.html';
export const DOCKER_INSTALL_URL = 'https://docs.docker.com/engine/install/';
export const DRIVER_DOWNLOAD_URL = 'https://www.nvidia.com/en-us/drivers/';
export const BUILDX_INSTALL_URL = 'https://docs.docker.com/go/buildx/';
const DAEMON_HELP_URL = 'https://docs.docker.com/engine/daemon/troubleshoot/';

/**
 * Everything that can be known before building: a valid request, a docker CLI and a daemon that answers,
 * a GPU runtime when GPUs are asked for, a host driver new enough for the image's CUDA, and a builder
 * that understands the Dockerfile's syntax. Never throws; an empty list means "go".
 */
export async function preflight(engine: DockerEngine, req: RunRequest, dockerfileText: string, opts: PreflightOptions = {}): Promise<PreflightProblem[]> {
  const problems: PreflightProblem[] = validateRunRequest(req).map((message) => ({ code: 'invalid-request', severity: 'error', message, actions: [] }));

  const status = await engine.status(opts.signal);
  if (!status.ok) {
    problems.push(engineProblem(status.error));
    return problems;
  }

  let facts: ReturnType<typeof runFactsFromDockerfile> | undefined;
  try {
    facts = runFactsFromDockerfile(dockerfileText, { target: req.target });
  } catch {
    facts = undefined; // an unparsable Dockerfile is the build's to report
  }
  if (req.target && facts && !facts.stages.some((s) => s.name === req.target!.toLowerCase())) {
    const names = facts.stages.map((s) => s.name).filter(Boolean);
    problems.push({ code: 'invalid-request', severity: 'error', message: `The Dockerfile has no stage named "${req.target}"${names.length ? ` (stages: ${names.join(', ')})` : ' (its stages have no names)'}.`, actions: [] });
  }

  if (req.gpus.kind !== 'none' && !status.podman) {
    const runtime = await gpuRuntimeProblem(engine, opts.signal);
    if (runtime) problems.push(runtime);
    const driver = await driverProblem(engine, facts, opts);
    if (driver) problems.push(driver);
  }

  if (facts?.usesBuildKitSyntax && !status.podman) {
    const builder = opts.builder ?? await detectBuilder(engine, opts.signal);
    if (builder === 'legacy') {
      problems.push({
        code: 'buildkit-syntax',
        severity: 'error',
        message: 'This Dockerfile uses BuildKit-only syntax (RUN --mount, heredocs, COPY --link/--chmod …), but this engine builds with the legacy builder, which stops with an error at the first of them.',
        detail: 'Install the buildx plugin (docker-buildx-plugin, or Debian/Ubuntu docker-buildx) and unset DOCKER_BUILDKIT=0, or rewrite those instructions without BuildKit syntax.',
        actions: [{ title: 'How to install buildx', url: BUILDX_INSTALL_URL, kind: 'open-url' }, { title: 'Build with the legacy builder anyway', kind: 'use-legacy' }],
      });
    }
  }
  return problems;
}

function engineProblem(error: EngineError): PreflightProblem {
  if (error.kind === 'not-installed') {
    return { code: 'docker-missing', severity: 'error', message: error.message, detail: error.hint, actions: [{ title: 'Install Docker', url: DOCKER_INSTALL_URL, kind: 'open-url' }] };
  }
  return {
    code: 'daemon-unreachable',
    severity: 'error',
    message: error.explanation,
    ...(error.detail && { detail: error.detail }),
    actions: [{ title: 'Docker daemon troubleshooting', url: DAEMON_HELP_URL, kind: 'open-url' }],
  };
}

function noGpuRuntime(message: string, detail?: string): PreflightProblem {
  return {
    code: 'no-gpu-runtime',
    severity: 'error',
    message,
    ...(detail && { detail }),
    actions: [
      { title: 'Install the NVIDIA Container Toolkit', url: TOOLKIT_INSTALL_URL, kind: 'open-url' },
      { title: 'Run on CPU instead', kind: 'run-on-cpu' },
    ],
  };
}

const TOOLKIT_MISSING = 'GPUs were requested, but this Docker engine has no GPU runtime: the NVIDIA Container Toolkit is not installed or not configured for it.';
const TOOLKIT_FIX = 'Install the NVIDIA Container Toolkit on the machine that runs the engine, then run "sudo nvidia-ctk runtime configure --runtime=docker" and restart Docker. Or run on CPU.';

/** No `nvidia` runtime and no CDI GPU devices in `docker info`: `--gpus` would fail with "could not select device driver". */
async function gpuRuntimeProblem(engine: DockerEngine, signal?: AbortSignal): Promise<PreflightProblem | undefined> {
  let info: Record<string, unknown> | undefined;
  try {
    [info] = await engine.json(['info', '--format', '{{json .}}'], { signal, what: 'Reading the engine\'s configuration' });
  } catch {
    return undefined; // the run itself will say what is wrong; recogniseRunFailure explains it
  }
  if (!info) return undefined;
  const runtimes = Object.keys((field(info, 'Runtimes') ?? {}) as Record<string, unknown>);
  const devices = ((field(info, 'DiscoveredDevices') ?? []) as { ID?: string }[] | null) ?? [];
  const cdiGpu = devices.some((d) => /^nvidia\.com\/gpu=/.test(String(d.ID ?? '')));
  if (runtimes.some((r) => /nvidia/i.test(r)) || cdiGpu) return undefined;
  const host = engine.endpoint().host;
  return noGpuRuntime(`${TOOLKIT_MISSING}${host ? ` Engine: ${host}.` : ''}`, `${TOOLKIT_FIX}\nRuntimes the engine has: ${runtimes.join(', ') || 'none'}; CDI GPU devices: none.`);
}

/** Local when neither DOCKER_HOST nor a context points elsewhere (a unix socket is this machine). */
function engineIsLocal(engine: DockerEngine): boolean {
  const { host, context } = engine.endpoint();
  if (host) return host.startsWith('unix://') || host.startsWith('npipe://');
  return !context || context === 'default' || context === 'desktop-linux';
}

/** The image's CUDA needs a newer driver than the host's: name both versions and the fix. */
async function driverProblem(engine: DockerEngine, facts: ReturnType<typeof runFactsFromDockerfile> | undefined, opts: PreflightOptions): Promise<PreflightProblem | undefined> {
  const driver = opts.hostDriver === undefined ? (engineIsLocal(engine) ? await readHostDriver() : undefined) : opts.hostDriver ?? undefined;
  if (!driver || !facts) return undefined;
  let cuda = facts.cuda;
  if (!cuda && facts.baseImage) {
    // The base image may be local: its ENV says exactly what it needs.
    const env = await baseImageEnv(engine, facts.baseImage, opts.signal);
    const required = env ? cudaFromRequirement(env.find((e) => e.startsWith('NVIDIA_REQUIRE_CUDA='))?.slice('NVIDIA_REQUIRE_CUDA='.length) ?? '') : undefined;
    if (required) cuda = { version: required, source: 'NVIDIA_REQUIRE_CUDA' };
  }
  if (!cuda) return undefined;
  const mm = majorMinor(cuda.version) ?? cuda.version;
  const need = driverForCuda(mm);
  const floor = need?.linux ?? need?.atLeast;
  if (!floor || driverAtLeast(driver, floor)) return undefined;
  return driverTooOld(mm, floor, driver, cuda.source);
}

/** The driver problem; `driver` undefined when only the daemon's refusal says it is too old. */
function driverTooOld(cuda: string, floor: string | undefined, driver: string | undefined, source: string): PreflightProblem {
  const newest = driver && knownToolkitReleases().find((v) => {
    const n = driverForCuda(v)?.linux;
    return n !== undefined && driverAtLeast(driver, n);
  });
  const needs = floor ? `, which needs NVIDIA driver ${floor} or newer` : '';
  return {
    code: 'driver-too-old',
    severity: 'error',
    message: driver
      ? `The image needs CUDA ${cuda} (from its ${source})${needs}, but the host's driver is ${driver}: the container would refuse to start.`
      : `The image needs CUDA ${cuda}${needs}, and the host's driver is older: the container refused to start.`,
    detail: `Upgrade the host's NVIDIA driver${floor ? ` to ${floor} or newer` : ''}${newest ? `, or use an image with CUDA ${majorMinor(newest)} or older (the newest this driver runs)` : ''}. Data-center GPUs can also use the cuda-compat package.`,
    actions: [
      { title: 'Download an NVIDIA driver', url: DRIVER_DOWNLOAD_URL, kind: 'open-url' },
      { title: 'Run on CPU instead', kind: 'run-on-cpu' },
    ],
  };
}

async function baseImageEnv(engine: DockerEngine, image: string, signal?: AbortSignal): Promise<string[] | undefined> {
  try {
    const [record] = await engine.json<Record<string, unknown>>(['image', 'inspect', '--format', '{{json .Config.Env}}', image], { signal, what: `Inspecting ${image}` });
    return Array.isArray(record) ? (record as unknown[]).map(String) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Which builder `docker build` uses: BuildKit when the buildx plugin is installed and DOCKER_BUILDKIT
 * is not 0 (Docker 23+), the legacy builder otherwise (the CLI falls back with a deprecation notice).
 */
export async function detectBuilder(engine: DockerEngine, signal?: AbortSignal): Promise<'legacy' | 'buildkit'> {
  const env = engine.environment();
  if (env.DOCKER_BUILDKIT === '0' || env.DOCKER_BUILDKIT === 'false') return 'legacy';
  try {
    await engine.run(['buildx', 'version'], { signal, what: 'Checking for buildx' });
    return 'buildkit';
  } catch {
    return 'legacy';
  }
}

/**
 * Explains a failed `docker run` (its stderr) when MLDock recognises the cause: no GPU runtime
 * (`could not select device driver "" with capabilities: [[gpu]]`), a driver too old for the image's
 * CUDA, a port or name already taken. Undefined for anything else (show the engine's own words).
 */
export function recogniseRunFailure(stderr: string): PreflightProblem | undefined {
  const text = stderr.trim();
  const raw = rawError(text);
  if (/could not select device driver "[^"]*" with capabilities: \[\[gpu\]\]/i.test(text)) {
    return noGpuRuntime(`${TOOLKIT_MISSING} The engine answered: could not select device driver "" with capabilities: [[gpu]].`, `${TOOLKIT_FIX}\n${raw}`);
  }
  if (/unknown or invalid runtime name: nvidia/i.test(text)) {
    return noGpuRuntime(`${TOOLKIT_MISSING} The engine has no runtime named "nvidia".`, `${TOOLKIT_FIX}\n${raw}`);
  }
  if (/unresolvable CDI devices|CDI device injection failed/i.test(text)) {
    return noGpuRuntime(`${TOOLKIT_MISSING} No CDI specification lists the requested GPUs.`, `Generate one with "sudo nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml". ${TOOLKIT_FIX}\n${raw}`);
  }
  if (/nvml error: driver not loaded|nvidia-container-cli: initialization error: (?:load library failed|nvml error)/i.test(text)) {
    return {
      code: 'no-gpu-runtime',
      severity: 'error',
      message: 'The NVIDIA Container Toolkit is installed, but no NVIDIA driver is loaded on the machine that runs the engine.',
      detail: `Install the NVIDIA driver there (nvidia-smi must work), or run on CPU.\n${raw}`,
      actions: [{ title: 'Download an NVIDIA driver', url: DRIVER_DOWNLOAD_URL, kind: 'open-url' }, { title: 'Run on CPU instead', kind: 'run-on-cpu' }],
    };
  }
  const unsatisfied = /unsatisfied condition: cuda\s*>=\s*(\d+\.\d+)/i.exec(text);
  if (unsatisfied) {
    const cuda = unsatisfied[1]!;
    const problem = driverTooOld(cuda, driverForCuda(cuda)?.linux ?? driverForCuda(cuda)?.atLeast, undefined, 'NVIDIA_REQUIRE_CUDA');
    return { ...problem, detail: `${problem.detail}\n${raw}` };
  }
  const port = /Bind for (\S+?):(\d+) failed: port is already allocated|listen tcp4? (\S+?):(\d+): bind: address already in use/i.exec(text);
  if (port) {
    const number = port[2] ?? port[4];
    return { code: 'port-in-use', severity: 'error', message: `Host port ${number} is already in use: another container or program listens on it.`, detail: `Pick another host port, or stop what uses it (docker ps shows containers publishing it).\n${raw}`, actions: [] };
  }
  const name = /Conflict\. The container name "\/?([^"]+)" is already in use/i.exec(text);
  if (name) {
    return { code: 'name-in-use', severity: 'error', message: `A container named "${name[1]}" already exists.`, detail: `Remove it (docker rm -f ${name[1]}) or choose another name.\n${raw}`, actions: [] };
  }
  return undefined;
}

function rawError(text: string): string {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  return `Engine said: ${lines.slice(-3).join(' ').trim()}`;
}
