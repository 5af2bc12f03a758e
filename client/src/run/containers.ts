import * as path from 'node:path';
import * as vscode from 'vscode';
import { EngineError, listRunContainers, stopContainer, type DockerEngine, type PortMapping } from '../../../core/src/run';
import { browserUrl } from './endpointHost';
import { engineLocation } from './engine';
import { parsePublished } from './ports';

/** A container Build & Run started (or found running with its label). */
export interface TrackedContainer {
  readonly id: string;
  /** What the user knows it by: the container name, else the image tag. */
  readonly label: string;
  readonly ports: readonly PortMapping[];
  readonly dockerfile: string;
  /** `healthy`, `unhealthy`, `running` … for the tooltip. */
  state: string;
}

/** How often to check that tracked containers still run (only while there are some). */
const POLL_MS = 15_000;

/**
 * The running containers of Build & Run: a status bar item (click for Open in Browser, Show Logs, Stop),
 * kept true by a light `docker ps` while any are tracked, and found again after a window reload by
 * their `dev.mldock.run` label.
 */
export class RunningContainers implements vscode.Disposable {
  private readonly containers = new Map<string, TrackedContainer>();
  private readonly item = vscode.window.createStatusBarItem('mldock.run.containers', vscode.StatusBarAlignment.Left, 50);
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly logTerminals = new Set<vscode.Terminal>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly engine: () => DockerEngine, private readonly output: vscode.LogOutputChannel) {
    this.item.name = 'MLDock Containers';
    this.item.command = 'mldock.run.showContainers';
    this.subscription = vscode.window.onDidCloseTerminal((t) => this.logTerminals.delete(t));
  }

  list(): TrackedContainer[] {
    return [...this.containers.values()];
  }

  add(container: TrackedContainer): void {
    this.containers.set(container.id, container);
    this.update();
  }

  setState(id: string, state: string): void {
    const c = this.containers.get(id);
    if (c) {
      c.state = state;
      this.update();
    }
  }

  remove(id: string): void {
    if (this.containers.delete(id)) this.update();
  }

  /** Finds Build & Run containers of this workspace that are still running (after a reload). */
  async discover(): Promise<void> {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    try {
      for (const c of await listRunContainers(this.engine())) {
        if (this.containers.has(c.id) || !folders.some((f) => isInside(c.dockerfile, f))) continue;
        this.containers.set(c.id, { id: c.id, label: c.name || c.image, ports: parsePublished(c.ports), dockerfile: c.dockerfile, state: /\(healthy\)/.test(c.status) ? 'healthy' : 'running' });
      }
    } catch (error) {
      // No engine, no containers: the status bar stays hidden and nothing else depends on this.
      this.output.debug(`Looking for running containers: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.update();
  }

  private async poll(): Promise<void> {
    try {
      const running = new Set((await listRunContainers(this.engine())).map((c) => c.id));
      for (const id of [...this.containers.keys()]) if (!running.has(id)) this.containers.delete(id);
      this.update();
    } catch {
      // keep what we know; the next poll may reach the engine
    }
  }

  private update(): void {
    const all = this.list();
    if (all.length === 0) {
      this.item.hide();
      if (this.timer) clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    this.item.text = all.length === 1 ? `$(vm-running) ${all[0]!.label}` : `$(vm-running) ${all.length} containers`;
    const md = new vscode.MarkdownString('**MLDock containers** (click for actions)\n\n');
    for (const c of all) md.appendMarkdown(`- \`${c.label}\` — ${c.state}${c.ports.length ? `, ports ${c.ports.map((p) => `${p.host}→${p.container}`).join(', ')}` : ''}\n`);
    this.item.tooltip = md;
    this.item.show();
    this.timer ??= setInterval(() => void this.poll(), POLL_MS);
  }

  /** Status bar click: choose a container (when several), then what to do with it. */
  async showActions(id?: string): Promise<void> {
    if (this.containers.size === 0) await this.discover();
    const all = this.list();
    let target = id ? this.containers.get(id) : all.length === 1 ? all[0] : undefined;
    if (!target) {
      if (all.length === 0) {
        void vscode.window.showInformationMessage('No container started by MLDock Build & Run is running.');
        return;
      }
      const picked = await vscode.window.showQuickPick(all.map((c) => ({ label: c.label, description: c.state, detail: path.basename(c.dockerfile), container: c })), { title: 'MLDock: Running Containers' });
      target = picked?.container;
      if (!target) return;
    }
    type Action = vscode.QuickPickItem & { run: () => Promise<void> | void };
    const host = (await engineLocation(this.engine()))?.host;
    const actions: Action[] = [
      ...target.ports.map((p) => ({ label: '$(globe) Open in Browser', description: browserUrl(host, p.host), run: () => this.openInBrowser(p.host) })),
      { label: '$(output) Show Logs', run: () => this.showLogs(target!) },
      { label: '$(debug-stop) Stop', description: 'docker stop, then remove the container', run: () => this.stop(target!) },
      { label: '$(copy) Copy Container ID', run: async () => vscode.env.clipboard.writeText(target!.id) },
    ];
    const choice = await vscode.window.showQuickPick(actions, { title: `MLDock: ${target.label} (${target.state})` });
    await choice?.run();
  }

  async openInBrowser(port: number): Promise<void> {
    await vscode.env.openExternal(vscode.Uri.parse(browserUrl((await engineLocation(this.engine()))?.host, port)));
  }

  /** A terminal following `docker logs --follow` (the last 500 lines first); closing it stops following. */
  showLogs(container: Pick<TrackedContainer, 'id' | 'label'>): void {
    const engine = this.engine();
    const write = new vscode.EventEmitter<string>();
    const close = new vscode.EventEmitter<number | void>();
    const controller = new AbortController();
    const pty: vscode.Pseudoterminal = {
      onDidWrite: write.event,
      onDidClose: close.event,
      open: () => {
        write.fire(`\x1b[2m> ${engine.cli} logs --follow --tail 500 ${container.id.slice(0, 12)}\x1b[0m\r\n`);
        const proc = engine.spawn(['logs', '--follow', '--tail', '500', container.id], {
          signal: controller.signal,
          onStdout: (t) => write.fire(t.replace(/\r?\n/g, '\r\n')),
          onStderr: (t) => write.fire(t.replace(/\r?\n/g, '\r\n')),
        });
        void proc.done.then(
          (r) => write.fire(`\r\n\x1b[2m${r.cancelled ? 'Stopped following.' : r.code === 0 ? 'The container stopped; no more logs.' : `docker logs exited with code ${r.code}: ${r.stderr.trim().split('\n').at(-1) ?? ''}`}\x1b[0m\r\n`),
          (e: unknown) => write.fire(`\r\n${engine.startFailure(e).explanation}\r\n`),
        );
      },
      close: () => controller.abort(),
      handleInput: (data) => {
        if (data === '\x03') controller.abort();
      },
    };
    const terminal = vscode.window.createTerminal({ name: `Logs: ${container.label}`, pty, iconPath: new vscode.ThemeIcon('output') });
    this.logTerminals.add(terminal);
    terminal.show();
  }

  /** Containers the user asked to stop, so their terminal says "Stopped" rather than reporting exit 137 as a failure. */
  private readonly stopRequested = new Set<string>();

  /** Whether the container's end was a stop the user asked for (consumes the mark). */
  stoppedByUser(id: string): boolean {
    return this.stopRequested.delete(id);
  }

  async stop(container: Pick<TrackedContainer, 'id' | 'label'>): Promise<void> {
    this.stopRequested.add(container.id);
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Stopping ${container.label}…` }, () => stopContainer(this.engine(), container.id));
      this.remove(container.id);
      void vscode.window.setStatusBarMessage(`MLDock: stopped ${container.label}`, 4000);
    } catch (error) {
      const message = error instanceof EngineError ? error.explanation : String(error);
      this.stopRequested.delete(container.id);
      this.output.error(`Stopping ${container.label}: ${message}`);
      void vscode.window.showErrorMessage(`Could not stop ${container.label}: ${message}`);
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.subscription.dispose();
    this.item.dispose();
  }
}

function isInside(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel);
}

