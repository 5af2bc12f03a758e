import { copyPaths } from '../model/paths';
import type { Finding, Rule } from './types';

interface Data {
  /** Replace the ADD keyword with COPY (local, non-archive sources only). */
  readonly keyword?: { readonly start: number; readonly end: number; readonly text: string };
}

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst)$/i;
const URL = /^[a-z][a-z0-9+.-]*:\/\//i;
const GIT = /^(git@|https?:\/\/.*\.git(#.*)?$|git:\/\/)/i;

/**
 * ADD does more than copy: it fetches URLs and unpacks local tar archives. For plain files COPY says
 * what happens; for URLs, `--checksum` makes the download verifiable and cacheable.
 */
export const ML109: Rule<Data> = {
  id: 'ML109',
  title: '`ADD` for local files (use `COPY`), or `ADD <url>` without `--checksum`',
  defaultSeverity: 'warning',
  summary: 'ADD silently unpacks archives and fetches URLs; for local files COPY does exactly what it says. A URL fetched by ADD without `--checksum` is neither verified nor pinned: the same build can get different bytes.',
  check({ doc, settings }) {
    const findings: Finding<Data>[] = [];
    for (const instruction of doc.instructions) {
      if (instruction.keyword !== 'ADD') continue;
      const paths = copyPaths(doc, instruction);
      if (!paths || paths.fromOther) continue;
      const sources = paths.sources.map((s) => s.value);
      const urls = paths.sources.filter((s) => URL.test(s.value) && !GIT.test(s.value));
      const hasChecksum = instruction.flags.some((f) => f.name === 'checksum');
      for (const url of urls) {
        const host = /^[a-z]+:\/\/([^/:@]+)/i.exec(url.value)?.[1]?.toLowerCase();
        if (hasChecksum || (host && settings.trustedRegistries.some((r) => r.toLowerCase() === host))) continue;
        findings.push({
          ruleId: 'ML109',
          span: { start: url.start, end: url.end },
          message: `\`ADD ${url.value}\` downloads without verifying what it gets: add \`--checksum=sha256:…\` (BuildKit) or download in a RUN with a checksum check.`,
        });
      }
      if (sources.every((s) => !URL.test(s) && !GIT.test(s) && !ARCHIVE.test(s))) {
        const canFix = !instruction.flags.some((f) => ['checksum', 'keep-git-dir', 'unpack'].includes(f.name));
        const word = doc.text.slice(instruction.keywordSpan.start, instruction.keywordSpan.end);
        findings.push({
          ruleId: 'ML109',
          span: instruction.keywordSpan,
          message: 'ADD copies local files here: use COPY, which does only that (ADD also unpacks archives and fetches URLs, so it hides intent).',
          ...(canFix && { data: { keyword: { ...instruction.keywordSpan, text: word === word.toLowerCase() ? 'copy' : 'COPY' } } }),
        });
      }
    }
    return findings;
  },
  fix(finding) {
    const k = finding.data?.keyword;
    return k ? [{ title: 'Use COPY', edits: [{ start: k.start, end: k.end, newText: k.text }], preferred: true }] : [];
  },
};
