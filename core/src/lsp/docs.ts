/** Where rule documentation lives. The server passes a local docs folder when it ships with one. */
export const DOCS_WEB_BASE = 'https://github.com/mldock/mldock/blob/main/docs/rules';

export function ruleDocsUrl(ruleId: string, base: string = DOCS_WEB_BASE): string {
  return `${base.replace(/\/+$/, '')}/${ruleId}.md`;
}
