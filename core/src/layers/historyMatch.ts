import type { AnalyzedDocument, Instruction, Stage } from '../model/types';

/**
 * Ties an image's build history to the Dockerfile instructions that made it. `docker history` keeps
 * only a `created_by` string per step, in the builder's own spelling:
 *   legacy builder  `/bin/sh -c #(nop)  ENV A=1`, `/bin/sh -c #(nop) COPY file:<hash> in /app `,
 *                   `|1 V=1 /bin/sh -c pip install x` (RUN with build args), `|0 echo hi` (exec form)
 *   BuildKit        `RUN /bin/sh -c pip install x # buildkit`, `COPY . /app # buildkit`, `ENV A=1`
 *   buildah/podman  as the legacy builder.
 * Steps are parsed into (keyword, text) and aligned with the instructions of the built stage by a
 * weighted longest-common-subsequence, so base-image steps, ONBUILD triggers and skipped
 * instructions simply stay unmatched.
 */
export interface CreatedBy {
  /** Upper-case instruction keyword, or undefined when the step says nothing usable (imported layers). */
  readonly keyword: string | undefined;
  /** The instruction's text as recorded: for RUN the command without the shell and build-arg prefix. */
  readonly text: string;
}

const KEYWORDS = new Set(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

export function parseCreatedBy(createdBy: string): CreatedBy {
  let s = createdBy.trim();
  if (!s) return { keyword: undefined, text: '' };
  s = s.replace(/\s+# buildkit$/, '');
  const nop = /^(?:\S+\s+-c\s+)?#\(nop\)\s+([A-Za-z]+)\b\s*([\s\S]*)$/.exec(s);
  if (nop && KEYWORDS.has(nop[1]!.toUpperCase())) return { keyword: nop[1]!.toUpperCase(), text: nop[2]!.trim() };
  const word = /^([A-Z]+)\s+([\s\S]*)$/.exec(s);
  if (word && KEYWORDS.has(word[1]!)) {
    return word[1] === 'RUN' ? { keyword: 'RUN', text: stripRunPrefix(word[2]!) } : { keyword: word[1]!, text: word[2]!.trim() };
  }
  return { keyword: 'RUN', text: stripRunPrefix(s) };
}

/** `|2 A=1 B=2 /bin/sh -c cmd` → `cmd`; `/bin/bash -o pipefail -c cmd` → `cmd`; `|0 echo hi` → `echo hi`. */
function stripRunPrefix(s: string): string {
  let rest = s.trim();
  const args = /^\|(\d+)\s+/.exec(rest);
  if (args) {
    rest = rest.slice(args[0].length);
    for (let n = Number(args[1]); n > 0; n--) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*=\S*\s+/.exec(rest);
      if (!m) break;
      rest = rest.slice(m[0].length);
    }
  }
  const shell = /^(?:\S*\/)?(?:sh|bash|ash|dash|zsh|ksh)(?:\s+(?:-[a-zA-Z]+|-o\s+\S+|--\S+))*?\s+-c\s+/.exec(rest);
  if (shell) rest = rest.slice(shell[0].length);
  return rest.trim();
}

/** A short label for a step: `RUN pip install torch`, `COPY file:9a1c2e… in /app`, `ENV A=1`. */
export function describeCreatedBy(createdBy: string, comment = ''): string {
  const parsed = parseCreatedBy(createdBy);
  if (!parsed.keyword) return comment ? `(${comment.trim()})` : '(no history)';
  const text = parsed.text.replace(/\b(file|dir|multi):([0-9a-f]{12})[0-9a-f]{52}\b/g, '$1:$2…').replace(/\s+/g, ' ').trim();
  return `${parsed.keyword} ${text}`.trim();
}

export interface HistoryMatch {
  /** History row index (oldest first) → the instruction that created it. */
  readonly byRow: ReadonlyMap<number, Instruction>;
  /** The stage whose build the history was matched against. */
  readonly stage: Stage;
  readonly score: number;
  /** Rows matched on their content (RUN command, COPY destination), not just their keyword. */
  readonly strongMatches: number;
  /** Rows whose content resembles the instruction's (strong matches and similar metadata steps). */
  readonly contentMatches: number;
  /** Instructions of the stage chain that produce history rows. */
  readonly instructionCount: number;
}

/** Instructions that leave a history row, stage chain first (`FROM builder` includes builder's). */
export function historyInstructions(stage: Stage): Instruction[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && chain.length < 64; s = s.baseStage) chain.unshift(s);
  return chain.flatMap((s) => s.instructions.filter((i) => i.keyword !== 'FROM' && KEYWORDS.has(i.keyword)));
}

/**
 * Aligns history rows (oldest first, their `created_by`) with a stage of the document. Without
 * `target`, every stage is tried and the best alignment wins (the image may be any stage's).
 * Returns undefined when no stage matches well enough to open the Dockerfile on.
 */
export function matchHistory(rows: readonly string[], doc: AnalyzedDocument, target?: string): HistoryMatch | undefined {
  const parsed = rows.map(parseCreatedBy);
  const stages = target ? doc.stages.filter((s) => s.name === target.toLowerCase() || String(s.index) === target) : doc.stages;
  let best: HistoryMatch | undefined;
  for (const stage of stages) {
    const match = alignStage(parsed, stage, doc);
    if (!match || !acceptable(match)) continue;
    if (!best || match.score > best.score || (match.score === best.score && stage.index > best.stage.index)) best = match;
  }
  return best;
}

function acceptable(m: HistoryMatch): boolean {
  if (m.instructionCount === 0 || m.strongMatches === 0) return false;
  // Keyword-only pairs stay in byRow (an edited RUN still opens near its line) but prove nothing.
  return m.contentMatches >= Math.ceil(m.instructionCount * 0.6);
}

const STRONG = 4;

function alignStage(rows: readonly CreatedBy[], stage: Stage, doc: AnalyzedDocument): HistoryMatch | undefined {
  const instructions = historyInstructions(stage);
  const n = rows.length;
  const m = instructions.length;
  if (m === 0 || n === 0) return undefined;
  // dp[i][j]: best score aligning rows[0..i) with instructions[0..j); gaps cost nothing.
  const dp: Float64Array[] = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  const scores: Float64Array[] = Array.from({ length: n }, () => new Float64Array(m));
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) scores[i]![j] = pairScore(rows[i]!, instructions[j]!, doc);
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const s = scores[i - 1]![j - 1]!;
      const diag = s > 0 ? dp[i - 1]![j - 1]! + s : -Infinity;
      dp[i]![j] = Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!, diag);
    }
  }
  const byRow = new Map<number, Instruction>();
  let strong = 0;
  let content = 0;
  for (let i = n, j = m; i > 0 && j > 0;) {
    const s = scores[i - 1]![j - 1]!;
    if (s > 0 && dp[i]![j] === dp[i - 1]![j - 1]! + s) {
      byRow.set(i - 1, instructions[j - 1]!);
      if (s >= STRONG) strong++;
      if (s >= 3) content++;
      i--;
      j--;
    } else if (dp[i]![j] === dp[i - 1]![j]) i--;
    else j--;
  }
  return { byRow, stage, score: dp[n]![m]!, strongMatches: strong, contentMatches: content, instructionCount: m };
}

function pairScore(row: CreatedBy, instruction: Instruction, doc: AnalyzedDocument): number {
  if (!row.keyword || row.keyword !== instruction.keyword) return 0;
  const recorded = squash(row.text);
  switch (row.keyword) {
    case 'RUN': {
      const written = squash(instruction.execForm ? instruction.execForm.map((a) => a.value).join(' ') : instruction.args);
      if (recorded === written) return 10;
      if (recorded && written && (recorded.startsWith(written) || written.startsWith(recorded))) return 6;
      return similarity(recorded, written) >= 0.6 ? STRONG : 1;
    }
    case 'COPY':
    case 'ADD': {
      // Legacy: `COPY file:<hash> in <dest>`; BuildKit: the arguments as written.
      const dest = /\bin\s+(\S+)\s*$/.exec(row.text)?.[1];
      const words = instruction.execForm ? instruction.execForm.map((a) => a.value) : instruction.args.split(/\s+/).filter(Boolean);
      const writtenDest = words[words.length - 1];
      if (dest !== undefined && writtenDest !== undefined) return sameDest(dest, writtenDest) ? 6 : 1;
      return recorded === squash(instruction.args) ? 8 : similarity(recorded, squash(instruction.args)) >= 0.6 ? STRONG : 1;
    }
    default: {
      const sim = similarity(recorded, squash(doc.text.slice(instruction.argsSpan?.start ?? instruction.end, instruction.end)));
      return sim >= 0.5 ? 3 : 1;
    }
  }
}

function sameDest(a: string, b: string): boolean {
  const norm = (p: string) => p.replace(/\/+$/, '') || '/';
  return norm(a) === norm(b);
}

function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Jaccard similarity of the words, ignoring quotes, brackets and commas (`CMD ["a", "b"]` vs `CMD ["a" "b"]`). */
function similarity(a: string, b: string): number {
  const words = (s: string) => new Set(s.replace(/[[\]{}",']/g, ' ').split(/\s+/).filter(Boolean));
  const wa = words(a);
  const wb = words(b);
  if (wa.size === 0 && wb.size === 0) return 1;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  return common / (wa.size + wb.size - common);
}
