// The packaged extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3): findings in the
// Problems panel, the hover that explains one, and a quick-fix that removes it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, FIXTURES } from '../helpers/paths';
import { e2eSession, SCENARIO_TIMEOUT, skipReason } from './harness/session';

const DOCKERFILE = fs.readFileSync(path.join(FIXTURES, 'e2e', 'inference-api', 'Dockerfile'), 'utf8').split('\n');
const PIP_LINE = 'RUN pip install -r requirements.txt';

/** The first sentence of the "Why" section of a rule's docs page, as the hover renders it (no markdown). */
function docsWhySentence(ruleId: string): string {
  const page = fs.readFileSync(path.join(ROOT, 'docs', 'rules', `${ruleId}.md`), 'utf8');
  const why = /^## Why\s*\n+([^\n]+)/m.exec(page)?.[1];
  assert.ok(why, `docs/rules/${ruleId}.md has a "## Why" section`);
  return why.replace(/`/g, '').replace(/\*\*/g, '').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1').split(/(?<=\.)\s/)[0]!;
}

describe('MLDock in VS Code: diagnostics, hover and quick-fix', { skip: skipReason() }, () => {
  const session = e2eSession('diagnostics', 'inference-api');

  it('opening a Dockerfile lists MLDock findings in the Problems panel by rule ID, linked to their docs', { timeout: SCENARIO_TIMEOUT }, () =>
    session.scenario('problems-panel', async (wb) => {
      await wb.openFile('Dockerfile');
      const problems = await wb.problems(['ML106', 'ML201', 'ML501']);
      await wb.screenshot('problems-panel');

      const mldock = problems.filter((p) => p.source === 'mldock');
      const seen = mldock.map((p) => `${p.code}@${p.line}`);
      for (const expected of ['ML106@2', 'ML201@8', 'ML501@13']) assert.ok(seen.includes(expected), `Problems panel shows ${expected}; it shows ${seen.join(', ')}`);
      const ml201 = mldock.find((p) => p.code === 'ML201')!;
      assert.match(ml201.message, /^`pip install` without `--no-cache-dir`/);
      assert.equal(ml201.column, 5, 'ML201 starts at `pip`');
      assert.match(ml201.codeLink ?? '', /\/docs\/rules\/ML201\.md$/, 'the rule ID links to the rule page shipped in the .vsix');
    }));

  it('hovering an ML201 finding shows the rule, its severity and the summary from its docs page', { timeout: SCENARIO_TIMEOUT }, () =>
    session.scenario('hover-ml201', async (wb) => {
      await wb.openFile('Dockerfile');
      const hover = await wb.hover(PIP_LINE, 'install', 'ML201 · warning');
      await wb.screenshot('hover-ml201');

      const text = (await hover.innerText()).replace(/\s+/g, ' ');
      assert.match(text, /ML201 · warning — pip install without --no-cache-dir/);
      assert.ok(text.includes(docsWhySentence('ML201')), `hover quotes the docs' "Why": ${text}`);
      assert.match(text, /Rule documentation/);
    }));

  it('the ML201 quick-fix "Add --no-cache-dir" rewrites the line and the finding goes away', { timeout: SCENARIO_TIMEOUT }, () =>
    session.scenario('quick-fix-ml201', async (wb) => {
      await wb.openFile('Dockerfile');
      await wb.problems(['ML201', 'ML106', 'ML501']);
      const squigglesBefore = await wb.editor.locator('.squiggly-warning').count();
      const menu = await wb.openQuickFix(PIP_LINE, 'install');
      await wb.screenshot('quick-fix-menu');
      await wb.applyQuickFix(menu, 'Add --no-cache-dir');

      const fixed = 'RUN pip install --no-cache-dir -r requirements.txt';
      await wb.line(fixed);
      await wb.problemRows('ML201').first().waitFor({ state: 'detached' });
      await wb.screenshot('quick-fix-applied');

      assert.deepEqual(await wb.editorLines(), DOCKERFILE.map((l) => (l === PIP_LINE ? fixed : l)), 'only the pip line changed');
      // The other findings stay: the panel was updated for the new text, not emptied.
      assert.equal(await wb.problemRows('ML106').count(), 1);
      assert.equal(await wb.problemRows('ML501').count(), 1);
      // Exactly one squiggle went (ML201's); the count is relative so new rules don't break the scenario.
      assert.equal(await wb.editor.locator('.squiggly-warning').count(), squigglesBefore - 1, 'only the ML201 squiggle went away');
    }));
});
