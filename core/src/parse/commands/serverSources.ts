import type { ShellWord } from '../shellTokens';
import { parseBindAddress, resolveWord, toPort, type ValueSource } from './bindAddress';
import type { ParsedArgs } from './options';
import type { BindOrigin, DevReason, EnvLookup, ServeHints, ServerBind, ServerCommand, ServerKind } from './serve';

// Shared pieces of the server recognisers (webServers.ts, mlServers.ts): where a setting comes from.

/** What a recogniser sees: the server's word, its arguments, the runtime environment. */
export interface ServerInput {
  /** The program word (`uvicorn`) or the module word of `python -m uvicorn`. */
  readonly word: ShellWord;
  readonly args: readonly ShellWord[];
  readonly label: string;
  readonly env: EnvLookup;
  readonly hints: ServeHints;
}

export type Recogniser = (input: ServerInput) => ServerCommand | undefined;

export const TRUE = /^(1|true|yes|on)$/i;

export interface Source extends ValueSource {
  readonly label: string;
  readonly kind: BindOrigin['kind'];
}

export function optionSource(parsed: ParsedArgs, env: EnvLookup, ...names: string[]): Source | undefined {
  const option = parsed.options.filter((o) => names.includes(o.name) && o.value !== undefined).at(-1);
  if (!option) return undefined;
  const resolved = resolveWord(option.valueWord, option.value, env);
  const label = option.valueWord === option.word ? option.word.value : `${option.word.value} ${option.value}`;
  return resolved ? { ...resolved, label, kind: 'flag' } : { value: '', span: undefined, label, kind: 'flag' };
}

export function envSource(env: EnvLookup, name: string): Source | undefined {
  const v = env(name);
  return v ? { ...v, label: name, kind: 'env' } : undefined;
}

export function origin(source: Source | undefined, fallback: string): BindOrigin {
  return source ? { kind: source.kind, label: source.label, span: source.span } : { kind: 'default', label: fallback, span: undefined };
}

/** Host and port from separate settings (`--host`/`--port` or env), with the server's defaults. */
export function hostPort(host: Source | undefined, port: Source | undefined, defaults: { host: string; port: number; label: string }): ServerBind {
  const unknownHost = host !== undefined && host.span === undefined && host.value === '' && host.kind === 'flag';
  return {
    host: unknownHost ? undefined : host ? host.value : defaults.host,
    port: port ? toPort(port.value) : defaults.port,
    hostOrigin: origin(host, `${defaults.label}'s default (${defaults.host || 'all interfaces'})`),
    portOrigin: origin(port, `${defaults.label}'s default (${defaults.port})`),
  };
}

/** `--bind 0.0.0.0:8000` style settings (gunicorn, hypercorn); one bind per value. */
export function bindSources(sources: Source[], label: string): ServerBind[] {
  const binds: ServerBind[] = [];
  for (const s of sources) {
    const address = parseBindAddress(s.value, 8000);
    if (!address) continue;
    const o = origin(s, label);
    binds.push({ host: s.value === '' ? undefined : address.host, port: address.port, hostOrigin: o, portOrigin: o });
  }
  return binds;
}

export function dev(reason: string, from: ShellWord, to: ShellWord = from): DevReason {
  return { reason, span: { start: from.start, end: to.end } };
}

export function server(kind: ServerKind, input: ServerInput, rest: Partial<ServerCommand> & Pick<ServerCommand, 'binds'>): ServerCommand {
  return { kind, label: input.label, python: true, anchor: input.word, configurable: false, devMode: [], bindAll: undefined, healthPath: undefined, ...rest };
}

/** Options written `--name value` or `--name=value` that the generic parser does not know (streamlit, jupyter). */
export function dottedOption(args: readonly ShellWord[], env: EnvLookup, names: string[]): Source | undefined {
  let found: Source | undefined;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w.value === '--') break;
    const eq = w.value.indexOf('=');
    const name = eq >= 0 ? w.value.slice(0, eq) : w.value;
    if (!names.includes(name)) continue;
    const valueWord = eq >= 0 ? w : args[i + 1];
    const value = eq >= 0 ? w.value.slice(eq + 1) : args[i + 1]?.value;
    const resolved = resolveWord(valueWord, value, env);
    const label = eq >= 0 ? w.value : `${w.value} ${value ?? ''}`.trim();
    found = resolved ? { ...resolved, label, kind: 'flag' } : { value: '', span: undefined, label, kind: 'flag' };
  }
  return found;
}

