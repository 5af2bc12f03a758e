import type { ShellWord } from '../shellTokens';

/** A parsed command-line option: `--index-url URL`, `--index-url=URL`, `-rreq.txt`, `-y`. */
export interface ParsedOption {
  /** Canonical name from the spec (`--index-url`), or the word itself when unknown. */
  readonly name: string;
  readonly word: ShellWord;
  /** The value (for options that take one), as written; attached values share the option's word. */
  readonly value: string | undefined;
  readonly valueWord: ShellWord | undefined;
}

export interface OptionSpec {
  /** Canonical long name → takes a value. */
  readonly long: Readonly<Record<string, boolean>>;
  /** Short letter → canonical long name. */
  readonly short: Readonly<Record<string, string>>;
  /** Accept unambiguous prefixes of long options, as Python's optparse/argparse do (pip, conda). */
  readonly prefixes?: boolean;
}

export interface ParsedArgs {
  readonly options: readonly ParsedOption[];
  readonly positionals: readonly ShellWord[];
}

/** Parses GNU/optparse-style arguments against a spec; unknown options are kept, never fatal. */
export function parseOptions(args: readonly ShellWord[], spec: OptionSpec): ParsedArgs {
  const options: ParsedOption[] = [];
  const positionals: ShellWord[] = [];
  let onlyPositionals = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const v = word.value;
    if (onlyPositionals || !v.startsWith('-') || v === '-') {
      positionals.push(word);
      continue;
    }
    if (v === '--') {
      onlyPositionals = true;
      continue;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const written = eq >= 0 ? v.slice(0, eq) : v;
      const name = resolveLong(written, spec);
      const takesValue = name !== undefined && spec.long[name] === true;
      if (takesValue && eq >= 0) {
        options.push({ name, word, value: v.slice(eq + 1), valueWord: word });
      } else if (takesValue) {
        const next = args[i + 1];
        options.push({ name, word, value: next?.value, valueWord: next });
        i++;
      } else {
        options.push({ name: name ?? written, word, value: eq >= 0 ? v.slice(eq + 1) : undefined, valueWord: undefined });
      }
      continue;
    }
    // short options, possibly combined (-qqy) or with an attached value (-rreq.txt)
    for (let k = 1; k < v.length; k++) {
      const letter = v[k]!;
      const name = spec.short[letter] ?? `-${letter}`;
      if (spec.long[name] === true) {
        const attached = v.slice(k + 1);
        if (attached) {
          options.push({ name, word, value: attached.replace(/^=/, ''), valueWord: word });
        } else {
          const next = args[i + 1];
          options.push({ name, word, value: next?.value, valueWord: next });
          i++;
        }
        break;
      }
      options.push({ name, word, value: undefined, valueWord: undefined });
    }
  }
  return { options, positionals };
}

function resolveLong(written: string, spec: OptionSpec): string | undefined {
  if (written in spec.long) return written;
  if (!spec.prefixes) return undefined;
  const candidates = Object.keys(spec.long).filter((name) => name.startsWith(written));
  return candidates.length === 1 ? candidates[0] : undefined;
}

export function hasOption(parsed: ParsedArgs, ...names: string[]): boolean {
  return parsed.options.some((o) => names.includes(o.name));
}

export function optionValues(parsed: ParsedArgs, ...names: string[]): ParsedOption[] {
  return parsed.options.filter((o) => names.includes(o.name) && o.value !== undefined);
}
