import { stageAncestry } from '../model/stages';
import type { CommandInfo, Instruction, ShellScript, Stage } from '../model/types';
import { isAptInstall, isCondaInstall, isPipInstall, setsErrexit } from './support/commandKinds';
import type { Finding, Rule } from './types';

const isInstall = (c: CommandInfo) => isPipInstall(c) || isCondaInstall(c) || isAptInstall(c);
/** Commands that turn any status into success: `|| true`, `|| :`, `|| exit 0`, `|| echo …`. */
const isNoop = (c: CommandInfo) => ['true', ':', 'echo', 'printf'].includes(c.program.name) || (c.program.name === 'exit' && (c.program.args[0]?.value ?? '0') === '0');

/**
 * A RUN fails only when its last command fails. `|| true`, `set +e`, a `;` before more commands or
 * a pipe into `tee` let a failed install pass, and the broken image surfaces only at run time.
 */
export const ML210: Rule = {
  id: 'ML210',
  title: 'Install failures swallowed (`|| true`, `; true`, `set +e`)',
  defaultSeverity: 'warning',
  summary: 'A RUN fails only if its last command fails. `|| true`, `set +e`, `;` followed by more commands, or a pipe into another command let a failed pip/conda/apt install pass: the image builds and breaks at run time.',
  check({ doc }) {
    const findings: Finding[] = [];
    for (const stage of doc.stages) {
      for (const instruction of stage.instructions) {
        // Every finding is about an install: a RUN without one (most of them) has nothing to report.
        if (instruction.keyword !== 'RUN' || !instruction.commands.some(isInstall)) continue;
        const shell = shellOptions(stage, instruction);
        for (const script of instruction.scripts) findings.push(...checkScript(instruction, script, shell));
      }
    }
    return findings;
  },
};

function checkScript(instruction: Instruction, script: ShellScript, shell: ShellOptions): Finding[] {
  const commands = instruction.commands.filter((c) => c.script === script);
  const findings: Finding[] = [];
  const reported = new Set<CommandInfo>();
  let { errexit, pipefail } = shell;
  for (const [k, c] of commands.entries()) {
    const set = setsErrexit(c);
    if (set === false && commands.slice(k + 1).some(isInstall)) {
      findings.push(finding(c.command, '`set +e` turns off failing on errors, so a failed install after it does not fail the build. Remove it, or handle the failure explicitly.'));
    }
    if (set !== undefined) errexit = set;
    if (c.program.name === 'set' && c.program.args.some((a) => a.value === 'pipefail')) pipefail = true;
    if (!isInstall(c) || reported.has(c)) continue;
    // Walk to the end of this command's and-or list (`a && b || c | d`).
    let end = k;
    let entersCompound = false;
    while (end + 1 < commands.length && ['&&', '||', '|'].includes(commands[end + 1]!.command.before ?? '')) {
      const next = commands[end + 1]!;
      // `a && if …; then …; fi && b`: the list runs through a compound whose inner `;` do not end it.
      if (next.command.nested && !c.command.nested) entersCompound = true;
      if (next.command.before === '||' && isNoop(next)) {
        const swallowed = commands.slice(k, end + 1).filter(isInstall);
        swallowed.forEach((s) => reported.add(s));
        findings.push(finding({ start: commands[end]!.command.end, end: next.command.end }, `\`|| ${next.program.name}${next.program.args.length ? ' …' : ''}\` turns a failed ${[...new Set(swallowed.map((s) => `\`${describe(s)}\``))].join(' or ')} into success: the build goes on without the packages. Remove it and let the install fail the build.`));
        break;
      }
      if (next.command.before === '|' && commands[end] === c && !pipefail) {
        reported.add(c);
        findings.push(finding(c.command, `\`${describe(c)}\` is piped into \`${next.program.name}\`: a pipe's status is its last command's, so a failed install passes. Use \`set -o pipefail\` (or SHELL ["/bin/bash", "-o", "pipefail", "-c"]), or drop the pipe.`));
      }
      end++;
    }
    if (reported.has(c) || errexit || c.command.nested || entersCompound) continue;
    const after = commands[end]!.command.after;
    const next = commands[end + 1];
    if (next && (after === ';' || after === '\n' || after === '&')) {
      reported.add(c);
      findings.push(finding(c.command, `\`${describe(c)}\` is followed by \`${after === '\n' ? 'a new line' : after}\` and more commands (\`${next.program.name}\` …), so its failure is ignored: a RUN fails only if its last command fails. Join with \`&&\`, or start the script with \`set -e\`.`));
    }
  }
  return findings;
}

function finding(span: { start: number; end: number }, message: string): Finding {
  return { ruleId: 'ML210', span: { start: span.start, end: span.end }, message };
}

function describe(c: CommandInfo): string {
  if (c.pip) return `${c.pip.tool === 'uv' ? 'uv pip' : 'pip'} install`;
  if (c.conda) return `${c.conda.tool} ${c.conda.subcommand}`;
  return `${c.apt?.tool ?? c.program.name} ${c.apt?.subcommand ?? ''}`.trim();
}

interface ShellOptions {
  readonly errexit: boolean;
  readonly pipefail: boolean;
}

/** Options of the SHELL in effect (`["/bin/bash", "-euo", "pipefail", "-c"]`): errexit stops at the first failure. */
function shellOptions(stage: Stage, instruction: Instruction): ShellOptions {
  for (const s of stageAncestry(stage)) {
    const shell = s.instructions.filter((i) => i.keyword === 'SHELL' && i.execForm && i.index < instruction.index).at(-1);
    if (!shell) continue;
    const args = shell.execForm!.map((a) => a.value);
    return {
      errexit: args.some((a, i) => /^-[a-df-z]*e[a-z]*$/.test(a) || (a === '-o' && args[i + 1] === 'errexit')),
      pipefail: args.includes('pipefail'),
    };
  }
  return { errexit: false, pipefail: false };
}
