import type { Finding, Rule } from './types';

/**
 * RUN already runs as the current USER. `sudo` is either pointless (as root) or means the image ships
 * a sudo-capable user — a free privilege escalation for anything that compromises that user.
 */
export const ML405: Rule = {
  id: 'ML405',
  title: '`sudo` in RUN',
  defaultSeverity: 'warning',
  summary: '`sudo` in a RUN is either pointless (builds run as root unless USER says otherwise) or relies on a passwordless sudo user in the image, which turns any compromise of that user into root. Switch with `USER root` … `USER app` instead.',
  check({ doc }) {
    const findings: Finding[] = [];
    for (const instruction of doc.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      for (const info of instruction.commands) {
        if (info.program.name !== 'sudo' && !info.program.wrappers.includes('sudo')) continue;
        const sudoWord = info.command.argv.find((w) => w.value === 'sudo' || w.value.endsWith('/sudo')) ?? info.command.argv[0]!;
        const what = info.program.name === 'sudo' ? 'sudo' : `sudo ${info.program.name}`;
        findings.push({
          ruleId: 'ML405',
          span: { start: sudoWord.start, end: sudoWord.end },
          message: `\`${what}\` in RUN: the build already runs as the current USER. Put \`USER root\` before the commands that need root and switch back to your user after; do not ship a sudo-capable user.`,
        });
      }
    }
    return findings;
  },
};
