// The scaffolding wizard in a real VS Code: run from the Command Palette and answered with Enter at
// every step, it writes the same files as `mldock init --yes` and opens the Dockerfile; run again, it
// asks before touching the existing files.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { detectProject, generateScaffold, resolveAnswers } from '../../core/src/scaffold';
import { projectFiles } from '../../core/src/node/projectFiles';
import { e2eSession, SCENARIO_TIMEOUT, skipReason } from './harness/session';
import type { Workbench } from './harness/workbench';
import { mldock } from '../helpers/cli';

const TITLE = 'MLDock: New GPU (CUDA) Image';

/** Opens the wizard from the palette (F1, type, Enter) without waiting for the palette to close: the first step replaces it. */
async function startWizard(wb: Workbench): Promise<void> {
  await wb.page.keyboard.press('F1');
  const input = wb.page.locator('.quick-input-widget input');
  await input.fill(`>${TITLE}`);
  await wb.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: TITLE }).first().waitFor();
  await wb.page.keyboard.press('Enter');
}

/** The title of the quick input once it shows one that starts with `prefix`. */
async function quickInputTitle(wb: Workbench, prefix: string): Promise<string> {
  const title = wb.page.locator('.quick-input-widget .quick-input-title');
  await title.filter({ hasText: prefix }).first().waitFor();
  return (await title.first().innerText()).trim();
}

describe('MLDock: scaffolding wizard', { skip: skipReason() }, () => {
  const session = e2eSession('scaffold', 'scaffold-project');

  it('Enter at every step of "New GPU (CUDA) Image…" writes the detected defaults and opens the Dockerfile', { timeout: SCENARIO_TIMEOUT }, () =>
    session.scenario('scaffold-cuda-wizard', async (wb) => {
      const expected = generateScaffold(resolveAnswers('cuda', detectProject(projectFiles(session.workspace))).answers);
      await startWizard(wb);
      const seen: string[] = [];
      for (const step of ['Purpose', 'Framework', 'Version', 'CUDA', 'Python', 'Server', 'Port', 'Entry point', 'Options']) {
        seen.push(await quickInputTitle(wb, `${TITLE}: ${step}`));
        if (seen.length === 1) await wb.screenshot('scaffold-cuda-wizard-step1');
        await wb.page.keyboard.press('Enter');
      }
      await wb.page.locator('.tab.active[aria-label^="Dockerfile"]').waitFor();
      await wb.screenshot('scaffold-cuda-wizard');
      assert.match(seen[0]!, /1\/9/, `step counter in "${seen[0]}"`);
      for (const f of expected) assert.equal(fs.readFileSync(path.join(session.workspace, f.path), 'utf8'), f.content, f.path);
      assert.match(fs.readFileSync(path.join(session.workspace, 'Dockerfile'), 'utf8'), /^FROM nvidia\/cuda:12\.4\.1-base-ubuntu22\.04$/m);
      assert.ok(fs.existsSync(path.join(session.workspace, '.dockerignore')), 'a .dockerignore is written next to it');
      const lint = mldock(['lint', '--fail-on', 'warning', path.join(session.workspace, 'Dockerfile')]);
      assert.equal(lint.status, 0, `mldock lint passes the wizard's Dockerfile with no warning or error:\n${lint.stdout}${lint.stderr}`);
    }));

  it('run again, it asks about the existing Dockerfile; Write Beside keeps it and writes Dockerfile.mldock', { timeout: SCENARIO_TIMEOUT }, () =>
    session.scenario('scaffold-conflict', async (wb) => {
      const mine = fs.readFileSync(path.join(session.workspace, 'Dockerfile'), 'utf8').replace('EXPOSE 8000', 'EXPOSE 8000\n# my edit');
      fs.writeFileSync(path.join(session.workspace, 'Dockerfile'), mine);
      await startWizard(wb);
      for (let i = 1; i <= 9; i++) {
        // wait for the step's own counter: a key pressed while the previous step closes is lost
        await wb.page.locator('.quick-input-widget .quick-input-title').filter({ hasText: `(${i}/9)` }).first().waitFor();
        await wb.page.keyboard.press('Enter');
      }
      await quickInputTitle(wb, 'MLDock: Dockerfile already exists');
      await wb.screenshot('scaffold-conflict');
      await wb.page.locator('.quick-input-list').getByRole('option', { name: /Write Beside/ }).click();
      await wb.page.locator('.tab.active[aria-label^="Dockerfile.mldock"]').waitFor();
      assert.equal(fs.readFileSync(path.join(session.workspace, 'Dockerfile'), 'utf8'), mine, 'the edited Dockerfile is untouched');
      assert.match(fs.readFileSync(path.join(session.workspace, 'Dockerfile.mldock'), 'utf8'), /-f Dockerfile\.mldock/);
    }));
});
