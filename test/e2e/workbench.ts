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

/** The labels the command palette lists for `query`. */
export async function paletteEntries(page: Page, query: string): Promise<string[]> {
  await page.keyboard.press('F1');
  await typeInQuickInput(page, `>${query}`);
  const rows = page.locator(`${quickInput} .quick-input-list .monaco-list-row`);
  await rows.first().waitFor({ state: 'visible' });
  const labels = await rows.locator('.label-name').allInnerTexts();
  await page.keyboard.press('Escape');
  await page.locator(quickInput).waitFor({ state: 'hidden' });
  return labels.map((l) => l.replace(/\s+/g, ' ').trim());
}

/** Runs a command from the palette (F1) by its full title, e.g. "Dying Neurons: Train and Scan". */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await typeInQuickInput(page, `>${title}`);
  // The exact title puts the command first; Enter only once it is the focused row.
  await page.locator(focusedQuickPick, { has: page.locator('.label-name', { hasText: exactly(title) }) }).waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator(quickInput).waitFor({ state: 'hidden' });
}

/** The status bar entry an extension created with this id (VS Code prefixes the extension id). */
export function statusBarItem(page: Page, extensionId: string, itemId: string): Locator {
  return page.locator(`#workbench\\.parts\\.statusbar [id="${extensionId}.${itemId}"]`);
}

/** Moves the cursor of the active editor to a 1-based line and column (Ctrl+G). */
export async function goToLine(page: Page, line: number, column = 1): Promise<void> {
  await page.keyboard.press('Control+G');
  await typeInQuickInput(page, `:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator(quickInput).waitFor({ state: 'hidden' });
  await page.locator('.monaco-editor .view-overlays .current-line').first().waitFor({ state: 'attached' });
}

/** The rows of the Problems panel (Ctrl+Shift+M), by their accessible labels. */
export async function openProblems(page: Page): Promise<Locator> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) await page.keyboard.press('Control+Shift+M');
  await panel.waitFor({ state: 'visible' });
  return panel.locator('.monaco-list-row');
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
