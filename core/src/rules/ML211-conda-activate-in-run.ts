import { stageAncestry } from '../model/stages';
import type { AnalyzedDocument, CommandInfo, Instruction, Stage } from '../model/types';
import type { Finding, OffsetEdit, Rule } from './types';

interface Data {
  readonly edits?: readonly OffsetEdit[];
}

/**
 * Every RUN starts a fresh shell: an environment activated in one RUN is gone in the next, and in
 * `/bin/sh -c` `conda activate` only works once conda's shell hook has been loaded in that same RUN.
 */
export const ML211: Rule<Data> = {
  id: 'ML211',
  title: '`conda activate` / `source activate` in RUN does not persist to later instructions',
  defaultSeverity: 'warning',
  summary: 'Each RUN is a new `/bin/sh -c`: an activation lasts until the end of that RUN only, and without conda\'s shell hook loaded in the same RUN it fails ("Run \'conda init\' before \'conda activate\'"). Use `-n ENV`, `conda run -n ENV …`, or `SHELL ["conda", "run", "-n", ENV, "/bin/bash", "-c"]`.',
  check({ doc }) {
    const findings: Finding<Data>[] = [];
    for (const stage of doc.stages) {
      const login = loginShell(stage);
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'RUN') continue;
        for (let k = 0; k < instruction.commands.length; k++) {
          const info = instruction.commands[k]!;
          const activation = activationOf(info);
          if (!activation) continue;
          const rest = instruction.commands.slice(k + 1).filter((c) => c.script === info.script);
          const hooked = login || instruction.commands.slice(0, k).some(loadsHook);
          if (rest.length > 0 && hooked) continue;
          const what = doc.text.slice(info.command.start, info.command.end);
          findings.push({
            ruleId: 'ML211',
            span: { start: info.command.start, end: info.command.end },
            message: rest.length === 0
              ? `\`${what}\` is the last thing this RUN does: the activation ends with the RUN, and later RUN/CMD instructions still use the base environment. Use \`SHELL ["${activation.tool}", "run", "-n", "${activation.env}", "/bin/bash", "-c"]\` or \`${activation.tool} run -n ${activation.env} …\`.`
              : `\`${what}\` lasts only until the end of this RUN, and in \`/bin/sh -c\` it needs conda's shell hook loaded first (else: "Run 'conda init' before 'conda activate'"). Target the environment explicitly instead: \`-n ${activation.env}\` or \`${activation.tool} run -n ${activation.env} …\`.`,
            ...(rest.length === 0 && { data: { edits: shellFix(doc, instruction, k, activation) } }),
          });
        }
      }
    }
    return findings;
  },
  fix(finding) {
    const edits = finding.data?.edits ?? [];
    return edits.length > 0 ? [{ title: 'Run later instructions in the environment (SHELL with conda run)', edits, preferred: true }] : [];
  },
};

function activationOf(info: CommandInfo): { tool: string; env: string } | undefined {
  if (info.conda?.subcommand === 'activate') return { tool: info.conda.tool, env: info.conda.specs[0]?.value ?? 'base' };
  if (info.program.name !== 'source' && info.program.name !== '.') return undefined;
  const [script, env] = info.program.args.map((a) => a.value);
  if (script === 'activate' || (/conda|mamba|miniforge/.test(script ?? '') && script?.endsWith('/bin/activate'))) {
    return { tool: 'conda', env: env ?? 'base' };
  }
  return undefined;
}

/** `. /opt/conda/etc/profile.d/conda.sh`, `eval "$(conda shell.bash hook)"`, `eval "$(micromamba shell hook -s posix)"`. */
function loadsHook(c: CommandInfo): boolean {
  const args = c.program.args.map((a) => a.value).join(' ');
  if ((c.program.name === '.' || c.program.name === 'source') && /conda\.sh$|mamba\.sh$|\/bin\/activate$/.test(args.split(' ')[0] ?? '')) return true;
  return c.program.name === 'eval' && /shell(\.\w+)?\s+hook|shell\.(bash|posix|zsh)/.test(args);
}

/** A SHELL that reads the profile (`bash --login -c`, `-l`, `-i`) may have conda initialised. */
function loginShell(stage: Stage): boolean {
  return stageAncestry(stage).some((s) => s.instructions.some((i) => i.keyword === 'SHELL' &&
    (i.execForm?.some((a) => a.value === '--login' || /^-[a-z]*[li][a-z]*$/.test(a.value) && a.value !== '-c') ?? false)));
}

/** Drop the trailing activation and add a SHELL after the RUN so later instructions run inside the environment. */
function shellFix(doc: AnalyzedDocument, instruction: Instruction, k: number, activation: { tool: string; env: string }): OffsetEdit[] {
  if (instruction.heredocs.length > 0) return [];
  const run = activation.tool === 'micromamba' ? ['micromamba', 'run', '-n'] : [activation.tool, 'run', '--no-capture-output', '-n'];
  const shell = `SHELL ${JSON.stringify([...run, activation.env, '/bin/bash', '-c']).replace(/","/g, '", "')}`;
  const info = instruction.commands[k]!;
  const previous = instruction.commands[k - 1];
  if (!previous) return [{ start: instruction.start, end: instruction.end, newText: shell }];
  const indent = doc.lines.indentation(instruction.startLine);
  return [
    { start: previous.command.end, end: info.command.end, newText: '' },
    { start: instruction.end, end: instruction.end, newText: `${doc.lines.eol}${indent}${shell}` },
  ];
}
