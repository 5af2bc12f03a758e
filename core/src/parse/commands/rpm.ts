import type { ShellWord } from '../shellTokens';
import type { ResolvedProgram } from '../shellCommands';
import { parseOptions, type OptionSpec } from './options';

/** `dnf install -y cuda-toolkit-12-4`, `yum -y install x`, `microdnf install x`, `dnf module install nvidia-driver:latest-dkms`. */
export interface RpmCommand {
  readonly tool: 'dnf' | 'yum' | 'microdnf' | 'tdnf';
  /** `install`, `remove`, `update`, `clean`, `makecache` …; `module install` for module streams. */
  readonly subcommand: string;
  /** Package names, module specs (`nvidia-driver:latest-dkms`) or RPM paths/URLs, as written. */
  readonly packages: readonly { readonly name: string; readonly word: ShellWord }[];
}

const TOOLS = new Set(['dnf', 'yum', 'microdnf', 'tdnf']);

const RPM_OPTIONS: OptionSpec = {
  long: {
    '--assumeyes': false, '--quiet': false, '--nodocs': false, '--nogpgcheck': false, '--best': false, '--nobest': false,
    '--allowerasing': false, '--refresh': false, '--noplugins': false, '--setopt': true, '--enablerepo': true,
    '--disablerepo': true, '--repo': true, '--repoid': true, '--exclude': true, '--installroot': true,
    '--releasever': true, '--config': true, '--disableplugin': true, '--enableplugin': true,
  },
  short: { y: '--assumeyes', q: '--quiet', x: '--exclude', c: '--config' },
};

export function recogniseRpm(program: ResolvedProgram): RpmCommand | undefined {
  const tool = program.name;
  if (!TOOLS.has(tool)) return undefined;
  const positionals = parseOptions(program.args, RPM_OPTIONS).positionals;
  let rest = positionals.slice(1);
  let subcommand = positionals[0]?.value ?? '';
  if (subcommand === 'module' && rest[0]) {
    subcommand = `module ${rest[0].value}`;
    rest = rest.slice(1);
  }
  return { tool: tool as RpmCommand['tool'], subcommand, packages: rest.map((word) => ({ name: word.value, word })) };
}
