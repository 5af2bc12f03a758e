import type { AnalyzedDocument, Instruction } from '../../model/types';

/** Words people write as if Dockerfiles had control flow. None of them is an instruction. */
export const PSEUDO_KEYWORDS: ReadonlySet<string> = new Set([
  'IF', 'ELSE', 'ELIF', 'ELSEIF', 'ENDIF', 'FI', 'THEN', 'FOR', 'FOREACH', 'ENDFOR', 'WHILE', 'ENDWHILE', 'DO', 'DONE', 'END',
]);
const OPEN = new Set(['IF', 'FOR', 'FOREACH', 'WHILE']);
const CLOSE = new Set(['ENDIF', 'FI', 'DONE', 'END', 'ENDFOR', 'ENDWHILE']);
const BRANCH = new Set(['ELSE', 'ELIF', 'ELSEIF']);

export interface PseudoBlock {
  readonly opener: Instruction;
  readonly closer: Instruction;
  /** Each branch: its header (IF/ELSE …) and the real instructions inside it. */
  readonly branches: readonly { readonly header: Instruction; readonly body: readonly Instruction[] }[];
}

/** Well-formed, unnested IF/FOR … DONE blocks; anything else gets no rewrite. */
export function pseudoBlocks(doc: AnalyzedDocument): PseudoBlock[] {
  const blocks: PseudoBlock[] = [];
  let current: { opener: Instruction; branches: { header: Instruction; body: Instruction[] }[] } | undefined;
  for (const instruction of doc.instructions) {
    const k = instruction.keyword;
    if (OPEN.has(k)) {
      current = current ? undefined : { opener: instruction, branches: [{ header: instruction, body: [] }] };
    } else if (current && BRANCH.has(k)) {
      current.branches.push({ header: instruction, body: [] });
    } else if (current && CLOSE.has(k)) {
      blocks.push({ ...current, closer: instruction });
      current = undefined;
    } else if (current && k !== 'THEN' && k !== 'DO') {
      current.branches.at(-1)!.body.push(instruction);
    }
  }
  return blocks;
}

/** `RUN if [ … ]; then …; elif …; fi` (or a `for` loop) equivalent to the block, or undefined when it cannot be expressed. */
export function rewriteBlock(doc: AnalyzedDocument, block: PseudoBlock): string | undefined {
  const indent = doc.lines.indentation(block.opener.startLine);
  const eol = doc.lines.eol;
  const cont = ` ${doc.escapeChar}${eol}`;
  const hoisted: string[] = [];
  const lines: string[] = [];
  const loop = block.opener.keyword !== 'IF';
  if (loop && block.branches.length > 1) return undefined;
  for (const [i, branch] of block.branches.entries()) {
    const head = loop ? loopHeader(branch.header) : conditionHeader(branch.header, i);
    if (!head) return undefined;
    lines.push(`${i === 0 ? '' : `${indent}    `}${head}`);
    const commands: string[] = [];
    for (const instruction of branch.body) {
      if ((instruction.keyword === 'COPY' || instruction.keyword === 'ADD') && !loop) {
        hoisted.push(doc.text.slice(instruction.start, instruction.end));
      } else if (instruction.keyword === 'RUN' && !instruction.execForm && instruction.flags.length === 0 && instruction.heredocs.length === 0) {
        commands.push(instruction.args.trim().replace(/;+$/, ''));
      } else {
        return undefined;
      }
    }
    if (commands.length === 0) commands.push(':');
    for (const c of commands) lines.push(`${indent}        ${c};`);
  }
  lines.push(`${indent}    ${loop ? 'done' : 'fi'}`);
  const comments = doc.comments.filter((c) => c.start > block.opener.start && c.end < block.closer.end).map((c) => `${indent}# ${c.content}`);
  const run = `${indent}RUN ${lines.join(cont).trimStart()}`;
  return [...comments, ...hoisted.map((h) => `${indent}${h}`), run].join(eol).slice(indent.length);
}

function conditionHeader(header: Instruction, branch: number): string | undefined {
  let text = header.args.trim();
  let keyword = branch === 0 ? 'if' : 'elif';
  if (header.keyword === 'ELSE') {
    if (/^if\b/i.test(text)) text = text.replace(/^if\s*/i, '');
    else if (text === '') return 'else';
    else return undefined;
  }
  text = text.replace(/\s*\bthen$/i, '');
  const test = shellTest(text);
  if (!test) return undefined;
  if (header.keyword === 'ELSE' || header.keyword === 'ELIF' || header.keyword === 'ELSEIF') keyword = 'elif';
  return `${keyword} ${test}; then`;
}

/** `${X}=="TRUE"` → `[ "${X}" = "TRUE" ]`; an existing `[ … ]` test is kept. */
function shellTest(text: string): string | undefined {
  if (/^\[.*\]$/.test(text)) return text;
  const m = /^(.+?)\s*(==|!=|=)\s*(.+)$/.exec(text);
  if (!m) return undefined;
  const unquote = (s: string) => s.trim().replace(/^(["'])(.*)\1$/, '$2');
  const [lhs, rhs] = [unquote(m[1]!), unquote(m[3]!)];
  if (/["\s]/.test(lhs + rhs)) return undefined;
  return `[ "${lhs}" ${m[2] === '!=' ? '!=' : '='} "${rhs}" ]`;
}

function loopHeader(header: Instruction): string | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\s+in\s+(.+?)(?:\s*;?\s*do)?$/i.exec(header.args.trim());
  return m && header.keyword !== 'WHILE' ? `for ${m[1]} in ${m[2]}; do` : undefined;
}
