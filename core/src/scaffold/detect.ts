import { load } from 'js-yaml';
import { pytorchIndexVariant } from '../knowledge/mlPackages';
import { cudaOfVariant, majorMinor } from '../knowledge/versions';
import { normalizeName, parseRequirement } from '../parse/requirement';
import type { Framework } from './types';

/**
 * What a project folder says about the image it needs, read from file contents only: dependency
 * files, the framework and its version, the Python pin, entry points and the web app object.
 * The caller supplies the files (node fs for the CLI, the VS Code file system for the wizard).
 */
export interface ProjectFiles {
  /** Folder name, for the project name. */
  readonly folderName: string;
  /** Top-level entries; directories end with `/`. */
  readonly names: readonly string[];
  /** Contents of a file relative to the folder, or undefined when it does not exist or is unreadable. */
  read(path: string): string | undefined;
}

export interface DetectedFramework {
  readonly framework: Exclude<Framework, 'none'>;
  readonly version: string | undefined;
  /** `12.4` from `+cu124` / a `/whl/cu124` index / `pytorch-cuda=12.4`; `12` from `jax[cuda12]`. */
  readonly cuda: string | undefined;
  /** `requirements.txt line 3`. */
  readonly source: string;
}

export interface DetectedEnvironment {
  readonly file: string;
  readonly name: string | undefined;
  readonly channels: readonly string[];
  readonly python: string | undefined;
  /** conda package names (normalised, channel prefix removed). */
  readonly conda: readonly string[];
  /** Exact versions pinned with `=`/`==` (`pytorch=2.5.1`), by conda package name. */
  readonly pins: Readonly<Record<string, string>>;
  /** pip requirement lines of the `pip:` section. */
  readonly pip: readonly string[];
  /** Why the file could not be read as an environment, when it could not. */
  readonly error: string | undefined;
}

export interface DetectedApp {
  /** `app.main:app`. */
  readonly target: string;
  readonly kind: 'asgi' | 'wsgi';
  /** `FastAPI`, `Flask` … */
  readonly library: string;
  readonly file: string;
  readonly healthPath: string | undefined;
}

export interface ProjectFacts {
  readonly projectName: string;
  /** `requirements*.txt` files, `requirements.txt` first. */
  readonly requirements: readonly string[];
  readonly pyproject: boolean;
  readonly environment: DetectedEnvironment | undefined;
  /** Package names declared per dependency file. */
  readonly packages: Readonly<Record<string, readonly string[]>>;
  readonly framework: DetectedFramework | undefined;
  /** Exact Python pin (environment.yml, .python-version) with its source. */
  readonly python: { readonly version: string; readonly source: string } | undefined;
  /** Lower bound from pyproject's `requires-python`. */
  readonly pythonMin: string | undefined;
  readonly app: DetectedApp | undefined;
  /** Entry-point scripts that exist (main.py, app.py, serve.py, train.py …). */
  readonly scripts: readonly string[];
  readonly notebooks: boolean;
}

const SCRIPT_NAMES = ['serve.py', 'server.py', 'app.py', 'main.py', 'train.py', 'predict.py', 'batch.py', 'inference.py'];
const APP_FILES = ['serve.py', 'server.py', 'app.py', 'main.py', 'api.py', 'app/main.py', 'app/app.py', 'app/__init__.py', 'api/main.py', 'src/main.py', 'src/app.py'];
const ENVIRONMENT_FILES = ['environment.yml', 'environment.yaml', 'conda.yml', 'conda.yaml'];

/**
 * The paths detection may read for a folder listing, so a front end with an asynchronous file
 * system (the VS Code workspace) can fetch them first and hand over a synchronous `ProjectFiles`.
 */
export function detectionPaths(names: readonly string[]): string[] {
  const top = names.filter((n) => !n.endsWith('/') && (/\.(txt|in|py|toml)$/i.test(n) || ENVIRONMENT_FILES.includes(n) || n === '.python-version'));
  const nested = APP_FILES.filter((f) => f.includes('/') && names.includes(`${f.split('/')[0]}/`));
  return [...new Set([...top, ...nested])];
}

export function detectProject(files: ProjectFiles): ProjectFacts {
  const names = new Set(files.names);
  const requirements = files.names.filter((n) => /^requirements.*\.(txt|in)$/i.test(n) && !n.endsWith('/')).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const packages: Record<string, string[]> = {};
  const frameworks: DetectedFramework[] = [];
  for (const file of requirements) {
    const parsed = parseRequirementsFile(files, file);
    packages[file] = parsed.names;
    frameworks.push(...parsed.frameworks);
  }
  const pyprojectText = names.has('pyproject.toml') ? files.read('pyproject.toml') : undefined;
  const pyproject = pyprojectText !== undefined ? parsePyproject(pyprojectText) : undefined;
  if (pyproject) {
    packages['pyproject.toml'] = pyproject.dependencies.map((d) => parseRequirement(d).name).filter(Boolean);
    frameworks.push(...frameworksIn(pyproject.dependencies.map((d, i) => ({ text: d, where: `pyproject.toml dependency ${i + 1}` })), undefined));
  }
  const envFile = ENVIRONMENT_FILES.find((f) => names.has(f));
  const environment = envFile ? parseEnvironment(envFile, files.read(envFile) ?? '') : undefined;
  if (environment && !environment.error) {
    packages[environment.file] = [...environment.conda, ...environment.pip.map((p) => parseRequirement(p).name).filter(Boolean)];
    frameworks.push(...condaFrameworks(environment));
  }
  const pythonVersionFile = names.has('.python-version') ? majorMinor(files.read('.python-version')?.trim() ?? '') : undefined;
  const python = environment?.python ? { version: environment.python, source: environment.file } : pythonVersionFile ? { version: pythonVersionFile, source: '.python-version' } : undefined;
  const scripts = SCRIPT_NAMES.filter((s) => names.has(s));
  return {
    projectName: projectName(pyproject?.name ?? files.folderName),
    requirements,
    pyproject: pyproject !== undefined,
    environment,
    packages,
    // A pinned version wins over a mention without one.
    framework: frameworks.find((f) => f.version) ?? frameworks[0],
    python,
    pythonMin: pyproject?.requiresPythonMin,
    app: findApp(files, names),
    scripts,
    notebooks: files.names.some((n) => n.endsWith('.ipynb')),
  };
}

/** `requirements.txt` before `requirements-gpu.txt` before `requirements-dev.txt`. */
function rank(name: string): number {
  if (/^requirements\.txt$/i.test(name)) return 0;
  if (/dev|test|lint|doc/i.test(name)) return 2;
  return 1;
}

/** Lower-case, Docker- and conda-safe. */
export function projectName(raw: string): string {
  const name = raw.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[^a-z0-9]+|[-_.]+$/g, '');
  return name || 'app';
}

interface Line {
  readonly text: string;
  readonly where: string;
}

function parseRequirementsFile(files: ProjectFiles, file: string, depth = 0): { names: string[]; frameworks: DetectedFramework[] } {
  const text = files.read(file) ?? '';
  const lines: Line[] = [];
  let indexVariant: string | undefined;
  const names: string[] = [];
  const frameworks: DetectedFramework[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) return;
    const include = /^(?:-r|--requirement)[=\s]*(\S+)/.exec(line);
    if (include && depth < 2) {
      const nested = parseRequirementsFile(files, include[1]!, depth + 1);
      names.push(...nested.names);
      frameworks.push(...nested.frameworks);
      return;
    }
    const index = /^(?:--index-url|--extra-index-url|-i)[=\s]*(\S+)/.exec(line);
    if (index) {
      indexVariant = pytorchIndexVariant(index[1]!) ?? indexVariant;
      return;
    }
    if (line.startsWith('-')) return;
    lines.push({ text: line, where: `${file} line ${i + 1}` });
  });
  for (const l of lines) {
    const name = parseRequirement(l.text).name;
    if (name) names.push(name);
  }
  frameworks.push(...frameworksIn(lines, indexVariant));
  return { names, frameworks };
}

/** The frameworks a list of pip requirements installs, with their versions and CUDA hints. */
function frameworksIn(lines: readonly Line[], indexVariant: string | undefined): DetectedFramework[] {
  const found: DetectedFramework[] = [];
  for (const line of lines) {
    const r = parseRequirement(line.text);
    if (r.kind !== 'name') continue;
    if (r.name === 'torch') {
      const variant = r.local ?? indexVariant;
      found.push({ framework: 'torch', version: r.version, cuda: variant ? cudaOfVariant(variant) : undefined, source: line.where });
    } else if (r.name === 'tensorflow' || r.name === 'tensorflow-cpu' || r.name === 'tensorflow-gpu') {
      found.push({ framework: 'tensorflow', version: r.version?.includes('*') || !r.version ? starVersion(r.specifier) : r.version, cuda: undefined, source: line.where });
    } else if (r.name === 'jax') {
      const extra = r.extras.map((e) => /^cuda(\d+)/.exec(e)?.[1]).find(Boolean);
      found.push({ framework: 'jax', version: r.version, cuda: extra, source: line.where });
    }
  }
  return found;
}

/** `==2.18.*` and `~=2.18.0` name the 2.18 series. */
function starVersion(specifier: string): string | undefined {
  return /^==(\d+\.\d+)\.\*$/.exec(specifier)?.[1] ?? /^~=(\d+\.\d+)\.\d+$/.exec(specifier)?.[1];
}

// ---------------------------------------------------------------------------------------------

interface Pyproject {
  readonly name: string | undefined;
  readonly dependencies: readonly string[];
  readonly requiresPythonMin: string | undefined;
}

/** Just enough TOML for `[project]`: `name`, `requires-python` and the `dependencies` array. */
export function parsePyproject(text: string): Pyproject {
  const section = /^\[project\][ \t]*\r?\n([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(text)?.[1] ?? '';
  const str = (key: string) => new RegExp(`^${key}\\s*=\\s*["']([^"']*)["']`, 'm').exec(section)?.[1];
  const array = /^dependencies\s*=\s*\[([\s\S]*?)\]/m.exec(section)?.[1] ?? '';
  const dependencies = [...array.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => (m[1] ?? m[2] ?? '').trim()).filter(Boolean);
  const requires = str('requires-python');
  return { name: str('name'), dependencies, requiresPythonMin: requires ? /(?:>=|~=|==)\s*(\d+\.\d+)/.exec(requires)?.[1] : undefined };
}

/** environment.yml as conda reads it: name, channels, dependencies with an optional `pip:` list. */
export function parseEnvironment(file: string, text: string): DetectedEnvironment {
  const empty = { file, name: undefined, channels: [], python: undefined, conda: [], pins: {}, pip: [] };
  let doc: unknown;
  try {
    doc = load(text);
  } catch (error) {
    return { ...empty, error: `${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { ...empty, error: `${file} is not a conda environment (expected a mapping with dependencies)` };
  const record = doc as Record<string, unknown>;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const deps = Array.isArray(record.dependencies) ? record.dependencies : [];
  const conda = strings(deps).map((spec) => spec.trim());
  const pipEntry = deps.find((d): d is { pip: unknown } => typeof d === 'object' && d !== null && 'pip' in d);
  const specs = conda.map(splitCondaSpec).filter((s) => s.name);
  const pins = Object.fromEntries(specs.filter((s) => s.exact).map((s) => [s.name, s.exact!]));
  return {
    file,
    name: typeof record.name === 'string' ? record.name : undefined,
    channels: strings(record.channels),
    python: pins.python ? majorMinor(pins.python) : undefined,
    conda: specs.map((s) => s.name),
    pins,
    pip: strings(pipEntry?.pip),
    error: undefined,
  };
}

/** `conda-forge::pytorch=2.5.1=py3.11_cuda12.4*` → name `pytorch`, exact `2.5.1`; `python>=3.10` has no exact version. */
function splitCondaSpec(spec: string): { name: string; exact: string | undefined } {
  const bare = spec.replace(/^[\w.-]+::/, '').trim();
  const m = /^([A-Za-z0-9_.-]+)\s*(?:(==?)\s*([\d.*]+))?/.exec(bare);
  if (!m) return { name: '', exact: undefined };
  const version = m[3]?.replace(/\.?\*$/, '');
  return { name: normalizeName(m[1]!), exact: m[2] && version ? version : undefined };
}

function condaFrameworks(env: DetectedEnvironment): DetectedFramework[] {
  const found: DetectedFramework[] = [];
  const cuda = env.pins['pytorch-cuda'] ?? env.pins['cuda-version'];
  const conda: readonly (readonly [string, Exclude<Framework, 'none'>])[] = [['pytorch', 'torch'], ['pytorch-gpu', 'torch'], ['tensorflow', 'tensorflow'], ['tensorflow-gpu', 'tensorflow'], ['jax', 'jax'], ['jaxlib', 'jax']];
  for (const [name, framework] of conda) {
    if (!env.conda.includes(name)) continue;
    found.push({ framework, version: env.pins[name], cuda: cuda ? majorMinor(cuda) : undefined, source: `${env.file} (${name})` });
  }
  return [...found, ...frameworksIn(env.pip.map((p, i) => ({ text: p, where: `${env.file} pip entry ${i + 1}` })), undefined)];
}

// ---------------------------------------------------------------------------------------------

const APP_LIBRARIES: readonly (readonly [string, 'asgi' | 'wsgi'])[] = [['FastAPI', 'asgi'], ['Starlette', 'asgi'], ['Quart', 'asgi'], ['Flask', 'wsgi']];
const HEALTH = /@\s*\w+\s*\.\s*(?:get|route|api_route)\(\s*["'](\/(?:health|healthz|healthcheck|ping|ready|readyz|livez))["']/;

function findApp(files: ProjectFiles, names: ReadonlySet<string>): DetectedApp | undefined {
  const candidates = [...APP_FILES.filter((f) => names.has(f) || (f.includes('/') && names.has(`${f.split('/')[0]}/`))), ...[...names].filter((n) => n.endsWith('.py') && !APP_FILES.includes(n)).sort()];
  for (const file of candidates) {
    const text = files.read(file);
    if (!text) continue;
    for (const [library, kind] of APP_LIBRARIES) {
      const m = new RegExp(`^(\\w+)\\s*(?::\\s*[\\w.]+\\s*)?=\\s*(?:[\\w.]+\\.)?${library}\\(`, 'm').exec(text);
      if (!m) continue;
      const module = file.replace(/\.py$/, '').replace(/\/__init__$/, '').split('/').join('.');
      return { target: `${module}:${m[1]}`, kind, library, file, healthPath: HEALTH.exec(text)?.[1] };
    }
  }
  return undefined;
}
