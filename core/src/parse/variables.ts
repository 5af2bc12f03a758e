/**
 * Dockerfile variable substitution (`$X`, `${X}`, `${X:-default}`, `${X-default}`, `${X:+alt}`, `${X+alt}`),
 * as the builder applies it to FROM, COPY, ENV … `lookup` returns the value, or undefined when the
 * variable is not set.
 */
export interface Substitution {
  readonly value: string;
  /** Names of variables that were referenced but not set (so `value` is a guess). */
  readonly unresolved: readonly string[];
  /** Names of all referenced variables. */
  readonly referenced: readonly string[];
}

export interface VariableReference {
  readonly name: string;
  /** Offset of the `$` and end (exclusive) within the searched text. */
  readonly start: number;
  readonly end: number;
  /** `${X:-default}` / `${X-default}` supply a fallback, so an unset X is not an error. */
  readonly hasDefault: boolean;
}

const REFERENCE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])((?:[^{}]|\{[^{}]*\})*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** All variable references in a text, skipping ones escaped with the escape character. */
export function findVariableReferences(text: string, escape = '\\'): VariableReference[] {
  const refs: VariableReference[] = [];
  const re = new RegExp(REFERENCE); // own lastIndex: callers may nest
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > 0 && text[m.index - 1] === escape) continue;
    const op = m[2];
    refs.push({ name: m[1] ?? m[4]!, start: m.index, end: m.index + m[0].length, hasDefault: op === '-' || op === ':-' });
  }
  return refs;
}

export function substituteVariables(text: string, lookup: (name: string) => string | undefined, escape = '\\'): Substitution {
  const unresolved = new Set<string>();
  const referenced = new Set<string>();
  // A fresh regex per call: `lookup` may itself substitute (ARG defaults), which must not reset this scan.
  const re = new RegExp(REFERENCE);
  let out = '';
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > 0 && text[m.index - 1] === escape) continue;
    const name = m[1] ?? m[4]!;
    const op = m[2];
    const word = m[3] ?? '';
    referenced.add(name);
    const value = lookup(name);
    let replacement: string;
    switch (op) {
      case ':-': replacement = value ? value : word; break;
      case '-': replacement = value !== undefined ? value : word; break;
      case ':+': replacement = value ? word : ''; break;
      case '+': replacement = value !== undefined ? word : ''; break;
      default:
        if (value === undefined) unresolved.add(name);
        replacement = value ?? '';
    }
    out += text.slice(last, m.index) + replacement;
    last = m.index + m[0].length;
  }
  out += text.slice(last);
  return { value: out, unresolved: [...unresolved], referenced: [...referenced] };
}
