import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { FileFacts, fsWorkspace, lintText, mergeSettings, type LintResult, type MldockSettings, type SettingsLayer, type WorkspaceView } from '../../core/src';
import type { ConfigFiles } from './configFiles';

/** Lints documents and keeps the last result per URI and version (hover and code actions reuse it). */
export class DocumentLinter {
  private readonly results = new Map<string, CachedLint>();
  /** Facts about this machine (the driver nvidia-smi reported); the lowest settings layer. */
  host: SettingsLayer | undefined;
  /** Build-context files the rules read, kept across keystrokes and re-read when they change on disk. */
  private readonly files = new FileFacts();

  constructor(private readonly configFiles: ConfigFiles) {}

  /** `editor` are the editor's settings for this document; they override `.mldock.yaml`. */
  lint(document: TextDocument, editor: SettingsLayer | undefined): LintResult {
    const filePath = toFilePath(document.uri);
    const dir = filePath ? path.dirname(filePath) : undefined;
    const config = dir ? this.configFiles.forDirectory(dir) : undefined;
    const layers: Layers = [this.host, config?.settings, editor];
    const cached = this.results.get(document.uri);
    // The layers are kept objects (replaced when a setting or file changes): while they are the same
    // ones, so are the merged settings, without merging and serialising them on every keystroke.
    const same = cached !== undefined && cached.layers.every((layer, i) => layer === layers[i]);
    const settings = same ? cached.settings : mergeSettings(...layers);
    const settingsKey = same ? cached.settingsKey : JSON.stringify(settings);
    if (cached && cached.version === document.version && cached.settingsKey === settingsKey) return cached.result;
    const result = lintText(document.getText(), {
      settings,
      workspace: dir && filePath ? fsWorkspace(dir, path.basename(filePath), this.files) : undefined,
      // Typing changes one place: instructions before it are taken from the last analysis.
      previous: cached?.result,
    });
    this.results.set(document.uri, { version: document.version, layers, settings, settingsKey, result });
    return result;
  }

  /** The build context of a document on disk (its directory), for hovers that read copied files. */
  workspaceFor(uri: string): WorkspaceView | undefined {
    const filePath = toFilePath(uri);
    return filePath ? fsWorkspace(path.dirname(filePath), undefined, this.files) : undefined;
  }

  /** The cached result for exactly this version, if any. */
  cached(document: TextDocument): LintResult | undefined {
    const cached = this.results.get(document.uri);
    return cached?.version === document.version ? cached.result : undefined;
  }

  forget(uri: string): void {
    this.results.delete(uri);
  }

  clear(): void {
    this.results.clear();
    this.files.clear();
  }
}

type Layers = [host: SettingsLayer | undefined, config: SettingsLayer | undefined, editor: SettingsLayer | undefined];

interface CachedLint {
  readonly version: number;
  readonly layers: Layers;
  readonly settings: MldockSettings;
  readonly settingsKey: string;
  readonly result: LintResult;
}

function toFilePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
