import { condaRunTarget } from '../parse/commands/conda';
import { isPythonProgram, pythonInvocation, recogniseServer, type EnvValue, type ServerCommand } from '../parse/commands/serve';
import { parseShellCommands, resolveProgram, type ResolvedProgram, type ShellCommand } from '../parse/shellCommands';
import type { ShellWord } from '../parse/shellTokens';
import { substituteVariables } from '../parse/variables';
import type { WorkspaceView } from '../workspace';
import { isInFinalImage, lookupStageVariable, resolveGlobalArgs, stageAncestry } from './stages';
import { rootFacts } from './installedTools';
import type { AnalyzedDocument, Instruction } from './types';

/**
 * What the final image runs when the container starts: the effective ENTRYPOINT/CMD, the program
 * behind wrappers (tini, gosu, `conda run`, `sh -c "exec …"`, an entrypoint script with `exec "$@"`),
 * and the server MLDock recognises in it. Computed once per document (and workspace) and shared by
 * the serving rules.
 */
export interface Serving {
  readonly entrypoint: Instruction | undefined;
  readonly cmd: Instruction | undefined;
  /** The main program, after wrappers; undefined when the image runs nothing MLDock can see. */
  readonly program: ResolvedProgram | undefined;
  /** The instruction holding the program's words (for edits), and whether they are JSON (exec form). */
  readonly instruction: Instruction | undefined;
  readonly execForm: boolean;
  readonly server: ServerCommand | undefined;
  /** The container's main process is Python (a Python server, or `python …`). */
  readonly runsPython: boolean;
  /** `python -u`. */
  readonly unbuffered: boolean;
  /** The command switches user itself (gosu, su-exec, setpriv, runuser, su). */
  readonly dropsPrivileges: boolean;
  /** A reverse proxy starts next to the server (`uvicorn --host 127.0.0.1 & nginx …`): it, not the server, faces the network. */
  readonly behindProxy: boolean;
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh']);
const PROXIES = new Set(['nginx', 'caddy', 'envoy', 'haproxy', 'traefik', 'httpd', 'apache2']);
const PRIVILEGE_DROPPERS = new Set(['gosu', 'su-exec', 'setpriv', 'runuser', 'su', 'chroot', 's6-setuidgid', 'chpst']);

const cache = new WeakMap<AnalyzedDocument, { workspace: WorkspaceView | undefined; serving: Serving }>();

export function servingOf(doc: AnalyzedDocument, workspace: WorkspaceView | undefined): Serving {
  const hit = cache.get(doc);
  if (hit && hit.workspace === workspace) return hit.serving;
  const serving = computeServing(doc, workspace);
  cache.set(doc, { workspace, serving });
  return serving;
}

/** The CMD and ENTRYPOINT the final image uses (the last ones, possibly inherited from the stages it builds on). */
export function effectiveCommands(doc: AnalyzedDocument): { entrypoint: Instruction | undefined; cmd: Instruction | undefined } {
  const final = doc.finalStage;
  let cmd: Instruction | undefined;
  let entrypoint: Instruction | undefined;
  for (const stage of final ? stageAncestry(final) : []) {
    const last = (keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).at(-1);
    cmd ??= last('CMD');
    entrypoint = last('ENTRYPOINT');
    // An ENTRYPOINT resets the CMD inherited from further up, so stop at the nearest one.
    if (entrypoint) break;
  }
  return { entrypoint, cmd };
}

/** The last instruction with this keyword in the final image (the one that counts), searching base stages too. */
export function effectiveInstruction(doc: AnalyzedDocument, keyword: string): Instruction | undefined {
  for (const stage of doc.finalStage ? stageAncestry(doc.finalStage) : []) {
    const found = stage.instructions.filter((i) => i.keyword === keyword).at(-1);
    if (found) return found;
  }
  return undefined;
}

/** A variable of the container's environment: the last ENV of the final image (ARGs do not reach runtime). */
export function runtimeEnv(doc: AnalyzedDocument, name: string): EnvValue | undefined {
  const final = doc.finalStage;
  if (!final) return undefined;
  for (const stage of stageAncestry(final)) {
    const property = stage.env.filter((e) => e.name === name).at(-1);
    if (!property) continue;
    const raw = property.value;
    const span = property.property.valueSpan;
    if (!raw.includes('$')) return { value: raw, span };
    const globals = resolveGlobalArgs(doc.globalArgs);
    const sub = substituteVariables(raw, (n) => lookupStageVariable(stage, n, property.instruction.index, globals), doc.escapeChar);
    return sub.unresolved.length > 0 ? undefined : { value: sub.value, span };
  }
  return undefined;
}

function computeServing(doc: AnalyzedDocument, workspace: WorkspaceView | undefined): Serving {
  const { entrypoint, cmd } = effectiveCommands(doc);
  const empty: Serving = { entrypoint, cmd, program: undefined, instruction: undefined, execForm: false, server: undefined, runsPython: false, unbuffered: false, dropsPrivileges: false, behindProxy: false };
  const start = startCommands(entrypoint, cmd);
  if (start.length === 0) return empty;
  const candidates = start.flatMap((c) => peel(c, 0));
  const dropsPrivileges = candidates.some((p) => p.wrappers.some((w) => PRIVILEGE_DROPPERS.has(w)) || PRIVILEGE_DROPPERS.has(p.name));
  const behindProxy = candidates.some((p) => PROXIES.has(p.name));
  const root = rootFacts(doc);
  // A config file gets into the image by name (COPY, RUN … > file) or with a copy of the build context.
  const copiesContext = doc.stages.filter((s) => isInFinalImage(s, doc.finalStage))
    .some((s) => s.instructions.some((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && !i.flags.some((f) => f.name === 'from')));
  const hints = {
    baseFamily: root?.family,
    mayHaveConfig: (files: readonly string[]) => files.some((f) => doc.text.includes(f.split('/').pop()!) || (copiesContext && (!workspace || workspace.exists(f)))),
  };
  const env = (name: string) => runtimeEnv(doc, name);
  let program: ResolvedProgram | undefined;
  let server: ServerCommand | undefined;
  for (const candidate of candidates) {
    server = recogniseServer(candidate, env, hints);
    if (server) {
      program = candidate;
      break;
    }
  }
  program ??= candidates.filter((c) => c.word).at(-1);
  if (!program?.word) return { ...empty, dropsPrivileges, behindProxy };
  const instruction = doc.instructions.find((i) => i.start <= program!.word!.start && program!.word!.end <= i.end);
  const python = pythonInvocation(program);
  return {
    entrypoint,
    cmd,
    program,
    instruction,
    execForm: instruction?.execForm !== undefined,
    server,
    runsPython: server?.python ?? (python !== undefined ? python.script !== undefined || python.module !== undefined : launchesPython(program)),
    unbuffered: python?.unbuffered ?? false,
    dropsPrivileges,
    behindProxy,
  };
}

/** Training launchers: torchrun and friends start Python themselves; horovodrun and mpirun run the command they are given. */
const PYTHON_LAUNCHERS = new Set(['torchrun', 'accelerate', 'deepspeed', 'ray']);
const COMMAND_LAUNCHERS = new Set(['horovodrun', 'mpirun', 'mpiexec', 'srun']);

function launchesPython(program: ResolvedProgram): boolean {
  if (PYTHON_LAUNCHERS.has(program.name)) return true;
  return COMMAND_LAUNCHERS.has(program.name) && program.args.some((a) => isPythonProgram(a.value.slice(a.value.lastIndexOf('/') + 1)));
}

/** The container's argv as shell commands: a shell-form ENTRYPOINT/CMD's script, or the exec-form words. */
function startCommands(entrypoint: Instruction | undefined, cmd: Instruction | undefined): ShellCommand[] {
  if (entrypoint && !entrypoint.execForm) return [...(entrypoint.scripts[0]?.commands ?? [])];
  const words = entrypoint?.execForm ? entrypoint.execForm.map(jsonWord) : [];
  if (cmd?.execForm) words.push(...cmd.execForm.map(jsonWord));
  else if (cmd) {
    // `CMD python app.py` after an exec-form ENTRYPOINT becomes `… /bin/sh -c "python app.py"`
    if (words.length === 0) return [...(cmd.scripts[0]?.commands ?? [])];
    return (cmd.scripts[0]?.commands ?? []).map((c) => ({ ...c, argv: [...words, ...c.argv] }));
  }
  return words.length > 0 ? [command(words)] : [];
}

function jsonWord(arg: { value: string; start: number; end: number }): ShellWord {
  return { value: arg.value, start: arg.start, end: arg.end, quoted: true, expands: false };
}

function command(argv: ShellWord[]): ShellCommand {
  return { argv, assignments: [], redirects: [], start: argv[0]?.start ?? 0, end: argv.at(-1)?.end ?? 0, before: null, after: null, index: 0, nested: false };
}

/** Looks through `conda run`, micromamba's `_entrypoint.sh`, `sh -c "…"` and entrypoint scripts that end in `exec "$@"`. */
function peel(start: ShellCommand, depth: number): ResolvedProgram[] {
  let program = resolveProgram(start);
  for (let guard = 0; guard < 6 && depth < 4; guard++) {
    const inner = condaRunTarget(program);
    if (inner && inner.length > 0) {
      program = merge(program, resolveProgram(command([...inner])));
      continue;
    }
    if (SHELLS.has(program.name)) {
      const c = program.args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a.value));
      const script = c >= 0 ? program.args[c + 1] : undefined;
      if (!script) return [program];
      return parseShellCommands(script.value).flatMap((sc) => peel(offsetCommand(sc, script), depth + 1)).map((p) => merge(program, p));
    }
    const isScript = program.name === '_entrypoint.sh' || /\.sh$|entrypoint/.test(program.name);
    if (isScript && program.args.length > 0) {
      program = merge(program, resolveProgram(command([...program.args])));
      continue;
    }
    break;
  }
  return [program];
}

/** Keeps the outer command's wrappers and environment on the inner one. */
function merge(outer: ResolvedProgram, inner: ResolvedProgram): ResolvedProgram {
  return { ...inner, wrappers: [...outer.wrappers, outer.name, ...inner.wrappers], env: new Map([...outer.env, ...inner.env]) };
}

/** Maps words parsed from inside a JSON string back to the document when the string has no escapes. */
function offsetCommand(c: ShellCommand, container: ShellWord): ShellCommand {
  const exact = container.quoted && container.end - container.start === container.value.length + 2;
  const base = container.start + 1;
  const map = (w: ShellWord): ShellWord => (exact ? { ...w, start: base + w.start, end: base + w.end } : { ...w, start: container.start, end: container.end });
  return { ...c, argv: c.argv.map(map), assignments: c.assignments.map(map), start: exact ? base + c.start : container.start, end: exact ? base + c.end : container.end };
}

export { isPythonProgram };
