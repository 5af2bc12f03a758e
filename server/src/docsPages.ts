import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DOCS_WEB_BASE } from '../../core/src';

/**
 * Rule pages shipped next to the server (`docs/rules/<ID>.md` in the .vsix or npm package).
 * Links point at the local copy when it exists, so they work offline and match this version.
 */
export class DocsPages {
  readonly dir: string | undefined;
  readonly base: string;
  private readonly pages = new Map<string, string | undefined>();

  constructor(candidates: string[] = [path.resolve(__dirname, '..', 'docs', 'rules'), path.resolve(__dirname, '..', '..', 'docs', 'rules')]) {
    this.dir = candidates.find((d) => fs.existsSync(d));
    this.base = this.dir ? pathToFileURL(this.dir).href : DOCS_WEB_BASE;
  }

  /** The page's "What" and "Why" sections, for hovers. */
  summary(ruleId: string): string | undefined {
    if (!this.pages.has(ruleId)) {
      let text: string | undefined;
      try {
        text = this.dir ? fs.readFileSync(path.join(this.dir, `${ruleId}.md`), 'utf8') : undefined;
      } catch {
        text = undefined;
      }
      this.pages.set(ruleId, text && extractSummary(text));
    }
    return this.pages.get(ruleId);
  }
}

/** Everything between the title and the first example heading. */
export function extractSummary(markdown: string): string {
  const body = markdown.replace(/^#\s[^\n]*\n/, '');
  const stop = body.search(/^##\s+(Bad|Good|Example|How to silence)/im);
  return (stop >= 0 ? body.slice(0, stop) : body).trim();
}
