import { lintText, type LintDiagnostic, type WorkspaceView } from '../../core/src';
import { torchRelease } from '../../core/src/knowledge/torch';
import { detectProject, generateScaffold, resolveAnswers, type DependencySource, type PartialAnswers, type ScaffoldAnswers, type ScaffoldFile, type Template } from '../../core/src/scaffold';

/**
 * A build context for scaffold tests: the project files a user of that template would have
 * (a requirements file that fits the image, an app, pyproject.toml or environment.yml) plus the
 * generated files, so context-reading rules (ML107 .dockerignore, ML105, ML202 …) see everything.
 */
export function projectContext(a: ScaffoldAnswers): Record<string, string> {
  const files: Record<string, string> = {
    'app.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
    'train.py': 'print("training")\n',
    'serve.py': 'print("serving")\n',
  };
  const requirements = ['numpy==2.1.3', ...frameworkRequirements(a)];
  if (a.dependencies.kind === 'requirements' && a.dependencies.file) files[a.dependencies.file] = `${requirements.join('\n')}\n`;
  if (a.dependencies.kind === 'pyproject') files['pyproject.toml'] = `[project]\nname = "demo"\nversion = "0.1.0"\ndependencies = [${requirements.map((r) => `"${r}"`).join(', ')}]\n`;
  if (a.dependencies.kind === 'environment' && a.dependencies.file) {
    files[a.dependencies.file] = `name: demo\nchannels:\n  - conda-forge\ndependencies:\n  - python=${a.python}\n  - numpy=2.1\n  - pip\n  - pip:\n      - requests==2.32.3\n`;
  }
  return files;
}

/** What a project installing this framework would list for this template (the package names the image needs). */
function frameworkRequirements(a: ScaffoldAnswers): string[] {
  const v = a.frameworkVersion;
  if (!v || a.framework === 'none') return [];
  const gpu = a.template === 'cuda';
  if (a.framework === 'torch') {
    const release = torchRelease(v);
    return [`torch==${v}`, ...(release ? [`torchvision==${release.torchvision}`] : [])];
  }
  if (a.framework === 'tensorflow') {
    const pin = /^\d+\.\d+$/.test(v) ? `==${v}.*` : `==${v}`;
    // Projects usually pin plain tensorflow; a CPU image's requirements list tensorflow-cpu.
    return [a.template === 'cpu' ? `tensorflow-cpu${pin}` : `tensorflow${pin}`];
  }
  return [gpu ? `jax[cuda${a.cuda}]==${v}` : `jax==${v}`];
}

export function contextWorkspace(files: Record<string, string>, dockerfileName: string): WorkspaceView {
  return {
    contextDir: '/project',
    dockerfileName,
    readFile: (p) => files[p.replace(/^\.\//, '')],
    exists: (p) => p.replace(/^\.\//, '') in files || Object.keys(files).some((f) => f.startsWith(`${p.replace(/\/$/, '')}/`)),
    listDir: (p) => (p === '.' ? [...new Set(Object.keys(files).map((f) => (f.includes('/') ? `${f.split('/')[0]}/` : f)))] : undefined),
  };
}

/** Lints every Dockerfile among the generated files inside the project context. */
export function lintScaffold(a: ScaffoldAnswers, generated: readonly ScaffoldFile[]): { file: string; diagnostics: readonly LintDiagnostic[]; text: string }[] {
  const files = projectContext(a);
  for (const f of generated) files[f.path] = f.content;
  return generated.filter((f) => f.role === 'dockerfile' || f.role === 'cpu-dockerfile').map((f) => {
    const result = lintText(f.content, { workspace: contextWorkspace(files, f.path) });
    if (result.failures.length > 0) throw new Error(`${f.path}: lint steps failed: ${result.failures.map((x) => `${x.step}: ${x.message}`).join('; ')}`);
    return { file: f.path, diagnostics: result.diagnostics, text: f.content };
  });
}

const DEPENDENCY_FILES = { requirements: 'requirements.txt', pyproject: 'pyproject.toml', environment: 'environment.yml', none: undefined } as const;

export interface Scenario {
  readonly answers: ScaffoldAnswers;
  readonly generated: readonly ScaffoldFile[];
  readonly context: Record<string, string>;
}

/**
 * A project of this template with its dependencies in `kind`, answered with `given` and detected
 * defaults for the rest, as the wizard and `mldock init` would: context first, then detection.
 */
export function scenario(template: Template, kind: DependencySource['kind'], given: PartialAnswers): Scenario {
  const empty = detectProject({ folderName: 'demo', names: [], read: () => undefined });
  const seed = resolveAnswers(template, empty, { ...given, dependencies: { kind, file: DEPENDENCY_FILES[kind], packages: [] } }).answers;
  const context = projectContext(seed);
  const facts = detectProject({ folderName: 'demo', names: Object.keys(context).filter((f) => !f.includes('/')), read: (p) => context[p] });
  const answers = resolveAnswers(template, facts, given).answers;
  if (answers.dependencies.kind !== kind) throw new Error(`detection chose ${answers.dependencies.kind}, expected ${kind}`);
  return { answers, generated: generateScaffold(answers), context };
}
