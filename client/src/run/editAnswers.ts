import * as path from 'node:path';
import * as vscode from 'vscode';
import { isSecretLike, runFactsFromDockerfile, validateRunRequest, type DockerEngine, type RunFacts } from '../../../core/src/run';
import { engineLocation, engineMemory, portProbe } from './engine';
import { gpuText, parseGpuText } from './gpus';
import { formatPortList, parsePortList, planPorts } from './ports';
import { askText, pickOne } from './quickInput';
import { stageChoices, type RunMode } from './questions';
import { problemAfter, setContext, setTag, setTarget, toRunRequest, type RunDraft } from './runDraft';
import { describeSharedMemory, isValidShmSize, suggestShmSize } from './sharedMemory';
import { describeArg, fieldSummaries, type FieldId } from './summary';
import { parseMount } from './taskDefinition';

/** What the editors need besides the answers. */
export interface EditContext {
  readonly engine: () => DockerEngine;
  readonly mode: RunMode;
  /** The Dockerfile's text (stages, ARGs and EXPOSE per stage). */
  readonly text: string;
  readonly facts: RunFacts;
}

/** The GPU question: all, a number, or device IDs (validated as typed). */
export async function askGpus(current: string): Promise<RunDraft['gpus'] | undefined> {
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

/** The Edit list: any answer can be changed; Done is always the active item, so Enter goes back to the commands. */
export async function editAnswers(draft: RunDraft, ctx: EditContext): Promise<boolean> {
  const base = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(draft.dockerfile))?.uri.fsPath ?? path.dirname(draft.dockerfile);
  for (;;) {
    const fields = fieldSummaries(draft, { mode: ctx.mode, base, stageCount: stageChoices(ctx.facts).length });
    const problems = validateRunRequest(toRunRequest(draft));
    const items: (vscode.QuickPickItem & { id: FieldId | 'done' })[] = [
      { id: 'done', label: '$(check) Done', description: problems.length ? `${problems.length} problem${problems.length > 1 ? 's' : ''} left: ${problems[0]}` : 'Show the commands again' },
      ...fields.map((f) => ({ id: f.id, label: f.label, description: f.value })),
    ];
    const picked = await pickOne(items, { title: 'Build & Run: edit the answers', placeholder: 'Choose what to change', active: items[0] });
    if (!picked) return false;
    if (picked.id === 'done') return true;
    await editField(picked.id, draft, ctx, base);
  }
}

async function editField(id: FieldId, draft: RunDraft, ctx: EditContext, base: string): Promise<void> {
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
      draft.ports = (await planPorts(facts.exposedPorts, undefined, portProbe((await engineLocation(ctx.engine()))?.host))).ports;
      return;
    }
    case 'buildArgs':
      return editBuildArgs(draft, ctx.facts);
    case 'tag': {
      const value = await askText({ title, prompt: 'Image tag (repository[:tag]); empty: derive it from the folder and stage', value: draft.tag, validate: (v) => problemAfter(draft, (d) => setTag(d, v)) });
      if (value !== undefined) setTag(draft, value);
      return;
    }
    case 'gpus': {
      const gpus = await askGpus(gpuText(draft.gpus));
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
      return editEnvFile(draft, base);
    case 'mounts':
      return editMounts(draft, base);
    case 'sharedMemory': {
      const suggested = draft.sharedMemory.shmSize ?? suggestShmSize(await engineMemory(ctx.engine()));
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
      const value = await askText({ title, prompt: 'Container name (--name); empty: docker picks one', value: draft.name ?? '', validate: (v) => problemAfter(draft, (d) => (d.name = v.trim() || undefined)) });
      if (value !== undefined) draft.name = value.trim() || undefined;
      return;
    }
  }
}

async function editBuildArgs(draft: RunDraft, facts: RunFacts): Promise<void> {
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

async function editEnvFile(draft: RunDraft, base: string): Promise<void> {
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

async function editMounts(draft: RunDraft, base: string): Promise<void> {
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
        validate: (v) => (parseMount(`${source}:${v.trim()}`, base) ? problemAfter(draft, (d) => d.mounts.push(parseMount(`${source}:${v.trim()}`, base)!)) : 'An absolute path in the container, e.g. /data or /data:ro.'),
      });
      const mount = target === undefined ? undefined : parseMount(`${source}:${target.trim()}`, base);
      if (mount) draft.mounts.push(mount);
    }
  }
}

