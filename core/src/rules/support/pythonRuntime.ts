import { baseImageFacts, type BaseImageFacts } from '../../knowledge/baseImages';
import { stageAncestry } from '../../model/stages';
import type { Stage } from '../../model/types';
import { rootImage } from '../helpers';

/** What runs Python code in a stage: its libc and its Python `major.minor` (null = none; undefined = unknown). */
export interface PythonRuntime {
  readonly facts: BaseImageFacts | undefined;
  readonly scratch: boolean;
  readonly libc: BaseImageFacts['libc'];
  readonly python: string | null | undefined;
  /** Where that answer comes from, for messages (`python:3.11-slim`, `apt python3-pip`). */
  readonly describe: string;
}

/** ML212, ML213 and ML214 ask for the same stages, several times each, in one lint. */
const runtimes = new WeakMap<Stage, PythonRuntime>();

export function pythonRuntime(stage: Stage): PythonRuntime {
  let runtime = runtimes.get(stage);
  if (!runtime) runtimes.set(stage, (runtime = computePythonRuntime(stage)));
  return runtime;
}

function computePythonRuntime(stage: Stage): PythonRuntime {
  const root = stageAncestry(stage).at(-1)!;
  const scratch = root.imageText.trim().toLowerCase() === 'scratch';
  const image = rootImage(stage);
  const facts = image ? baseImageFacts(image) : undefined;
  const imageName = scratch ? 'scratch' : image ? `${image.name}${image.tag ? `:${image.tag}` : ''}` : 'an unknown image';
  let python = scratch ? null : facts?.python;
  let describe = imageName;
  // An interpreter installed by the Dockerfile itself (apt python3/python3-pip, apk python3).
  const packages = stageAncestry(stage).flatMap((s) => s.instructions).flatMap((i) => i.commands).flatMap((c) => (c.apt?.subcommand === 'install' ? c.apt.packages.map((p) => p.name) : c.program.name === 'apk' && c.program.args[0]?.value === 'add' ? c.program.args.map((a) => a.value) : []));
  if (python === null && facts?.aptPython3 && packages.some((p) => p === 'python3' || p === 'python3-pip')) {
    python = facts.aptPython3;
    describe = `${imageName} with apt's python3 (${python})`;
  } else if (python === null && packages.some((p) => /^python3(\.\d+)?$/.test(p))) {
    python = undefined; // installed, version unknown
  }
  return { facts, scratch, libc: scratch ? 'none' : facts?.libc, python, describe };
}

export type CopiedPythonKind = 'conda environment' | 'virtualenv' | 'user site-packages' | 'site-packages';

/** What a copied path holds, judged from its path and the venvs the source stage creates. */
export function copiedPythonKind(path: string, source: Stage): CopiedPythonKind | undefined {
  const p = path.replace(/\/+$/, '');
  if (/\/(opt\/conda|opt\/micromamba|miniconda3?|anaconda3?|mambaforge|miniforge3?)(\/|$)|\/envs\/[^/]+(\/|$)/.test(p) && !/\/bin\/[^/]+$/.test(p)) return 'conda environment';
  const venvs = createdVenvs(source);
  if (venvs.some((v) => p === v || p.startsWith(`${v}/`)) || /(^|\/)\.?venv(\/|$)/.test(p)) return 'virtualenv';
  if (/^\/(root|home\/[^/]+)\/\.local(\/|$)/.test(p)) return 'user site-packages';
  if (/\/(site|dist)-packages(\/|$)|\/usr\/local\/lib\/python3/.test(p)) return 'site-packages';
  return undefined;
}

/** Every copied path of a COPY --from asks for the same stage; a stage before the edit is kept across keystrokes. */
const venvsCache = new WeakMap<Stage, readonly string[]>();

/** Directories the stage (with the stages it builds on) makes venvs in, without trailing slashes. */
function createdVenvs(stage: Stage): readonly string[] {
  let venvs = venvsCache.get(stage);
  if (venvs) return venvs;
  venvs = stageAncestry(stage).flatMap((s) => s.instructions).flatMap((i) => i.commands).flatMap((c) => {
    const args = c.program.args.map((a) => a.value);
    if (/^python[0-9.]*$/.test(c.program.name) && args[0] === '-m' && (args[1] === 'venv' || args[1] === 'virtualenv')) return args.slice(2).filter((a) => !a.startsWith('-'));
    if (c.program.name === 'virtualenv' || (c.program.name === 'uv' && args[0] === 'venv')) return args.slice(c.program.name === 'uv' ? 1 : 0).filter((a) => !a.startsWith('-'));
    return [];
  }).map((v) => v.replace(/\/+$/, ''));
  venvsCache.set(stage, venvs);
  return venvs;
}
