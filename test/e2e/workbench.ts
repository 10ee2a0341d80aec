// What a person does in the VS Code workbench, as Playwright steps that wait on what the
// screen shows (never on time): open a file, run a palette command, read the status bar and the
// Problems panel, apply a quick fix, look into a webview.
import type { FrameLocator, Locator, Page } from 'playwright-core';

const quickInput = '.quick-input-widget';
const quickInputBox = `${quickInput} input.input`;
const focusedQuickPick = `${quickInput} .quick-input-list .monaco-list-row.focused`;

async function typeInQuickInput(page: Page, text: string): Promise<void> {
  await page.locator(quickInputBox).waitFor({ state: 'visible' });
  await page.locator(quickInputBox).fill(text);
}

/** Opens a workspace file with Quick Open (Ctrl+P) and waits until its editor is active. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  const name = relativePath.split('/').pop() ?? relativePath;
  await page.keyboard.press('Control+P');
  await typeInQuickInput(page, relativePath);
  await page.locator(focusedQuickPick, { hasText: name }).waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor({ state: 'visible' });
  await page.locator(quickInput).waitFor({ state: 'hidden' });
}

/**
 * The labels the command palette lists for `query`, once they include `expected`. The palette
 * does not refresh while open, so it is reopened until the extension's contributions are in
 * (or `timeout` passes).
 */
export async function paletteEntries(page: Page, query: string, expected: string, timeout = 60_000): Promise<string[]> {
  const deadline = Date.now() + timeout;
  const rows = page.locator(`${quickInput} .quick-input-list .monaco-list-row`);
  for (;;) {
    await page.keyboard.press('F1');
    await typeInQuickInput(page, `>${query}`);
    await rows.first().waitFor({ state: 'visible' });
    const listed = await rows
      .filter({ has: page.locator('.label-name', { hasText: exactly(expected) }) })
      .first()
      .waitFor({ state: 'visible', timeout: 5_000 })
      .then(
        () => true,
        () => false,
      );
    const labels = (await rows.locator('.label-name').allInnerTexts()).map((l) => l.replace(/\s+/g, ' ').trim());
    await page.keyboard.press('Escape');
    await page.locator(quickInput).waitFor({ state: 'hidden' });
    if (listed || Date.now() > deadline) return labels;
  }
}

/** Runs a command from the palette (F1) by its full title, e.g. "Dying Neurons: Train and Scan". */
export async function runCommand(page: Page, title: string): Promise<void> {
  // The exact title puts the command first; Enter only once it is the focused row.
  const row = page.locator(focusedQuickPick, { has: page.locator('.label-name', { hasText: exactly(title) }) });
  // Just after the workbench opens on a loaded machine, the palette can miss the command (seen
  // when it is the first one run): close it and ask again, three times at most.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await typeInQuickInput(page, `>${title}`);
    try {
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
      await page.locator(quickInput).waitFor({ state: 'hidden' });
    }
  }
  await page.keyboard.press('Enter');
  await page.locator(quickInput).waitFor({ state: 'hidden' });
}

/** The status bar entry an extension created with this id (VS Code prefixes the extension id). */
export function statusBarItem(page: Page, extensionId: string, itemId: string): Locator {
  return page.locator(`#workbench\\.parts\\.statusbar [id="${extensionId}.${itemId}"]`);
}

interface StatusRecorder {
  texts: string[];
  labels: string[];
}
type RecordingWindow = Window & { statusRecorder?: StatusRecorder };

/**
 * Records every text (and accessible label) a status bar entry shows, from now on, as the page
 * changes it: a readout that lasts a few milliseconds is still seen. Clears earlier records.
 */
export async function recordStatusBar(page: Page, elementId: string): Promise<void> {
  await page.evaluate((id) => {
    const w = window as RecordingWindow;
    if (w.statusRecorder) {
      w.statusRecorder.texts = [];
      w.statusRecorder.labels = [];
      return;
    }
    const recorder: StatusRecorder = { texts: [], labels: [] };
    w.statusRecorder = recorder;
    const bar = document.getElementById('workbench.parts.statusbar');
    if (!bar) throw new Error('no status bar');
    // Inline callbacks only: tsx names declared functions with a helper the page does not have.
    new MutationObserver(() => {
      const item = document.getElementById(id);
      const text = item?.innerText.replace(/\s+/g, ' ').trim();
      if (!item || !text || recorder.texts[recorder.texts.length - 1] === text) return;
      recorder.texts.push(text);
      recorder.labels.push(item.getAttribute('aria-label') ?? '');
    }).observe(bar, { subtree: true, childList: true, characterData: true, attributes: true });
  }, elementId);
}

/**
 * Waits until the last recorded status text matches `last` and its accessible label contains
 * `labelPart`; returns everything recorded.
 */
export async function waitForStatus(page: Page, last: RegExp, labelPart: string, timeout: number): Promise<StatusRecorder> {
  const handle = await page.waitForFunction(
    ({ source, flags, part }) => {
      const recorder = (window as RecordingWindow).statusRecorder;
      const n = recorder ? recorder.texts.length : 0;
      return recorder && n > 0 && new RegExp(source, flags).test(recorder.texts[n - 1]) && recorder.labels[n - 1].includes(part) ? recorder : undefined;
    },
    { source: last.source, flags: last.flags, part: labelPart },
    { timeout, polling: 50 },
  );
  return (await handle.jsonValue()) as StatusRecorder;
}

/** Moves the cursor of the active editor to a 1-based line and column (Ctrl+G). */
export async function goToLine(page: Page, line: number, column = 1): Promise<void> {
  await page.keyboard.press('Control+G');
  await typeInQuickInput(page, `:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator(quickInput).waitFor({ state: 'hidden' });
  await page.locator('.monaco-editor .view-overlays .current-line').first().waitFor({ state: 'attached' });
}

/** The Problems panel (Ctrl+Shift+M); its rows' accessible labels name message, line and column. */
export async function openProblems(page: Page): Promise<Locator> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) await page.keyboard.press('Control+Shift+M');
  await panel.waitFor({ state: 'visible' });
  return panel;
}

/**
 * Waits for the Problems panel row of a diagnostic from `source` at a 1-based line and column
 * whose message starts with `messageStart`, and returns the message.
 */
export async function problemAt(page: Page, source: string, line: number, column: number, messageStart: string): Promise<string> {
  const panel = await openProblems(page);
  // "Warning: MESSAGE at line L and character C.[ This problem has references to N locations.] generated by SOURCE"
  const position = ` at line ${line} and character ${column}.`;
  const row = panel.locator(`.monaco-list-row[aria-label*="${position}"][aria-label$=" generated by ${source}"]`, { hasText: messageStart });
  await row.first().waitFor({ state: 'visible', timeout: 30_000 });
  const label = (await row.first().getAttribute('aria-label')) ?? '';
  return label.replace(/^(Error|Warning|Info): /, '').split(position)[0];
}

/**
 * Applies the quick fix titled `title` at the cursor (Ctrl+.). A mouse click on the action list
 * is swallowed by its pointer blocker, so the keyboard walks to the entry and presses Enter.
 */
export async function applyQuickFix(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+.');
  const widget = page.locator('.action-widget');
  await widget.waitFor({ state: 'visible' });
  const entry = widget.locator('.monaco-list-row.action', { hasText: title }).first();
  await entry.waitFor({ state: 'visible' });
  const target = Number(await entry.getAttribute('data-index'));
  const focusedIndex = async (): Promise<number> => {
    const focused = widget.locator('.monaco-list-row.action.focused');
    await focused.waitFor({ state: 'visible' });
    return Number(await focused.getAttribute('data-index'));
  };
  let current = await focusedIndex();
  const rows = await widget.locator('.monaco-list-row').count();
  for (let steps = 0; current !== target; steps++) {
    if (steps > rows) throw new Error(`quick fix "${title}" is listed but the keyboard could not reach it`);
    await page.keyboard.press(current < target ? 'ArrowDown' : 'ArrowUp');
    await widget.locator(`.monaco-list-row.action.focused:not([data-index="${current}"])`).waitFor({ state: 'visible' });
    current = await focusedIndex();
  }
  const focusedText = await widget.locator('.monaco-list-row.action.focused').innerText();
  if (!focusedText.includes(title)) throw new Error(`the focused quick fix is "${focusedText}", not "${title}"`);
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden' });
}

/** The content of the active webview panel (VS Code nests it in two iframes). */
export function webviewContent(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}
