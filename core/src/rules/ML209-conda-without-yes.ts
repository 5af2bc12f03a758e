import { stageAncestry } from '../model/stages';
import type { AnalyzedDocument, CommandInfo, Instruction, Stage } from '../model/types';
import { variableForCommand } from './helpers';
import type { Finding, OffsetEdit, Rule } from './types';

interface Data {
  readonly edits: readonly OffsetEdit[];
}

const PROMPTING = new Set(['install', 'create', 'update', 'upgrade', 'remove', 'uninstall']);

/**
 * conda asks "Proceed ([y]/n)?" and a build has no one to answer, so it aborts; `yes |` answers
 * every question blindly and breaks under `set -o pipefail`. `-y` says what is meant.
 */
export const ML209: Rule<Data> = {
  id: 'ML209',
  title: 'conda/mamba install without `-y` (build blocks on a prompt), or `yes |` piping',
  defaultSeverity: 'error',
  summary: 'conda, mamba and micromamba ask for confirmation before changing an environment. In a build nobody answers, so the install aborts. Pass `-y`; piping `yes` into it answers every prompt blindly and fails under `pipefail`.',
  check({ doc }) {
    const findings: Finding<Data>[] = [];
    for (const stage of doc.stages) {
      for (const instruction of stage.instructions) {
        // Indexed: an entries() iterator with destructuring costs ~3× more per command until V8 optimises it.
        for (let k = 0; k < instruction.commands.length; k++) {
          const info = instruction.commands[k]!;
          const conda = info.conda;
          if (!conda || !PROMPTING.has(conda.subcommand) || !conda.subcommandWord) continue;
          if (conda.parsed.options.some((o) => o.name === '--dry-run' || o.name === '--json')) continue;
          const yes = pipedFromYes(instruction, k);
          if (!yes && (conda.assumeYes || alwaysYes(doc, stage, instruction, info))) continue;
          const edits: OffsetEdit[] = [];
          if (yes) edits.push({ start: yes.command.start, end: info.command.start, newText: '' });
          if (!conda.assumeYes) edits.push({ start: conda.subcommandWord.end, end: conda.subcommandWord.end, newText: ' -y' });
          findings.push({
            ruleId: 'ML209',
            span: yes ? { start: yes.command.start, end: conda.subcommandWord.end } : { start: info.program.word?.start ?? info.command.start, end: conda.subcommandWord.end },
            message: yes
              ? `\`yes | ${conda.tool} ${conda.subcommand}\` answers every prompt blindly and fails the build under \`set -o pipefail\` (yes dies of SIGPIPE). Use \`${conda.tool} ${conda.subcommand} -y\`.`
              : `\`${conda.tool} ${conda.subcommand}\` without \`-y\` asks for confirmation; a build cannot answer, so it aborts. Add \`-y\`.`,
            data: { edits },
          });
        }
      }
    }
    return findings;
  },
  fix(finding) {
    const edits = finding.data?.edits ?? [];
    return edits.length > 0 ? [{ title: 'Use -y instead of a prompt', edits, preferred: true }] : [];
  },
};

/** `yes | conda …`: the command just before, piped into this one. */
function pipedFromYes(instruction: Instruction, k: number): CommandInfo | undefined {
  const before = instruction.commands[k - 1];
  const info = instruction.commands[k]!;
  return before && info.command.before === '|' && before.script === info.script && before.program.name === 'yes' ? before : undefined;
}

/** CONDA_ALWAYS_YES / MAMBA_ALWAYS_YES, or `conda config --set always_yes true` earlier. */
function alwaysYes(doc: AnalyzedDocument, stage: Stage, instruction: Instruction, info: CommandInfo): boolean {
  for (const name of ['CONDA_ALWAYS_YES', 'MAMBA_ALWAYS_YES']) {
    const v = variableForCommand(doc, info, instruction, name);
    if (v !== undefined && !/^(0|false|no|)$/i.test(v)) return true;
  }
  return stageAncestry(stage).some((s) => s.instructions.some((i) => i.index <= instruction.index && i.commands.some((c) =>
    c.conda?.subcommand === 'config' && (i.index < instruction.index || c.command.start < info.command.start) &&
    /--set\s+always_yes\s+(true|yes|1)\b/i.test(c.program.args.map((a) => a.value).join(' ')))));
}
