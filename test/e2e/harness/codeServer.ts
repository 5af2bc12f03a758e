import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../../helpers/paths';

/** Installed by scripts/install-code-server.sh (run by test/e2e/setup.mjs). */
export const CODE_SERVER = path.join(ROOT, '.e2e', 'code-server', 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.MLDOCK_E2E_CHROMIUM ?? '/usr/bin/chromium';
/** Packaged afresh by test/e2e/setup.mjs (`npm run package`). */
export const VSIX = path.join(ROOT, 'dist', 'mldock.vsix');
export const ARTIFACTS = path.join(ROOT, 'artifacts', 'e2e');
/** Workspace folders the scenarios open, each copied to a temp dir first. */
export const WORKSPACES = path.join(ROOT, 'test', 'fixtures', 'e2e');

/** User settings for a quiet, reproducible workbench (no welcome page, tips, chat or update checks). */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'editor.minimap.enabled': false,
  'editor.fontSize': 14,
  // The DOM renderer keeps terminal text in the page, where the scenarios read it.
  'terminal.integrated.gpuAcceleration': 'off',
};

const isCI = (): boolean => !!process.env.CI && !/^(false|0)$/i.test(process.env.CI);

/** Why the e2e tier cannot run here, or undefined. Under CI nothing is skipped: a missing part fails the tests. */
export function skipReason(): string | undefined {
  const parts: [string, string][] = [
    [CODE_SERVER, 'code-server (scripts/install-code-server.sh)'],
    [CHROMIUM, 'Chromium (apt-get install chromium)'],
    [VSIX, 'dist/mldock.vsix (npm run package)'],
  ];
  const missing = parts.filter(([file]) => !fs.existsSync(file)).map(([, what]) => what);
  if (missing.length === 0 || isCI()) return undefined;
  return `end-to-end tests skipped, missing ${missing.join(', ')}: run \`npm run test:e2e\`, which packages the extension and installs code-server`;
}

export interface CodeServer {
  /** The workbench URL with the workspace folder open. */
  readonly url: string;
  /** The temp copy of the fixture workspace. */
  readonly workspace: string;
  /** Stops code-server and everything it started; keeps its logs under artifacts/e2e/logs/<name>. */
  stop(): Promise<void>;
}

/**
 * Starts code-server with the freshly packaged .vsix installed into a throwaway user-data and
 * extensions dir, on 127.0.0.1 and a port the OS picks, serving a temp copy of `fixture`.
 */
export async function startCodeServer(name: string, fixture: string): Promise<CodeServer> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mldock-e2e-'));
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(path.join(WORKSPACES, fixture), workspace, { recursive: true });
  const userData = path.join(tmp, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const dirs = ['--user-data-dir', userData, '--extensions-dir', path.join(tmp, 'extensions')];
  // code-server writes its own config and state under XDG dirs: keep them out of the user's home.
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'config'), XDG_DATA_HOME: path.join(tmp, 'data') };

  const installed = await promisify(execFile)(CODE_SERVER, ['--install-extension', VSIX, ...dirs], { env });
  if (!/successfully installed/i.test(installed.stdout)) {
    throw new Error(`installing ${VSIX} into code-server failed:\n${installed.stdout}${installed.stderr}`);
  }

  const log = fs.createWriteStream(path.join(tmp, 'code-server.log'));
  const args = ['--auth', 'none', '--bind-addr', '127.0.0.1:0', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', ...dirs, workspace];
  // Its own process group, so stopping it also stops the extension host and the language server.
  const child = spawn(CODE_SERVER, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let base: string;
  try {
    base = await listeningUrl(child);
  } catch (error) {
    await stopProcessGroup(child);
    throw error;
  }

  return {
    url: `${base}?folder=${encodeURIComponent(workspace)}`,
    workspace,
    async stop() {
      await stopProcessGroup(child);
      log.end();
      const kept = path.join(ARTIFACTS, 'logs', name);
      fs.rmSync(kept, { recursive: true, force: true });
      fs.mkdirSync(kept, { recursive: true });
      fs.cpSync(path.join(tmp, 'code-server.log'), path.join(kept, 'code-server.log'));
      if (fs.existsSync(path.join(userData, 'logs'))) fs.cpSync(path.join(userData, 'logs'), path.join(kept, 'vscode'), { recursive: true });
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Resolves with the address code-server prints once its HTTP server listens. */
function listeningUrl(child: ChildProcess, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => done(new Error(`code-server did not start listening within ${timeoutMs / 1000}s:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) done(undefined, match[1]);
    };
    const onExit = (code: number | null) => done(new Error(`code-server exited (${code}) before listening:\n${output}`));
    function done(error: Error | undefined, url?: string) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(url!);
    }
    child.stdout?.on('data', onData);
    child.on('exit', onExit);
  });
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
  // Children that outlived code-server (extension host, language server) go with the group.
  signal('SIGKILL');
}
