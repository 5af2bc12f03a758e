import type { Instruction, ShellWord, Span, Stage } from '../../model/types';
import type { PipCommand } from '../../parse/commands/pip';
import type { Requirement } from '../../parse/requirement';
import { pipRequirementFiles, type LoadedRequirements } from './contextFiles';
import type { RuleContext } from '../types';

/** One requirement a pip install installs: written on the command line, or read from a copied requirements file. */
export interface InstalledRequirement {
  readonly requirement: Requirement;
  /** The word on the command line, or the `-r` option word of the file it comes from (where to report). */
  readonly span: Span;
  readonly word: ShellWord | undefined;
  /** File and 0-based line when it comes from a requirements file. */
  readonly file: { readonly path: string; readonly line: number } | undefined;
}

export interface PipInstallView {
  readonly requirements: readonly InstalledRequirement[];
  /** The requirements files that could be read (with their includes). */
  readonly files: readonly LoadedRequirements[];
  /** True when a `-r` file could not be traced or read, so `requirements` is incomplete. */
  readonly incomplete: boolean;
}

/** ML202, ML207 and ML217 look at the same installs in one lint (one context per lint). */
const views = new WeakMap<RuleContext, WeakMap<PipCommand, PipInstallView>>();

/** Everything a `pip install` installs, following `-r` files copied (or bind-mounted) from the build context. */
export function pipInstallView(ctx: RuleContext, stage: Stage, instruction: Instruction, pip: PipCommand): PipInstallView {
  let known = views.get(ctx);
  if (!known) views.set(ctx, (known = new WeakMap()));
  let view = known.get(pip);
  if (!view) known.set(pip, (view = computeView(ctx, stage, instruction, pip)));
  return view;
}

function computeView({ doc, workspace }: RuleContext, stage: Stage, instruction: Instruction, pip: PipCommand): PipInstallView {
  const requirements: InstalledRequirement[] = pip.requirements.map((r) => ({ requirement: r.requirement, span: r.word, word: r.word, file: undefined }));
  const files: LoadedRequirements[] = [];
  let incomplete = false;
  for (const f of pipRequirementFiles(doc, workspace, stage, instruction, pip)) {
    if (f.loaded.length === 0) incomplete = true;
    const where = f.option.valueWord ?? f.option.word;
    for (const loaded of f.loaded) {
      files.push(loaded);
      if (loaded.constraint) continue;
      for (const r of loaded.file.requirements) {
        requirements.push({ requirement: r.requirement, span: where, word: undefined, file: { path: loaded.path, line: r.line } });
      }
    }
  }
  return { requirements, files, incomplete };
}
