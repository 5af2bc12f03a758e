// Snippets and grammars in a real VS Code (code-server 4.100.3 = VS Code 1.100.3) with the packaged
// extension: requirements files get the Pip Requirements language and colours, the Dockerfile
// injection colours suppression comments and RUN --mount options, and a snippet typed by its prefix
// makes a finding go away.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { e2eSession, SCENARIO_TIMEOUT, skipReason } from './harness/session';
import { LONG_WAIT, type Workbench } from './harness/workbench';
import { expandSnippet } from '../helpers/snippetBody';
import { loadSnippets } from '../helpers/snippetFiles';

/** Runs in the page (the project's TypeScript has no DOM library). */
declare const getComputedStyle: (element: unknown) => { readonly color: string };

interface Painted {
  readonly text: string;
  readonly color: string;
}

/** The coloured pieces of a rendered editor line, as the theme paints them (adjacent pieces of one colour joined). */
async function paintedLine(wb: Workbench, lineText: string): Promise<Painted[]> {
  const line = await wb.line(lineText);
  const spans = await line.locator(':scope > span > span').evaluateAll((elements) =>
    elements.map((e) => ({ text: (e.textContent ?? '').replace(/\u00a0/g, ' '), color: getComputedStyle(e).color })));
  const pieces: Painted[] = [];
  for (const span of spans) {
    const last = pieces.at(-1);
    if (last && last.color === span.color) pieces[pieces.length - 1] = { text: last.text + span.text, color: span.color };
    else pieces.push(span);
  }
  return pieces;
}

/**
 * Waits until the line is painted with `texts` as pieces of their own (VS Code tokenizes after the
 * first render, and the extension's grammars load with it), then returns the pieces.
 */
async function paintedWith(wb: Workbench, lineText: string, texts: readonly string[]): Promise<Painted[]> {
  const deadline = Date.now() + LONG_WAIT;
  for (;;) {
    const pieces = await paintedLine(wb, lineText);
    if (texts.every((t) => pieces.some((p) => p.text.trim() === t))) return pieces;
    if (Date.now() > deadline) assert.fail(`"${lineText}" is never painted with ${JSON.stringify(texts)} on their own: ${JSON.stringify(pieces)}`);
    await wb.page.waitForTimeout(200);
  }
}

/** The colour of the piece of the line that is exactly `text` (after trimming). */
function colorOf(pieces: readonly Painted[], text: string): string {
  const piece = pieces.find((p) => p.text.trim() === text);
  assert.ok(piece, `"${text}" is painted on its own; the line is painted as ${JSON.stringify(pieces)}`);
  return piece.color;
}

/** Picks `label` in the open suggest widget with the keyboard and accepts it. */
async function acceptSuggestion(wb: Workbench, label: string): Promise<void> {
  const widget = wb.page.locator('.editor-widget.suggest-widget.visible');
  const row = widget.locator('.monaco-list-row', { has: wb.page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });
  await row.first().waitFor();
  for (let i = 0; i < 20 && !(await row.first().evaluate((el) => el.classList.contains('focused'))); i++) await wb.page.keyboard.press('ArrowDown');
  await widget.locator('.monaco-list-row.focused', { has: wb.page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).waitFor();
  await wb.page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden' });
}

function languageStatus(wb: Workbench): Locator {
  return wb.page.locator('[id="status.editor.mode"]');
}

describe('MLDock in VS Code: snippets and grammars', { skip: skipReason() }, () => {
  const session = e2eSession('snippets', 'ml-snippets');

  it('a requirements file opens as Pip Requirements, with the CUDA local version coloured on its own', { timeout: SCENARIO_TIMEOUT }, () =>
    session.scenario('requirements-grammar', async (wb) => {
      await wb.openFile('requirements-gpu.txt');
      await languageStatus(wb).filter({ hasText: 'Pip Requirements' }).waitFor();
      const pin = await paintedWith(wb, 'torch==2.11.0+cu126', ['torch', '2.11.0', 'cu126']);
      await wb.screenshot('requirements-grammar');

      const name = colorOf(pin, 'torch');
      const version = colorOf(pin, '2.11.0');
      const local = colorOf(pin, 'cu126');
      assert.equal(new Set([name, version, local]).size, 3, `name, version and local version have their own colours: ${JSON.stringify(pin)}`);
      const comment = await paintedLine(wb, '# PyTorch for CUDA 12.6');
      const option = await paintedWith(wb, '--extra-index-url', ['--extra-index-url']);
      assert.notEqual(colorOf(option, '--extra-index-url'), colorOf(comment, '# PyTorch for CUDA 12.6 from the PyTorch index; everything else from PyPI'));
    }));

  it('in a Dockerfile, suppression comments and RUN --mount options are coloured', { timeout: SCENARIO_TIMEOUT }, () =>
    session.scenario('dockerfile-injection', async (wb) => {
      await wb.openFile('Dockerfile');
      const suppression = await paintedWith(wb, '# mldock ignore=ML201', ['ML201', 'mldock']);
      const plainComment = await paintedLine(wb, '# syntax=docker/dockerfile:1');
      const run = await paintedWith(wb, 'RUN --mount=type=cache', ['--mount', 'cache', 'pip install -r requirements.txt']);
      await wb.screenshot('dockerfile-injection');

      const commentColor = colorOf(plainComment, '# syntax=docker/dockerfile:1');
      assert.notEqual(colorOf(suppression, 'ML201'), commentColor, 'the rule ID stands out of the comment');
      assert.notEqual(colorOf(suppression, 'mldock'), commentColor);
      const flag = colorOf(run, '--mount');
      const command = colorOf(run, 'pip install -r requirements.txt');
      assert.notEqual(flag, command, 'the flag is coloured, the command is not');
      assert.notEqual(colorOf(run, 'cache'), command, 'the mount type is coloured');
    }));

  it('typing ml-nonroot inserts the non-root user and the ML401 finding goes away', { timeout: SCENARIO_TIMEOUT }, () =>
    session.scenario('snippet-nonroot', async (wb) => {
      await wb.openFile('Dockerfile');
      await wb.problems(['ML401']);
      const before = await wb.editorLines();

      // On a new line above CMD, as a user would (VS Code offers no snippet in the middle of a word).
      await (await wb.line('CMD ["uvicorn"')).click();
      await wb.page.keyboard.press('Home');
      await wb.page.keyboard.press('Enter');
      await wb.page.keyboard.press('ArrowUp');
      await wb.page.keyboard.type('ml-nonroot');
      await wb.page.keyboard.press('Control+Space');
      await acceptSuggestion(wb, 'ml-nonroot');
      await wb.page.keyboard.press('Escape');
      await wb.line('USER 10001');
      await wb.problemRows('ML401').first().waitFor({ state: 'detached' });
      await wb.screenshot('snippet-nonroot');

      const after = await wb.editorLines();
      const at = before.findIndex((l) => l.startsWith('CMD ["uvicorn"'));
      assert.deepEqual(after.slice(at, at + 5), [
        'RUN useradd --create-home --no-log-init --uid 10001 app',
        'WORKDIR /home/app',
        'COPY --chown=app:app app.py .',
        'USER 10001',
        'CMD ["uvicorn", "app:app", "--host", "0.0.0.0", "--port", "8000"]',
      ]);
      assert.deepEqual(after.slice(0, at), before.slice(0, at), 'nothing above the cursor changed');
    }));

  it('an empty Dockerfile is filled with the CUDA template from "Snippets: Fill File with Snippet"', { timeout: SCENARIO_TIMEOUT }, () =>
    session.scenario('file-template-cuda', async (wb) => {
      await wb.openFile('gpu.Dockerfile');
      // The command opens a second list in the same widget, so it is driven here rather than with runCommand.
      await wb.page.keyboard.press('F1');
      await wb.page.locator('.quick-input-widget input').fill('>Snippets: Fill File with Snippet');
      await wb.page.locator('.quick-input-list').getByRole('option', { name: /^Snippets: Fill File with Snippet/ }).first().click();
      await wb.page.locator('.quick-input-widget input[placeholder="Select a snippet"]').waitFor();
      await wb.page.locator('.quick-input-list').getByRole('option', { name: /^ml-cuda-multistage/ }).first().click();
      await wb.line('FROM nvidia/cuda:12.6.3-devel-ubuntu24.04 AS builder');
      await wb.screenshot('file-template-cuda');
      await wb.page.keyboard.press('Escape'); // the choice list of the first field
      await wb.page.keyboard.press('Escape'); // snippet mode: the defaults stay
      await wb.runCommand('File: Save');
      const file = path.join(session.workspace, 'gpu.Dockerfile');
      const deadline = Date.now() + LONG_WAIT;
      while (fs.readFileSync(file, 'utf8') === '' && Date.now() < deadline) await wb.page.waitForTimeout(200);

      // Exactly the template with its defaults, as the unit tests lint it.
      const template = loadSnippets('dockerfile.json').find((s) => s.prefixes[0] === 'ml-cuda-multistage')!;
      assert.equal(fs.readFileSync(file, 'utf8'), expandSnippet(template.body));
    }));
});
