import type { Span } from '../../model/types';
import type { ShellWord } from '../shellTokens';
import { substituteVariables } from '../variables';

/** A value and the document span that holds it (a flag word or an ENV value), if it is in the file. */
export interface ValueSource {
  readonly value: string;
  readonly span: Span | undefined;
}

/** The value of an option word, expanding `$VAR` from the environment; undefined when it cannot be known. */
export function resolveWord(word: ShellWord | undefined, value: string | undefined, env: (name: string) => ValueSource | undefined): ValueSource | undefined {
  if (!word || value === undefined) return undefined;
  if (!word.expands) return { value, span: { start: word.start, end: word.end } };
  const sub = substituteVariables(value, (n) => env(n)?.value);
  if (sub.unresolved.length > 0) return undefined;
  const single = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(value);
  return { value: sub.value, span: single ? env(single[1]!)?.span : undefined };
}

/** `0.0.0.0:8000`, `[::1]:8000`, `:8000`, `localhost`; undefined for `unix:`/`fd://` sockets. */
export function parseBindAddress(text: string, defaultPort: number): { host: string; port: number | undefined } | undefined {
  if (/^(unix:|fd:\/\/)/.test(text)) return undefined;
  const v6 = /^\[([^\]]*)\](?::(\d+))?$/.exec(text);
  if (v6) return { host: `[${v6[1]}]`, port: v6[2] ? Number(v6[2]) : defaultPort };
  const colon = text.lastIndexOf(':');
  if (colon < 0) return { host: text, port: defaultPort };
  const port = text.slice(colon + 1);
  return { host: text.slice(0, colon), port: /^\d+$/.test(port) ? Number(port) : undefined };
}

export function isLoopback(host: string | undefined): boolean {
  return host !== undefined && /^(localhost|ip6-localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i.test(host);
}

export function toPort(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,5}$/.test(value.trim()) ? Number(value.trim()) : undefined;
}
