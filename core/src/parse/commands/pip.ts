import { parseRequirement, type Requirement } from '../requirement';
import type { ShellWord } from '../shellTokens';
import type { ResolvedProgram } from '../shellCommands';
import { hasOption, optionValues, parseOptions, type OptionSpec, type ParsedArgs, type ParsedOption } from './options';

/** `pip install …`, `pip3 …`, `python3.11 -m pip …`, `uv pip install …`. */
export interface PipCommand {
  readonly tool: 'pip' | 'uv';
  /** `install`, `uninstall`, `download`, `wheel`, `cache` … ('' when missing). */
  readonly subcommand: string;
  readonly subcommandWord: ShellWord | undefined;
  /** The interpreter named explicitly (`python3.11` in `python3.11 -m pip`), if any. */
  readonly interpreter: string | undefined;
  readonly parsed: ParsedArgs;
  readonly requirements: readonly PipRequirement[];
  readonly requirementFiles: readonly ParsedOption[];
  readonly constraintFiles: readonly ParsedOption[];
  readonly indexUrl: ParsedOption | undefined;
  readonly extraIndexUrls: readonly ParsedOption[];
  readonly findLinks: readonly ParsedOption[];
  /** `--no-cache-dir` (pip, any unambiguous prefix such as `--no-cache`) or `--no-cache`/`-n` (uv). */
  readonly noCacheDir: boolean;
  readonly user: boolean;
  readonly noIndex: boolean;
}

export interface PipRequirement {
  readonly requirement: Requirement;
  readonly word: ShellWord;
}

const PIP_OPTIONS: OptionSpec = {
  prefixes: true,
  long: {
    '--requirement': true, '--constraint': true, '--editable': true, '--target': true, '--platform': true,
    '--python-version': true, '--implementation': true, '--abi': true, '--root': true, '--prefix': true,
    '--src': true, '--upgrade-strategy': true, '--config-settings': true, '--global-option': true,
    '--no-binary': true, '--only-binary': true, '--progress-bar': true, '--root-user-action': true,
    '--report': true, '--index-url': true, '--extra-index-url': true, '--find-links': true, '--log': true,
    '--proxy': true, '--retries': true, '--timeout': true, '--exists-action': true, '--trusted-host': true,
    '--cert': true, '--client-cert': true, '--cache-dir': true, '--python': true, '--keyring-provider': true,
    '--use-feature': true, '--use-deprecated': true, '--resume-retries': true, '--group': true,
    '--no-cache-dir': false, '--user': false, '--upgrade': false, '--no-deps': false, '--no-index': false,
    '--pre': false, '--force-reinstall': false, '--ignore-installed': false, '--quiet': false, '--verbose': false,
    '--no-build-isolation': false, '--require-hashes': false, '--break-system-packages': false,
    '--disable-pip-version-check': false, '--no-input': false, '--isolated': false, '--yes': false,
    '--no-compile': false, '--compile': false, '--dry-run': false, '--no-color': false, '--no-warn-script-location': false,
  },
  short: { r: '--requirement', c: '--constraint', e: '--editable', t: '--target', i: '--index-url', f: '--find-links',
    U: '--upgrade', q: '--quiet', v: '--verbose', y: '--yes', C: '--config-settings' },
};

const UV_OPTIONS: OptionSpec = {
  long: {
    '--requirement': true, '--constraint': true, '--override': true, '--editable': true, '--index-url': true,
    '--extra-index-url': true, '--index': true, '--default-index': true, '--find-links': true, '--python': true,
    '--target': true, '--prefix': true, '--cache-dir': true, '--index-strategy': true, '--extra': true,
    '--no-cache': false, '--system': false, '--upgrade': false, '--no-deps': false, '--no-index': false,
    '--quiet': false, '--verbose': false, '--break-system-packages': false, '--compile-bytecode': false,
  },
  short: { r: '--requirement', c: '--constraint', e: '--editable', i: '--index-url', f: '--find-links',
    n: '--no-cache', U: '--upgrade', q: '--quiet', v: '--verbose', p: '--python' },
};

const PYTHON_WITH_VALUE = new Set(['-X', '-W', '-c']);

/** Recognises pip invocations; returns undefined for anything else. */
export function recognisePip(program: ResolvedProgram): PipCommand | undefined {
  let tool: 'pip' | 'uv' = 'pip';
  let interpreter: string | undefined;
  let args: readonly ShellWord[];
  if (/^pip[0-9.]*$/.test(program.name)) {
    args = program.args;
  } else if (/^python[0-9.]*$/.test(program.name)) {
    const m = findModule(program.args);
    if (m === undefined || !/^pip[0-9.]*$/.test(program.args[m]!.value)) return undefined;
    interpreter = program.name;
    args = program.args.slice(m + 1);
  } else if (program.name === 'uv' && program.args[0]?.value === 'pip') {
    tool = 'uv';
    args = program.args.slice(1);
  } else {
    return undefined;
  }
  const parsed = parseOptions(args, tool === 'uv' ? UV_OPTIONS : PIP_OPTIONS);
  const subcommandWord = parsed.positionals[0];
  const subcommand = subcommandWord?.value ?? '';
  const requirements = parsed.positionals.slice(1).map((word) => ({ requirement: parseRequirement(word.value), word }));
  return {
    tool,
    subcommand,
    subcommandWord,
    interpreter,
    parsed,
    requirements,
    requirementFiles: optionValues(parsed, '--requirement'),
    constraintFiles: optionValues(parsed, '--constraint'),
    indexUrl: optionValues(parsed, '--index-url', '--default-index').at(-1),
    extraIndexUrls: optionValues(parsed, '--extra-index-url', '--index'),
    findLinks: optionValues(parsed, '--find-links'),
    noCacheDir: tool === 'uv' ? hasOption(parsed, '--no-cache') : hasOption(parsed, '--no-cache-dir'),
    user: hasOption(parsed, '--user'),
    noIndex: hasOption(parsed, '--no-index'),
  };
}

/** Index of the module name after `-m` in a python command line, skipping interpreter options. */
function findModule(args: readonly ShellWord[]): number | undefined {
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === '-m') return i + 1 < args.length ? i + 1 : undefined;
    if (v.startsWith('-m') && v.length > 2) return undefined; // -mpip is rare; keep it simple
    if (PYTHON_WITH_VALUE.has(v)) {
      if (v === '-c') return undefined;
      i++;
      continue;
    }
    if (!v.startsWith('-')) return undefined; // a script: not `-m pip`
  }
  return undefined;
}
