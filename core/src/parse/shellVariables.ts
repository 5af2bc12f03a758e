/**
 * Where a script or an instruction reads variables (`$X`, `${X}`, `${X:-default}`), honouring the
 * quoting rules shared by POSIX shells and the Dockerfile builder: nothing inside single quotes is
 * expanded, and an escaped `$` is literal. Used for ARG scope checks (ML002).
 */
export interface VariableRead {
  readonly name: string;
  /** Offsets of `$…` in the scanned text (end exclusive). */
  readonly start: number;
  readonly end: number;
  /** `${X:-…}`, `${X-…}`, `${X:=…}`, `${X:+…}`, `${#X}`: an unset X does not leave a hole. */
  readonly hasDefault: boolean;
}

export interface ScanOptions {
  /** The escape character (`\` for shells; the Dockerfile's, possibly a backtick, for builder instructions). */
  readonly escape: string;
  /** Shell comments (`# …` at the start of a word) are not expanded. */
  readonly comments: boolean;
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

export function scanVariableReads(text: string, options: ScanOptions): VariableRead[] {
  const reads: VariableRead[] = [];
  let inDouble = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === options.escape) {
      i++;
      continue;
    }
    if (ch === "'" && !inDouble) {
      const close = text.indexOf("'", i + 1);
      i = close < 0 ? text.length : close;
      continue;
    }
    if (ch === '"') {
      inDouble = !inDouble;
      continue;
    }
    if (ch === '#' && options.comments && !inDouble && (i === 0 || /[\s;&|()]/.test(text[i - 1]!))) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (ch !== '$') continue;
    const read = readAt(text, i);
    if (read) reads.push(read);
  }
  return reads;
}

function readAt(text: string, i: number): VariableRead | undefined {
  if (text[i + 1] === '{') {
    const length = text[i + 2] === '#';
    NAME.lastIndex = i + (length ? 3 : 2);
    const m = NAME.exec(text);
    if (!m) return undefined;
    const after = NAME.lastIndex;
    const close = text.indexOf('}', after);
    const op = text.slice(after, after + 2);
    const hasDefault = length || /^:?[-=+?]/.test(op);
    return { name: m[0], start: i, end: close < 0 ? text.length : close + 1, hasDefault };
  }
  NAME.lastIndex = i + 1;
  const m = NAME.exec(text);
  return m ? { name: m[0], start: i, end: NAME.lastIndex, hasDefault: false } : undefined;
}

/** Names a shell script sets itself (`X=…`, `export X`, `for X in`, `read X`, `local X`), so reads of them are its own. */
export function shellAssignedNames(text: string): Set<string> {
  const names = new Set<string>();
  const patterns = [
    /(?:^|[\s;&|(])(?:(?:export|local|readonly|typeset|declare)\s+(?:-\w+\s+)*)?([A-Za-z_][A-Za-z0-9_]*)\+?=/g,
    /(?:^|[\s;&|(])(?:export|local|readonly|typeset|declare)\s+(?:-\w+\s+)*([A-Za-z_][A-Za-z0-9_]*)(?=\s|$|;)/g,
    /(?:^|[\s;&|(])(?:for|select)\s+([A-Za-z_][A-Za-z0-9_]*)\b/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) names.add(m[1]!);
  for (const m of text.matchAll(/(?:^|[\s;&|(])read\s+((?:-\w+\s+)*)([A-Za-z_][A-Za-z0-9_ \t]*)/g)) {
    for (const n of m[2]!.trim().split(/\s+/)) names.add(n);
  }
  return names;
}
