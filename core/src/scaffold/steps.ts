import { cudaChoices, frameworkName, pythonChoices } from './choices';
import { offeredVersions, resolveAnswers, type PartialAnswers, type ResolvedAnswers } from './defaults';
import type { ProjectFacts } from './detect';
import { hasGpu } from './generate';
import {
  FRAMEWORK_LABELS, FRAMEWORKS, PURPOSE_LABELS, PURPOSES, SERVER_LABELS, SERVERS, TEMPLATE_TITLES,
  type Framework, type Purpose, type ScaffoldAnswers, type Server, type Template,
} from './types';
import { validateAnswers } from './validate';

/**
 * The scaffolding wizard as data: steps over a typed state, each with a question, items or an input,
 * a default, and what it changes. The VS Code client renders them with QuickPick/InputBox (titles,
 * "n/m" counters, back button); tests and other front ends drive the same steps without a UI.
 */
export interface WizardState {
  readonly template: Template;
  readonly facts: ProjectFacts;
  readonly hostDriver: string | undefined;
  /** Answered in this run or prefilled. */
  readonly answers: PartialAnswers;
  /** Answers given before the wizard started (command arguments): their steps are skipped. */
  readonly prefilled: ReadonlySet<keyof ScaffoldAnswers>;
}

export interface StepItem {
  /** Stable text to select by (e.g. in end-to-end tests): `Training`, `PyTorch`, `CUDA 12.6`, `Python 3.12`. */
  readonly label: string;
  readonly value: string;
  readonly description: string | undefined;
  readonly detail: string | undefined;
  /** Multi-select steps: selected initially. */
  readonly picked: boolean;
}

interface StepBase {
  readonly id: string;
  /** Short name shown in the title (`Framework`). */
  readonly title: string;
  /** The question, shown as placeholder or prompt. */
  readonly question: string;
  /** The answers this step sets; the step is skipped when any of them was prefilled. */
  readonly fields: readonly (keyof ScaffoldAnswers)[];
  applies(state: WizardState): boolean;
}

export interface PickStep extends StepBase {
  readonly kind: 'pick';
  items(state: WizardState): StepItem[];
  /** Value of the item Enter accepts. */
  defaultValue(state: WizardState): string | undefined;
  apply(state: WizardState, value: string): WizardState;
}

export interface MultiPickStep extends StepBase {
  readonly kind: 'multi';
  /** Items with `picked` set to the defaults. */
  items(state: WizardState): StepItem[];
  apply(state: WizardState, values: readonly string[]): WizardState;
}

export interface InputStep extends StepBase {
  readonly kind: 'input';
  defaultValue(state: WizardState): string;
  /** An error message, or undefined when the text is acceptable. */
  validate(state: WizardState, text: string): string | undefined;
  apply(state: WizardState, text: string): WizardState;
}

export type WizardStep = PickStep | MultiPickStep | InputStep;

export const WIZARD_TITLES: Readonly<Record<Template, string>> = {
  cuda: 'New GPU (CUDA) Image',
  conda: 'New Conda/Micromamba Image',
  cpu: 'New CPU Image',
};

export function initialState(template: Template, facts: ProjectFacts, prefill: PartialAnswers = {}, hostDriver?: string): WizardState {
  return { template, facts, hostDriver, answers: { ...prefill }, prefilled: new Set(Object.keys(prefill) as (keyof ScaffoldAnswers)[]) };
}

/** The answers as they stand: given ones plus defaults for the rest. */
export function currentAnswers(state: WizardState): ResolvedAnswers {
  return resolveAnswers(state.template, state.facts, state.answers, { hostDriver: state.hostDriver });
}

/** Answers that depend on an earlier one and go back to their defaults when it changes. */
const DEPENDENTS: Partial<Record<keyof ScaffoldAnswers, readonly (keyof ScaffoldAnswers)[]>> = {
  purpose: ['server', 'port', 'entrypoint', 'appKind', 'healthcheck'],
  framework: ['frameworkVersion', 'cuda', 'python'],
  frameworkVersion: ['cuda', 'python'],
  cuda: ['python'],
  server: ['entrypoint', 'appKind'],
};

function withAnswer<K extends keyof ScaffoldAnswers>(state: WizardState, key: K, value: ScaffoldAnswers[K]): WizardState {
  const answers: PartialAnswers = { ...state.answers };
  const changed = !(key in answers) || answers[key] !== value;
  answers[key] = value;
  const clear = (k: keyof ScaffoldAnswers) => {
    if (state.prefilled.has(k)) return;
    delete answers[k];
    for (const d of DEPENDENTS[k] ?? []) clear(d);
  };
  if (changed) for (const d of DEPENDENTS[key] ?? []) clear(d);
  return { ...state, answers };
}

/** The conda template with the project's environment.yml takes framework and Python from that file. */
function environmentDecides(state: WizardState): boolean {
  return state.template === 'conda' && currentAnswers(state).answers.dependencies.kind === 'environment';
}

function item(label: string, value: string, detail: string | undefined, description?: string): StepItem {
  return { label, value, detail, description, picked: false };
}

/** "detected in requirements.txt line 2" next to the default item, when the default came from the project. */
function sourceNote(state: WizardState, field: keyof ScaffoldAnswers): string | undefined {
  const source = currentAnswers(state).sources[field];
  return source && /detected|found|pinned|app in|route in|within/.test(source) ? source : undefined;
}

function markDefault(items: StepItem[], value: string | undefined, note: string | undefined): StepItem[] {
  return items.map((i) => (i.value === value ? { ...i, description: note ?? 'default' } : i));
}

const purposeStep: PickStep = {
  kind: 'pick',
  id: 'purpose',
  title: 'Purpose',
  question: 'What will the image do?',
  fields: ['purpose'],
  applies: () => true,
  items(state) {
    const details: Record<Purpose, string> = {
      train: 'Runs a training script; arguments after the image name go to it',
      serve: 'A model behind an HTTP API, with a port, a health check and a production server',
      batch: 'Runs a job over inputs and exits (scoring, embedding, ETL)',
      notebook: 'JupyterLab on a port, for exploration on a GPU box',
    };
    return markDefault(PURPOSES.map((p) => item(PURPOSE_LABELS[p], p, details[p])), this.defaultValue(state), sourceNote(state, 'purpose'));
  },
  defaultValue: (state) => currentAnswers(state).answers.purpose,
  apply: (state, value) => withAnswer(state, 'purpose', value as Purpose),
};

const frameworkStep: PickStep = {
  kind: 'pick',
  id: 'framework',
  title: 'Framework',
  question: 'Which ML framework?',
  fields: ['framework'],
  applies: (state) => !environmentDecides(state),
  items(state) {
    const details: Record<Framework, string> = {
      torch: state.template === 'cpu' ? 'CPU wheels from download.pytorch.org/whl/cpu' : 'Wheels for the CUDA version you pick next',
      tensorflow: state.template === 'cpu' ? 'tensorflow-cpu' : 'tensorflow[and-cuda]: CUDA and cuDNN from pip',
      jax: state.template === 'cpu' ? 'jax with the CPU jaxlib' : 'jax[cuda12] / jax[cuda13]',
      none: 'Only the project’s own dependencies',
    };
    return markDefault(FRAMEWORKS.map((f) => item(FRAMEWORK_LABELS[f], f, details[f])), this.defaultValue(state), sourceNote(state, 'framework'));
  },
  defaultValue: (state) => currentAnswers(state).answers.framework,
  apply: (state, value) => withAnswer(state, 'framework', value as Framework),
};

const versionStep: PickStep = {
  kind: 'pick',
  id: 'frameworkVersion',
  title: 'Version',
  question: 'Which version? (only versions with wheels for this image are listed)',
  fields: ['frameworkVersion'],
  applies: (state) => !environmentDecides(state) && currentAnswers(state).answers.framework !== 'none',
  items(state) {
    const a = currentAnswers(state).answers;
    const offered = offeredVersions(state.template, a.framework, a.frameworkVersion);
    return markDefault(offered.choices.map((c) => item(`${frameworkName(a.framework)} ${c.value}`, c.value, c.detail)), offered.value, sourceNote(state, 'frameworkVersion'));
  },
  defaultValue: (state) => currentAnswers(state).answers.frameworkVersion,
  apply: (state, value) => withAnswer(state, 'frameworkVersion', value),
};

export const CPU_ONLY = 'cpu';

const cudaStep: PickStep = {
  kind: 'pick',
  id: 'cuda',
  title: 'CUDA',
  question: 'Which CUDA version? (only versions with published wheels and a supported nvidia/cuda image)',
  fields: ['cuda'],
  applies: (state) => state.template !== 'cpu',
  items(state) {
    const a = currentAnswers(state).answers;
    const choices = cudaChoices(state.template, a.framework, a.frameworkVersion).map((c) => item(a.framework === 'jax' && state.template === 'cuda' ? `CUDA ${c.value} (jax[cuda${c.value}])` : `CUDA ${c.value}`, c.value, c.detail));
    const all = state.template === 'conda' ? [item('CPU only', CPU_ONLY, 'conda-forge CPU builds; no GPU needed'), ...choices] : choices;
    return markDefault(all, this.defaultValue(state), sourceNote(state, 'cuda'));
  },
  defaultValue: (state) => currentAnswers(state).answers.cuda ?? (state.template === 'conda' ? CPU_ONLY : undefined),
  apply: (state, value) => withAnswer(state, 'cuda', value === CPU_ONLY ? undefined : value),
};

const pythonStep: PickStep = {
  kind: 'pick',
  id: 'python',
  title: 'Python',
  question: 'Which Python? (supported releases the framework has wheels for)',
  fields: ['python'],
  applies: (state) => !environmentDecides(state),
  items(state) {
    const a = currentAnswers(state).answers;
    return markDefault(pythonChoices(state.template, a.framework, a.frameworkVersion, a.cuda).map((c) => item(`Python ${c.value}`, c.value, c.detail)), a.python, sourceNote(state, 'python'));
  },
  defaultValue: (state) => currentAnswers(state).answers.python,
  apply: (state, value) => withAnswer(state, 'python', value),
};

const serverStep: PickStep = {
  kind: 'pick',
  id: 'server',
  title: 'Server',
  question: 'Which server runs the app?',
  fields: ['server'],
  applies: (state) => currentAnswers(state).answers.purpose === 'serve',
  items(state) {
    const details: Record<Server, string> = {
      fastapi: 'uvicorn runs an ASGI app (FastAPI, Starlette): module:object',
      gunicorn: 'gunicorn runs a WSGI app (Flask), or an ASGI app with uvicorn workers',
      none: 'The script starts its own server (e.g. python serve.py)',
    };
    return markDefault(SERVERS.map((s) => item(SERVER_LABELS[s], s, details[s])), this.defaultValue(state), sourceNote(state, 'server'));
  },
  defaultValue: (state) => currentAnswers(state).answers.server,
  apply: (state, value) => withAnswer(state, 'server', value as Server),
};

const portStep: InputStep = {
  kind: 'input',
  id: 'port',
  title: 'Port',
  question: 'Port the server listens on inside the container',
  fields: ['port'],
  applies: (state) => ['serve', 'notebook'].includes(currentAnswers(state).answers.purpose),
  defaultValue: (state) => String(currentAnswers(state).answers.port),
  validate: (_state, text) => (/^\d+$/.test(text.trim()) && Number(text) >= 1 && Number(text) <= 65535 ? undefined : 'Enter a port between 1 and 65535.'),
  apply: (state, text) => withAnswer(state, 'port', Number(text.trim())),
};

const entrypointStep: InputStep = {
  kind: 'input',
  id: 'entrypoint',
  title: 'Entry point',
  question: 'Entry point',
  fields: ['entrypoint'],
  applies: (state) => currentAnswers(state).answers.purpose !== 'notebook',
  defaultValue: (state) => currentAnswers(state).answers.entrypoint,
  validate(state, text) {
    const a = currentAnswers(state).answers;
    const problem = validateAnswers({ ...a, entrypoint: text.trim() }).find((p) => p.field === 'entrypoint');
    return problem?.message;
  },
  apply: (state, text) => withAnswer(state, 'entrypoint', text.trim()),
};

/** Prompt for the entry point, which depends on the server. */
export function entrypointQuestion(state: WizardState): string {
  const a = currentAnswers(state).answers;
  return a.purpose === 'serve' && a.server !== 'none'
    ? 'The app to serve, as module:object (e.g. app:app, src.main:app)'
    : 'The script to run (e.g. train.py) or a module (package.cli)';
}

type OptionKey = 'multiStage' | 'cacheMounts' | 'nonRoot' | 'healthcheck' | 'cpuVariant' | 'compose' | 'devcontainer';

const OPTION_ITEMS: readonly (readonly [OptionKey, string, string, (a: ScaffoldAnswers) => boolean])[] = [
  ['multiStage', 'Multi-stage build', 'Install in a build stage, ship only the environment and the code', () => true],
  ['cacheMounts', 'BuildKit cache mounts', 'Keep pip/apt/conda downloads between builds (RUN --mount; needs BuildKit)', () => true],
  ['nonRoot', 'Non-root user', 'Run the container as an unprivileged user', () => true],
  ['healthcheck', 'HEALTHCHECK', 'Let Docker and orchestrators see when the server is up', (a) => a.purpose === 'serve' || a.purpose === 'notebook'],
  ['cpuVariant', 'CPU-only variant (Dockerfile.cpu)', 'The same project without CUDA, for laptops and CI', (a) => hasGpu(a)],
  ['compose', 'compose.yaml', 'docker compose up, with the GPU reservation when the image uses GPUs', () => true],
  ['devcontainer', 'Dev container (.devcontainer/devcontainer.json)', 'Open the project inside this image', () => true],
];

const optionsStep: MultiPickStep = {
  kind: 'multi',
  id: 'options',
  title: 'Options',
  question: 'Options (Space toggles, Enter accepts)',
  fields: ['multiStage', 'cacheMounts', 'nonRoot', 'healthcheck', 'cpuVariant', 'compose', 'devcontainer'],
  applies: () => true,
  items(state) {
    const a = currentAnswers(state).answers;
    return OPTION_ITEMS.filter(([key, , , applies]) => applies(a) && !state.prefilled.has(key)).map(([key, label, detail]) => ({ label, value: key, detail, description: undefined, picked: a[key] }));
  },
  apply(state, values) {
    let next = state;
    for (const { value } of this.items(state)) next = withAnswer(next, value as OptionKey, values.includes(value));
    return next;
  },
};

export const WIZARD_STEPS: readonly WizardStep[] = [purposeStep, frameworkStep, versionStep, cudaStep, pythonStep, serverStep, portStep, entrypointStep, optionsStep];

/** The steps still to show for this state, in order: applicable and not prefilled. */
export function visibleSteps(state: WizardState): WizardStep[] {
  return WIZARD_STEPS.filter((s) => s.applies(state) && !s.fields.every((f) => state.prefilled.has(f)));
}

/** `3/8`-style position of a step among the visible ones. */
export function stepPosition(state: WizardState, step: WizardStep): { step: number; total: number } {
  const steps = visibleSteps(state);
  return { step: steps.indexOf(step) + 1, total: steps.length };
}

/**
 * Runs the steps without a UI: each answer picks a value (or `undefined` for the default, as Enter does).
 * Used by tests; the client does the same with QuickPicks.
 */
export function runSteps(state: WizardState, answer: (step: WizardStep, state: WizardState) => string | readonly string[] | undefined): WizardState {
  let current = state;
  for (let i = 0; i < 50; i++) {
    const step = visibleSteps(current).find((s) => !s.fields.some((f) => f in current.answers));
    if (!step) return current;
    const given = answer(step, current);
    if (step.kind === 'multi') current = step.apply(current, (given as readonly string[] | undefined) ?? step.items(current).filter((i) => i.picked).map((i) => i.value));
    else if (step.kind === 'pick') current = step.apply(current, (given as string | undefined) ?? step.defaultValue(current)!);
    else current = step.apply(current, (given as string | undefined) ?? step.defaultValue(current));
  }
  throw new Error('wizard did not finish');
}

export function wizardTitle(template: Template): string {
  return `MLDock: ${WIZARD_TITLES[template]}`;
}

export { TEMPLATE_TITLES };
