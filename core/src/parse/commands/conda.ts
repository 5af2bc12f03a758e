import type { ShellWord } from '../shellTokens';
import type { ResolvedProgram } from '../shellCommands';
import { hasOption, optionValues, parseOptions, type OptionSpec, type ParsedArgs } from './options';

/** `conda install -y …`, `mamba create -n env …`, `micromamba install -f env.yml`, `conda env create`, `conda clean -afy` … */
export interface CondaCommand {
  readonly tool: 'conda' | 'mamba' | 'micromamba';
  /** `install`, `create`, `env create`, `env update`, `update`, `remove`, `clean`, `activate`, `run`, `init`, `config` … */
  readonly subcommand: string;
  readonly subcommandWord: ShellWord | undefined;
  readonly parsed: ParsedArgs;
  /** Package specs (`python=3.11`, `pytorch::pytorch`, `numpy>=1.26`). */
  readonly specs: readonly ShellWord[];
  readonly assumeYes: boolean;
  readonly envName: string | undefined;
  readonly prefix: string | undefined;
  readonly channels: readonly string[];
  readonly files: readonly string[];
}

const INSTALL_OPTIONS: OptionSpec = {
  prefixes: true,
  long: {
    '--name': true, '--prefix': true, '--channel': true, '--file': true, '--root-prefix': true, '--platform': true,
    '--solver': true, '--repodata-fn': true, '--channel-priority': true, '--rc-file': true, '--revision': true,
    '--yes': false, '--quiet': false, '--override-channels': false, '--no-deps': false, '--freeze-installed': false,
    '--update-all': false, '--all': false, '--force-reinstall': false, '--dry-run': false, '--json': false,
    '--verbose': false, '--strict-channel-priority': false, '--no-pin': false, '--copy': false, '--offline': false,
  },
  short: { n: '--name', p: '--prefix', c: '--channel', r: '--root-prefix', y: '--yes', q: '--quiet', v: '--verbose', f: '--file' },
};

/** `conda clean` reuses letters with other meanings (`-p` = --packages, `-f` = --force-pkgs-dirs). */
const CLEAN_OPTIONS: OptionSpec = {
  prefixes: true,
  long: {
    '--all': false, '--index-cache': false, '--packages': false, '--tarballs': false, '--force-pkgs-dirs': false,
    '--logfiles': false, '--tempfiles': true, '--source-cache': false, '--yes': false, '--quiet': false, '--dry-run': false,
    '--json': false, '--verbose': false, '--trash': false,
  },
  short: { a: '--all', i: '--index-cache', p: '--packages', t: '--tarballs', f: '--force-pkgs-dirs', l: '--logfiles',
    s: '--source-cache', y: '--yes', q: '--quiet', d: '--dry-run', v: '--verbose' },
};

export function recogniseConda(program: ResolvedProgram): CondaCommand | undefined {
  const tool = program.name;
  if (tool !== 'conda' && tool !== 'mamba' && tool !== 'micromamba') return undefined;
  let args = program.args;
  let subcommand = args[0]?.value ?? '';
  let subcommandWord = args[0];
  args = args.slice(1);
  if (subcommand === 'env' && args[0]) {
    subcommand = `env ${args[0].value}`;
    subcommandWord = args[0];
    args = args.slice(1);
  }
  const parsed = parseOptions(args, subcommand === 'clean' ? CLEAN_OPTIONS : INSTALL_OPTIONS);
  const values = (name: string) => optionValues(parsed, name).map((o) => o.value!);
  return {
    tool,
    subcommand,
    subcommandWord,
    parsed,
    specs: parsed.positionals,
    assumeYes: hasOption(parsed, '--yes'),
    envName: values('--name').at(-1),
    prefix: subcommand === 'clean' ? undefined : values('--prefix').at(-1),
    channels: values('--channel'),
    files: subcommand === 'clean' ? [] : values('--file'),
  };
}

/** The command that `conda run -n env CMD …` (or mamba/micromamba run) runs, as argument words. */
export function condaRunTarget(program: ResolvedProgram): readonly ShellWord[] | undefined {
  if (!['conda', 'mamba', 'micromamba'].includes(program.name) || program.args[0]?.value !== 'run') return undefined;
  const args = program.args.slice(1);
  let i = 0;
  while (i < args.length && args[i]!.value.startsWith('-')) {
    const v = args[i]!.value;
    i += ['-n', '--name', '-p', '--prefix', '-r', '--root-prefix', '--cwd', '-a', '--attach'].includes(v) ? 2 : 1;
  }
  return args.slice(i);
}
