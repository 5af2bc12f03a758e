/**
 * Expands VS Code snippet bodies the way the editor inserts them when the user accepts every default:
 * placeholders take their default text, choices a chosen option, mirrors copy their tab stop. The parser is strict where VS Code is lenient on purpose: an unescaped `$NAME` (which VS Code
 * turns into a placeholder named NAME, e.g. `$PATH` in `ENV PATH=/opt/venv/bin:$PATH`), a `}` without
 * its `{`, or a transform (`${1/regex/format/}`, which VS Code applies only when the user tabs out of the
 * placeholder: Escape leaves the raw value) throws, so a snippet that would insert something else than
 * it shows fails its test.
 * Grammar: https://code.visualstudio.com/docs/editor/userdefinedsnippets#_grammar
 */

export type SnippetNode =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'tabstop'; readonly index: number; readonly children: readonly SnippetNode[] | undefined; readonly choices: readonly string[] | undefined };

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
      return { kind: 'tabstop', index: Number(simple[0]), children: undefined, choices: undefined };
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
      return { kind: 'tabstop', index, children: undefined, choices: undefined };
    }
    if (c === ':') {
      this.pos++;
      const children = this.nodes(true);
      this.expect('}');
      return { kind: 'tabstop', index, children, choices: undefined };
    }
    if (c === '|') {
      this.pos++;
      const choices = this.choices();
      return { kind: 'tabstop', index, children: undefined, choices };
    }
    if (c === '/') {
      throw this.error(`a transform on $${index}: VS Code applies it only when the user tabs out of the placeholder, so accepting the defaults with Escape inserts the raw value; use a choice or a plain mirror`);
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
      return valueOf(node.index, seen);
    }).join('');
  return render(nodes, new Set());
}

/** Every combination of choice options (the first combination is the all-defaults one). */
export function choiceCombinations(body: string): ReadonlyMap<number, string>[] {
  let combos: Map<number, string>[] = [new Map()];
  for (const [index, options] of choiceStops(body)) {
    combos = combos.flatMap((combo) => options.map((option) => new Map([...combo, [index, option]])));
  }
  return combos;
}
