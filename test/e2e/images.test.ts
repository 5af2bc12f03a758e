// The MLDock sidebar on a real Docker engine: a locally built image, its layers with their sizes,
// and the wasted-space analysis (scenario 5).
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { formatBytes } from '../../core/src/layers/format';
import { imageLayers } from '../../core/src/layers/imageLayers';
import { buildFixture, engine, engineUnavailable, removeImages } from '../helpers/dockerEngine';
import { e2eSession, SCENARIO_TIMEOUT, skipReason } from './harness/session';

const skip = skipReason() ?? engineUnavailable();
const TAG = `mldock-e2e/waste:${process.pid}`;

describe('MLDock in VS Code: the Images view', { skip }, () => {
  // Registered before the session's hooks, so the image exists when the view first loads.
  before(() => buildFixture('waste', TAG), { timeout: SCENARIO_TIMEOUT });
  after(() => removeImages(TAG), { timeout: SCENARIO_TIMEOUT });
  const session = e2eSession('images', 'inference-api');

  it('the sidebar lists a locally built image; expanding it shows each layer with its size, the largest flagged', { timeout: SCENARIO_TIMEOUT }, () =>
    session.scenario('images-view', async (wb) => {
      const { page } = wb;
      await page.locator('.activitybar .action-item a[aria-label^="MLDock"]').click();
      const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /Images/i }) });
      const imageRow = view.locator('.monaco-list-row', { hasText: TAG });
      await imageRow.waitFor();

      // What docker itself says about the image is what the rows must show.
      const { image, layers, largest } = await imageLayers(engine, TAG);
      assert.ok(largest !== undefined);
      assert.match(await imageRow.innerText(), new RegExp(formatBytes(image.size).replace('.', '\\.')), 'the image row shows its size');

      await imageRow.click();
      await page.keyboard.press('ArrowRight');
      const ddRow = view.locator('.monaco-list-row', { hasText: 'RUN mkdir -p /scratch && dd' });
      await ddRow.waitFor();
      await wb.screenshot('images-view');

      const ddText = (await ddRow.innerText()).replace(/\s+/g, ' ');
      assert.ok(ddText.includes(formatBytes(layers[largest]!.size)), `the 5 MiB layer shows its size: ${ddText}`);
      assert.match(ddText, /largest/, 'the largest layer is flagged');
      // Every layer row shows the size docker reports for it; deletions and metadata show "no bytes".
      for (const layer of layers) {
        const row = view.locator('.monaco-list-row', { hasText: layer.instruction.slice(0, 40) }).first();
        if (!(await row.isVisible())) continue; // folded into "n metadata-only steps"
        const text = (await row.innerText()).replace(/\s+/g, ' ');
        assert.ok(text.includes(layer.size > 0 ? formatBytes(layer.size) : 'no bytes'), `row "${text}" shows ${formatBytes(layer.size)}`);
      }
    }));

  it('"Analyze Wasted Space" on the image finds the 5 MiB written in one layer and deleted in the next', { timeout: SCENARIO_TIMEOUT }, () =>
    session.scenario('images-waste', async (wb) => {
      const { page } = wb;
      await wb.runCommand('MLDock: Analyze Wasted Space');
      const pick = page.locator('.quick-input-widget');
      await pick.locator('input').fill(TAG);
      await pick.locator('.quick-input-list .monaco-list-row', { hasText: TAG }).first().waitFor();
      await page.keyboard.press('Enter');

      const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /Images/i }) });
      const efficiency = view.locator('.monaco-list-row', { hasText: /Efficiency \d/ });
      await efficiency.waitFor();
      const offender = view.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^\/scratch\/blob$/ }) });
      await offender.waitFor();
      await wb.screenshot('images-waste');
      assert.match((await offender.innerText()).replace(/\s+/g, ' '), new RegExp(formatBytes(5 * 1024 * 1024).replace('.', '\\.')), 'the deleted 5 MiB blob is the top offender');
    }));
});
