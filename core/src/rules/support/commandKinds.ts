import type { CommandInfo } from '../../model/types';

/** Small predicates over recognised commands, shared by the layer and install rules. */

export const isAptUpdate = (c: CommandInfo) => c.apt?.subcommand === 'update';
export const isAptInstall = (c: CommandInfo) => c.apt !== undefined && ['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep'].includes(c.apt.subcommand);

/** conda/mamba/micromamba commands that download packages into the package cache. */
export const CONDA_INSTALLS = new Set(['install', 'create', 'update', 'upgrade', 'env create', 'env update']);
export const isCondaInstall = (c: CommandInfo) => c.conda !== undefined && CONDA_INSTALLS.has(c.conda.subcommand);
export const isCondaClean = (c: CommandInfo) => c.conda?.subcommand === 'clean';

export const isPipInstall = (c: CommandInfo) => c.pip?.subcommand === 'install';

/** Project-level installers that resolve a whole dependency set (`poetry install`, `uv sync` …). */
const PROJECT_INSTALLERS: Readonly<Record<string, readonly string[]>> = {
  poetry: ['install'], uv: ['sync'], pipenv: ['install', 'sync'], pdm: ['install', 'sync'], hatch: ['env'],
};

/** Any command that installs dependencies: pip, conda, apt, or a project installer. */
export function isDependencyInstall(c: CommandInfo): boolean {
  if (isPipInstall(c) || isCondaInstall(c) || isAptInstall(c)) return true;
  return PROJECT_INSTALLERS[c.program.name]?.includes(c.program.args[0]?.value ?? '') ?? false;
}

/** Paths an `rm` command deletes (its non-option arguments). */
export function rmTargets(c: CommandInfo): string[] {
  if (c.program.name !== 'rm') return [];
  return c.program.args.map((a) => a.value).filter((v) => !v.startsWith('-'));
}

/** `rm -rf /var/lib/apt/lists/*` or `apt-get distclean`: the apt package lists are gone. */
export function removesAptLists(c: CommandInfo): boolean {
  if (c.apt && /^dist-?clean$/.test(c.apt.subcommand)) return true;
  return rmTargets(c).some((t) => /^\/var\/lib\/apt(\/lists)?(\/\*?)?$/.test(t) || t === '/var/lib/apt/lists/*');
}

/** `set -e`, `set -eux`, `set -o errexit`: later failures stop the script. */
export function setsErrexit(c: CommandInfo): boolean | undefined {
  if (c.program.name !== 'set') return undefined;
  const args = c.program.args.map((a) => a.value);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (/^-[a-z]*e/.test(a) && !a.startsWith('--')) return true;
    if (/^\+[a-z]*e/.test(a)) return false;
    if ((a === '-o' || a === '+o') && args[i + 1] === 'errexit') return a === '-o';
  }
  return undefined;
}
