import { tokenizeShell, type ShellOperator, type ShellWord } from './shellTokens';

/** One simple command of a shell script, e.g. `pip install --no-cache-dir torch` in `a && pip … && b`. */
export interface ShellCommand {
  /** Program and arguments, without leading `VAR=value` assignments, reserved words or redirections. */
  readonly argv: readonly ShellWord[];
  /** Leading `NAME=value` words (environment for this command only). */
  readonly assignments: readonly ShellWord[];
  readonly redirects: readonly { readonly op: string; readonly target: ShellWord | undefined }[];
  /** Logical span of the command, from its first to its last token. */
  readonly start: number;
  readonly end: number;
  /** The operator before this command (null for the first) and after it (null for the last). */
  readonly before: ShellOperator | null;
  readonly after: ShellOperator | null;
  /** Index in the script's command list. */
  readonly index: number;
  /** Inside a compound command (`if`/`while`/`for`/`case`/`{ }`/`( )`), so its status is not simply the script's. */
  readonly nested: boolean;
}

const PREFIX_RESERVED = new Set(['if', 'then', 'elif', 'else', 'do', 'while', 'until', '!', '{', 'time']);
const SUFFIX_RESERVED = new Set(['fi', 'done', 'esac', '}']);
const HEADER_RESERVED = new Set(['for', 'case', 'select', 'function']);
const OPENERS = new Set(['if', 'while', 'until', '{']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;

/** Splits a shell script into its simple commands, in order. Never throws. */
export function parseShellCommands(script: string): ShellCommand[] {
  const tokens = tokenizeShell(script);
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  let redirects: { op: string; target: ShellWord | undefined }[] = [];
  let start = -1;
  let end = -1;
  let before: ShellOperator | null = null;
  let skippingHeader = false;
  // Open compound commands; a `)` inside `case` ends a pattern, not a subshell.
  const open: string[] = [];
  let nestedAtStart = false;
  const begin = (offset: number) => {
    if (start < 0) {
      start = offset;
      nestedAtStart = open.length > 0;
    }
  };

  const flush = (after: ShellOperator | null) => {
    if (!skippingHeader && (words.length > 0 || redirects.length > 0)) {
      const assignments: ShellWord[] = [];
      let k = 0;
      while (k < words.length && ASSIGNMENT.test(words[k]!.value) && !words[k]!.value.startsWith('=')) {
        assignments.push(words[k]!);
        k++;
      }
      commands.push({
        argv: words.slice(k),
        assignments,
        redirects,
        start,
        end,
        before,
        after,
        index: commands.length,
        nested: nestedAtStart,
      });
    }
    words = [];
    redirects = [];
    start = -1;
    end = -1;
    skippingHeader = false;
  };

  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    if (token.kind === 'op') {
      flush(token.op);
      before = token.op;
      if (token.op === '(') open.push('(');
      else if (token.op === ')' && open.at(-1) === '(') open.pop();
      continue;
    }
    if (token.kind === 'redirect') {
      const next = tokens[t + 1];
      const target = next?.kind === 'word' ? next.word : undefined;
      if (target) t++;
      begin(token.start);
      end = target ? target.end : token.end;
      redirects.push({ op: token.op, target });
      continue;
    }
    const word = token.word;
    if (skippingHeader) continue;
    if (words.length === 0 && !word.quoted) {
      if (OPENERS.has(word.value)) open.push(word.value);
      if (SUFFIX_RESERVED.has(word.value)) open.pop();
      if (PREFIX_RESERVED.has(word.value) || SUFFIX_RESERVED.has(word.value)) continue;
      if (HEADER_RESERVED.has(word.value)) {
        if (word.value !== 'function') open.push(word.value);
        skippingHeader = true;
        continue;
      }
    }
    begin(word.start);
    end = word.end;
    words.push(word);
  }
  flush(null);
  return commands;
}

/** `/usr/bin/pip3` → `pip3`. */
export function programName(word: ShellWord | undefined): string {
  if (!word) return '';
  const value = word.value;
  const slash = value.lastIndexOf('/');
  return slash >= 0 ? value.slice(slash + 1) : value;
}

/** Commands that run another command given as their arguments. */
const WRAPPERS: Record<string, { valueOptions: string[]; skipPositionals: number; stopAt?: string }> = {
  sudo: { valueOptions: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T'], skipPositionals: 0 },
  env: { valueOptions: ['-u', '-C', '-S'], skipPositionals: 0 },
  exec: { valueOptions: ['-a'], skipPositionals: 0 },
  nice: { valueOptions: ['-n'], skipPositionals: 0 },
  nohup: { valueOptions: [], skipPositionals: 0 },
  command: { valueOptions: [], skipPositionals: 0 },
  time: { valueOptions: ['-f', '-o'], skipPositionals: 0 },
  stdbuf: { valueOptions: ['-i', '-o', '-e'], skipPositionals: 0 },
  timeout: { valueOptions: ['-s', '-k'], skipPositionals: 1 },
  gosu: { valueOptions: [], skipPositionals: 1 },
  'su-exec': { valueOptions: [], skipPositionals: 1 },
  tini: { valueOptions: ['-s', '-p', '-e'], skipPositionals: 0 },
  'dumb-init': { valueOptions: [], skipPositionals: 0 },
};

export interface ResolvedProgram {
  /** Basename of the program actually run, after wrappers: `pip`, `apt-get`, `conda` … */
  readonly name: string;
  /** The word naming the program. */
  readonly word: ShellWord | undefined;
  /** Its arguments. */
  readonly args: readonly ShellWord[];
  /** Wrappers that were peeled off, outermost first (`sudo`, `env` …). */
  readonly wrappers: readonly string[];
  /** Environment set on the command line (`VAR=x cmd`, `env VAR=x cmd`). */
  readonly env: ReadonlyMap<string, string>;
}

/** Peels wrappers (`sudo`, `env`, `exec`, `timeout 60` …) off a command to find the program it runs. */
export function resolveProgram(command: ShellCommand): ResolvedProgram {
  const env = new Map<string, string>();
  for (const a of command.assignments) addAssignment(env, a.value);
  const wrappers: string[] = [];
  let argv = command.argv;
  for (let guard = 0; guard < 8 && argv.length > 0; guard++) {
    const name = programName(argv[0]);
    const spec = WRAPPERS[name];
    if (!spec) break;
    // `command -v nvidia-smi` only looks the program up; it does not run it.
    if (name === 'command' && /^-[a-zA-Z]*[vV]/.test(argv[1]?.value ?? '')) break;
    wrappers.push(name);
    let k = 1;
    let positionals = spec.skipPositionals;
    while (k < argv.length) {
      const v = argv[k]!.value;
      if (v === '--') {
        k++;
        break;
      }
      if (name === 'env' && ASSIGNMENT.test(v)) {
        addAssignment(env, v);
        k++;
        continue;
      }
      if (v.startsWith('-') && v.length > 1) {
        k += spec.valueOptions.includes(v) ? 2 : 1;
        continue;
      }
      if (positionals > 0) {
        positionals--;
        k++;
        continue;
      }
      break;
    }
    argv = argv.slice(k);
  }
  return { name: programName(argv[0]), word: argv[0], args: argv.slice(1), wrappers, env };
}

function addAssignment(env: Map<string, string>, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq > 0) env.set(assignment.slice(0, eq).replace(/\+$/, ''), assignment.slice(eq + 1));
}
