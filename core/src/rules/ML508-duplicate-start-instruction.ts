import type { Finding, Rule } from './types';

const KEYWORDS = ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'];

/** Only the last CMD, ENTRYPOINT and HEALTHCHECK of a stage take effect; earlier ones are dead code that misleads readers. */
export const ML508: Rule = {
  id: 'ML508',
  title: 'More than one `CMD`/`ENTRYPOINT`/`HEALTHCHECK` in the final stage',
  defaultSeverity: 'warning',
  summary: 'Only the last CMD, ENTRYPOINT and HEALTHCHECK of a stage count. An earlier one never runs, but readers (and reviewers) take it for the command the container starts.',
  check({ doc }) {
    const final = doc.finalStage;
    if (!final) return [];
    const findings: Finding[] = [];
    for (const keyword of KEYWORDS) {
      const all = final.instructions.filter((i) => i.keyword === keyword);
      const last = all.at(-1);
      for (const instruction of all.slice(0, -1)) {
        findings.push({
          ruleId: 'ML508',
          span: { start: instruction.start, end: instruction.end },
          message: `Only the last \`${keyword}\` of a stage takes effect: this one is overridden by the \`${keyword}\` on line ${last!.startLine + 1}. Remove it (or move it into its own stage).`,
        });
      }
    }
    return findings;
  },
};
