import type { CommandInfo } from '../model/types';
import type { Finding, Rule } from './types';

const INTERPRETERS = /^((ba|da|z|k|a)?sh|python[\d.]*|perl|ruby|node)$/;
const FETCH_IN_SUBSTITUTION = /(\$\(|`)\s*(curl|wget)\s/;

/**
 * `curl … | sh` runs whatever the server sends at build time, unreviewed and unpinned; a
 * compromised or changed script (or a truncated download, run half-way) goes into the image.
 */
export const ML403: Rule = {
  id: 'ML403',
  title: 'Remote script piped into a shell',
  defaultSeverity: 'warning',
  summary: 'A script downloaded at build time is executed without being saved or verified (`curl … | sh`). Whatever the server returns that day — a new version, a compromised script, a truncated download — runs as root in the build.',
  check({ doc }) {
    const findings: Finding[] = [];
    for (const instruction of doc.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      const commands = instruction.commands;
      commands.forEach((info, k) => {
        const runner = pipedInto(commands, k) ?? substitutionRunner(info);
        if (!runner) return;
        findings.push({
          ruleId: 'ML403',
          span: { start: info.command.start, end: runner.command.end },
          message: `A downloaded script is piped straight into \`${runner.program.name}\`: what runs depends on what the server returns at build time, and nothing checks it. Download it to a file, verify its checksum (\`sha256sum -c\`), then run it — or install the tool from a pinned package or image.`,
        });
      });
    }
    return findings;
  },
};

/** `curl URL | sh`, `wget -qO- URL | sudo bash -s --`: the command this download is piped into, if it is an interpreter. */
function pipedInto(commands: readonly CommandInfo[], k: number): CommandInfo | undefined {
  const info = commands[k]!;
  if (!info.download?.toStdout || info.download.urls.length === 0 || info.command.after !== '|') return undefined;
  const next = commands[k + 1];
  return next && next.script === info.script && INTERPRETERS.test(next.program.name) ? next : undefined;
}

/** `sh -c "$(curl -fsSL URL)"`, `bash -c "`wget -O- URL`"`. */
function substitutionRunner(info: CommandInfo): CommandInfo | undefined {
  if (!/^(ba|da|z|k|a)?sh$/.test(info.program.name)) return undefined;
  return info.program.args.some((a) => FETCH_IN_SUBSTITUTION.test(a.value)) ? info : undefined;
}
