import type { ResolvedProgram } from '../shellCommands';
import { parseOptions, type OptionSpec } from './options';

/** `useradd -m -u 1000 app`, `adduser --disabled-password --gecos "" app`, `adduser -D -u 1000 app` (busybox). */
export interface UserCreation {
  readonly tool: 'useradd' | 'adduser';
  readonly name: string;
  readonly uid: string | undefined;
}

const USERADD: OptionSpec = {
  long: { '--uid': true, '--gid': true, '--groups': true, '--home-dir': true, '--shell': true, '--comment': true, '--skel': true,
    '--expiredate': true, '--inactive': true, '--key': true, '--password': true, '--root': true, '--prefix': true, '--base-dir': true,
    '--selinux-user': true, '--system': false, '--create-home': false, '--no-create-home': false, '--no-log-init': false,
    '--user-group': false, '--no-user-group': false, '--non-unique': false },
  short: { u: '--uid', g: '--gid', G: '--groups', d: '--home-dir', s: '--shell', c: '--comment', k: '--skel', e: '--expiredate',
    f: '--inactive', K: '--key', p: '--password', R: '--root', P: '--prefix', b: '--base-dir', Z: '--selinux-user',
    r: '--system', m: '--create-home', M: '--no-create-home', l: '--no-log-init', U: '--user-group', N: '--no-user-group', o: '--non-unique' },
};

/** Debian's adduser and busybox's adduser share the positional name; their value options differ. */
const ADDUSER: OptionSpec = {
  long: { '--home': true, '--shell': true, '--uid': true, '--gid': true, '--ingroup': true, '--gecos': true, '--comment': true,
    '--firstuid': true, '--lastuid': true, '--conf': true, '--system': false, '--disabled-password': false, '--disabled-login': false,
    '--no-create-home': false, '--group': false, '--quiet': false },
  short: { h: '--home', g: '--gecos', s: '--shell', G: '--ingroup', u: '--uid', k: '--skel', S: '--system', D: '--disabled-password', H: '--no-create-home' },
};

export function recogniseUserCreation(program: ResolvedProgram): UserCreation | undefined {
  if (program.name !== 'useradd' && program.name !== 'adduser') return undefined;
  const parsed = parseOptions(program.args, program.name === 'useradd' ? USERADD : { ...ADDUSER, long: { ...ADDUSER.long, '--skel': true } });
  // `adduser NAME GROUP` adds an existing user to a group on Debian: the first positional is still the user.
  const name = parsed.positionals[0]?.value;
  if (!name || name.includes('$')) return undefined;
  const uid = parsed.options.filter((o) => o.name === '--uid').at(-1)?.value;
  return { tool: program.name, name, uid };
}
