import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import {
  BuildFailedError, EngineError, RunFailedError, buildCommandArgs, buildImage, displayCommand, healthLog, preflight, runCommandArgs,
  secretValues, startContainer, stopContainer, waitHealthy, type ContainerExit, type DockerEngine, type HealthResult, type RunRequest,
} from '../../../core/src/run';
import type { BuildDiagnostics } from './buildDiagnostics';
import type { RunningContainers, TrackedContainer } from './containers';
import { browserUrl } from './endpointHost';
import { engineLocation } from './engine';
import { askAboutProblems } from './preflightPrompt';
import { progressMessage } from './summary';

/** One Build & Run, ready to execute: from the command (answers confirmed) or from a tasks.json definition. */
export interface PreparedRun {
  readonly command: 'build' | 'run';
  readonly request: RunRequest;
  readonly dockerfileUri: vscode.Uri;
  /** The command already ran preflight and the user answered it; a task runs it here. */
  readonly preflightDone: boolean;
  readonly legacyBuilder: boolean;
  readonly waitHealthy: boolean;
}

/** What a run needs from the extension. */
export interface RunServices {
  engine(): DockerEngine;
  readonly output: vscode.LogOutputChannel;
  readonly diagnostics: BuildDiagnostics;
  readonly containers: RunningContainers;
  refreshImages(): void;
  /** Starts another run (e.g. "Run on CPU instead" after a GPU failure). */
  rerun(run: PreparedRun): Promise<void>;
  healthTimeoutMs(): number;
}

const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';
const RED = '\x1b[31m';
const GREEN = '\x1b[32m';
const YELLOW = '\x1b[33m';
const RESET = '\x1b[0m';

/** Exit code of a cancelled run (as a shell reports Ctrl+C). */
const CANCELLED = 130;

/**
 * The terminal of a Build & Run task (CustomExecution + Pseudoterminal): streams `docker build` and the
 * container's output, shows the build step in a cancellable notification, and maps a failure to the
 * Dockerfile line. Closing the terminal, Ctrl+C or Cancel ends the docker process tree, and stops the
 * container while the run is attached (or not yet healthy).
 */
export class BuildRunTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private readonly controller = new AbortController();
  private finished = false;

  constructor(private readonly run: PreparedRun, private readonly services: RunServices) {}

  open(): void {
    void this.execute().then(
      (code) => this.finish(code),
      (error: unknown) => {
        this.line(`${RED}${error instanceof Error ? error.message : String(error)}${RESET}`);
        this.services.output.error(`Build & Run: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        this.finish(1);
      },
    );
  }

  close(): void {
    this.cancel();
  }

  handleInput(data: string): void {
    if (data === '\x03') {
      this.line(`${YELLOW}^C — cancelling…${RESET}`);
      this.cancel();
    }
  }

  private cancel(): void {
    if (!this.finished) this.controller.abort();
  }

  private finish(code: number): void {
    if (this.finished) return;
    this.finished = true;
    this.closeEmitter.fire(code);
  }

  private write(text: string): void {
    this.writeEmitter.fire(text.replace(/\r?\n/g, '\r\n'));
  }

  private line(text = ''): void {
    this.write(`${text}\n`);
  }

  private command(args: readonly string[], engine: DockerEngine): void {
    this.line(`${BOLD}> ${displayCommand(args, secretValues(this.run.request), engine.cli)}${RESET}`);
  }

  private async execute(): Promise<number> {
    const { request: req, dockerfileUri } = this.run;
    const engine = this.services.engine();
    const signal = this.controller.signal;
    const text = await fs.readFile(req.dockerfile, 'utf8').catch(() => undefined);
    this.services.diagnostics.clear(dockerfileUri);
    const location = await engineLocation(engine);
    const where = location ? `${location.host} (${location.source})` : 'the local engine';
    this.line(`${DIM}MLDock ${this.run.command === 'build' ? 'Build' : 'Build & Run'} · ${vscode.workspace.asRelativePath(dockerfileUri)} · ${where}${RESET}`);

    let legacyBuilder = this.run.legacyBuilder;
    if (!this.run.preflightDone) {
      this.line(`${DIM}Checking the engine…${RESET}`);
      const problems = await preflight(engine, req, text ?? '', { signal });
      for (const p of problems) this.line(`${p.severity === 'error' ? RED : YELLOW}${p.message}${RESET}${p.detail ? `\n${DIM}${p.detail}${RESET}` : ''}`);
      const decision = await askAboutProblems(problems, { modal: false, canEdit: false });
      if (decision.kind === 'cpu') {
        this.line('Running again on the CPU…');
        void this.services.rerun({ ...this.run, request: { ...req, gpus: { kind: 'none' } } });
        return 1;
      }
      if (decision.kind === 'legacy') legacyBuilder = true;
      else if (decision.kind !== 'go') return 1;
    }

    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `MLDock: ${req.tag}`, cancellable: true },
      async (progress, token): Promise<number | { container: TrackedContainer; exited: Promise<ContainerExit> }> => {
        token.onCancellationRequested(() => {
          this.line(`${YELLOW}Cancelled from the notification.${RESET}`);
          this.cancel();
        });
        progress.report({ message: 'Building…' });
        this.command(buildCommandArgs(req), engine);
        let lastPercent = 0;
        try {
          await buildImage(engine, req, {
            signal,
            dockerfileText: text,
            legacyBuilder,
            onOutput: (l) => this.line(l),
            onProgress: (p) => {
              // Legacy steps count over the whole file; BuildKit's restart per stage, so only they give a percentage.
              const percent = p.total && !p.stage ? Math.round((p.step / p.total) * 100) : undefined;
              progress.report({ message: progressMessage(p), increment: percent !== undefined && percent > lastPercent ? percent - lastPercent : undefined });
              if (percent !== undefined) lastPercent = Math.max(lastPercent, percent);
            },
          });
        } catch (error) {
          return this.buildFailed(error, text);
        }
        this.services.refreshImages();
        this.line(`${GREEN}Built ${req.tag}.${RESET}`);
        if (this.run.command === 'build') {
          void vscode.window.setStatusBarMessage(`MLDock: built ${req.tag}`, 5000);
          return 0;
        }

        progress.report({ message: 'Starting the container…' });
        this.command(runCommandArgs(req, req.tag), engine);
        let started: Awaited<ReturnType<typeof startContainer>>;
        try {
          started = await startContainer(engine, req, req.tag, { signal, onOutput: (l) => this.line(l) });
        } catch (error) {
          return this.startFailed(error);
        }
        const container: TrackedContainer = { id: started.containerId, label: req.name ?? req.tag, ports: req.ports, dockerfile: req.dockerfile, state: 'starting' };
        this.services.containers.add(container);
        this.line(`${DIM}Container ${container.id.slice(0, 12)} started${req.detach ? ' (detached)' : '; its output follows. Ctrl+C or closing this terminal stops it'}.${RESET}`);

        let health: HealthResult = 'no-healthcheck';
        if (this.run.waitHealthy) {
          progress.report({ message: 'Waiting for the HEALTHCHECK…' });
          try {
            health = await waitHealthy(engine, container.id, { signal, timeoutMs: this.services.healthTimeoutMs() });
          } catch (error) {
            if (!signal.aborted) throw error;
            // Cancelled before it was up: an attached run's log follower stops it; a detached one is stopped here.
            if (req.detach) await stopContainer(engine, container.id).catch(() => undefined);
            this.services.containers.remove(container.id);
            this.line(`${YELLOW}Cancelled; the container was stopped.${RESET}`);
            return CANCELLED;
          }
        }
        container.state = health === 'no-healthcheck' ? 'running' : health;
        this.services.containers.setState(container.id, container.state);
        this.announce(container, health, location?.host);
        if (!started.exited) return health === 'exited' || health === 'unhealthy' ? 1 : 0;
        return { container, exited: started.exited };
      },
    );
    if (typeof outcome === 'number') return outcome;

    const exit = await outcome.exited;
    this.services.containers.remove(outcome.container.id);
    if (exit.cancelled || this.services.containers.stoppedByUser(outcome.container.id)) {
      this.line(`${YELLOW}Stopped ${outcome.container.label}.${RESET}`);
      return CANCELLED;
    }
    this.line(`${exit.exitCode === 0 ? GREEN : RED}The container exited with code ${exit.exitCode ?? 'unknown'}.${RESET}`);
    return exit.exitCode ?? 1;
  }

  private buildFailed(error: unknown, text: string | undefined): number {
    const req = this.run.request;
    if (error instanceof EngineError && error.kind === 'cancelled') {
      this.line(`${YELLOW}Build cancelled.${RESET}`);
      return CANCELLED;
    }
    if (error instanceof BuildFailedError) {
      this.line(`${RED}${error.message}${RESET}`);
      const step = error.step;
      if (step) {
        this.services.diagnostics.report(this.run.dockerfileUri, step, text, req.tag);
        void vscode.window.showErrorMessage(`MLDock: building ${req.tag} failed at line ${step.line + 1}: ${step.message}`, 'Go to Line').then(async (choice) => {
          if (!choice) return;
          const editor = await vscode.window.showTextDocument(this.run.dockerfileUri);
          const at = new vscode.Position(step.line, 0);
          editor.selection = new vscode.Selection(at, at);
          editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        });
      } else void vscode.window.showErrorMessage(`MLDock: ${error.message}`);
      return typeof error.exitCode === 'number' && error.exitCode !== 0 ? error.exitCode : 1;
    }
    const message = error instanceof EngineError ? error.explanation : error instanceof Error ? error.message : String(error);
    this.line(`${RED}${message}${RESET}`);
    void vscode.window.showErrorMessage(`MLDock: ${message}`);
    return 1;
  }

  private startFailed(error: unknown): number {
    if (error instanceof EngineError && error.kind === 'cancelled') {
      this.line(`${YELLOW}Start cancelled.${RESET}`);
      return CANCELLED;
    }
    if (error instanceof RunFailedError) {
      this.line(`${RED}${error.message}${RESET}`);
      if (error.detail) this.line(`${DIM}${error.detail}${RESET}`);
      if (error.problem) {
        void askAboutProblems([error.problem], { modal: false, canEdit: false }).then((d) => {
          if (d.kind === 'cpu') void this.services.rerun({ ...this.run, request: { ...this.run.request, gpus: { kind: 'none' } } });
        });
      } else void vscode.window.showErrorMessage(`MLDock: ${error.message}`);
      return 1;
    }
    const message = error instanceof EngineError ? error.explanation : error instanceof Error ? error.message : String(error);
    this.line(`${RED}${message}${RESET}`);
    void vscode.window.showErrorMessage(`MLDock: ${message}`);
    return 1;
  }

  /** The notification after the start: healthy (or running), with Open in Browser, Show Logs and Stop. */
  private announce(container: TrackedContainer, health: HealthResult, engineHost: string | undefined): void {
    const engine = this.services.engine();
    const port = container.ports[0];
    const url = port ? browserUrl(engineHost, port.host) : undefined;
    const containers = this.services.containers;
    const act = (choice: string | undefined) => {
      if (choice === OPEN_IN_BROWSER && port) void containers.openInBrowser(port.host);
      else if (choice === SHOW_LOGS) containers.showLogs(container);
      else if (choice === STOP) void containers.stop(container);
    };
    switch (health) {
      case 'healthy':
      case 'no-healthcheck': {
        const state = health === 'healthy' ? 'is healthy' : 'is running';
        this.line(`${GREEN}${container.label} ${state}${url ? ` on ${url}` : ''}.${RESET}`);
        const buttons = url ? [OPEN_IN_BROWSER, SHOW_LOGS, STOP] : [SHOW_LOGS, STOP];
        void vscode.window.showInformationMessage(`MLDock: ${container.label} ${state}${url ? ` on ${url}` : ''}.`, ...buttons).then(act);
        return;
      }
      case 'unhealthy':
        void healthLog(engine, container.id).then((log) => {
          this.line(`${RED}${container.label} is running, but its HEALTHCHECK reports unhealthy.${RESET}${log.length ? `\n${DIM}${log.join('\n')}${RESET}` : ''}`);
          void vscode.window.showWarningMessage(`MLDock: ${container.label} is running, but its HEALTHCHECK reports unhealthy${log.length ? ` (${log.at(-1)})` : ''}.`, SHOW_LOGS, STOP).then(act);
        });
        return;
      case 'timeout': {
        const seconds = Math.round(this.services.healthTimeoutMs() / 1000);
        this.line(`${YELLOW}${container.label} did not report healthy within ${seconds} s (setting mldock.run.healthTimeout).${RESET}`);
        void vscode.window.showWarningMessage(`MLDock: ${container.label} did not report healthy within ${seconds} s.`, SHOW_LOGS, STOP).then(act);
        return;
      }
      case 'exited':
        this.services.containers.remove(container.id);
        this.line(`${RED}${container.label} exited right after it started.${RESET}`);
        void vscode.window.showErrorMessage(`MLDock: ${container.label} exited right after it started.`, SHOW_LOGS).then(act);
        return;
    }
  }
}

export const OPEN_IN_BROWSER = 'Open in Browser';
export const SHOW_LOGS = 'Show Logs';
export const STOP = 'Stop';
