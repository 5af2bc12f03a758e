import { baseImageFacts } from '../knowledge/baseImages';
import { stageAncestry } from '../model/stages';
import type { AptPackage } from '../parse/commands/apt';
import type { AnalyzedDocument, CommandInfo, Instruction, Stage } from '../model/types';
import { substituteVariables } from '../parse/variables';
import { rootImage, variableForCommand } from './helpers';
import type { Finding, Rule } from './types';

/**
 * Debian and Ubuntu build `python3-pip` for the release's default `python3`. Installing another
 * `python3.X` next to it gives two interpreters; `pip install` and `python3` keep using the default one.
 */
export const ML212: Rule = {
  id: 'ML212',
  title: 'apt-installed `python3.X` differs from the interpreter `python3-pip` installs for',
  defaultSeverity: 'error',
  summary: 'On Debian/Ubuntu, `python3-pip` belongs to the release\'s default Python (Ubuntu 22.04: 3.10). Installing `python3.11` next to it does not change that: `pip install` puts packages into 3.10 and `python3` is still 3.10, so the code runs on a Python you did not choose.',
  check({ doc }) {
    const findings: Finding[] = [];
    for (const stage of doc.stages) {
      const image = rootImage(stage);
      const facts = image ? baseImageFacts(image) : undefined;
      const distro = facts?.aptPython3;
      if (!facts || !distro || facts.family === 'python') continue;
      if (!aptInstallsPip(stage) || setsUpOwnPip(stage)) continue;
      const installs = stage.instructions.flatMap((i) => i.commands.filter((c) => c.apt?.subcommand === 'install').map((c) => ({ i, c })));
      for (const { i, c } of installs) for (const p of c.apt!.packages) {
        const version = otherPython(packageName(doc, i, c, p), distro);
        if (!version) continue;
        findings.push({
          ruleId: 'ML212',
          span: { start: p.word.start, end: p.word.end },
          message: `On ${facts.os}, \`python3-pip\` installs pip for the default Python ${distro}, not for \`python${version}\`: \`pip install\` puts packages into ${distro} and \`python3\` stays ${distro}. Use a \`python:${version}\` base image, or create a venv with \`python${version} -m venv\` (needs \`python${version}-venv\`) and install into it.`,
        });
      }
    }
    return findings;
  },
};

function otherPython(name: string | undefined, distro: string): string | undefined {
  const m = /^python(3\.\d+)$/.exec(name ?? '');
  return m && m[1] !== distro ? m[1] : undefined;
}

/** The package name with build variables substituted (`python${PYTHON_VERSION}` after `ARG PYTHON_VERSION`); undefined if one is unset. */
function packageName(doc: AnalyzedDocument, instruction: Instruction, info: CommandInfo, p: AptPackage): string | undefined {
  if (!p.word.expands) return p.name;
  const result = substituteVariables(p.name, (name) => variableForCommand(doc, info, instruction, name));
  return result.unresolved.length === 0 && !result.value.includes('$') ? result.value : undefined;
}

/** `apt-get install … python3-pip` in the stage or one it builds on. */
function aptInstallsPip(stage: Stage): boolean {
  return stageAncestry(stage).some((s) => s.instructions.some((i) => i.commands.some((c) => c.apt?.subcommand === 'install' && c.apt.packages.some((p) => p.name === 'python3-pip'))));
}

/** pip for the other interpreter comes from somewhere else: a venv, ensurepip, get-pip.py, uv, or update-alternatives. */
function setsUpOwnPip(stage: Stage): boolean {
  const uses = (c: CommandInfo) => {
    const args = c.program.args.map((a) => a.value);
    if (/^python3\.\d+$/.test(c.program.name) && (args.includes('venv') || args.includes('ensurepip') || args.some((a) => a.endsWith('get-pip.py')) || args.includes('virtualenv'))) return true;
    return c.program.name === 'uv' || c.program.name === 'update-alternatives' || c.program.name === 'virtualenv';
  };
  return stageAncestry(stage).some((s) => s.instructions.some((i) => i.commands.some(uses)));
}
