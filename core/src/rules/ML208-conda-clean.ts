import type { CommandInfo, Instruction } from '../model/types';
import { isCondaClean, isCondaInstall, rmTargets } from './support/commandKinds';
import { cacheMountTargets, finalImageStages } from './helpers';
import { appendToRun } from './support/runEdits';
import type { Finding, Rule } from './types';

interface Data {
  readonly instructionIndex: number;
  readonly tool: string;
}

/**
 * conda, mamba and micromamba keep every downloaded package tarball and its extracted copy in
 * `pkgs/`; left in the layer that is often as large as the environment itself.
 */
export const ML208: Rule<Data> = {
  id: 'ML208',
  title: 'conda/mamba/micromamba install without cleaning caches in the same layer',
  defaultSeverity: 'warning',
  summary: 'conda-family installs keep the downloaded tarballs and extracted packages in `pkgs/`, often as large as the environment itself. Run `conda clean --all --yes` (or `micromamba clean --all --yes`) in the same RUN.',
  check({ doc }) {
    const findings: Finding<Data>[] = [];
    for (const stage of finalImageStages(doc)) {
      for (const instruction of stage.instructions) {
        const install = instruction.commands.find(isCondaInstall);
        if (!install || install.conda!.parsed.options.some((o) => o.name === '--dry-run') || cacheHandled(instruction, install)) continue;
        const tool = install.conda!.tool;
        findings.push({
          ruleId: 'ML208',
          span: { start: install.program.word?.start ?? install.command.start, end: install.conda!.subcommandWord?.end ?? install.command.end },
          message: `\`${tool} ${install.conda!.subcommand}\` leaves its package cache (tarballs and extracted packages in pkgs/) in this layer. End the RUN with \`&& ${tool} clean --all --yes\`.`,
          data: { instructionIndex: instruction.index, tool },
        });
      }
    }
    return findings;
  },
  fix(finding, { doc }) {
    const instruction = doc.instructions[finding.data?.instructionIndex ?? -1];
    const edit = instruction && appendToRun(doc, instruction, `${finding.data!.tool} clean --all --yes`);
    return edit ? [{ title: `Clean the ${finding.data!.tool} caches in this RUN`, edits: [edit], preferred: true }] : [];
  },
};

function cacheHandled(instruction: Instruction, install: CommandInfo): boolean {
  if (cacheMountTargets(instruction).some((t) => /(\/pkgs|\/\.cache\/(conda|mamba)|\/\.mamba)$/.test(t))) return true;
  return instruction.commands.some((c) => c.command.start > install.command.start &&
    (isCondaClean(c) || rmTargets(c).some((t) => /\/pkgs(\/\*?)?$/.test(t))));
}
