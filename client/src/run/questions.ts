import * as path from 'node:path';
import type { RunFacts } from '../../../core/src/run';
import { isSecretLike } from '../../../core/src/run';
import { parseGpuText } from './gpus';
import type { RememberedRun } from './remembered';
import { derivedTag, type RunDraft } from './runDraft';
import { sharedMemoryFor } from './sharedMemory';

export type RunMode = 'gpu' | 'cpu';

/** The user's defaults (settings `mldock.run.*`). */
export interface RunSettings {
  /** `all`, `ask`, a count or `device=…` (setting `mldock.run.gpus`). */
  readonly gpus: string;
  /** `auto`, `host`, `default` or a size (setting `mldock.run.shmSize`). */
  readonly shmSize: string;
  /** Setting `mldock.run.detach`. */
  readonly detach: boolean;
}

export interface PlanInput {
  readonly dockerfile: string;
  readonly facts: RunFacts;
  readonly mode: RunMode;
  readonly settings: RunSettings;
  readonly remembered?: RememberedRun;
  /** Secret build-arg values read back from SecretStorage. */
  readonly rememberedSecrets?: Readonly<Record<string, string>>;
  /** A stage chosen before the flow (CodeLens, an image's label); '' or undefined for the last stage. */
  readonly presetTarget?: string;
  /** The engine's memory, for the shm-size suggestion. */
  readonly memTotalBytes?: number;
  /** Whether a path still exists (remembered context, env file and mounts are dropped when not). */
  readonly exists?: (p: string) => boolean;
}

export interface StageChoice {
  /** undefined: the last stage, built without `--target`. */
  readonly target: string | undefined;
  readonly label: string;
  readonly description: string;
}

export type Question =
  | { readonly kind: 'target'; readonly choices: readonly StageChoice[]; readonly defaultIndex: number }
  | { readonly kind: 'buildArg'; readonly name: string; readonly secret: boolean }
  | { readonly kind: 'gpus'; readonly suggested: string };

export interface RunPlan {
  /** Everything inferred or remembered; answering the questions fills the rest. */
  readonly draft: RunDraft;
  /** Only what cannot be inferred, in the order to ask it. */
  readonly questions: Question[];
}

/**
 * ARGs the builder fills itself (BuildKit platform ARGs) or that docker treats as predefined
 * (proxies): declaring them without a default is normal and nothing to ask about.
 */
const AUTOMATIC_ARGS = new Set([
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT',
  'HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'ftp_proxy', 'no_proxy', 'all_proxy',
  'BUILDKIT_INLINE_CACHE', 'BUILDKIT_SYNTAX', 'SOURCE_DATE_EPOCH',
]);

/** Stages `docker build --target` can name, the last stage first-class even when it has no name. */
export function stageChoices(facts: RunFacts): StageChoice[] {
  const last = facts.stages[facts.stages.length - 1];
  const choices: StageChoice[] = [];
  for (const stage of facts.stages) {
    const isLast = stage === last;
    if (!isLast && stage.name === undefined) continue;
    choices.push({
      target: isLast ? undefined : stage.name,
      label: stage.name ?? `stage ${stage.index}`,
      description: `${isLast ? 'last stage · ' : ''}line ${stage.line + 1}`,
    });
  }
  return choices;
}

/** A preset or remembered stage as a target: the last stage means no --target; unknown names are dropped. */
export function normaliseTarget(facts: RunFacts, target: string | undefined): { known: boolean; target: string | undefined } {
  if (target === undefined) return { known: false, target: undefined };
  const last = facts.stages[facts.stages.length - 1];
  if (target === '' || (last?.name !== undefined && last.name === target.toLowerCase())) return { known: true, target: undefined };
  const stage = facts.stages.find((s) => s.name === target.toLowerCase());
  return stage ? { known: true, target: stage.name } : { known: false, target: undefined };
}

/** Decides what is inferred, what is remembered and what must be asked. */
export function planRun(input: PlanInput): RunPlan {
  const { facts, remembered, mode, settings } = input;
  const exists = input.exists ?? (() => true);
  const dockerfileDir = path.dirname(input.dockerfile);
  const context = remembered?.context && exists(remembered.context) ? remembered.context : dockerfileDir;
  const questions: Question[] = [];

  const preset = normaliseTarget(facts, input.presetTarget);
  const rememberedTarget = normaliseTarget(facts, remembered?.target);
  let target: string | undefined;
  if (preset.known) target = preset.target;
  else if (rememberedTarget.known) target = rememberedTarget.target;
  else {
    const choices = stageChoices(facts);
    if (choices.length > 1) questions.push({ kind: 'target', choices, defaultIndex: choices.length - 1 });
  }

  const declared = new Set(facts.args.map((a) => a.name));
  const buildArgs: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...remembered?.buildArgs, ...input.rememberedSecrets })) if (declared.has(k)) buildArgs[k] = v;
  const skippedArgs = (remembered?.skippedArgs ?? []).filter((n) => declared.has(n));
  for (const arg of facts.args) {
    if (arg.default !== undefined || AUTOMATIC_ARGS.has(arg.name) || arg.name in buildArgs || skippedArgs.includes(arg.name)) continue;
    questions.push({ kind: 'buildArg', name: arg.name, secret: isSecretLike(arg.name, 'x') });
  }

  let gpus: RunDraft['gpus'] = { kind: 'none' };
  if (mode === 'gpu') {
    const fromMemory = remembered?.gpus !== undefined ? parseGpuText(remembered.gpus) : undefined;
    const fromSetting = settings.gpus.trim().toLowerCase() === 'ask' ? undefined : parseGpuText(settings.gpus);
    const chosen = [fromMemory, fromSetting].find((p) => p?.ok && p.gpus.kind !== 'none');
    if (chosen?.ok) gpus = chosen.gpus;
    else if (fromSetting === undefined) {
      gpus = { kind: 'all' };
      questions.push({ kind: 'gpus', suggested: 'all' });
    } else gpus = { kind: 'all' };
  }

  const sharedMemory = sharedMemoryFor(remembered?.sharedMemory ?? settings.shmSize, facts.framework, input.memTotalBytes);
  const envFile = remembered?.envFile && exists(remembered.envFile) ? remembered.envFile : undefined;
  const mounts = (remembered?.mounts ?? []).filter((m) => exists(m.source));
  const tagEdited = remembered?.tag !== undefined;

  const draft: RunDraft = {
    dockerfile: input.dockerfile,
    context,
    target,
    buildArgs,
    skippedArgs,
    tag: remembered?.tag ?? derivedTag(context, target),
    tagEdited,
    gpus,
    // Filled by planPorts once the stage is known (EXPOSE depends on it).
    ports: [],
    envFile,
    mounts,
    sharedMemory,
    detach: remembered?.detach ?? settings.detach,
    name: remembered?.name,
  };
  return { draft, questions };
}

/**
 * Remembered port mappings still apply when the stage is the one they were chosen for; a different
 * stage EXPOSEs its own ports.
 */
export function rememberedPortsFor(remembered: RememberedRun | undefined, target: string | undefined): RememberedRun['ports'] {
  if (!remembered?.ports) return undefined;
  return (remembered.target ?? '') === (target ?? '') ? remembered.ports : undefined;
}
