import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MLDOCK_LABELS, type DockerEngine } from '../../../core/src/run';
import { DockerfileLocator } from '../images/dockerfileLocator';
import type { ImagesView } from '../images/imagesView';
import { ImageNode } from '../images/nodes';
import { BuildDiagnostics } from './buildDiagnostics';
import { RunningContainers } from './containers';
import { engineFromSettings } from '../dockerEngine';
import type { RunMode } from './questions';
import { RunFlow } from './runFlow';
import { toRunRequest } from './runDraft';
import { BuildRunTerminal, type PreparedRun, type RunServices } from './runTerminal';
import { isStageTarget, StageCodeLensProvider } from './stageCodeLens';
import { taskDefinitionFor } from './taskDefinition';
import { MldockTaskProvider, TASK_TYPE } from './taskProvider';

const DOCKERFILE_GLOB = '**/{Dockerfile,*.Dockerfile,*.dockerfile,Dockerfile.*,Containerfile,Containerfile.*}';
const EXCLUDE_GLOB = '**/{node_modules,.git,.venv,venv,.tox,dist,build}/**';

interface Start {
  readonly uri: vscode.Uri;
  readonly presetTarget?: string;
  readonly presetTag?: string;
}

/**
 * "Build & Run with GPU" / "Build & Run (CPU)": from the palette, the editor title, a stage's CodeLens or
 * an image in the Images view, through the questions (RunFlow) to a task whose terminal builds and runs
 * (BuildRunTerminal). Owns the build diagnostics, the running-containers status bar, the CodeLens and
 * the `mldock` task type.
 */
export class BuildAndRun implements vscode.Disposable {
  private engine: DockerEngine = engineFromSettings();
  private readonly diagnostics = new BuildDiagnostics();
  private readonly containers: RunningContainers;
  private readonly flow: RunFlow;
  private readonly services: RunServices;
  private readonly lenses = new StageCodeLensProvider();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext, private readonly output: vscode.LogOutputChannel, private readonly images: ImagesView) {
    this.containers = new RunningContainers(() => this.engine, output);
    this.flow = new RunFlow(context.workspaceState, context.secrets, () => this.engine, output);
    this.services = {
      engine: () => this.engine,
      output,
      diagnostics: this.diagnostics,
      containers: this.containers,
      refreshImages: () => images.refresh(),
      rerun: (run) => this.execute(run),
      healthTimeoutMs: () => Math.max(5, vscode.workspace.getConfiguration('mldock.run').get<number>('healthTimeout') ?? 120) * 1000,
    };
    this.disposables.push(
      this.diagnostics,
      this.containers,
      this.lenses,
      vscode.languages.registerCodeLensProvider({ language: 'dockerfile', scheme: 'file' }, this.lenses),
      vscode.tasks.registerTaskProvider(TASK_TYPE, new MldockTaskProvider(this.services)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('mldock.docker.path')) this.engine = engineFromSettings();
        if (e.affectsConfiguration('mldock.run.codeLens')) this.lenses.refresh();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.lenses.refresh();
        void this.containers.discover();
      }),
    );
    // Containers started before a window reload are still running: show them again (quietly, later).
    if (vscode.workspace.isTrusted) {
      const timer = setTimeout(() => void this.containers.discover(), 3000);
      this.disposables.push({ dispose: () => clearTimeout(timer) });
    }
  }

  /** The command: `arg` is a Dockerfile URI (editor title), a CodeLens stage, an Images view node, or nothing. */
  async run(mode: RunMode, arg?: unknown): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      const choice = await vscode.window.showWarningMessage(
        'MLDock Build & Run is disabled in Restricted Mode: it runs docker on files from this workspace. Trust the workspace to use it.',
        'Manage Workspace Trust',
      );
      if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
      return;
    }
    const start = await this.resolveStart(arg);
    if (!start) return;
    const document = await vscode.workspace.openTextDocument(start.uri);
    if (!(await this.saveIfDirty(document))) return;
    const result = await this.flow.collect({ uri: start.uri, text: document.getText(), mode, presetTarget: start.presetTarget, presetTag: start.presetTag });
    if (!result) return;
    await this.execute({
      command: 'run',
      request: toRunRequest(result.draft),
      dockerfileUri: start.uri,
      preflightDone: true,
      legacyBuilder: result.legacyBuilder,
      waitHealthy: result.waitHealthy,
    });
  }

  showContainers(): Promise<void> {
    return this.containers.showActions();
  }

  /** Runs a prepared Build & Run as a task, so it streams, can be cancelled, and shows like any task. */
  private async execute(run: PreparedRun): Promise<void> {
    const folder = vscode.workspace.getWorkspaceFolder(run.dockerfileUri);
    // The definition names the run (and is what "Rerun Last Task" resolves); the terminal uses the exact request.
    const definition = taskDefinitionFor(run.command, run.request, folder?.uri.fsPath ?? path.dirname(run.request.dockerfile));
    const name = `${run.command === 'build' ? 'Build' : 'Build & Run'} ${run.request.tag}`;
    const task = new vscode.Task(definition, folder ?? vscode.TaskScope.Workspace, name, 'mldock', new vscode.CustomExecution(async () => new BuildRunTerminal(run, this.services)), []);
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true, focus: false };
    try {
      await vscode.tasks.executeTask(task);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.output.error(`Build & Run: could not start the task: ${message}`);
      void vscode.window.showErrorMessage(`MLDock: could not start Build & Run: ${message}`);
    }
  }

  private async resolveStart(arg: unknown): Promise<Start | undefined> {
    if (arg instanceof vscode.Uri) return { uri: arg };
    if (isStageTarget(arg)) return { uri: vscode.Uri.parse(arg.uri), presetTarget: arg.target };
    if (arg instanceof ImageNode) return this.startFromImage(arg);
    const active = vscode.window.activeTextEditor?.document;
    if (active?.languageId === 'dockerfile' && active.uri.scheme === 'file') return { uri: active.uri };
    return this.pickDockerfile('Build & Run: which Dockerfile?');
  }

  /**
   * An image in the Images view: rebuild it from the Dockerfile its MLDock labels name (the same stage
   * and tag), else from the workspace Dockerfile whose instructions match its history, else one the
   * user picks.
   */
  private async startFromImage(node: ImageNode): Promise<Start | undefined> {
    const { image } = node;
    const presetTag = image.tags[0];
    const labelled = image.labels[MLDOCK_LABELS.dockerfile];
    if (labelled) {
      const candidates = path.isAbsolute(labelled) ? [labelled] : (vscode.workspace.workspaceFolders ?? []).map((f) => path.join(f.uri.fsPath, labelled));
      const found = candidates.find((p) => fs.existsSync(p));
      if (found) return { uri: vscode.Uri.file(found), presetTarget: image.labels[MLDOCK_LABELS.target] ?? '', presetTag };
    }
    try {
      const located = await new DockerfileLocator().locate(image, await this.images.provider.layersOf(image));
      if (located) return { uri: located.uri, presetTag };
    } catch (error) {
      this.output.debug(`Build & Run from ${node.name}: no Dockerfile from its history (${error instanceof Error ? error.message : String(error)})`);
    }
    const picked = await this.pickDockerfile(`Build & Run: which Dockerfile builds ${node.name}?`);
    return picked && { ...picked, presetTag };
  }

  private async pickDockerfile(title: string): Promise<Start | undefined> {
    const files = await vscode.workspace.findFiles(DOCKERFILE_GLOB, EXCLUDE_GLOB, 200);
    if (files.length === 0) {
      void vscode.window.showInformationMessage('MLDock: there is no Dockerfile in this workspace to build. Open one and run Build & Run again.');
      return undefined;
    }
    if (files.length === 1) return { uri: files[0]! };
    const items = files
      .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri }))
      .sort((a, b) => a.label.split('/').length - b.label.split('/').length || a.label.localeCompare(b.label));
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'The Dockerfile to build' });
    return picked && { uri: picked.uri };
  }

  /** docker builds what is on disk: save first, as tasks do (`task.saveBeforeRun`). */
  private async saveIfDirty(document: vscode.TextDocument): Promise<boolean> {
    if (!document.isDirty) return true;
    const setting = vscode.workspace.getConfiguration('task').get<string>('saveBeforeRun') ?? 'always';
    if (setting === 'never') return true;
    if (setting === 'prompt') {
      const choice = await vscode.window.showWarningMessage(`${path.basename(document.fileName)} has unsaved changes. docker builds the file on disk.`, { modal: true }, 'Save and Build', 'Build Saved Version');
      if (!choice) return false;
      if (choice === 'Build Saved Version') return true;
    }
    return document.save();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
