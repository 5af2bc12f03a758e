import type { ShellWord } from '../shellTokens';
import type { ResolvedProgram } from '../shellCommands';
import { hasOption, optionValues, parseOptions, type OptionSpec, type ParsedArgs } from './options';

/** `curl -fsSL URL -o out`, `wget -q URL -O out`. */
export interface DownloadCommand {
  readonly tool: 'curl' | 'wget';
  readonly parsed: ParsedArgs;
  readonly urls: readonly ShellWord[];
  /** Output file, when written to one (`-o`, `-O FILE` for wget); undefined when written to stdout. */
  readonly output: string | undefined;
  readonly toStdout: boolean;
  readonly insecure: boolean;
}

const CURL_OPTIONS: OptionSpec = {
  long: {
    '--output': true, '--header': true, '--user': true, '--data': true, '--request': true, '--retry': true,
    '--max-time': true, '--connect-timeout': true, '--proto': true, '--cacert': true, '--config': true,
    '--user-agent': true, '--cookie': true, '--form': true, '--write-out': true, '--continue-at': true,
    '--remote-name': false, '--location': false, '--fail': false, '--silent': false, '--show-error': false,
    '--insecure': false, '--compressed': false, '--progress-bar': false, '--create-dirs': false,
    '--remote-header-name': false, '--verbose': false, '--tlsv1.2': false, '--globoff': false,
  },
  short: { o: '--output', H: '--header', u: '--user', d: '--data', X: '--request', m: '--max-time', K: '--config',
    A: '--user-agent', b: '--cookie', F: '--form', w: '--write-out', C: '--continue-at',
    O: '--remote-name', L: '--location', f: '--fail', s: '--silent', S: '--show-error', k: '--insecure',
    '#': '--progress-bar', J: '--remote-header-name', v: '--verbose', g: '--globoff' },
};

const WGET_OPTIONS: OptionSpec = {
  long: {
    '--output-document': true, '--directory-prefix': true, '--header': true, '--user': true, '--password': true,
    '--tries': true, '--timeout': true, '--output-file': true, '--user-agent': true, '--progress': true,
    '--quiet': false, '--no-verbose': false, '--no-check-certificate': false, '--continue': false,
    '--show-progress': false, '--content-disposition': false, '--no-clobber': false,
  },
  short: { O: '--output-document', P: '--directory-prefix', t: '--tries', T: '--timeout', o: '--output-file',
    U: '--user-agent', q: '--quiet', c: '--continue', nv: '--no-verbose' },
};

export function recogniseDownload(program: ResolvedProgram): DownloadCommand | undefined {
  const tool = program.name;
  if (tool !== 'curl' && tool !== 'wget') return undefined;
  const parsed = parseOptions(program.args, tool === 'curl' ? CURL_OPTIONS : WGET_OPTIONS);
  const urls = parsed.positionals.filter((w) => /^(https?|ftp|s3|gs):\/\//i.test(w.value) || w.expands);
  if (tool === 'curl') {
    const output = optionValues(parsed, '--output').at(-1)?.value;
    const remoteName = hasOption(parsed, '--remote-name');
    return { tool, parsed, urls, output: output ?? (remoteName ? '' : undefined), toStdout: output === undefined && !remoteName, insecure: hasOption(parsed, '--insecure') };
  }
  const output = optionValues(parsed, '--output-document').at(-1)?.value;
  return { tool, parsed, urls, output: output === '-' ? undefined : output ?? '', toStdout: output === '-', insecure: hasOption(parsed, '--no-check-certificate') };
}
