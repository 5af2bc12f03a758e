/**
 * A small POSIX-shell tokenizer for RUN, CMD, ENTRYPOINT and HEALTHCHECK bodies. It is not a shell:
 * it finds words, operators and redirections well enough to recognise the commands ML images run
 * (pip, apt-get, conda, curl …), and it never throws on malformed input (unterminated quotes simply
 * run to the end).
 */
export interface ShellWord {
  /** The word with quotes removed and backslash escapes resolved; expansions are kept verbatim. */
  readonly value: string;
  /** Logical start index (inclusive) and end index (exclusive). */
  readonly start: number;
  readonly end: number;
  readonly quoted: boolean;
  /** Contains `$…` or backtick expansions, so its runtime value is not known statically. */
  readonly expands: boolean;
}

export type ShellOperator = '&&' | '||' | ';' | ';;' | '|' | '|&' | '&' | '\n' | '(' | ')';

export type ShellToken =
  | { readonly kind: 'word'; readonly word: ShellWord }
  | { readonly kind: 'op'; readonly op: ShellOperator; readonly start: number; readonly end: number }
  | { readonly kind: 'redirect'; readonly op: string; readonly start: number; readonly end: number };

const REDIRECT = /^(\d*)(<<<|<<-|<<|<>|<&|>>|>&|>\||&>>|&>|<|>)/;

export function tokenizeShell(text: string): ShellToken[] {
  const tokens: ShellToken[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '\n') {
      tokens.push({ kind: 'op', op: '\n', start: i, end: i + 1 });
      i++;
      continue;
    }
    if (ch === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    const op = readOperator(text, i);
    if (op) {
      tokens.push({ kind: 'op', op, start: i, end: i + op.length });
      i += op.length;
      continue;
    }
    const redirect = REDIRECT.exec(text.slice(i, i + 8));
    if (redirect && (redirect[1] === '' || /[<>&]/.test(text[i + redirect[1]!.length] ?? ''))) {
      tokens.push({ kind: 'redirect', op: redirect[0], start: i, end: i + redirect[0].length });
      i += redirect[0].length;
      continue;
    }
    const word = readWord(text, i);
    tokens.push({ kind: 'word', word });
    i = word.end > i ? word.end : i + 1;
  }
  return tokens;
}

function readOperator(text: string, i: number): ShellOperator | null {
  const two = text.slice(i, i + 2);
  if (two === '&&' || two === '||' || two === ';;' || two === '|&') return two;
  if (two === '&>') return null; // redirect
  const one = text[i];
  if (one === ';' || one === '|' || one === '(' || one === ')') return one;
  if (one === '&') return '&';
  return null;
}

const WORD_END = new Set([' ', '\t', '\r', '\n', ';', '&', '|', '(', ')', '<', '>']);

function readWord(text: string, start: number): ShellWord {
  const n = text.length;
  let i = start;
  let value = '';
  let quoted = false;
  let expands = false;
  while (i < n) {
    const ch = text[i]!;
    if (WORD_END.has(ch)) {
      // `<(…)`/`>(…)` process substitution and redirections end a word; so do operators
      break;
    }
    if (ch === '\\') {
      if (i + 1 < n) value += text[i + 1];
      quoted = true;
      i += 2;
      continue;
    }
    if (ch === "'") {
      quoted = true;
      const close = text.indexOf("'", i + 1);
      const stop = close < 0 ? n : close;
      value += text.slice(i + 1, stop);
      i = stop + 1;
      continue;
    }
    if (ch === '"') {
      quoted = true;
      i++;
      while (i < n && text[i] !== '"') {
        const c = text[i]!;
        if (c === '\\' && i + 1 < n && '"\\$`\n'.includes(text[i + 1]!)) {
          value += text[i + 1];
          i += 2;
        } else if (c === '$' || c === '`') {
          expands = true;
          const stop = skipExpansion(text, i);
          value += text.slice(i, stop);
          i = stop;
        } else {
          value += c;
          i++;
        }
      }
      i++;
      continue;
    }
    if (ch === '$' || ch === '`') {
      const stop = skipExpansion(text, i);
      if (stop > i + 1 || ch === '`') expands = true;
      value += text.slice(i, stop);
      i = stop;
      continue;
    }
    value += ch;
    i++;
  }
  return { value, start, end: Math.min(i, n), quoted, expands };
}

/** Returns the index just past an expansion starting at `i` (`$X`, `${…}`, `$(…)`, `$((…))`, `` `…` ``). */
export function skipExpansion(text: string, i: number): number {
  const n = text.length;
  if (text[i] === '`') {
    let j = i + 1;
    while (j < n && text[j] !== '`') j += text[j] === '\\' ? 2 : 1;
    return Math.min(j + 1, n);
  }
  const next = text[i + 1];
  if (next === '{') return matchClose(text, i + 1, '{', '}');
  if (next === '(') return matchClose(text, i + 1, '(', ')');
  if (next !== undefined && /[A-Za-z_]/.test(next)) {
    let j = i + 1;
    while (j < n && /[A-Za-z0-9_]/.test(text[j]!)) j++;
    return j;
  }
  if (next !== undefined && /[0-9@*#?$!-]/.test(next)) return i + 2;
  return i + 1;
}

/** Index just past the bracket matching the one at `open`, skipping quotes; end of text if unbalanced. */
function matchClose(text: string, open: number, opener: string, closer: string): number {
  const n = text.length;
  let depth = 0;
  let i = open;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      i = close < 0 ? n : close + 1;
      continue;
    }
    if (ch === '"') {
      i++;
      while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (ch === opener) depth++;
    else if (ch === closer) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return n;
}

/** True when a script ends inside a quote, `$(…)`, `${…}` or backticks: anything appended would join that string. */
export function endsInsideQuote(text: string): boolean {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return true;
      i = close + 1;
      continue;
    }
    if (ch === '"') {
      i++;
      while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      if (i >= n) return true;
      i++;
      continue;
    }
    if (ch === '`' || (ch === '$' && (text[i + 1] === '(' || text[i + 1] === '{'))) {
      const stop = skipExpansion(text, i);
      if (stop >= n && !/[`)}]$/.test(text)) return true;
      i = Math.max(stop, i + 1);
      continue;
    }
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    i++;
  }
  return false;
}
