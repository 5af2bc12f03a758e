import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { ARTIFACTS, CHROMIUM } from './codeServer';

/** Debian's Chromium, headless, with nothing that reaches outside the machine. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** How long to wait for the workbench and the language server; generous, as CI shares 2 cores. */
export const LONG_WAIT = 60_000;

/** One row of the Problems panel, as the user reads it. */
export interface Problem {
  readonly message: string;
  readonly source: string;
  /** The rule ID shown next to the source, e.g. `ML201` ('' when the diagnostic has none). */
  readonly code: string;
  /** Where the rule ID links to (its docs page), if it is a link. */
  readonly codeLink: string | undefined;
  readonly line: number;
  readonly column: number;
}

/** The VS Code workbench in a browser page, driven the way a user drives it: clicks and keys. */
export class Workbench {
  private constructor(
    readonly page: Page,
    private readonly browser: Browser,
  ) {}

  static async open(url: string): Promise<Workbench> {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      page.setDefaultTimeout(LONG_WAIT);
      await page.goto(url);
      await page.locator('.monaco-workbench').waitFor();
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
      return new Workbench(page, browser);
    } catch (error) {
      await browser.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  /** Saves a screenshot to artifacts/e2e/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Opens a workspace file by clicking its row in the Explorer; resolves once its editor shows text. */
  async openFile(name: string): Promise<void> {
    await this.page.getByRole('treeitem', { name, exact: true }).click();
    await this.page.locator(`.tab.active[aria-label^="${name}"]`).waitFor();
    await this.editor.locator('.view-line').first().waitFor();
  }

  /** Runs a command from the Command Palette (F1) by its full title, e.g. "MLDock: Show Log". */
  async runCommand(title: string): Promise<void> {
    // The row's accessible name starts with the title (a keybinding may follow).
    const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const option = this.page.locator('.quick-input-list').getByRole('option', { name: new RegExp(`^${escaped}(?!\\w)`) }).first();
    const input = this.page.locator('.quick-input-widget input');
    // The palette lists commands by their `when` clauses as they were when it opened; a clause that
    // turns true a moment later (e.g. isWorkspaceTrusted while the workbench starts) needs a reopen.
    const deadline = Date.now() + LONG_WAIT;
    for (;;) {
      await this.page.keyboard.press('F1');
      await input.fill(`>${title}`);
      const shown = await option.waitFor({ timeout: 5_000 }).then(() => true, () => false);
      if (shown) break;
      if (Date.now() > deadline) throw new Error(`the Command Palette does not offer "${title}"`);
      await this.page.keyboard.press('Escape');
    }
    await option.click();
    // The palette is gone once the widget hides, or once the command's own quick pick replaces it
    // (a new pick starts without the palette's ">" prefix).
    await this.page.waitForFunction(`(() => {
      const widget = document.querySelector('.quick-input-widget');
      const input = widget && widget.querySelector('input');
      return !widget || widget.style.display === 'none' || !input || !input.value.startsWith('>');
    })()`);
  }

  /** The rows of the Problems panel whose rule ID is `code` (the panel must be open). */
  problemRows(code: string): Locator {
    return this.page.locator('.markers-panel .monaco-list-row').filter({ has: this.page.locator('.marker-code', { hasText: new RegExp(`^${code}$`) }) });
  }

  /** Opens the Problems panel and waits until it lists a problem with each of `codes`; returns every row. */
  async problems(codes: readonly string[]): Promise<Problem[]> {
    await this.runCommand('Problems: Focus on Problems View');
    for (const code of codes) await this.problemRows(code).first().waitFor();
    const rows = await this.page.locator('.markers-panel .monaco-list-row').filter({ has: this.page.locator('.marker-message') }).all();
    return Promise.all(rows.map(readProblem));
  }

  /** The active editor. */
  get editor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** The rendered line that contains `text` (waits for it). */
  async line(text: string): Promise<Locator> {
    const line = this.editor.locator('.view-line', { hasText: text });
    await line.waitFor();
    return line;
  }

  /** The visible text of the active editor, line by line, in order. */
  async editorLines(): Promise<string[]> {
    const lines = this.editor.locator('.view-lines .view-line');
    const tops = await Promise.all((await lines.all()).map(async (l) => Number(/top:\s*([\d.]+)px/.exec((await l.getAttribute('style')) ?? '')?.[1] ?? 0)));
    const texts = (await lines.allInnerTexts()).map((t) => t.replace(/\u00a0/g, ' '));
    return texts.map((text, i) => ({ text, top: tops[i]! })).sort((a, b) => a.top - b.top).map((l) => l.text);
  }

  /** Moves the mouse over `word` in the line containing `lineText` and returns the hover widget once it shows `expected`. */
  async hover(lineText: string, word: string, expected: string | RegExp): Promise<Locator> {
    const { x, y } = await this.pointAt(lineText, word);
    await this.page.mouse.move(0, 0); // a move onto the same point again would not re-trigger the hover
    await this.page.mouse.move(x, y);
    const hover = this.page.locator('.monaco-hover:not(.hidden)', { hasText: expected });
    await hover.waitFor();
    // The widget fades in: let its animations finish so screenshots show it opaque.
    await hover.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a: { finished: Promise<unknown> }) => a.finished))).catch(() => undefined);
    return hover;
  }

  /** Puts the cursor on `word` in the line containing `lineText`, opens Quick Fix (Ctrl+.) and waits for its menu. */
  async openQuickFix(lineText: string, word: string): Promise<Locator> {
    await this.page.keyboard.press('Escape');
    const { x, y } = await this.pointAt(lineText, word);
    await this.page.mouse.click(x, y);
    await this.page.keyboard.press('Control+.');
    const menu = this.page.locator('.action-widget');
    await menu.locator('.monaco-list-row.action').first().waitFor();
    return menu;
  }

  /** Picks `title` from the open Quick Fix menu with the keyboard, as a user would. */
  async applyQuickFix(menu: Locator, title: string): Promise<void> {
    const titles = (await menu.locator('.monaco-list-row.action').allInnerTexts()).map((t) => t.trim());
    const index = titles.indexOf(title);
    if (index < 0) throw new Error(`Quick Fix menu has no "${title}"; it offers: ${titles.join(' | ')}`);
    const focused = titles.indexOf((await menu.locator('.monaco-list-row.action.focused').innerText()).trim());
    for (let i = focused; i < index; i++) await this.page.keyboard.press('ArrowDown');
    for (let i = focused; i > index; i--) await this.page.keyboard.press('ArrowUp');
    await menu.locator('.monaco-list-row.action.focused', { hasText: title }).waitFor();
    await this.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });
  }

  /** Screen coordinates of the middle of `word`'s first character in the line containing `lineText`. */
  private async pointAt(lineText: string, word: string): Promise<{ x: number; y: number }> {
    const content = (await this.line(lineText)).locator(':scope > span');
    const text = (await content.innerText()).replace(/\u00a0/g, ' ');
    const column = text.indexOf(word);
    if (column < 0) throw new Error(`"${word}" is not in the line "${text}"`);
    await content.waitFor({ state: 'visible' }); // the line is re-rendered once tokenized
    const box = await content.boundingBox();
    if (!box) throw new Error(`the line "${text}" is not on screen`);
    const charWidth = box.width / text.length; // the editor font is monospaced
    return { x: box.x + charWidth * (column + 0.5), y: box.y + box.height / 2 };
  }
}

async function readProblem(row: Locator): Promise<Problem> {
  const text = async (selector: string) => ((await row.locator(selector).count()) ? (await row.locator(selector).first().innerText()).trim() : '');
  const where = /\[Ln (\d+), Col (\d+)\]/.exec(await text('.marker-line'));
  const link = row.locator('a.monaco-link:has(.marker-code)');
  return {
    message: await text('.marker-message'),
    source: await text('.marker-source'),
    code: await text('.marker-code'),
    codeLink: (await link.count()) ? ((await link.getAttribute('href')) ?? undefined) : undefined,
    line: Number(where?.[1] ?? 0),
    column: Number(where?.[2] ?? 0),
  };
}
