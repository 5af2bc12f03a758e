import { parseRequirement, type Requirement } from './requirement';

/** A pip requirements file: requirement lines and the options that apply to the whole install. */
export interface RequirementsFile {
  readonly requirements: readonly { readonly requirement: Requirement; readonly line: number }[];
  /** `--index-url`/`-i`: replaces PyPI for every requirement of the install, not just this file's. */
  readonly indexUrl: { readonly value: string; readonly line: number } | undefined;
  readonly extraIndexUrls: readonly { readonly value: string; readonly line: number }[];
  readonly findLinks: readonly { readonly value: string; readonly line: number }[];
  /** `-r other.txt` / `-c constraints.txt`, relative to this file. */
  readonly includes: readonly { readonly kind: 'requirement' | 'constraint'; readonly path: string; readonly line: number }[];
  /** `-e …` and local paths (`.`, `./pkg`): the install needs the project source, not just this file. */
  readonly localPaths: readonly { readonly value: string; readonly line: number }[];
}

const OPTION = /^(-i|--index-url|--extra-index-url|-f|--find-links|-r|--requirement|-c|--constraint|-e|--editable)(?:\s*=\s*|\s+)(\S+)/;

/** Parses a requirements file as pip does: comments, continuations, options and requirement specs (0-based lines). */
export function parseRequirementsFile(text: string): RequirementsFile {
  const requirements: { requirement: Requirement; line: number }[] = [];
  const extraIndexUrls: { value: string; line: number }[] = [];
  const findLinks: { value: string; line: number }[] = [];
  const includes: { kind: 'requirement' | 'constraint'; path: string; line: number }[] = [];
  const localPaths: { value: string; line: number }[] = [];
  let indexUrl: { value: string; line: number } | undefined;
  const raw = text.split(/\r?\n/);
  for (let i = 0; i < raw.length; i++) {
    const line = i;
    let content = raw[i]!;
    while (content.endsWith('\\') && i + 1 < raw.length) content = content.slice(0, -1) + raw[++i]!;
    content = content.replace(/(^|\s)#.*$/, '').trim();
    if (!content) continue;
    const option = OPTION.exec(content);
    if (option) {
      const [, name, value] = option as unknown as [string, string, string];
      if (name === '-i' || name === '--index-url') indexUrl = { value, line };
      else if (name === '--extra-index-url') extraIndexUrls.push({ value, line });
      else if (name === '-f' || name === '--find-links') findLinks.push({ value, line });
      else if (name === '-r' || name === '--requirement') includes.push({ kind: 'requirement', path: value, line });
      else if (name === '-c' || name === '--constraint') includes.push({ kind: 'constraint', path: value, line });
      else localPaths.push({ value, line });
      continue;
    }
    if (content.startsWith('-')) continue; // other options (--pre, --trusted-host …)
    const requirement = parseRequirement(content.replace(/\s+--hash=\S+/g, ''));
    if (requirement.kind === 'path') localPaths.push({ value: content, line });
    else requirements.push({ requirement, line });
  }
  return { requirements, indexUrl, extraIndexUrls, findLinks, includes, localPaths };
}

/** Every index and find-links URL of the file (`--index-url`, `--extra-index-url`, `--find-links`). */
export function packageSourceUrls(file: RequirementsFile): string[] {
  return [...(file.indexUrl ? [file.indexUrl.value] : []), ...file.extraIndexUrls.map((u) => u.value), ...file.findLinks.map((u) => u.value)];
}
