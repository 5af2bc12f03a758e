import { partialIndex, servedBy } from '../knowledge/mlPackages';
import { variableForCommand } from './helpers';
import { pipInstallView } from './support/pipRequirements';
import type { Finding, Rule } from './types';

interface Data {
  /** Rewrite the option word (`--index-url`, `-i`, `--default-index`) as its extra-index form. */
  readonly option?: { readonly start: number; readonly end: number; readonly text: string };
}

/**
 * `--index-url` replaces PyPI for the whole install, not just the package it was meant for. With the
 * PyTorch (or NVIDIA) index that leaves every other package unresolvable or stuck on an old mirror copy.
 */
export const ML207: Rule<Data> = {
  id: 'ML207',
  title: '`--index-url` replaces PyPI for every package in the same install',
  defaultSeverity: 'warning',
  summary: '`--index-url https://download.pytorch.org/whl/cu121` makes that index the only one for the whole `pip install` (and for every file it reads): other packages are not found, or resolve to old mirrored copies. Use `--extra-index-url`, or install torch in its own command.',
  check(ctx) {
    const { doc } = ctx;
    const findings: Finding<Data>[] = [];
    for (const stage of doc.stages) {
      for (const instruction of stage.instructions) {
        for (const info of instruction.commands) {
          const pip = info.pip;
          if (!pip || pip.subcommand !== 'install') continue;
          const view = pipInstallView(ctx, stage, instruction, pip);
          const fileIndex = view.files.find((f) => f.file.indexUrl);
          const envIndex = variableForCommand(doc, info, instruction, pip.tool === 'uv' ? 'UV_INDEX_URL' : 'PIP_INDEX_URL');
          const url = pip.indexUrl?.value ?? fileIndex?.file.indexUrl?.value ?? envIndex;
          const index = url ? partialIndex(url) : undefined;
          if (!url || !index) continue;
          const strays = [...new Set(view.requirements.filter((r) => r.requirement.kind === 'name' && !servedBy(index, r.requirement.name)).map((r) => r.requirement.name))];
          if (strays.length === 0) continue;
          const source = pip.indexUrl ? '' : fileIndex ? ` (set in ${fileIndex.path}, line ${fileIndex.file.indexUrl!.line + 1})` : ' (from the environment)';
          const option = pip.indexUrl?.word;
          findings.push({
            ruleId: 'ML207',
            span: option
              ? { start: option.start, end: (pip.indexUrl!.valueWord ?? option).end }
              : (fileIndex && requirementOption(pip)) || { start: info.command.start, end: info.command.end },
            message: `\`--index-url ${url}\`${source} replaces PyPI for this whole install, so ${list(strays)} ${strays.length > 1 ? 'are' : 'is'} looked up only on the ${index === 'pytorch' ? 'PyTorch' : 'NVIDIA'} index (missing there, or an old mirrored copy). Use \`--extra-index-url\`, or install ${index === 'pytorch' ? 'torch' : 'those packages'} in a separate \`pip install\`.`,
            ...(option && option.value.length === option.end - option.start && { data: { option: { start: option.start, end: option.end, text: extraForm(option.value) } } }),
          });
        }
      }
    }
    return findings;
  },
  fix(finding) {
    const o = finding.data?.option;
    return o ? [{ title: 'Use --extra-index-url (keep PyPI)', edits: [{ start: o.start, end: o.end, newText: o.text }], preferred: true }] : [];
  },
};

function requirementOption(pip: NonNullable<Parameters<typeof pipInstallView>[3]>) {
  const o = pip.requirementFiles[0];
  return o ? { start: o.word.start, end: (o.valueWord ?? o.word).end } : undefined;
}

/** `-i URL` → `--extra-index-url URL`; `--index-url=URL` → `--extra-index-url=URL`; uv `--default-index` → `--index`. */
function extraForm(word: string): string {
  if (word.startsWith('--default-index')) return word.replace('--default-index', '--index');
  if (word.startsWith('--')) return word.replace(/^--[a-z-]+/, '--extra-index-url');
  return word.length > 2 ? `--extra-index-url=${word.slice(2)}` : '--extra-index-url';
}

function list(names: readonly string[]): string {
  const shown = names.slice(0, 4).map((n) => `\`${n}\``).join(', ');
  return names.length > 4 ? `${shown} and ${names.length - 4} more` : shown;
}
