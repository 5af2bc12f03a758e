import type { ShellWord } from '../shellTokens';
import type { ResolvedProgram } from '../shellCommands';
import { hasOption, optionValues, parseOptions, type OptionSpec, type ParsedArgs } from './options';

/** `apt-get install -y --no-install-recommends curl`, `apt update`, `apt-get clean` … */
export interface AptCommand {
  readonly tool: 'apt-get' | 'apt' | 'aptitude';
  /** `install`, `update`, `upgrade`, `dist-upgrade`, `clean`, `autoremove`, `purge`, `remove` … */
  readonly subcommand: string;
  readonly subcommandWord: ShellWord | undefined;
  readonly parsed: ParsedArgs;
  readonly packages: readonly AptPackage[];
  readonly assumeYes: boolean;
  /** `--no-install-recommends`, or `-o APT::Install-Recommends=false`. */
  readonly noInstallRecommends: boolean;
}

export interface AptPackage {
  readonly name: string;
  /** `=1.2.3` pin, if any. */
  readonly version: string | undefined;
  readonly word: ShellWord;
}

const APT_OPTIONS: OptionSpec = {
  long: {
    '--option': true, '--config-file': true, '--target-release': true, '--default-release': true,
    '--yes': false, '--assume-yes': false, '--quiet': false, '--no-install-recommends': false,
    '--install-recommends': false, '--fix-missing': false, '--fix-broken': false, '--no-upgrade': false,
    '--only-upgrade': false, '--allow-downgrades': false, '--reinstall': false, '--purge': false,
    '--allow-unauthenticated': false, '--allow-change-held-packages': false, '--no-install-suggests': false,
  },
  short: { o: '--option', c: '--config-file', t: '--target-release', y: '--yes', q: '--quiet', f: '--fix-broken', m: '--fix-missing' },
};

export function recogniseApt(program: ResolvedProgram): AptCommand | undefined {
  const tool = program.name;
  if (tool !== 'apt-get' && tool !== 'apt' && tool !== 'aptitude') return undefined;
  const parsed = parseOptions(program.args, APT_OPTIONS);
  const subcommandWord = parsed.positionals[0];
  const packages = parsed.positionals.slice(1).map((word) => {
    const eq = word.value.indexOf('=');
    return eq > 0
      ? { name: word.value.slice(0, eq), version: word.value.slice(eq + 1), word }
      : { name: word.value, version: undefined, word };
  });
  const recommendsOff = optionValues(parsed, '--option').some((o) => /^APT::Install-Recommends=(false|0|no)$/i.test(o.value ?? ''));
  return {
    tool,
    subcommand: subcommandWord?.value ?? '',
    subcommandWord,
    parsed,
    packages,
    assumeYes: hasOption(parsed, '--yes', '--assume-yes') || optionValues(parsed, '--option').some((o) => /^APT::Get::Assume-Yes=(true|1|yes)$/i.test(o.value ?? '')),
    noInstallRecommends: hasOption(parsed, '--no-install-recommends') || recommendsOff,
  };
}
