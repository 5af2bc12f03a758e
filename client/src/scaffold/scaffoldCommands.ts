import * as vscode from 'vscode';
import { readHostDriver } from '../../../core/src/node/nvidiaSmi';
import {
  besideName, currentAnswers, detectProject, dockerignoreContent, freeName, generateScaffold, initialState, validateAnswers, describeProblems,
  wizardTitle, type Resolution, type ScaffoldAnswers, type Template,
} from '../../../core/src/scaffold';
import { readProject } from './projectReader';
import { runWizardUi } from './wizardUi';
import { ScaffoldWriter, uri } from './writer';

/**
 * The scaffolding commands: "New GPU (CUDA) / Conda/Micromamba / CPU Image…" run the wizard over the
 * project's detected defaults and write the files; "Add .dockerignore for ML" writes or completes one.
 * Writing files needs no Workspace Trust: nothing of the project is executed.
 */
export class Scaffolding implements vscode.Disposable {
  private readonly writer = new ScaffoldWriter();

  constructor(private readonly output: vscode.LogOutputChannel) {}

  dispose(): void {
    this.writer.dispose();
  }

  async newImage(template: Template, target?: unknown): Promise<void> {
    const folder = await targetFolder(target, `Folder for the ${template === 'cuda' ? 'GPU' : template === 'conda' ? 'conda' : 'CPU'} image`);
    if (!folder) return;
    const facts = detectProject(await readProject(folder));
    if (facts.environment?.error) void vscode.window.showWarningMessage(`MLDock: ${facts.environment.error}; the wizard ignores it.`);
    const hostDriver = template === 'cpu' ? undefined : await hostDriverFor(folder);
    const done = await runWizardUi(initialState(template, facts, {}, hostDriver), wizardTitle(template));
    if (!done) return;
    let answers = currentAnswers(done).answers;
    const problems = validateAnswers(answers);
    if (problems.length > 0) {
      void vscode.window.showErrorMessage(`MLDock cannot generate this image: ${describeProblems(problems)}`);
      return;
    }
    // The Dockerfile first: written beside, the compose file and dev container must point at its new name.
    const dockerfile = answers.dockerfileName;
    const current = (await this.writer.existing(folder, [dockerfile])).get(dockerfile);
    let resolution: Resolution | undefined;
    if (current !== undefined) {
      const proposed = generateScaffold(answers)[0]!.content;
      resolution = current === proposed ? 'skip' : await this.writer.resolve(folder, dockerfile, proposed, current, new Set(await this.names(folder)));
      if (!resolution) return;
      if (resolution === 'beside') answers = { ...answers, dockerfileName: freeName(besideName(dockerfile), new Set(await this.names(folder))) };
    }
    const files = generateScaffold(answers);
    const main = files.find((f) => f.role === 'dockerfile')!;
    // The other files are asked about one by one; nothing is written until every question is answered.
    const writes = await this.writer.plan(folder, files.filter((f) => f !== main));
    if (!writes) return;
    const all = resolution === 'skip' ? writes : [{ path: main.path, content: main.content, from: dockerfile }, ...writes];
    try {
      const written = await this.writer.write(folder, all);
      this.output.info(`Scaffolded a ${template} image in ${folder.toString()}: ${all.map((w) => w.path).join(', ')}`);
      await this.openResult(folder, answers, written);
    } catch (error) {
      void vscode.window.showErrorMessage(`MLDock could not write the files: ${(error as Error).message}`);
    }
  }

  async addDockerignore(target?: unknown): Promise<void> {
    const folder = await targetFolder(target, 'Folder for the .dockerignore');
    if (!folder) return;
    const writes = await this.writer.plan(folder, [{ path: '.dockerignore', content: dockerignoreContent() }]);
    if (!writes) return;
    try {
      await this.writer.write(folder, writes);
      const shown = writes[0]?.path ?? '.dockerignore';
      await vscode.window.showTextDocument(uri(folder, shown));
      if (writes.length === 0) void vscode.window.showInformationMessage('MLDock: .dockerignore already excludes everything MLDock would add.');
    } catch (error) {
      void vscode.window.showErrorMessage(`MLDock could not write .dockerignore: ${(error as Error).message}`);
    }
  }

  private async names(folder: vscode.Uri): Promise<string[]> {
    try {
      return (await vscode.workspace.fs.readDirectory(folder)).map(([n]) => n);
    } catch {
      return [];
    }
  }

  private async openResult(folder: vscode.Uri, answers: ScaffoldAnswers, written: readonly vscode.Uri[]): Promise<void> {
    await vscode.window.showTextDocument(uri(folder, answers.dockerfileName), { preview: false });
    const names = written.map((w) => w.path.slice(folder.path.length + 1));
    void vscode.window.showInformationMessage(names.length > 0 ? `MLDock wrote ${names.join(', ')}. The comments at the top say what was chosen and why.` : 'MLDock: nothing new to write.');
  }
}

/** The folder the command applies to: the explorer folder it was run on, the only workspace folder, or one the user picks. */
async function targetFolder(target: unknown, openLabel: string): Promise<vscode.Uri | undefined> {
  if (target instanceof vscode.Uri) return target;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0]!.uri;
  if (folders.length > 1) return (await vscode.window.showWorkspaceFolderPick({ placeHolder: openLabel, ignoreFocusOut: true }))?.uri;
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel });
  return picked?.[0];
}

/** The hosts' driver: the mldock.gpu.hostDriverVersion setting, else this machine's nvidia-smi (quietly absent). */
async function hostDriverFor(folder: vscode.Uri): Promise<string | undefined> {
  const configured = vscode.workspace.getConfiguration('mldock', folder).get<string>('gpu.hostDriverVersion');
  if (configured) return configured;
  return readHostDriver(1500);
}
