import { copyPaths } from '../model/paths';
import { stageAncestry } from '../model/stages';
import type { CommandInfo, Instruction, Stage } from '../model/types';
import { isDependencyInstall } from './support/commandKinds';
import { moveContextCopyEdits } from './support/moveContextCopy';
import type { Finding, Rule } from './types';

interface Data {
  readonly copyIndex: number;
  /** The RUNs after the COPY that install dependencies (the COPY moves below the last one). */
  readonly installIndexes: readonly number[];
}

/**
 * Docker reuses a layer only while everything before it is unchanged. After `COPY . .` any edited
 * source file invalidates the cache, so an install below it re-downloads every dependency.
 */
export const ML105: Rule<Data> = {
  id: 'ML105',
  title: 'Whole build context copied (`COPY . .`) before dependency installation',
  defaultSeverity: 'warning',
  summary: 'After `COPY . .` every code edit invalidates the build cache, so the dependency install below it runs again: for an ML image that is gigabytes of wheels on every change. Copy the requirement files first, install, then copy the code.',
  check({ doc }) {
    const findings: Finding<Data>[] = [];
    for (const stage of doc.stages) {
      for (const copy of stage.instructions) {
        if (copy.keyword !== 'COPY' && copy.keyword !== 'ADD') continue;
        const paths = copyPaths(doc, copy);
        if (!paths || paths.fromOther || !paths.sources.some((s) => /^\.?\/?\*?$/.test(s.value))) continue;
        const installs = stage.instructions.filter((i) => i.index > copy.index && i.commands.some((c) => redoesInstall(c, stage, copy)));
        if (installs.length === 0) continue;
        const first = installs[0]!.commands.find((c) => redoesInstall(c, stage, copy))!;
        const what = describeInstall(first);
        findings.push({
          ruleId: 'ML105',
          span: { start: copy.start, end: doc.lines.lineEnd(copy.startLine) },
          message: `\`${copy.keyword} ${copy.args.trim()}\` copies the whole build context before \`${what}\` (line ${installs[0]!.startLine + 1}): every code edit invalidates the cache and the install runs again. Copy only the dependency files first, install, then copy the rest.`,
          data: { copyIndex: copy.index, installIndexes: installs.map((i) => i.index) },
        });
      }
    }
    return findings;
  },
  fix(finding, ctx) {
    const data = finding.data;
    if (!data) return [];
    const edits = moveContextCopyEdits(ctx, data.copyIndex, data.installIndexes);
    return edits ? [{ title: 'Copy the dependency files first and the whole context after the install', edits, preferred: true }] : [];
  },
};

/** True for an install that the context copy makes re-run; project-only installs after a dependency install are fine. */
function redoesInstall(c: CommandInfo, stage: Stage, copy: Instruction): boolean {
  if (!isDependencyInstall(c)) return false;
  if (c.pip) {
    const onlyProject = c.pip.requirementFiles.length === 0 && c.pip.requirements.every((r) => r.requirement.kind === 'path');
    if (onlyProject && (c.pip.parsed.options.some((o) => o.name === '--no-deps') || ranBefore(stage, copy, (e) => e.pip?.subcommand === 'install' && !upgradesPipOnly(e)))) return false;
    return !upgradesPipOnly(c);
  }
  if (c.apt) return !c.apt.packages.some((p) => /^[./]/.test(p.name));
  if (c.conda) return true;
  // poetry install --only-root, or uv/poetry/pipenv/pdm re-run after the same tool already installed the dependencies
  if (c.program.args.some((a) => a.value === '--only-root')) return false;
  return !ranBefore(stage, copy, (e) => e.program.name === c.program.name && isDependencyInstall(e));
}

/** `pip install -r requirements.txt`, `apt-get install curl`: the program and what it installs, without the noise flags. */
function describeInstall(c: CommandInfo): string {
  if (c.pip) {
    const editable = c.pip.parsed.options.filter((o) => o.name === '--editable').map((o) => `-e ${o.value}`);
    const targets = [...c.pip.requirementFiles.map((o) => `-r ${o.value}`), ...editable, ...c.pip.requirements.map((r) => r.word.value)];
    return [c.pip.tool === 'uv' ? 'uv pip install' : 'pip install', ...targets.slice(0, 3)].join(' ');
  }
  const words = [c.program.name];
  const args = c.program.args.map((a) => a.value);
  for (let i = 0; i < args.length && words.length < 5; i++) {
    const a = args[i]!;
    if (/^(-r|-e|-f|-c|--requirement|--editable|--file)$/.test(a)) words.push(a, args[++i] ?? '');
    else if (!a.startsWith('-')) words.push(a);
  }
  return words.join(' ').trim();
}

function ranBefore(stage: Stage, copy: Instruction, test: (c: CommandInfo) => boolean): boolean {
  return stageAncestry(stage).some((s) => s.instructions.some((i) => i.index < copy.index && i.commands.some(test)));
}

function upgradesPipOnly(c: CommandInfo): boolean {
  const pip = c.pip!;
  return pip.requirementFiles.length === 0 && pip.requirements.length > 0 && pip.requirements.every((r) => ['pip', 'setuptools', 'wheel', 'uv'].includes(r.requirement.name));
}

