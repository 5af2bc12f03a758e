import { TORCH_FAMILY } from '../knowledge/mlPackages';
import type { CommandInfo, Instruction } from '../model/types';
import { hasGpuIntent, onKnownCpuBase } from './support/gpuIntent';
import { variableForCommand } from './helpers';
import { pipInstallView, type InstalledRequirement } from './support/pipRequirements';
import type { Finding, OffsetEdit, Rule } from './types';

interface Data {
  readonly edits: readonly OffsetEdit[];
}

const CPU_INDEX = 'https://download.pytorch.org/whl/cpu';

/**
 * From PyPI, Linux `torch` brings its CUDA libraries (torch 2.8.0: ≈3.9 GB of wheels) and
 * `tensorflow` is ≈0.6 GB; the CPU builds are ≈0.2 GB. On a CPU base with no sign of a GPU that is
 * gigabytes of libraries nothing will load.
 */
export const ML202: Rule<Data> = {
  id: 'ML202',
  title: 'GPU-sized framework wheels on an image with no GPU intent',
  defaultSeverity: 'warning',
  summary: 'On Linux, `pip install torch` from PyPI downloads the CUDA build (torch 2.8.0: ≈3.9 GB with its nvidia-* wheels) and `tensorflow` is ≈0.6 GB; CPU builds are ≈0.2 GB. On a non-CUDA base with no GPU in sight, use the CPU index or `tensorflow-cpu`.',
  check(ctx) {
    const { doc } = ctx;
    if (hasGpuIntent(doc)) return [];
    const findings: Finding<Data>[] = [];
    for (const stage of doc.stages) {
      if (!onKnownCpuBase(stage)) continue;
      for (const instruction of stage.instructions) {
        for (const info of instruction.commands) {
          const pip = info.pip;
          if (!pip || pip.subcommand !== 'install' || choosesIndex(info, instruction, doc)) continue;
          const view = pipInstallView(ctx, stage, instruction, pip);
          if (view.files.some((f) => f.file.indexUrl || f.file.extraIndexUrls.length > 0 || f.file.findLinks.length > 0)) continue;
          const heavy = view.requirements.filter(isGpuSized);
          if (heavy.length === 0) continue;
          const names = [...new Set(heavy.map((r) => r.requirement.name))];
          const fromFile = heavy.find((r) => r.file);
          const where = fromFile ? ` (from ${fromFile.file!.path}, line ${fromFile.file!.line + 1})` : '';
          findings.push({
            ruleId: 'ML202',
            span: heavy[0]!.span,
            message: `\`${names.join('`, `')}\`${where} from PyPI ${names.some((n) => TORCH_FAMILY.has(n)) ? 'is the CUDA build (torch with its nvidia-* wheels: ≈3.9 GB vs ≈0.2 GB for +cpu)' : 'is the GPU-capable build (≈0.6 GB vs ≈0.2 GB for tensorflow-cpu)'}, but this image has no GPU intent. ${advice(names)}`,
            data: { edits: fixEdits(info, view.requirements, heavy) },
          });
        }
      }
    }
    return findings;
  },
  fix(finding) {
    const edits = finding.data?.edits ?? [];
    return edits.length > 0 ? [{ title: 'Install the CPU builds', edits, preferred: true }] : [];
  },
};

function advice(names: readonly string[]): string {
  const torch = names.some((n) => TORCH_FAMILY.has(n)) ? `install PyTorch from the CPU index (\`--extra-index-url ${CPU_INDEX}\`)` : undefined;
  const tf = names.includes('tensorflow') ? 'install `tensorflow-cpu`' : undefined;
  const both = [torch, tf].filter(Boolean).join(' and ');
  return `${both.charAt(0).toUpperCase()}${both.slice(1)}.`;
}

function isGpuSized(r: InstalledRequirement): boolean {
  const { name, local, extras, kind } = r.requirement;
  if (kind !== 'name') return false;
  if (TORCH_FAMILY.has(name)) return local === undefined;
  return name === 'tensorflow' && !extras.some((e) => /cuda/i.test(e));
}

/** The install already picks an index or wheel source (flags or PIP_* environment): its choice is deliberate. */
function choosesIndex(info: CommandInfo, instruction: Instruction, doc: Parameters<typeof variableForCommand>[0]): boolean {
  const pip = info.pip!;
  if (pip.indexUrl || pip.extraIndexUrls.length > 0 || pip.findLinks.length > 0 || pip.noIndex) return true;
  const vars = pip.tool === 'uv' ? ['UV_INDEX_URL', 'UV_EXTRA_INDEX_URL', 'UV_INDEX', 'UV_DEFAULT_INDEX'] : ['PIP_INDEX_URL', 'PIP_EXTRA_INDEX_URL', 'PIP_FIND_LINKS'];
  return vars.some((v) => variableForCommand(doc, info, instruction, v) !== undefined);
}

/** Command-line requirements only: `--index-url` for a torch-only install (else `--extra-index-url`), `tensorflow` → `tensorflow-cpu`. */
function fixEdits(info: CommandInfo, all: readonly InstalledRequirement[], heavy: readonly InstalledRequirement[]): OffsetEdit[] {
  if (heavy.some((r) => !r.word) || !info.pip?.subcommandWord) return [];
  const edits: OffsetEdit[] = [];
  if (heavy.some((r) => TORCH_FAMILY.has(r.requirement.name))) {
    const torchOnly = all.every((r) => r.word && TORCH_FAMILY.has(r.requirement.name));
    const at = info.pip.subcommandWord.end;
    edits.push({ start: at, end: at, newText: ` ${torchOnly ? '--index-url' : '--extra-index-url'} ${CPU_INDEX}` });
  }
  for (const r of heavy) {
    if (r.requirement.name !== 'tensorflow' || !r.word) continue;
    const m = /^tensorflow/i.exec(r.word.value);
    // only when the word is written plainly (no quotes moving offsets)
    if (m && r.word.end - r.word.start === r.word.value.length) edits.push({ start: r.word.start, end: r.word.start + m[0].length, newText: 'tensorflow-cpu' });
  }
  return edits;
}
