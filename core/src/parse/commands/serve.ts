import type { Span } from '../../model/types';
import type { ResolvedProgram } from '../shellCommands';
import type { ShellWord } from '../shellTokens';
import { SERVERS, type ServerInput } from './servers';

import type { ValueSource } from './bindAddress';

export { isLoopback } from './bindAddress';

/**
 * What MLDock knows about the server a container runs (uvicorn, gunicorn, flask run, streamlit,
 * jupyter, vLLM, Triton …): where it listens, where that setting came from, and whether it runs in a
 * development mode. Unknown stays unknown: a config file MLDock cannot see makes defaults unreliable.
 */
export type ServerKind =
  | 'uvicorn' | 'gunicorn' | 'hypercorn' | 'flask' | 'django' | 'http.server' | 'fastapi' | 'streamlit'
  | 'gradio' | 'jupyter' | 'torchserve' | 'tritonserver' | 'vllm' | 'tgi' | 'mlflow' | 'tensorboard';

export interface ServerCommand {
  readonly kind: ServerKind;
  /** How users name it: `uvicorn`, `flask run`, `python -m http.server`. */
  readonly label: string;
  /** The server is a Python program (so the image has Python). */
  readonly python: boolean;
  /** The word after which options can be inserted (the program, or its subcommand such as `run`). */
  readonly anchor: ShellWord;
  /** TCP addresses it listens on; empty when it uses a socket or MLDock cannot tell. */
  readonly binds: readonly ServerBind[];
  /** A config file the Dockerfile does not show may change host and port, so defaults are not reliable. */
  readonly configurable: boolean;
  readonly devMode: readonly DevReason[];
  /** Words that make it listen on all interfaces when inserted after `anchor`; undefined when none apply. */
  readonly bindAll: readonly string[] | undefined;
  /** A health endpoint the server itself provides (`/health` for vLLM), if any. */
  readonly healthPath: string | undefined;
}

export interface ServerBind {
  /** Listen address (`0.0.0.0`, `127.0.0.1`, `''` = all interfaces); undefined when unknown. */
  readonly host: string | undefined;
  readonly port: number | undefined;
  readonly hostOrigin: BindOrigin;
  readonly portOrigin: BindOrigin;
}

export interface BindOrigin {
  readonly kind: 'flag' | 'env' | 'default';
  /** For messages: `--host 127.0.0.1`, `UVICORN_HOST`, `uvicorn's default`. */
  readonly label: string;
  /** Document span that holds the value (the flag word or the ENV value); undefined for defaults. */
  readonly span: Span | undefined;
}

export interface DevReason {
  readonly reason: string;
  readonly span: Span;
}

/** A runtime environment variable: its value and where it is set (an ENV value), if in this file. */
export type EnvValue = ValueSource;

export type EnvLookup = (name: string) => EnvValue | undefined;

export interface ServeHints {
  /** True unless MLDock knows that none of these config files can exist in the container's working directory. */
  mayHaveConfig(files: readonly string[]): boolean;
  /** Family of the base image (`jupyter` images ship a server config that listens on all interfaces). */
  readonly baseFamily: string | undefined;
}

/** `python -u -m uvicorn …`: the module or script Python runs, and whether output is unbuffered. */
export interface PythonInvocation {
  readonly module: string | undefined;
  readonly script: string | undefined;
  /** The `-m` module word or the script word. */
  readonly target: ShellWord | undefined;
  readonly args: readonly ShellWord[];
  readonly unbuffered: boolean;
}

const PYTHON = /^python(\d+(\.\d+)?)?$/;
const PYTHON_VALUE_OPTIONS = new Set(['-X', '-W', '-Q']);

export function isPythonProgram(name: string): boolean {
  return PYTHON.test(name);
}

export function pythonInvocation(program: ResolvedProgram): PythonInvocation | undefined {
  if (!isPythonProgram(program.name)) return undefined;
  let unbuffered = false;
  const args = program.args;
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === '-m') return { module: args[i + 1]?.value, script: undefined, target: args[i + 1], args: args.slice(i + 2), unbuffered };
    if (v.startsWith('-m') && v.length > 2) return { module: v.slice(2), script: undefined, target: args[i], args: args.slice(i + 1), unbuffered };
    if (v === '-c' || v === '-') return { module: undefined, script: undefined, target: undefined, args: args.slice(i + 1), unbuffered };
    if (PYTHON_VALUE_OPTIONS.has(v)) { i++; continue; }
    if (v.startsWith('-') && v.length > 1) {
      if (/^-[a-zA-Z]+$/.test(v) && v.includes('u')) unbuffered = true;
      continue;
    }
    return { module: undefined, script: v, target: args[i], args: args.slice(i + 1), unbuffered };
  }
  return { module: undefined, script: undefined, target: undefined, args: [], unbuffered };
}

/** Recognises the server a resolved command starts, directly or through `python -m`. */
export function recogniseServer(program: ResolvedProgram, env: EnvLookup, hints: ServeHints): ServerCommand | undefined {
  const lookup: EnvLookup = (name) => {
    const inline = program.env.get(name);
    return inline !== undefined ? { value: inline, span: undefined } : env(name);
  };
  const python = pythonInvocation(program);
  if (python) {
    if (python.module && python.target) {
      const module = python.module === 'jupyterlab' ? 'jupyter-lab' : python.module;
      const recognise = SERVERS[module];
      return recognise?.(input(python.target, python.args, `python -m ${python.module}`, lookup, hints));
    }
    if (python.script && python.target && /(^|\/)manage\.py$/.test(python.script)) {
      return SERVERS['manage.py']?.(input(python.target, python.args, 'manage.py', lookup, hints));
    }
    return undefined;
  }
  if (!program.word) return undefined;
  const recognise = Object.hasOwn(SERVERS, program.name) ? SERVERS[program.name] : undefined;
  return recognise?.(input(program.word, program.args, program.name, lookup, hints));
}

function input(word: ShellWord, args: readonly ShellWord[], label: string, env: EnvLookup, hints: ServeHints): ServerInput {
  return { word, args, label, env, hints };
}
