import * as vscode from 'vscode';
import { besideName, freeName, mergeDockerignore, planWrites, type PlannedWrite, type Resolution } from '../../../core/src/scaffold';

const PROPOSED_SCHEME = 'mldock-proposed';

interface Choice extends vscode.QuickPickItem {
  readonly action: Resolution | 'compare' | 'cancel';
}

/**
 * Writes generated files without ever overwriting one silently: for each file that exists the user
 * compares (diff editor), overwrites, writes beside it, merges (.dockerignore), keeps it, or cancels
 * everything. Proposed contents are served read-only under the `mldock-proposed:` scheme for the diff.
 */
export class ScaffoldWriter implements vscode.Disposable {
  private readonly proposals = new Map<string, string>();
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, { provideTextDocumentContent: (uri) => this.proposals.get(uri.toString()) ?? '' });
  }

  dispose(): void {
    this.registration.dispose();
    this.proposals.clear();
  }

  /** Current contents of the files that exist, by relative path. */
  async existing(folder: vscode.Uri, paths: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    await Promise.all(paths.map(async (p) => {
      try {
        found.set(p, new TextDecoder().decode(await vscode.workspace.fs.readFile(uri(folder, p))));
      } catch {
        // does not exist (or cannot be read: then writing it would fail too, and says so)
      }
    }));
    return found;
  }

  /** Asks what to do with one existing file; undefined when the user cancels the whole scaffold. */
  async resolve(folder: vscode.Uri, path: string, proposed: string, current: string, taken: ReadonlySet<string>): Promise<Resolution | undefined> {
    const beside = freeName(besideName(path), taken);
    const merged = path === '.dockerignore' ? mergeDockerignore(current) : undefined;
    const items: Choice[] = [
      { label: '$(diff) Compare', detail: `Open the existing ${path} next to MLDock's version`, action: 'compare' },
      ...(merged !== undefined ? [{ label: '$(add) Add Missing Entries', detail: 'Keep your lines and append the patterns MLDock adds that it lacks', action: 'merge' as const }] : []),
      { label: '$(replace) Overwrite', detail: `Replace ${path} with MLDock's version`, action: 'overwrite' },
      { label: '$(new-file) Write Beside', description: beside, detail: `Keep ${path} and write MLDock's version as ${beside}`, action: 'beside' },
      { label: '$(circle-slash) Keep Existing', detail: merged === undefined && path === '.dockerignore' ? 'It already has every pattern MLDock adds' : `Leave ${path} as it is and skip MLDock's version`, action: 'skip' },
      { label: '$(close) Cancel', detail: 'Write nothing at all', action: 'cancel' },
    ];
    for (;;) {
      const choice = await vscode.window.showQuickPick(items, { title: `MLDock: ${path} already exists`, placeHolder: `${path} exists in ${folder.path.split('/').pop()}: what should MLDock do?`, ignoreFocusOut: true });
      if (!choice || choice.action === 'cancel') return undefined;
      if (choice.action !== 'compare') return choice.action;
      await this.compare(folder, path, proposed);
    }
  }

  private async compare(folder: vscode.Uri, path: string, proposed: string): Promise<void> {
    const right = vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: `/${path}`, query: folder.toString() });
    this.proposals.set(right.toString(), proposed);
    await vscode.commands.executeCommand('vscode.diff', uri(folder, path), right, `${path} ↔ MLDock`, { preview: true });
  }

  /** The writes for these files, asking about each one that exists; undefined when cancelled. */
  async plan(folder: vscode.Uri, files: readonly { path: string; content: string }[]): Promise<PlannedWrite[] | undefined> {
    const existing = await this.existing(folder, files.map((f) => f.path));
    const resolutions = new Map<string, Resolution>();
    const taken = new Set([...existing.keys(), ...files.map((f) => f.path)]);
    for (const f of files) {
      const current = existing.get(f.path);
      if (current === undefined) continue;
      if (current === f.content) {
        resolutions.set(f.path, 'skip');
        continue;
      }
      const resolution = await this.resolve(folder, f.path, f.content, current, taken);
      if (!resolution) return undefined;
      resolutions.set(f.path, resolution);
      if (resolution === 'beside') taken.add(freeName(besideName(f.path), taken));
    }
    return planWrites(files, existing, resolutions, mergeDockerignore);
  }

  async write(folder: vscode.Uri, writes: readonly PlannedWrite[]): Promise<vscode.Uri[]> {
    const written: vscode.Uri[] = [];
    for (const w of writes) {
      const target = uri(folder, w.path);
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(w.content));
      written.push(target);
    }
    return written;
  }
}

export function uri(folder: vscode.Uri, path: string): vscode.Uri {
  return vscode.Uri.joinPath(folder, ...path.split('/'));
}
