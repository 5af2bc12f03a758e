import type { CommentLine, Instruction, Suppressions } from './types';

const DIRECTIVE = /^mldock\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_,\s-]+)$/i;

/**
 * `# mldock ignore=ML201,ML401` silences those rules on the next instruction;
 * `# mldock global ignore=ML201` anywhere silences them in the whole file.
 */
export function collectSuppressions(comments: readonly CommentLine[], instructions: readonly Instruction[]): Suppressions {
  const global = new Set<string>();
  const byInstruction = new Map<number, Set<string>>();
  for (const comment of comments) {
    const m = DIRECTIVE.exec(comment.content);
    if (!m) continue;
    const ids = m[2]!.split(/[\s,]+/).map((s) => s.trim().toUpperCase()).filter(Boolean);
    if (m[1]) {
      ids.forEach((id) => global.add(id));
      continue;
    }
    const next = instructions.find((i) => i.startLine > comment.line);
    if (!next) continue;
    const set = byInstruction.get(next.index) ?? new Set<string>();
    ids.forEach((id) => set.add(id));
    byInstruction.set(next.index, set);
  }
  return { global, byInstruction };
}
