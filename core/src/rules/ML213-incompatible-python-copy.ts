import { copyPaths } from '../model/paths';
import { copiedPythonKind, pythonRuntime, type CopiedPythonKind, type PythonRuntime } from './support/pythonRuntime';
import type { Finding, Rule } from './types';

/**
 * Installed Python packages are bound to the interpreter and libc they were built for: compiled
 * extensions are tagged `cp311`/`manylinux` (glibc), venvs point at their interpreter, and a conda
 * env needs glibc. Copying them into another runtime fails only when the container starts.
 */
export const ML213: Rule = {
  id: 'ML213',
  title: 'Python packages or a conda env copied between stages with incompatible runtimes',
  defaultSeverity: 'error',
  summary: 'Packages installed in one stage only work with the same Python minor version and a compatible libc: wheels are built for `cp311` + glibc, a venv links to its interpreter, a conda env needs glibc. Copied into another Python, musl (Alpine), busybox or an image without Python, they fail at start-up.',
  check({ doc }) {
    const findings: Finding[] = [];
    for (const stage of doc.stages) {
      for (const ref of stage.copiesFrom) {
        const source = ref.stage;
        const paths = ref.instruction.keyword === 'COPY' ? copyPaths(doc, ref.instruction) : undefined;
        if (!source || !paths) continue;
        const from = pythonRuntime(source);
        const to = pythonRuntime(stage);
        for (const word of paths.sources) {
          const kind = copiedPythonKind(word.value, source);
          const problem = kind && incompatibility(kind, word.value, from, to);
          if (problem) findings.push({ ruleId: 'ML213', span: { start: word.start, end: word.end }, message: problem });
        }
      }
    }
    return findings;
  },
};

function incompatibility(kind: CopiedPythonKind, path: string, from: PythonRuntime, to: PythonRuntime): string | undefined {
  const what = `\`${path}\` (a ${kind} from ${from.describe})`;
  if (to.facts?.family === 'busybox' || to.scratch || to.libc === 'none') {
    const target = to.scratch ? 'scratch' : to.facts?.family === 'busybox' ? 'busybox' : to.describe;
    return `${what} is copied into ${target}, which has no Python and no glibc system libraries for it: its interpreter and compiled packages cannot load there. Use a slim glibc image (e.g. \`debian:12-slim\`) or the builder's own base.`;
  }
  if (from.libc === 'glibc' && to.libc === 'musl') {
    return `${what} was built against glibc, but ${to.describe} uses musl: compiled extensions (manylinux wheels, conda binaries) do not load there. Use a glibc base such as a \`-slim\` image.`;
  }
  if (kind === 'conda environment') return undefined; // a conda env brings its own interpreter
  if (to.python === null) {
    return `${what} needs a Python ${from.python ?? ''} interpreter, but ${to.describe} has none. Build the runtime stage on a Python image with the same version.`.replace('  ', ' ');
  }
  const pathVersion = /python(3\.\d+)/.exec(path)?.[1];
  const built = pathVersion ?? from.python;
  if (built && to.python && built !== to.python) {
    return `${what} was installed for Python ${built}, but ${to.describe} runs Python ${to.python}: compiled packages are tagged for one minor version${kind === 'virtualenv' ? ' and the venv links to its own interpreter' : ''}, so imports fail. Use the same Python minor version in both stages.`;
  }
  return undefined;
}
