import * as path from 'node:path';
import * as vscode from 'vscode';
import { defaultTag } from '../../../core/src/run';
import { BuildRunTerminal, type RunServices } from './runTerminal';
import { runFromTaskDefinition, type MldockTaskDefinition } from './taskDefinition';

export const TASK_TYPE = 'mldock';
const TASK_SOURCE = 'mldock';
const DOCKERFILE_GLOB = '**/{Dockerfile,*.Dockerfile,*.dockerfile,Dockerfile.*,Containerfile,Containerfile.*}';
const EXCLUDE_GLOB = '**/{node_modules,.git,.venv,venv,.tox,dist,build}/**';

/**
 * Tasks of type `mldock` (tasks.json): the Build & Run fields, run through the same terminal as the
 * command. "Run Task" lists a build and a build-and-run task per workspace Dockerfile, which
 * "Configure Task" copies into tasks.json.
 */
export class MldockTaskProvider implements vscode.TaskProvider {
  constructor(private readonly services: RunServices) {}

  async provideTasks(): Promise<vscode.Task[]> {
    if (!vscode.workspace.isTrusted) return [];
    const files = await vscode.workspace.findFiles(DOCKERFILE_GLOB, EXCLUDE_GLOB, 20);
    const tasks: vscode.Task[] = [];
    for (const uri of files) {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder) continue;
      const dockerfile = path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
      const tag = defaultTag(path.basename(path.dirname(uri.fsPath)));
      for (const command of ['build', 'run'] as const) {
        const definition: MldockTaskDefinition = { type: 'mldock', command, dockerfile };
        tasks.push(this.task(definition, folder, `${command === 'build' ? 'Build' : 'Build & Run'} ${tag} (${dockerfile})`));
      }
    }
    return tasks;
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    if (task.definition.type !== TASK_TYPE) return undefined;
    return this.task(task.definition as MldockTaskDefinition, task.scope ?? vscode.TaskScope.Workspace, task.name);
  }

  /** A task whose terminal reads the definition after VS Code substituted ${workspaceFolder} and friends. */
  task(definition: MldockTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope, name: string): vscode.Task {
    const folderPath = typeof scope === 'object' ? scope.uri.fsPath : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
    const execution = new vscode.CustomExecution(async (resolved) => {
      if (!vscode.workspace.isTrusted) return messageTerminal(['Build & Run tasks are disabled in Restricted Mode: trust the workspace first.']);
      const parsed = runFromTaskDefinition(resolved as unknown as Record<string, unknown>, folderPath);
      if (!parsed.ok) return messageTerminal([`The mldock task "${name}" cannot run:`, ...parsed.errors.map((e) => `  • ${e}`)]);
      const { request, command, waitHealthy } = parsed.run;
      return new BuildRunTerminal({ command, request, dockerfileUri: vscode.Uri.file(request.dockerfile), preflightDone: false, legacyBuilder: false, waitHealthy }, this.services);
    });
    const task = new vscode.Task(definition, scope, name, TASK_SOURCE, execution, []);
    if (definition.command === 'build') task.group = vscode.TaskGroup.Build;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true, focus: false };
    return task;
  }
}

/** A terminal that prints why a task cannot run and ends with exit code 1. */
function messageTerminal(lines: readonly string[]): vscode.Pseudoterminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number>();
  return {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: () => {
      write.fire(`\x1b[31m${lines.join('\r\n')}\x1b[0m\r\n`);
      close.fire(1);
    },
    close: () => undefined,
  };
}
