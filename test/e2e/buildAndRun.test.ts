// Build & Run in a real VS Code on a real Docker engine (scenario 6): the CPU run of a fixture HTTP
// service streams its build into a terminal and becomes healthy; asking for a GPU on this GPU-less
// engine stops before building with the NVIDIA Container Toolkit message.
import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { RUN_LABEL } from '../../core/src/run/runRequest';
import { engine, engineUnavailable } from '../helpers/dockerEngine';
import { e2eSession, SCENARIO_TIMEOUT, skipReason } from './harness/session';

const skip = skipReason() ?? engineUnavailable();

/** IDs of the containers Build & Run started from this scenario's workspace. */
async function runContainers(workspace: string): Promise<string[]> {
  const { stdout } = await engine.run(['ps', '--all', '--filter', `label=${RUN_LABEL}`, '--format', '{{.ID}} {{.Label "' + RUN_LABEL + '"}}']);
  return stdout.split('\n').filter((l) => l.includes(workspace)).map((l) => l.split(' ')[0]!);
}

describe('MLDock in VS Code: Build & Run', { skip }, () => {
  // The same fixture service the docker tier builds and runs with `mldock run`.
  const session = e2eSession('build-and-run', '../docker/http-service');
  const images = new Set<string>();
  after(async () => {
    for (const id of await runContainers(session.workspace).catch(() => [])) await engine.run(['rm', '--force', id]).catch(() => undefined);
    for (const tag of images) await engine.run(['image', 'rm', '--force', tag]).catch(() => undefined);
  }, { timeout: SCENARIO_TIMEOUT });

  it('"Build & Run (CPU)" builds in a terminal, the container becomes healthy and answers on the published port', { timeout: SCENARIO_TIMEOUT }, () =>
    session.scenario('build-and-run-cpu', async (wb) => {
      const { page } = wb;
      await wb.openFile('Dockerfile');
      await wb.runCommand('MLDock: Build & Run (CPU)');

      // Only what cannot be inferred is asked: the stage (the last one is preselected).
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Build & Run: which stage?' }).waitFor();
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'serve' }).waitFor();
      await page.keyboard.press('Enter');

      // The exact commands are shown before anything runs.
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.filter({ hasText: /on the CPU\?/ }).waitFor();
      const shown = (await dialog.innerText()).replace(/\s+/g, ' ');
      // The last stage is the default target, so no --target is needed; EXPOSE 8000 becomes a published port.
      assert.match(shown, /docker build --force-rm --file \S+\/Dockerfile --tag \S+/, `the build command is shown: ${shown}`);
      assert.match(shown, /docker run --detach .*--publish \d+:8000 /);
      assert.doesNotMatch(shown, /--gpus/, 'a CPU run asks for no GPU');
      const tag = /Build and run (\S+) on the CPU\?/.exec(shown)?.[1];
      assert.ok(tag, `the dialog names the image: ${shown}`);
      images.add(tag);
      await wb.screenshot('build-and-run-confirm');
      await page.keyboard.press('Enter'); // Run is the default button

      // The build streams into the task's terminal, then the HEALTHCHECK reports healthy.
      const healthy = page.locator('.notification-toast', { hasText: /is healthy on http:\/\/localhost:\d+\// });
      await healthy.waitFor({ timeout: 150_000 });
      const terminal = (await page.locator('.terminal-wrapper.active .xterm-rows').innerText()).replace(/\u00a0/g, ' ');
      // The visible end of the terminal: the builder's own last lines, then the container's output.
      assert.match(terminal, new RegExp(`Successfully tagged ${tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), `the terminal shows the build: ${terminal}`);
      assert.match(terminal, /Container [0-9a-f]{12} started/);
      await wb.screenshot('build-and-run-healthy');

      const url = /http:\/\/localhost:\d+\//.exec(await healthy.innerText())![0];
      const answer = await fetch(url);
      assert.equal((await answer.text()).trim(), 'hello from mldock', 'the service answers on the published port');
      assert.equal((await runContainers(session.workspace)).length, 1, 'one container runs');

      // Stop from the notification removes it.
      await healthy.getByRole('button', { name: 'Stop' }).click();
      for (let left = await runContainers(session.workspace); left.length > 0; left = await runContainers(session.workspace)) {
        await page.waitForTimeout(250); // polling the engine for the condition, not a fixed wait
      }
      // A stop the user asked for reads as one, not as the container failing with code 137.
      await page.locator('.terminal-wrapper.active .xterm-rows', { hasText: `Stopped ${tag}.` }).waitFor();
    }));

  it('"Build & Run with GPU" on an engine without the NVIDIA Container Toolkit says so before building, and offers the CPU', { timeout: SCENARIO_TIMEOUT }, () =>
    session.scenario('build-and-run-gpu', async (wb) => {
      const { page } = wb;
      await wb.openFile('Dockerfile');
      await wb.runCommand('MLDock: Build & Run with GPU');
      // The stage answer is remembered from the CPU run, so the preflight answers straight away.
      const dialog = page.locator('.monaco-dialog-box', { hasText: /NVIDIA Container Toolkit/ });
      await dialog.waitFor();
      await wb.screenshot('build-and-run-gpu-toolkit');
      const text = (await dialog.innerText()).replace(/\s+/g, ' ');
      assert.match(text, /GPUs were requested, but this Docker engine has no GPU runtime: the NVIDIA Container Toolkit is not installed or not configured for it\./);
      const buttons = (await dialog.locator('.monaco-button').allInnerTexts()).map((b) => b.trim());
      assert.ok(buttons.includes('Install the NVIDIA Container Toolkit'), `buttons: ${buttons.join(' | ')}`);
      assert.ok(buttons.includes('Run on CPU instead'), `buttons: ${buttons.join(' | ')}`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      assert.deepEqual(await runContainers(session.workspace), [], 'nothing was started');
    }));
});
