import type { Instruction } from '../model/types';
import { isAptInstall, isAptUpdate, removesAptLists } from './support/commandKinds';
import { cacheMountTargets, finalImageStages } from './helpers';
import { appendToRun } from './support/runEdits';
import type { Finding, Rule } from './types';

interface Data {
  readonly instructionIndex: number;
}

/**
 * `apt-get update` writes the package lists to /var/lib/apt/lists. Unless the same RUN deletes them,
 * they are saved in the layer for good (a later `rm` cannot shrink an earlier layer).
 */
export const ML102: Rule<Data> = {
  id: 'ML102',
  title: 'apt lists not removed in the same RUN as `apt-get update`',
  defaultSeverity: 'warning',
  summary: '`apt-get update` downloads package lists (tens of MB on Ubuntu) into /var/lib/apt/lists. Remove them in the same RUN (`&& rm -rf /var/lib/apt/lists/*`); in a later RUN they stay in the image.',
  check({ doc }) {
    const findings: Finding<Data>[] = [];
    for (const stage of finalImageStages(doc)) {
      for (const instruction of stage.instructions) {
        const update = instruction.commands.find(isAptUpdate);
        if (!update || listsHandled(instruction, update)) continue;
        const installs = instruction.commands.some((c) => isAptInstall(c) && c.command.start > update.command.start);
        findings.push({
          ruleId: 'ML102',
          span: { start: update.program.word?.start ?? update.command.start, end: update.apt!.subcommandWord?.end ?? update.command.end },
          message: installs
            ? 'The package lists `apt-get update` downloads stay in this layer. End the RUN with `&& rm -rf /var/lib/apt/lists/*`.'
            : '`apt-get update` alone in its own RUN: its lists stay in this layer, and because the RUN text never changes, Docker reuses the cached (stale) lists for later installs. Update, install and remove the lists in one RUN.',
          data: { instructionIndex: instruction.index },
        });
      }
    }
    return findings;
  },
  fix(finding, { doc }) {
    const instruction = doc.instructions[finding.data?.instructionIndex ?? -1];
    if (!instruction || !instruction.commands.some(isAptInstall)) return [];
    const edit = appendToRun(doc, instruction, 'rm -rf /var/lib/apt/lists/*');
    return edit ? [{ title: 'Remove the apt lists at the end of this RUN', edits: [edit], preferred: true }] : [];
  },
};

function listsHandled(instruction: Instruction, update: Instruction['commands'][number]): boolean {
  if (cacheMountTargets(instruction).some((t) => t === '/var/lib/apt' || t === '/var/lib/apt/lists')) return true;
  return instruction.commands.some((c) => c.command.start > update.command.start && removesAptLists(c));
}
