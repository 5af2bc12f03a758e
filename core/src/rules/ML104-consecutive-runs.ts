import type { AnalyzedDocument, Instruction } from '../model/types';
import { finalImageStages } from './helpers';
import { isAptInstall, isAptUpdate, isCondaClean, isCondaInstall, removesAptLists } from './support/commandKinds';
import { continuationIndent, runScriptEnd } from './support/runEdits';
import type { Finding, FixSuggestion, OffsetEdit, Rule } from './types';

interface Data {
  /** Instruction indexes of the RUNs that can be merged, in order. */
  readonly group: readonly number[];
}

/**
 * Back-to-back RUNs that drive the same system package manager (apt, conda) each write its metadata
 * and caches into their own layer, and a later cleanup RUN cannot remove them. Only groups where
 * merging saves something are reported: pip installs split for cache reuse are left alone.
 */
export const ML104: Rule<Data> = {
  id: 'ML104',
  title: 'Consecutive RUN instructions that could be one layer',
  defaultSeverity: 'info',
  summary: 'Consecutive RUNs that each call apt or conda add a layer per step, and package lists or caches written in one cannot be removed by the next. One RUN joined with `&&` installs and cleans in a single layer.',
  check({ doc }) {
    const findings: Finding<Data>[] = [];
    for (const stage of finalImageStages(doc)) {
      for (const group of runGroups(stage.instructions)) {
        const managers = group.filter((i) => i.commands.some((c) => c.apt || c.conda) && !selfContained(i));
        if (managers.length < 2) continue;
        const second = group[1]!;
        findings.push({
          ruleId: 'ML104',
          span: second.keywordSpan,
          message: `The ${group.length} consecutive RUNs on lines ${group[0]!.startLine + 1}–${group.at(-1)!.startLine + 1} call ${managers[0]!.commands.some((c) => c.apt) ? 'apt' : 'conda'} in separate layers: each layer keeps its own package metadata and a cleanup in a later RUN cannot shrink the earlier ones. Join them into one RUN with \`&&\`.`,
          data: { group: group.map((i) => i.index) },
        });
      }
    }
    return findings;
  },
  fix(finding, { doc }) {
    const group = (finding.data?.group ?? []).map((i) => doc.instructions[i]!);
    const edits = mergeEdits(doc, group);
    return edits ? [{ title: `Merge ${group.length} RUN instructions into one`, edits, preferred: true } satisfies FixSuggestion] : [];
  },
};

/** A RUN that updates, installs and cleans up after itself gains nothing from merging. */
function selfContained(i: Instruction): boolean {
  const apt = i.commands.filter((c) => c.apt);
  const conda = i.commands.filter((c) => c.conda);
  const aptDone = apt.length === 0 || (apt.some(isAptUpdate) && apt.some(isAptInstall) && i.commands.some(removesAptLists));
  const condaDone = conda.length === 0 || (conda.some(isCondaInstall) && conda.some(isCondaClean));
  return aptDone && condaDone;
}

/** Maximal runs of adjacent shell-form RUNs without flags or heredocs (comments between them are fine). */
function runGroups(instructions: readonly Instruction[]): Instruction[][] {
  const groups: Instruction[][] = [];
  let current: Instruction[] = [];
  for (const instruction of instructions) {
    const mergeable = instruction.keyword === 'RUN' && !instruction.execForm && instruction.flags.length === 0 && instruction.heredocs.length === 0;
    if (mergeable) {
      current.push(instruction);
      continue;
    }
    if (current.length > 1) groups.push(current);
    current = [];
  }
  if (current.length > 1) groups.push(current);
  return groups;
}

/** Replaces the gap between each RUN's script and the next RUN's arguments with ` && \` + newline, keeping comment lines. */
function mergeEdits(doc: AnalyzedDocument, group: readonly Instruction[]): OffsetEdit[] | undefined {
  if (group.length < 2) return undefined;
  const indent = continuationIndent(doc, group[0]!);
  const eol = doc.lines.eol;
  const edits: OffsetEdit[] = [];
  for (let k = 1; k < group.length; k++) {
    const end = runScriptEnd(doc, group[k - 1]!);
    const next = group[k]!;
    if (end === undefined || !next.argsSpan) return undefined;
    const comments = doc.text.slice(end, next.start).split(/\r?\n/).slice(1).map((l) => l.trim()).filter((l) => l.startsWith('#'));
    const body = [...comments.map((c) => `${indent}${c}`), indent].join(eol);
    edits.push({ start: end, end: next.argsSpan.start, newText: ` && ${doc.escapeChar}${eol}${body}` });
  }
  return edits;
}
