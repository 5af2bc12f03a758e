import type { Span } from '../model/types';
import type { Finding, Rule } from './types';

/** Instruction flags the legacy builder does not know (it fails with "unknown flag" or "requires BuildKit"). */
const BUILDKIT_FLAGS: Readonly<Record<string, readonly string[]>> = {
  RUN: ['mount', 'network', 'security'],
  COPY: ['link', 'chmod', 'parents', 'exclude'],
  ADD: ['link', 'chmod', 'checksum', 'keep-git-dir', 'exclude'],
};

const SYNTAX = '`# syntax=`';

/**
 * One note per file listing the BuildKit-only constructs it uses, so a team that still builds with
 * the legacy builder (DOCKER_BUILDKIT=0, old CI runners, some hosted builders) knows before the build fails.
 */
export const ML004: Rule = {
  id: 'ML004',
  title: 'BuildKit-only syntax (`RUN --mount`, heredocs, `COPY --link`, `# syntax=`)',
  defaultSeverity: 'info',
  summary: 'This Dockerfile needs BuildKit (Docker 23+ uses it by default). The legacy builder rejects `RUN --mount`, heredocs, `COPY --link`/`--chmod` and `ADD --checksum`, and ignores `# syntax=`.',
  check({ doc }) {
    const uses = new Map<string, { lines: number[]; span: Span }>();
    const add = (what: string, span: Span) => {
      const line = doc.lines.positionAt(span.start).line + 1;
      const entry = uses.get(what) ?? { lines: [], span };
      if (!entry.lines.includes(line)) entry.lines.push(line);
      uses.set(what, entry);
    };
    for (const d of doc.directives) if (d.name === 'syntax') add(SYNTAX, d);
    for (const instruction of doc.instructions) {
      for (const flag of instruction.flags) {
        if (BUILDKIT_FLAGS[instruction.keyword]?.includes(flag.name)) add(`\`${instruction.keyword} --${flag.name}\``, flag);
      }
      if (instruction.heredocs.length > 0) add('heredocs', instruction.keywordSpan);
    }
    // `# syntax=` alone is harmless: the legacy builder ignores it. It is listed with the constructs that need it.
    if (uses.size === 0 || (uses.size === 1 && uses.has(SYNTAX))) return [];
    const entries = [...uses.entries()].sort((a, b) => a[1].span.start - b[1].span.start);
    const list = entries.map(([what, e]) => `${what} (line${e.lines.length > 1 ? 's' : ''} ${e.lines.join(', ')})`).join(', ');
    const finding: Finding = {
      ruleId: 'ML004',
      span: entries[0]![1].span,
      message: `Needs BuildKit: ${list}. Docker 23+ builds with BuildKit by default; the legacy builder (DOCKER_BUILDKIT=0, older CI runners) fails on these.`,
    };
    return [finding];
  },
};
