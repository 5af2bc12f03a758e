import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { ROOT } from './paths';

/**
 * Tokenizes text with MLDock's grammars the way VS Code does: vscode-textmate with the Oniguruma WASM
 * build, grammars and injections wired from package.json's `contributes.grammars` (so a wrong path,
 * scope name or `injectTo` fails the tests), and VS Code's own Dockerfile grammar (shipped in the
 * tm-grammars package) as the base the injection goes into.
 */

interface GrammarContribution {
  readonly language?: string;
  readonly scopeName: string;
  readonly path: string;
  readonly injectTo?: readonly string[];
}

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { grammars?: GrammarContribution[] } };
export const GRAMMAR_CONTRIBUTIONS: readonly GrammarContribution[] = pkg.contributes.grammars ?? [];

/** Grammars VS Code itself provides, which the extension's injection targets. */
const BUILT_IN: Readonly<Record<string, string>> = {
  'source.dockerfile': require.resolve('tm-grammars/grammars/docker.json'),
};

function grammarFile(scopeName: string): string | undefined {
  const contributed = GRAMMAR_CONTRIBUTIONS.find((g) => g.scopeName === scopeName);
  return contributed ? path.join(ROOT, contributed.path) : BUILT_IN[scopeName];
}

const registries = new Map<boolean, vsctm.Registry>();
let onigLib: Promise<vsctm.IOnigLib> | undefined;

/** The Oniguruma WASM module, loaded once per process (loadWASM refuses a second call). */
function getOnigLib(): Promise<vsctm.IOnigLib> {
  onigLib ??= oniguruma.loadWASM(fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'))).then(() => ({
    createOnigScanner: (sources: string[]) => oniguruma.createOnigScanner(sources),
    createOnigString: (s: string) => oniguruma.createOnigString(s),
  }));
  return onigLib;
}

/** One registry with the contributed injections (as in VS Code) and one without (the base grammars alone). */
function getRegistry(injections: boolean): vsctm.Registry {
  const existing = registries.get(injections);
  if (existing) return existing;
  const registry = new vsctm.Registry({
    onigLib: getOnigLib(),
    async loadGrammar(scopeName) {
      const file = grammarFile(scopeName);
      if (!file) return null;
      return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
    getInjections(scopeName) {
      return injections ? GRAMMAR_CONTRIBUTIONS.filter((g) => g.injectTo?.includes(scopeName)).map((g) => g.scopeName) : [];
    },
  });
  registries.set(injections, registry);
  return registry;
}

export async function loadGrammar(scopeName: string, options: { injections?: boolean } = {}): Promise<vsctm.IGrammar> {
  const grammar = await getRegistry(options.injections ?? true).loadGrammar(scopeName);
  if (!grammar) throw new Error(`no grammar for ${scopeName}`);
  return grammar;
}

export interface Token {
  readonly line: number;
  readonly start: number;
  readonly text: string;
  /** Scopes without the grammar's root scope. */
  readonly scopes: readonly string[];
}

export async function tokenize(scopeName: string, text: string, options: { injections?: boolean } = {}): Promise<Token[][]> {
  const grammar = await loadGrammar(scopeName, options);
  let state = vsctm.INITIAL;
  return text.split(/\r?\n/).map((lineText, line) => {
    const result = grammar.tokenizeLine(lineText, state);
    state = result.ruleStack;
    // Adjacent tokens with the same scopes are one token to a theme (VS Code merges them too).
    const tokens: Token[] = [];
    for (const t of result.tokens) {
      const scopes = t.scopes.filter((s) => s !== scopeName);
      const text = lineText.slice(t.startIndex, t.endIndex);
      const last = tokens.at(-1);
      if (last && last.scopes.join(' ') === scopes.join(' ')) tokens[tokens.length - 1] = { ...last, text: last.text + text };
      else tokens.push({ line, start: t.startIndex, text, scopes });
    }
    return tokens;
  });
}

/**
 * A readable record of every token: each line of the text, then a caret line per token that has scopes.
 * Kept next to the fixtures as the expected result, so any scope change shows up as a diff.
 */
export function scopeReport(text: string, lines: readonly (readonly Token[])[]): string {
  const source = text.split(/\r?\n/);
  const out: string[] = [];
  lines.forEach((tokens, i) => {
    out.push(`${String(i + 1).padStart(3)} | ${source[i] ?? ''}`);
    for (const t of tokens) {
      if (t.scopes.length === 0 || t.text.trim() === '' && t.scopes.every((s) => s.startsWith('meta.'))) continue;
      out.push(`    | ${' '.repeat(t.start)}${'^'.repeat(Math.max(1, t.text.length))} ${t.scopes.join(' ')}`);
    }
  });
  return `${out.join('\n')}\n`;
}

/** Scopes of the token(s) covering the first occurrence of `needle` in line `line` (0-based); fails if they differ. */
export function scopesOf(lines: readonly (readonly Token[])[], line: number, needle: string, occurrence = 0): readonly string[] {
  const tokens = lines[line];
  if (!tokens) throw new Error(`no line ${line}`);
  const text = tokens.map((t) => t.text).join('');
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`"${needle}" is not on line ${line}: ${text}`);
  const covering = tokens.filter((t) => t.start < at + needle.length && t.start + t.text.length > at);
  const first = covering[0]!.scopes.join(' ');
  if (covering.some((t) => t.scopes.join(' ') !== first)) {
    throw new Error(`"${needle}" spans tokens with different scopes: ${covering.map((t) => `${t.text}=${t.scopes.join(' ')}`).join(' | ')}`);
  }
  return covering[0]!.scopes;
}
