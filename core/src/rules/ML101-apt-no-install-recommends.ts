import { stageAncestry } from '../model/stages';
import type { AnalyzedDocument, Instruction, Stage } from '../model/types';
import { finalImageStages } from './helpers';
import { insertAfter } from './support/runEdits';
import type { Finding, Rule } from './types';

interface Data {
  readonly insertAt: number;
}

/** apt installs "Recommends" by default; in images they are mostly documentation, X11 and compilers nobody asked for. */
export const ML101: Rule<Data> = {
  id: 'ML101',
  title: '`apt-get install` without `--no-install-recommends`',
  defaultSeverity: 'warning',
  summary: 'apt-get installs recommended packages by default. In an image they are rarely used and often large: on Debian 12 `python3-pip` recommends build-essential and python3-dev, over 200 MB of compilers. Add `--no-install-recommends`.',
  check({ doc }) {
    const findings: Finding<Data>[] = [];
    for (const stage of finalImageStages(doc)) {
      for (const instruction of stage.instructions) {
        for (const info of instruction.commands) {
          const apt = info.apt;
          if (!apt || apt.tool === 'aptitude' || apt.subcommand !== 'install' || !apt.subcommandWord) continue;
          if (apt.noInstallRecommends || apt.packages.length === 0 || recommendsOffByConfig(doc, stage, instruction)) continue;
          findings.push({
            ruleId: 'ML101',
            span: { start: info.program.word?.start ?? info.command.start, end: apt.subcommandWord.end },
            message: `\`${apt.tool} install\` without \`--no-install-recommends\` also installs every recommended package${apt.packages.some((p) => p.name === 'python3-pip') ? ' (for `python3-pip` that is build-essential and python3-dev: over 200 MB of compilers)' : ''}. Add \`--no-install-recommends\` and list what you need.`,
            data: { insertAt: apt.subcommandWord.end },
          });
        }
      }
    }
    return findings;
  },
  fix(finding) {
    const data = finding.data;
    return data ? [{ title: 'Add --no-install-recommends', edits: [insertAfter(data.insertAt, '--no-install-recommends')], preferred: true }] : [];
  },
};

/** An earlier RUN wrote `APT::Install-Recommends "false"` into apt's configuration. */
function recommendsOffByConfig(doc: AnalyzedDocument, stage: Stage, before: Instruction): boolean {
  return stageAncestry(stage).some((s) => s.instructions.some((i) =>
    i.keyword === 'RUN' && i.index < before.index && /Install-Recommends/i.test(doc.text.slice(i.start, i.end))));
}
