import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { findConfigFile, loadConfigFile, RULE_IDS, type LoadedConfig } from '../../core/src';

/**
 * `.mldock.yaml` files found above open Dockerfiles, cached until a watched file changes.
 * A malformed file gives diagnostics on the file itself and the defaults, never a failure.
 */
export class ConfigFiles {
  private readonly cache = new Map<string, LoadedConfig | undefined>();
  /** Which config file each directory found (only while the client reports config files changing). */
  private readonly lookups = new Map<string, string | undefined>();
  /**
   * True when the client watches `.mldock.yaml` files for us: then a directory's lookup is kept until
   * one is created, changed or deleted (clear()), instead of walking up the tree on every keystroke.
   */
  watched = false;

  constructor(private readonly publish: (uri: string, diagnostics: Diagnostic[]) => void) {}

  /** The config that applies to a Dockerfile in `dir`, if any. */
  forDirectory(dir: string): LoadedConfig | undefined {
    const file = this.find(dir);
    if (!file) return undefined;
    if (!this.cache.has(file)) {
      let loaded: LoadedConfig | undefined;
      try {
        loaded = loadConfigFile(file, RULE_IDS);
      } catch (error) {
        loaded = { path: file, settings: {}, problems: [{ message: `Cannot read ${path.basename(file)}: ${(error as Error).message}`, line: 0, column: 0 }] };
      }
      this.cache.set(file, loaded);
      this.publish(pathToFileURL(file).href, (loaded?.problems ?? []).map((p) => ({
        range: { start: { line: p.line, character: p.column }, end: { line: p.line, character: Number.MAX_SAFE_INTEGER } },
        severity: DiagnosticSeverity.Error,
        source: 'mldock',
        code: 'config',
        message: p.message,
      })));
    }
    return this.cache.get(file);
  }

  clear(): void {
    this.cache.clear();
    this.lookups.clear();
  }

  private find(dir: string): string | undefined {
    if (!this.watched) return findConfigFile(dir);
    if (!this.lookups.has(dir)) this.lookups.set(dir, findConfigFile(dir));
    return this.lookups.get(dir);
  }
}
