import { compareVersions } from '../knowledge/versions';
import {
  cudaChoices, defaultCuda, defaultFrameworkVersion, defaultPython, frameworkVersionChoices, knownFrameworkVersion, pythonChoices,
  type Choice,
} from './choices';
import type { ProjectFacts } from './detect';
import type { DependencySource, Framework, Purpose, ScaffoldAnswers, Server, Template } from './types';

/** Answers given so far (by flags, the wizard or a test); everything missing is filled in. */
export type PartialAnswers = { -readonly [K in keyof ScaffoldAnswers]?: ScaffoldAnswers[K] };

export interface ResolveOptions {
  /** The NVIDIA driver of the hosts, when known (setting or nvidia-smi): CUDA defaults stay within it. */
  readonly hostDriver?: string | undefined;
}

/** Where each filled-in answer came from, for the CLI summary and the wizard's descriptions. */
export type AnswerSources = { -readonly [K in keyof ScaffoldAnswers]?: string };

export interface ResolvedAnswers {
  readonly answers: ScaffoldAnswers;
  readonly sources: AnswerSources;
}

/**
 * Fills every missing answer from what the project shows, in dependency order (framework before its
 * version, version before CUDA, CUDA before Python), so a given answer steers the defaults after it.
 * Given answers are kept as they are, even when invalid: `validateAnswers` reports them.
 */
export function resolveAnswers(template: Template, facts: ProjectFacts, given: PartialAnswers = {}, options: ResolveOptions = {}): ResolvedAnswers {
  const sources: AnswerSources = {};
  const pick = <K extends keyof ScaffoldAnswers>(key: K, fallback: () => [ScaffoldAnswers[K], string]): ScaffoldAnswers[K] => {
    if (given[key] !== undefined || (key in given && (key === 'cuda' || key === 'frameworkVersion' || key === 'healthPath'))) {
      sources[key] = 'given';
      return given[key] as ScaffoldAnswers[K];
    }
    const [value, source] = fallback();
    sources[key] = source;
    return value;
  };

  const dependencies = pick('dependencies', () => dependencySource(template, facts));
  const envDecides = template === 'conda' && dependencies.kind === 'environment';
  const detected = facts.framework;
  const framework = pick('framework', (): [Framework, string] => {
    if (detected) return [detected.framework, `detected in ${detected.source}`];
    if (dependencies.kind !== 'none') return ['none', `no framework in ${dependencies.file}`];
    return ['torch', 'default'];
  });
  const frameworkVersion = pick('frameworkVersion', (): [string | undefined, string] => {
    if (framework === 'none') return [undefined, 'no framework'];
    if (detected?.framework === framework && detected.version && (envDecides || usableVersion(template, framework, detected.version))) return [detected.version, `detected in ${detected.source}`];
    if (envDecides) return [undefined, `from ${dependencies.file}`];
    return [defaultFrameworkVersion(template, framework), 'newest known release'];
  });
  const cuda = pick('cuda', (): [string | undefined, string] => {
    if (template === 'cpu') return [undefined, 'CPU image'];
    const choices = cudaChoices(template, framework, frameworkVersion);
    const hint = detected?.framework === framework ? detected.cuda : undefined;
    if (hint && choices.some((c) => c.value === hint)) return [hint, `detected in ${detected!.source}`];
    // conda images stay CPU unless the project asks for CUDA builds
    if (template === 'conda') return [undefined, 'CPU builds (no CUDA in the project)'];
    const value = defaultCuda(choices, options.hostDriver);
    return [value, options.hostDriver ? `newest CUDA the host driver ${options.hostDriver} runs` : 'newest up to CUDA 12.6, which most drivers run'];
  });
  const python = pick('python', (): [string, string] => {
    const choices = pythonChoices(template, framework, frameworkVersion, cuda);
    if (facts.python && (envDecides || choices.some((c) => c.value === facts.python!.version))) return [facts.python.version, `pinned in ${facts.python.source}`];
    const min = facts.pythonMin;
    const allowed = min ? choices.filter((c) => compareVersions(c.value, min) >= 0) : choices;
    // Above a requires-python floor, the oldest allowed release is the closest to what the project tests with.
    const value = (min && allowed.length > 0 && !allowed.some((c) => c.value === '3.12') ? allowed.at(-1)?.value : defaultPython(allowed.length > 0 ? allowed : choices, undefined)) ?? '3.12';
    const why = min ? `within requires-python >= ${min}` : choices.length === 1 ? 'the only Python this image offers' : value === '3.12' ? 'has wheels for every current framework' : 'newest available';
    return [value, why];
  });
  const purpose = pick('purpose', () => defaultPurpose(facts));
  const server = pick('server', (): [Server, string] => {
    if (purpose !== 'serve') return ['none', 'not a server'];
    if (facts.app) return [facts.app.kind === 'asgi' ? 'fastapi' : 'gunicorn', `${facts.app.library} app in ${facts.app.file}`];
    return ['none', 'no FastAPI/Flask app found'];
  });
  const appKind = pick('appKind', (): ['asgi' | 'wsgi', string] => {
    if (facts.app) return [facts.app.kind, `${facts.app.library} app`];
    return [server === 'gunicorn' ? 'wsgi' : 'asgi', 'default'];
  });
  const port = pick('port', (): [number, string] => [purpose === 'notebook' ? 8888 : 8000, 'default']);
  const entrypoint = pick('entrypoint', () => defaultEntrypoint(purpose, server, facts));
  const healthPath = pick('healthPath', (): [string | undefined, string] => (facts.app?.healthPath ? [facts.app.healthPath, `route in ${facts.app.file}`] : [undefined, 'no health route found']));
  const answers: ScaffoldAnswers = {
    template,
    purpose,
    framework,
    frameworkVersion,
    cuda,
    python,
    server,
    port,
    entrypoint,
    appKind,
    healthPath,
    multiStage: pick('multiStage', () => [true, 'default']),
    // Off by default: without `RUN --mount` the Dockerfile builds with every builder, legacy ones too.
    cacheMounts: pick('cacheMounts', () => [false, 'default']),
    nonRoot: pick('nonRoot', () => [true, 'default']),
    healthcheck: pick('healthcheck', () => [true, 'default']),
    cpuVariant: pick('cpuVariant', () => [false, 'default']),
    compose: pick('compose', () => [false, 'default']),
    devcontainer: pick('devcontainer', () => [false, 'default']),
    dependencies,
    dockerfileName: pick('dockerfileName', () => ['Dockerfile', 'default']),
    projectName: pick('projectName', () => [facts.projectName, 'folder name']),
  };
  return { answers, sources };
}

function usableVersion(template: Template, framework: Framework, version: string): boolean {
  if (!knownFrameworkVersion(framework, version)) return false;
  if (template === 'cuda') return cudaChoices('cuda', framework, version).length > 0;
  return pythonChoices(template, framework, version, undefined).length > 0;
}

/** conda: the environment file; pip templates: the requirements file that fits the template, else pyproject.toml. */
export function dependencySource(template: Template, facts: ProjectFacts): [DependencySource, string] {
  const env = facts.environment;
  if (template === 'conda' && env && !env.error) return [{ kind: 'environment', file: env.file, packages: facts.packages[env.file] ?? [] }, 'found'];
  const preferred = template === 'cuda' ? /gpu|cuda/i : template === 'cpu' ? /cpu/i : /^$/;
  const requirements = facts.requirements.find((r) => preferred.test(r)) ?? facts.requirements.find((r) => !/gpu|cuda|cpu/i.test(r)) ?? facts.requirements[0];
  if (requirements) return [{ kind: 'requirements', file: requirements, packages: facts.packages[requirements] ?? [] }, 'found'];
  if (facts.pyproject) return [{ kind: 'pyproject', file: 'pyproject.toml', packages: facts.packages['pyproject.toml'] ?? [] }, 'found'];
  return [{ kind: 'none', file: undefined, packages: [] }, 'no dependency file found'];
}

function defaultPurpose(facts: ProjectFacts): [Purpose, string] {
  if (facts.app) return ['serve', `${facts.app.library} app in ${facts.app.file}`];
  if (facts.scripts.includes('serve.py') || facts.scripts.includes('server.py')) return ['serve', 'serve.py found'];
  if (facts.scripts.includes('train.py')) return ['train', 'train.py found'];
  if (facts.scripts.some((s) => ['predict.py', 'batch.py', 'inference.py'].includes(s))) return ['batch', 'batch script found'];
  if (facts.notebooks && facts.scripts.length === 0) return ['notebook', 'notebooks found'];
  return ['train', 'default'];
}

/** `module:object` for the app servers, else the most likely script for the purpose. */
export function defaultEntrypoint(purpose: Purpose, server: Server, facts: ProjectFacts): [string, string] {
  if (purpose === 'serve' && server !== 'none') {
    if (facts.app) return [facts.app.target, `${facts.app.library} app in ${facts.app.file}`];
    const module = ['main.py', 'app.py', 'serve.py'].find((s) => facts.scripts.includes(s))?.replace(/\.py$/, '') ?? 'app';
    return [`${module}:app`, 'default'];
  }
  const order: Record<Purpose, string[]> = {
    serve: ['serve.py', 'server.py', 'app.py', 'main.py'],
    train: ['train.py', 'main.py'],
    batch: ['batch.py', 'predict.py', 'inference.py', 'main.py'],
    notebook: [],
  };
  const found = order[purpose].find((s) => facts.scripts.includes(s));
  return found ? [found, `${found} found`] : [order[purpose][0] ?? 'main.py', 'default'];
}

/** Valid choices and the default, for prompts. */
export interface Offered {
  readonly choices: readonly Choice[];
  readonly value: string | undefined;
}

export function offeredVersions(template: Template, framework: Framework, current: string | undefined): Offered {
  const choices = frameworkVersionChoices(template, framework);
  // A detected older patch (2.5.0) is offered next to the latest patches.
  const withCurrent = current && !choices.some((c) => c.value === current) && usableVersion(template, framework, current)
    ? [{ value: current, detail: 'detected in the project' }, ...choices]
    : choices;
  return { choices: withCurrent, value: current };
}
