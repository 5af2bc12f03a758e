/**
 * Expands VS Code snippet bodies the way the editor inserts them when the user accepts every default:
 * placeholders take their default text, choices a chosen option, mirrors and transforms follow their
 * tab stop. The parser is strict where VS Code is lenient on purpose: an unescaped `$NAME` (which VS Code
 * turns into a placeholder named NAME, e.g. `$PATH` in `ENV PATH=/opt/venv/bin:$PATH`) or a `}` without
 * its `{` throws, so a snippet that would insert something else than it shows fails its test.
 * Grammar: https://code.visualstudio.com/docs/editor/userdefinedsnippets#_grammar
 */

export type SnippetNode =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'tabstop'; readonly index: number; readonly children: readonly SnippetNode[] | undefined; readonly choices: readonly string[] | undefined; readonly transform: Transform | undefined };

interface Transform {
  readonly regex: RegExp;
  readonly format: readonly FormatPart[];
}

type FormatPart =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'group'; readonly group: number; readonly ifText?: string; readonly elseText?: string; readonly modifier?: string };

export class SnippetSyntaxError extends Error {}

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): SnippetNode[] {
    const nodes = this.nodes(false);
    if (this.pos < this.src.length) throw this.error('unexpected `}`');
    return nodes;
  }

  private error(message: string): SnippetSyntaxError {
    return new SnippetSyntaxError(`${message} at offset ${this.pos}: …${this.src.slice(Math.max(0, this.pos - 30), this.pos + 30)}…`);
  }

  /** Text and tab stops up to the end, or up to the `}` closing a placeholder when `nested`. */
  private nodes(nested: boolean): SnippetNode[] {
    const out: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) out.push({ kind: 'text', value: text });
      text = '';
    };
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!;
      if (c === '\\') {
        const next = this.src[this.pos + 1];
        if (next === '$' || next === '}' || next === '\\') {
          text += next;
          this.pos += 2;
        } else {
          text += c;
          this.pos++;
        }
      } else if (c === '}') {
        if (nested) break;
        throw this.error('unescaped `}` outside a placeholder (write `\\}`)');
      } else if (c === '$') {
        const node = this.dollar();
        if (node) {
          flush();
          out.push(node);
        } else {
          text += c;
          this.pos++;
        }
      } else {
        text += c;
        this.pos++;
      }
    }
    flush();
    return out;
  }

  /** A tab stop starting at `$`, or undefined when the `$` is literal (`$(`, `$$`, `$ `). */
  private dollar(): SnippetNode | undefined {
    const rest = this.src.slice(this.pos + 1);
    const simple = /^\d+/.exec(rest);
    if (simple) {
      this.pos += 1 + simple[0].length;
      return { kind: 'tabstop', index: Number(simple[0]), children: undefined, choices: undefined, transform: undefined };
    }
    if (/^[A-Za-z_]/.test(rest) || /^\{[A-Za-z_]/.test(rest)) {
      const name = /^\{?([A-Za-z_]\w*)/.exec(rest)![1];
      throw this.error(`\`$${name}\` is a snippet variable: VS Code inserts "${name}" or its value instead of the text (write \`\\$${name}\`)`);
    }
    const braced = /^\{(\d+)/.exec(rest);
    if (!braced) return undefined;
    const index = Number(braced[1]);
    this.pos += 1 + braced[0].length;
    const c = this.src[this.pos];
    if (c === '}') {
      this.pos++;
      return { kind: 'tabstop', index, children: undefined, choices: undefined, transform: undefined };
    }
    if (c === ':') {
      this.pos++;
      const children = this.nodes(true);
      this.expect('}');
      return { kind: 'tabstop', index, children, choices: undefined, transform: undefined };
    }
    if (c === '|') {
      this.pos++;
      const choices = this.choices();
      return { kind: 'tabstop', index, children: undefined, choices, transform: undefined };
    }
    if (c === '/') {
      this.pos++;
      const transform = this.transform();
      return { kind: 'tabstop', index, children: undefined, choices: undefined, transform };
    }
    throw this.error('malformed tab stop');
  }

  private expect(s: string): void {
    if (!this.src.startsWith(s, this.pos)) throw this.error(`expected \`${s}\``);
    this.pos += s.length;
  }

  private choices(): string[] {
    const options: string[] = [];
    let current = '';
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!;
      if (c === '\\' && /[,|\\$}]/.test(this.src[this.pos + 1] ?? '')) {
        current += this.src[this.pos + 1];
        this.pos += 2;
      } else if (c === ',') {
        options.push(current);
        current = '';
        this.pos++;
      } else if (c === '|') {
        options.push(current);
        this.pos++;
        this.expect('}');
        if (options.length < 2) throw this.error('a choice needs at least two options');
        return options;
      } else {
        current += c;
        this.pos++;
      }
    }
    throw this.error('unterminated choice');
  }

  /** Text up to an unescaped `/` (escapes of `/` are removed, others kept for the regex or format). */
  private until(stop: string): string {
    let out = '';
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!;
      if (c === '\\' && this.src[this.pos + 1] === stop) {
        out += stop;
        this.pos += 2;
      } else if (c === '\\' && this.pos + 1 < this.src.length) {
        out += c + this.src[this.pos + 1];
        this.pos += 2;
      } else if (c === stop) {
        this.pos++;
        return out;
      } else {
        out += c;
        this.pos++;
      }
    }
    throw this.error(`unterminated transform (missing \`${stop}\`)`);
  }

  private transform(): Transform {
    const regex = this.until('/');
    const format = this.until('/');
    const flags = this.until('}');
    if (!/^[gimsuy]*$/.test(flags)) throw this.error(`bad regex options \`${flags}\``);
    return { regex: new RegExp(regex, flags), format: parseFormat(format) };
  }
}

function parseFormat(src: string): FormatPart[] {
  const parts: FormatPart[] = [];
  let text = '';
  let i = 0;
  const flush = () => {
    if (text) parts.push({ kind: 'text', value: text });
    text = '';
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\' && /[$\\}]/.test(src[i + 1] ?? '')) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (c !== '$') {
      text += c;
      i++;
      continue;
    }
    const rest = src.slice(i + 1);
    const simple = /^\d+/.exec(rest);
    if (simple) {
      flush();
      parts.push({ kind: 'group', group: Number(simple[0]) });
      i += 1 + simple[0].length;
      continue;
    }
    const braced = /^\{(\d+)(?::(\/(?:upcase|downcase|capitalize|camelcase|pascalcase))|:\+([^}]*)|:\?([^:}]*):([^}]*)|:-?([^}]*))?\}/.exec(rest);
    if (!braced) throw new SnippetSyntaxError(`malformed format \`${src}\``);
    flush();
    const [, group, modifier, plus, ifText, elseOfIf, elseText] = braced;
    parts.push({
      kind: 'group', group: Number(group),
      ...(modifier !== undefined && { modifier }),
      ...(plus !== undefined && { ifText: plus }),
      ...(ifText !== undefined && { ifText, elseText: elseOfIf }),
      ...(elseText !== undefined && { elseText }),
    });
    i += 1 + braced[0].length;
  }
  flush();
  return parts;
}

export function parseSnippet(body: string): SnippetNode[] {
  return new Parser(body).parse();
}

/** Each tab stop's defining occurrence (a placeholder with text or a choice); two definitions of one stop are an error. */
function definitions(nodes: readonly SnippetNode[], into = new Map<number, SnippetNode & { kind: 'tabstop' }>()): Map<number, SnippetNode & { kind: 'tabstop' }> {
  for (const node of nodes) {
    if (node.kind !== 'tabstop') continue;
    if (node.children || node.choices) {
      if (into.has(node.index)) throw new SnippetSyntaxError(`tab stop $${node.index} is defined twice: give it a default once and mirror it with $${node.index}`);
      into.set(node.index, node);
    }
    if (node.children) definitions(node.children, into);
  }
  return into;
}

/** The choice tab stops of a snippet with their options (to walk every combination). */
export function choiceStops(body: string): Map<number, readonly string[]> {
  const out = new Map<number, readonly string[]>();
  for (const [index, node] of definitions(parseSnippet(body))) if (node.choices) out.set(index, node.choices);
  return out;
}

/** The inserted text with every default accepted, or with the given option picked for a choice stop. */
export function expandSnippet(body: string, picks: ReadonlyMap<number, string> = new Map()): string {
  const nodes = parseSnippet(body);
  const defs = definitions(nodes);
  for (const [index, pick] of picks) {
    const choices = defs.get(index)?.choices;
    if (!choices?.includes(pick)) throw new Error(`$${index} offers no option "${pick}"`);
  }
  const values = new Map<number, string>();
  const valueOf = (index: number, seen: Set<number>): string => {
    const cached = values.get(index);
    if (cached !== undefined) return cached;
    if (seen.has(index)) throw new SnippetSyntaxError(`tab stop $${index} contains itself`);
    const def = defs.get(index);
    const value = !def ? '' : def.choices ? (picks.get(index) ?? def.choices[0]!) : render(def.children!, new Set([...seen, index]));
    values.set(index, value);
    return value;
  };
  const render = (list: readonly SnippetNode[], seen: Set<number>): string =>
    list.map((node) => {
      if (node.kind === 'text') return node.value;
      const value = valueOf(node.index, seen);
      return node.transform ? applyTransform(node.transform, value) : value;
    }).join('');
  return render(nodes, new Set());
}

/** VS Code's `Transform.resolve`: replace each match by the format; with no match, else-branches still apply. */
function applyTransform(transform: Transform, value: string): string {
  let matched = false;
  const result = value.replace(transform.regex, (...args: unknown[]) => {
    matched = true;
    const groups = args.slice(0, -2).map((g) => (typeof g === 'string' ? g : ''));
    return formatWith(transform.format, groups);
  });
  if (!matched && transform.format.some((p) => p.kind === 'group' && p.elseText !== undefined)) return formatWith(transform.format, []);
  return result;
}

function formatWith(format: readonly FormatPart[], groups: readonly string[]): string {
  return format.map((part) => {
    if (part.kind === 'text') return part.value;
    const value = groups[part.group] ?? '';
    if (part.ifText !== undefined) return value ? part.ifText : (part.elseText ?? '');
    if (part.elseText !== undefined) return value || part.elseText;
    switch (part.modifier) {
      case '/upcase': return value.toUpperCase();
      case '/downcase': return value.toLowerCase();
      case '/capitalize': return value.charAt(0).toUpperCase() + value.slice(1);
      default: return value;
    }
  }).join('');
}

/** Every combination of choice options (the first combination is the all-defaults one). */
export function choiceCombinations(body: string): ReadonlyMap<number, string>[] {
  let combos: Map<number, string>[] = [new Map()];
  for (const [index, options] of choiceStops(body)) {
    combos = combos.flatMap((combo) => options.map((option) => new Map([...combo, [index, option]])));
  }
  return combos;
}
