import { looksLikeToken } from '../knowledge/secrets';
import type { Finding, Rule } from './types';

/** `scheme://user:password@host` or `scheme://<token>@host`. */
const URL_WITH_USERINFO = /\b([a-z][a-z0-9+.-]*):\/\/([^\s/@:'"]+)(?::([^\s/@'"]*))?@([^\s/'"]+)/gi;

/**
 * Credentials in a URL end up in the image: in the RUN line that `docker history` shows, in
 * `.git/config` after `git clone`, in pip's and conda's config files and logs.
 */
export const ML407: Rule = {
  id: 'ML407',
  title: 'Credentials embedded in a URL',
  defaultSeverity: 'error',
  summary: 'A URL carries a user name and password or token (`https://user:token@host/…`). It is stored in the image history, and tools keep it too (`git clone` writes it to .git/config). Use a BuildKit secret or a credential helper.',
  check({ doc }) {
    const findings: Finding[] = [];
    for (const instruction of doc.instructions) {
      if (!instruction.argsSpan || instruction.keyword === 'FROM') continue;
      const raw = doc.text.slice(instruction.argsSpan.start, instruction.argsSpan.end);
      if (!raw.includes('@')) continue; // no userinfo without one: most instructions end here
      for (const m of raw.matchAll(URL_WITH_USERINFO)) {
        const [, scheme, user, password, rest] = m;
        if (!hasCredential(user!, password)) continue;
        // A variable filled from a BuildKit secret is not stored, unless git writes the URL to .git/config.
        const fromVariable = (password ?? user!).startsWith('$');
        const secretMount = instruction.flags.some((f) => f.name === 'mount' && f.options.some((o) => o.name === 'type' && o.value === 'secret'));
        if (fromVariable && secretMount && !instruction.commands.some((c) => c.program.name === 'git')) continue;
        const host = rest!.replace(/[/:?#].*$/, '');
        const start = instruction.argsSpan.start + m.index!;
        findings.push({
          ruleId: 'ML407',
          span: { start, end: start + m[0].length },
          message: `The ${scheme!.toLowerCase()} URL to \`${host}\` embeds credentials. They are stored in the image history, and tools keep them (\`git clone\` writes them to .git/config, pip logs index URLs). Pass them as a BuildKit secret (\`RUN --mount=type=secret,…\`) or through a credential helper or netrc file mounted as a secret.`,
        });
      }
    }
    return findings;
  },
};

/** A password part (even `$TOKEN`), or a user part that is itself a token or a variable named like one. */
function hasCredential(user: string, password: string | undefined): boolean {
  if (password !== undefined) return password !== '';
  if (looksLikeToken(user)) return true;
  return /^\$\{?[A-Za-z_]*(TOKEN|PASSWORD|SECRET|PAT|KEY)[A-Za-z_]*\}?$/i.test(user);
}
