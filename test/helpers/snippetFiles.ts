import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './paths';

/** One entry of a VS Code snippets file. */
export interface SnippetEntry {
  readonly name: string;
  readonly prefixes: readonly string[];
  readonly body: string;
  readonly description: string;
  readonly isFileTemplate: boolean;
}

/** Reads `snippets/<file>` as VS Code does (JSON; `body` a string or lines joined with `\n`), checking the shape. */
export function loadSnippets(file: string): SnippetEntry[] {
  const raw: unknown = JSON.parse(fs.readFileSync(path.join(ROOT, 'snippets', file), 'utf8'));
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${file}: not an object of snippets`);
  return Object.entries(raw as Record<string, unknown>).map(([name, value]) => {
    const s = value as { prefix?: unknown; body?: unknown; description?: unknown; isFileTemplate?: unknown };
    const prefixes = typeof s.prefix === 'string' ? [s.prefix] : s.prefix;
    if (!Array.isArray(prefixes) || prefixes.length === 0 || !prefixes.every((p) => typeof p === 'string' && /^[\w#-][\w.-]*$/.test(p))) {
      throw new Error(`${file}: "${name}" needs one or more single-word prefixes`);
    }
    const lines = typeof s.body === 'string' ? [s.body] : s.body;
    if (!Array.isArray(lines) || !lines.every((l) => typeof l === 'string')) throw new Error(`${file}: "${name}" body must be lines of text`);
    if (typeof s.description !== 'string' || s.description.length < 20) throw new Error(`${file}: "${name}" needs a description`);
    if (s.isFileTemplate !== undefined && typeof s.isFileTemplate !== 'boolean') throw new Error(`${file}: "${name}" isFileTemplate must be a boolean`);
    return { name, prefixes: prefixes as string[], body: (lines as string[]).join('\n'), description: s.description, isFileTemplate: s.isFileTemplate === true };
  });
}
