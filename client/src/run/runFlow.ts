import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isSecretLike, preflight, runFactsFromDockerfile, validateRunRequest, type DockerEngine, type PreflightCode, type RunFacts } from '../../../core/src';
import { isRemoteEngine } from './endpointHost';
import { engineLocation } from './engine';
import { gpuText, parseGpuText } from './gpus';
import { planPorts, parsePortList, formatPortList, type PortProbe } from './ports';
import { isPortFree } from './portProbe';
import { askAboutProblems, warningLines } from './preflightPrompt';
import { askText, pickOne } from './quickInput';
import { planRun, rememberedPortsFor, stageChoices, type Question, type RunMode, type RunSettings } from './questions';
import { readRemembered, rememberDraft, rememberedKey, secretArgKey, type RememberedRun } from './remembered';
import { setContext, setTag, setTarget, toRunRequest, type RunDraft } from './runDraft';
import { describeSharedMemory, isValidShmSize, needsSharedMemory, suggestShmSize } from './sharedMemory';
import { confirmation, describeArg, EDIT_BUTTON, fieldSummaries, RUN_BUTTON, type FieldId } from './summary';
import { parseMount } from './taskDefinition';

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
        if (!(await this.edit(draft, { mode, text, facts: allFacts }))) return undefined;
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
      if (!(await this.edit(draft, { mode, text, facts: allFacts }))) return undefined;
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
        const gpus = await this.askGpus(question.suggested);
        if (!gpus) return false;
        draft.gpus = gpus;
        return true;
      }
    }
  }

  private async askGpus(current: string): Promise<RunDraft['gpus'] | undefined> {
    const items = [
      { label: 'All GPUs', description: '--gpus all', value: 'all' },
      { label: 'A number of GPUs…', description: '--gpus N', value: 'count' },
      { label: 'Specific devices…', description: '--gpus "device=0,1"', value: 'devices' },
    ];
    const kind = parseGpuText(current);
    const active = kind.ok && kind.gpus.kind === 'count' ? items[1] : kind.ok && kind.gpus.kind === 'devices' ? items[2] : items[0];
    const picked = await pickOne(items, { title: 'Build & Run: which GPUs?', active });
    if (!picked) return undefined;
    if (picked.value === 'all') return { kind: 'all' };
    const text = await askText({
      title: picked.value === 'count' ? 'Build & Run: how many GPUs?' : 'Build & Run: which GPU devices?',
      prompt: picked.value === 'count' ? 'A number of GPUs (docker picks which)' : 'Device indexes or UUIDs, comma-separated (see nvidia-smi -L), e.g. 0,1',
      value: kind.ok && kind.gpus.kind === (picked.value === 'count' ? 'count' : 'devices') ? gpuText(kind.gpus).replace(/^device=/, '') : picked.value === 'count' ? '1' : '0',
      validate: (v) => {
        const parsed = parseGpuText(picked.value === 'devices' && /^\d+$/.test(v.trim()) ? `device=${v}` : v);
        if (!parsed.ok) return parsed.error;
        return parsed.gpus.kind === 'none' ? 'Choose at least one GPU.' : undefined;
      },
    });
    if (text === undefined) return undefined;
    const parsed = parseGpuText(picked.value === 'devices' && /^\d+$/.test(text.trim()) ? `device=${text}` : text);
    return parsed.ok ? parsed.gpus : undefined;
  }

  /** The Edit list: any answer can be changed; Done (or Enter on it) goes back to the commands. */
  private async edit(draft: RunDraft, ctx: { mode: RunMode; text: string; facts: RunFacts }): Promise<boolean> {
    const base = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(draft.dockerfile))?.uri.fsPath ?? path.dirname(draft.dockerfile);
    let last: FieldId | 'done' = 'done';
    for (;;) {
      const fields = fieldSummaries(draft, { mode: ctx.mode, base, stageCount: stageChoices(ctx.facts).length });
      const problems = validateRunRequest(toRunRequest(draft));
      const items: (vscode.QuickPickItem & { id: FieldId | 'done' })[] = [
        { id: 'done', label: '$(check) Done', description: problems.length ? `${problems.length} problem${problems.length > 1 ? 's' : ''} left: ${problems[0]}` : 'Show the commands again' },
        ...fields.map((f) => ({ id: f.id, label: f.label, description: f.value })),
      ];
      const picked = await pickOne(items, { title: 'Build & Run: edit the answers', placeholder: 'Choose what to change', active: items.find((i) => i.id === last) });
      if (!picked) return false;
      if (picked.id === 'done') return true;
      last = picked.id;
      await this.editField(picked.id, draft, ctx, base);
    }
  }

  private async editField(id: FieldId, draft: RunDraft, ctx: { mode: RunMode; text: string; facts: RunFacts }, base: string): Promise<void> {
    const title = `Build & Run: ${id === 'buildArgs' ? 'build arguments' : id}`;
    switch (id) {
      case 'context': {
        const folder = await vscode.window.showOpenDialog({ title: 'Build context', canSelectFolders: true, canSelectFiles: false, defaultUri: vscode.Uri.file(draft.context), openLabel: 'Use as Build Context' });
        if (folder?.[0]) setContext(draft, folder[0].fsPath);
        return;
      }
      case 'target': {
        const choices = stageChoices(ctx.facts).map((c) => ({ label: c.label, description: c.description, choice: c }));
        const picked = await pickOne(choices, { title, active: choices.find((c) => c.choice.target === draft.target) });
        if (!picked) return;
        setTarget(draft, picked.choice.target);
        const facts = runFactsFromDockerfile(ctx.text, { target: draft.target });
        draft.ports = (await planPorts(facts.exposedPorts, undefined, portProbe((await engineLocation(this.engine()))?.host))).ports;
        return;
      }
      case 'buildArgs':
        return this.editBuildArgs(draft, ctx.facts);
      case 'tag': {
        const value = await askText({ title, prompt: 'Image tag (repository[:tag]); empty: derive it from the folder and stage', value: draft.tag, validate: (v) => newProblem(draft, (d) => setTag(d, v)) });
        if (value !== undefined) setTag(draft, value);
        return;
      }
      case 'gpus': {
        const gpus = await this.askGpus(gpuText(draft.gpus));
        if (gpus) draft.gpus = gpus;
        return;
      }
      case 'ports': {
        const value = await askText({
          title,
          prompt: 'Published ports as HOST:CONTAINER, comma-separated (a bare port publishes on the same number); empty: none',
          value: formatPortList(draft.ports),
          validate: (v) => {
            const parsed = parsePortList(v);
            return parsed.ok ? undefined : parsed.error;
          },
        });
        const parsed = value === undefined ? undefined : parsePortList(value);
        if (parsed?.ok) draft.ports = parsed.ports;
        return;
      }
      case 'envFile':
        return this.editEnvFile(draft, base);
      case 'mounts':
        return this.editMounts(draft, base);
      case 'sharedMemory': {
        const suggested = draft.sharedMemory.shmSize ?? suggestShmSize(await engineMemory(this.engine()));
        const items = [
          { label: `--shm-size ${suggested}`, description: 'a sized /dev/shm (PyTorch DataLoader workers need more than 64 MB)', choice: { shmSize: suggested } },
          { label: '--ipc=host', description: 'share the host\'s IPC namespace and /dev/shm', choice: { ipcHost: true } },
          { label: 'Docker default (64 MB)', description: '', choice: {} },
          { label: 'Custom size…', description: 'e.g. 512m, 16g', choice: undefined },
        ];
        const current = describeSharedMemory(draft.sharedMemory);
        const picked = await pickOne(items, { title, active: items.find((i) => i.choice && describeSharedMemory(i.choice) === current) });
        if (!picked) return;
        if (picked.choice) {
          draft.sharedMemory = picked.choice;
          return;
        }
        const size = await askText({ title, prompt: 'Size of /dev/shm (docker units: 512m, 8g)', value: suggested, validate: (v) => (isValidShmSize(v) ? undefined : 'A size such as 512m or 8g.') });
        if (size) draft.sharedMemory = { shmSize: size.trim() };
        return;
      }
      case 'detach': {
        const items = [
          { label: 'Attached', description: 'stream the container\'s output into the terminal; closing it stops the container', detach: false },
          { label: 'Detached', description: 'keep the container running after the task; the status bar shows it', detach: true },
        ];
        const picked = await pickOne(items, { title, active: items[draft.detach ? 1 : 0] });
        if (picked) draft.detach = picked.detach;
        return;
      }
      case 'name': {
        const value = await askText({ title, prompt: 'Container name (--name); empty: docker picks one', value: draft.name ?? '', validate: (v) => newProblem(draft, (d) => (d.name = v.trim() || undefined)) });
        if (value !== undefined) draft.name = value.trim() || undefined;
        return;
      }
    }
  }

  private async editBuildArgs(draft: RunDraft, facts: RunFacts): Promise<void> {
    for (;;) {
      const items = [
        { label: '$(check) Done', description: '', name: undefined as string | undefined },
        ...facts.args.map((a) => ({ label: a.name, description: describeArg(a, draft.buildArgs), name: a.name })),
      ];
      const picked = await pickOne(items, { title: 'Build & Run: build arguments', placeholder: 'Choose an ARG to set its value' });
      if (!picked?.name) return;
      const arg = facts.args.find((a) => a.name === picked.name)!;
      const secret = isSecretLike(arg.name, 'x') || isSecretLike(arg.name, draft.buildArgs[arg.name] ?? '');
      const value = await askText({
        title: `Build & Run: build argument ${arg.name}`,
        prompt: arg.default !== undefined ? `Value for --build-arg ${arg.name} (empty: the Dockerfile default "${arg.default}")` : `Value for --build-arg ${arg.name} (empty: leave it unset)`,
        value: secret ? '' : draft.buildArgs[arg.name] ?? arg.default ?? '',
        password: secret,
      });
      if (value === undefined) continue;
      if (value === '' || value === arg.default) delete draft.buildArgs[arg.name];
      else draft.buildArgs[arg.name] = value;
      draft.skippedArgs = draft.skippedArgs.filter((n) => n !== arg.name || value === '');
      if (value === '' && arg.default === undefined && !draft.skippedArgs.includes(arg.name)) draft.skippedArgs.push(arg.name);
    }
  }

  private async editEnvFile(draft: RunDraft, base: string): Promise<void> {
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(draft.context, '{.env,*.env,.env.*}'), '**/node_modules/**', 20);
    const items = [
      { label: 'No env file', description: '', file: undefined as string | undefined, browse: false },
      ...found.map((u) => ({ label: path.relative(base, u.fsPath), description: 'docker run --env-file', file: u.fsPath, browse: false })),
      { label: 'Browse…', description: '', file: undefined, browse: true },
    ];
    const picked = await pickOne(items, { title: 'Build & Run: env file', active: items.find((i) => i.file === draft.envFile) });
    if (!picked) return;
    if (!picked.browse) {
      draft.envFile = picked.file;
      return;
    }
    const chosen = await vscode.window.showOpenDialog({ title: 'Env file (--env-file)', canSelectFiles: true, defaultUri: vscode.Uri.file(draft.context), openLabel: 'Use as Env File' });
    if (chosen?.[0]) draft.envFile = chosen[0].fsPath;
  }

  private async editMounts(draft: RunDraft, base: string): Promise<void> {
    const workspace = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(draft.dockerfile))?.uri.fsPath;
    for (;;) {
      const items = [
        { label: '$(check) Done', description: '', action: 'done' as const, index: -1 },
        ...(workspace && !draft.mounts.some((m) => m.source === workspace) ? [{ label: '$(add) Mount the workspace folder at /workspace', description: path.basename(workspace), action: 'workspace' as const, index: -1 }] : []),
        { label: '$(add) Add a folder…', description: 'e.g. a dataset, read-only', action: 'add' as const, index: -1 },
        ...draft.mounts.map((m, index) => ({ label: `$(trash) ${path.relative(base, m.source) || '.'} → ${m.target}${m.readonly ? ' (read-only)' : ''}`, description: 'remove', action: 'remove' as const, index })),
      ];
      const picked = await pickOne(items, { title: 'Build & Run: mounts', placeholder: 'Bind mounts (docker run --mount type=bind)' });
      if (!picked || picked.action === 'done') return;
      if (picked.action === 'remove') draft.mounts.splice(picked.index, 1);
      else if (picked.action === 'workspace' && workspace) draft.mounts.push({ source: workspace, target: '/workspace' });
      else if (picked.action === 'add') {
        const folder = await vscode.window.showOpenDialog({ title: 'Folder to mount', canSelectFolders: true, canSelectFiles: false, defaultUri: vscode.Uri.file(draft.context), openLabel: 'Mount' });
        if (!folder?.[0]) continue;
        const source = folder[0].fsPath;
        const target = await askText({
          title: 'Build & Run: mount',
          prompt: `Path in the container for ${path.basename(source)}; add :ro for read-only`,
          value: `/data/${path.basename(source)}:ro`,
          validate: (v) => (parseMount(`${source}:${v.trim()}`, base) ? newProblem(draft, (d) => d.mounts.push(parseMount(`${source}:${v.trim()}`, base)!)) : 'An absolute path in the container, e.g. /data or /data:ro.'),
        });
        const mount = target === undefined ? undefined : parseMount(`${source}:${target.trim()}`, base);
        if (mount) draft.mounts.push(mount);
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

/** Local engines publish here, so a port is checked by binding it; a remote engine's ports cannot be probed from here. */
function portProbe(engineHost: string | undefined): PortProbe {
  return isRemoteEngine(engineHost) ? async () => true : (p) => isPortFree(p);
}

/** The validation problem a change would add (for an InputBox's inline message). */
function newProblem(draft: RunDraft, change: (d: RunDraft) => void): string | undefined {
  const before = new Set(validateRunRequest(toRunRequest(draft)));
  const copy: RunDraft = { ...draft, buildArgs: { ...draft.buildArgs }, mounts: [...draft.mounts], ports: [...draft.ports], skippedArgs: [...draft.skippedArgs] };
  change(copy);
  return validateRunRequest(toRunRequest(copy)).find((p) => !before.has(p));
}

/** The engine's memory (docker info MemTotal), for the shm-size suggestion; undefined when unknown. */
async function engineMemory(engine: DockerEngine): Promise<number | undefined> {
  try {
    const [mem] = await engine.json<number>(['info', '--format', '{{json .MemTotal}}'], { signal: AbortSignal.timeout(5000), what: 'Reading the engine\'s memory' });
    return typeof mem === 'number' && mem > 0 ? mem : undefined;
  } catch {
    return undefined;
  }
}
