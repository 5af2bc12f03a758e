import type { CommandInfo, Instruction } from '../model/types';
import type { Finding, Rule } from './types';

/** Files that are themselves signatures, checksums or keys (verifying them is what they are for). */
const VERIFICATION_FILE = /(\.(sha256|sha512|sha1|md5|asc|sig|gpg|pem|pub|key)|SHA256SUMS|SHA512SUMS|checksums?\.txt)$/i;
const KEYRING = /(keyrings?|trusted\.gpg\.d)\//;

/**
 * A model, wheel or archive fetched by URL without a checksum is whatever the server returns on the
 * day of the build: a re-uploaded model, a truncated file or a compromised mirror goes unnoticed.
 */
export const ML406: Rule = {
  id: 'ML406',
  title: 'Remote download without an integrity check',
  defaultSeverity: 'info',
  summary: 'A file is downloaded at build time (curl, wget, gdown) and used without checking its hash, so a changed, truncated or tampered model, wheel or archive ends up in the image unnoticed. Verify it with `sha256sum -c`, or use `ADD --checksum=sha256:…`.',
  check({ doc }) {
    const findings: Finding[] = [];
    for (const stage of doc.stages) {
      const runs = stage.instructions.filter((i) => i.keyword === 'RUN');
      runs.forEach((instruction, r) => {
        instruction.commands.forEach((info, k) => {
          const what = download(info, instruction.commands[k + 1]);
          if (!what) return;
          if (verifiedLater(instruction.commands.slice(k + 1), runs.slice(r + 1))) return;
          findings.push({
            ruleId: 'ML406',
            span: { start: info.command.start, end: info.command.end },
            message: `\`${what}\` downloads a file that nothing verifies: if the server returns a different, truncated or tampered file, it goes into the image unnoticed. Check it against a known hash, e.g. \`echo "<sha256>  model.pth" | sha256sum -c -\`, or use \`ADD --checksum=sha256:<hash> <url> <dest>\`.`,
          });
        });
      });
    }
    return findings;
  },
};

/** Describes a download worth verifying, or undefined (API calls, keys, scripts piped into a shell — ML403). */
function download(info: CommandInfo, next: CommandInfo | undefined): string | undefined {
  if (info.program.name === 'gdown') return 'gdown';
  const d = info.download;
  if (!d || d.urls.length === 0) return undefined;
  if (d.parsed.options.some((o) => ['--data', '--request', '--form', '-I', '--head', '--spider'].includes(o.name))) return undefined;
  if (d.urls.every((u) => VERIFICATION_FILE.test(u.value))) return undefined;
  if (d.output !== undefined && (KEYRING.test(d.output) || VERIFICATION_FILE.test(d.output))) return undefined;
  if (d.toStdout) {
    // Piped somewhere: into tar/unzip it is an archive; into gpg/apt-key/an interpreter it is another rule's business.
    if (info.command.after !== '|' || !next || !/^(tar|unzip|gunzip|zcat|bsdtar|xz)$/.test(next.program.name)) return undefined;
  }
  return d.tool;
}

const CHECKERS = /^(sha(1|224|256|384|512)sum|md5sum|b2sum|shasum|cksum|gpg|gpgv|cosign|minisign|signify|openssl)$/;

/** A checksum or signature check later in the same RUN or in a later RUN of the stage. */
function verifiedLater(rest: readonly CommandInfo[], laterRuns: readonly Instruction[]): boolean {
  const verifies = (c: CommandInfo) => CHECKERS.test(c.program.name) &&
    (c.program.name === 'gpg' || c.program.name === 'gpgv' ? c.program.args.some((a) => a.value === '--verify') || c.program.name === 'gpgv'
      : c.program.name === 'cosign' || c.program.name === 'minisign' || c.program.name === 'signify' || c.program.name === 'openssl'
        ? true
        : c.program.args.some((a) => a.value === '-c' || a.value === '--check'));
  return rest.some(verifies) || laterRuns.some((run) => run.commands.some(verifies));
}
