import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { preflight, runFactsFromDockerfile, type DockerEngine, type PreflightCode } from '../../../core/src/run';
import { askGpus, editAnswers } from './editAnswers';
import { engineLocation, engineMemory, portProbe } from './engine';
import { planPorts } from './ports';
import { askAboutProblems, warningLines } from './preflightPrompt';
import { askText, pickOne } from './quickInput';
import { planRun, rememberedPortsFor, type Question, type RunMode, type RunSettings } from './questions';
import { readRemembered, rememberDraft, rememberedKey, secretArgKey, type RememberedRun } from './remembered';
import { setTag, toRunRequest, type RunDraft } from './runDraft';
import { needsSharedMemory } from './sharedMemory';
import { confirmation, EDIT_BUTTON, RUN_BUTTON } from './summary';

export interface FlowInput {
  readonly uri: vscode.Uri;
  readonly text: string;
  readonly mode: RunMode;
  /** A stage chosen before the flow: the CodeLens's, or an image's label. '' is the last stage. */
  readonly presetTarget?: string;
  /** The tag of the image the run was started from (Images view). */
  readonly presetTag?: string;
}

export interface FlowResult {
  readonly draft: RunDraft;
  readonly mode: RunMode;
  readonly legacyBuilder: boolean;
  readonly waitHealthy: boolean;
}

/** Read the `mldock.run.*` settings for a Dockerfile. */
export function runSettings(uri: vscode.Uri): RunSettings {
  const config = vscode.workspace.getConfiguration('mldock.run', uri);
  return {
    gpus: config.get<string>('gpus') || 'all',
    shmSize: config.get<string>('shmSize') ?? 'auto',
    detach: config.get<boolean>('detach') ?? false,
  };
}

/**
 * The Build & Run questions: infer what the Dockerfile, the settings and remembered answers tell,
 * ask only the rest, run preflight, then show the exact commands with Run / Edit… (Escape cancels).
 * The decisions live in pure modules (questions.ts, ports.ts, sharedMemory.ts, summary.ts); this file
 * only asks and passes answers on.
 */
export class RunFlow {
  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
    private readonly engine: () => DockerEngine,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  async collect(input: FlowInput): Promise<FlowResult | undefined> {
    const { uri, text } = input;
    let mode = input.mode;
    const engine = this.engine();
    const allFacts = runFactsFromDockerfile(text);
    if (allFacts.stages.length === 0) {
      void vscode.window.showErrorMessage(`MLDock: ${vscode.workspace.asRelativePath(uri)} has no FROM instruction, so there is nothing to build.`);
      return undefined;
    }
    const key = rememberedKey(uri.toString());
    const remembered = readRemembered(this.state.get(key));
    const rememberedSecrets: Record<string, string> = {};
    for (const name of remembered?.secretArgs ?? []) {
      const value = await this.secrets.get(secretArgKey(uri.toString(), name));
      if (value !== undefined) rememberedSecrets[name] = value;
    }
    const settings = runSettings(uri);
    const exists = (p: string) => fs.existsSync(p);
    const base = { dockerfile: uri.fsPath, mode, settings, remembered, rememberedSecrets, exists };

    // The stage first: what the rest infers (EXPOSE, framework, health check) depends on it.
    let presetTarget = input.presetTarget;
    const first = planRun({ ...base, facts: allFacts, presetTarget });
    const stageQuestion = first.questions.find((q) => q.kind === 'target');
    if (stageQuestion?.kind === 'target') {
      const items = stageQuestion.choices.map((c) => ({ label: c.label, description: c.description, choice: c }));
      const picked = await pickOne(items, { title: 'Build & Run: which stage?', placeholder: 'The stage to build (docker build --target) and run', active: items[stageQuestion.defaultIndex] });
      if (!picked) return undefined;
      presetTarget = picked.choice.target ?? '';
    } else presetTarget = first.draft.target ?? '';
    const facts = runFactsFromDockerfile(text, { target: presetTarget || undefined });
    const shmSetting = remembered?.sharedMemory ?? settings.shmSize;
    const memTotalBytes = shmSetting === 'auto' && needsSharedMemory(facts.framework) ? await engineMemory(engine) : undefined;
    const { draft, questions } = planRun({ ...base, facts, presetTarget, memTotalBytes });
    if (input.presetTag) setTag(draft, input.presetTag);

    for (const question of questions) {
      if (!(await this.ask(question, draft))) return undefined;
    }

    const location = await engineLocation(engine);
    const probe = portProbe(location?.host);
    const ports = await planPorts(facts.exposedPorts, rememberedPortsFor(remembered, draft.target), probe);
    draft.ports = ports.ports;
    let notes = ports.notes;
    if (draft.sharedMemory.shmSize && needsSharedMemory(facts.framework) && shmSetting === 'auto') {
      notes = [...notes, `--shm-size ${draft.sharedMemory.shmSize}: PyTorch DataLoader workers share batches through /dev/shm, and Docker's default is 64 MB (setting mldock.run.shmSize).`];
    }

    let legacyBuilder = false;
    const accepted = new Set<PreflightCode>();
    for (;;) {
      const req = toRunRequest(draft);
      const problems = (await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'MLDock: checking the engine' },
        () => preflight(engine, req, text),
      )).filter((p) => !accepted.has(p.code));
      const decision = await askAboutProblems(problems, { modal: true, canEdit: true });
      if (decision.kind === 'cpu') {
        mode = 'cpu';
        draft.gpus = { kind: 'none' };
        continue;
      }
      if (decision.kind === 'legacy') {
        legacyBuilder = true;
        accepted.add('buildkit-syntax');
        continue;
      }
      if (decision.kind === 'edit') {
        if (!(await editAnswers(draft, { engine: this.engine, mode, text, facts: allFacts }))) return undefined;
        continue;
      }
      if (decision.kind === 'stop') return undefined;

      const hasHealthcheck = runFactsFromDockerfile(text, { target: draft.target }).hasHealthcheck;
      const { message, detail } = confirmation({ draft, mode, cli: engine.cli, engine: location, hasHealthcheck, notes, warnings: warningLines(problems) });
      const choice = await vscode.window.showInformationMessage(message, { modal: true, detail }, RUN_BUTTON, EDIT_BUTTON);
      if (choice === RUN_BUTTON) {
        await this.remember(uri, draft, mode, remembered);
        return { draft, mode, legacyBuilder, waitHealthy: true };
      }
      if (choice !== EDIT_BUTTON) return undefined;
      if (!(await editAnswers(draft, { engine: this.engine, mode, text, facts: allFacts }))) return undefined;
      notes = [];
    }
  }

  /** Asks one question; false when the user pressed Escape (the whole run is cancelled). */
  private async ask(question: Question, draft: RunDraft): Promise<boolean> {
    switch (question.kind) {
      case 'target':
        return true; // asked before planning
      case 'buildArg': {
        const value = await askText({
          title: `Build & Run: build argument ${question.name}`,
          prompt: `ARG ${question.name} has no default. Its value for --build-arg (empty: leave it unset; asked once, then remembered${question.secret ? ' in secret storage' : ''})`,
          password: question.secret,
        });
        if (value === undefined) return false;
        if (value === '') draft.skippedArgs.push(question.name);
        else draft.buildArgs[question.name] = value;
        return true;
      }
      case 'gpus': {
        const gpus = await askGpus(question.suggested);
        if (!gpus) return false;
        draft.gpus = gpus;
        return true;
      }
    }
  }

  private async remember(uri: vscode.Uri, draft: RunDraft, mode: RunMode, previous: RememberedRun | undefined): Promise<void> {
    const { remembered, secrets } = rememberDraft(draft, mode, previous);
    try {
      await this.state.update(rememberedKey(uri.toString()), remembered);
      for (const [name, value] of Object.entries(secrets)) await this.secrets.store(secretArgKey(uri.toString(), name), value);
      for (const name of previous?.secretArgs ?? []) if (!(name in secrets)) await this.secrets.delete(secretArgKey(uri.toString(), name));
    } catch (error) {
      // Forgetting answers must not stop the run.
      this.output.warn(`Could not remember the Build & Run answers: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

