// The user's path in the browser, as a person walks it in code-server with the extension
// installed: open a dying Keras example and a dying TypeScript example, Train and Scan each from
// the palette, watch the status bar, read the Problems panel and the Activations panel, apply
// He initialisation and BatchNormalization with Ctrl+., save, Re-scan, and see fewer dead units.
// Counts are read from one view and checked against the others (the scan is seeded).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { HostSuiteResults } from '../vscode/index';
import { startSession, type Session } from './harness';
import { applyQuickFix, goToLine, openFile, paletteEntries, problemAt, recordStatusBar, runCommand, waitForStatus, webviewContent } from './workbench';
import { exampleWorkspace, scanSettings } from './workspace';

const STATUS_ID = 'dying-neurons.dying-neurons.dyingNeurons.status';
const SOURCE = 'dying-neurons';
const SCAN_TIMEOUT = 180_000;
/** While training: "3/10 · loss 0.213 · 23 dead" (the codicon has no text). */
const TRAINING = /^\d+\/\d+( · loss \d+\.\d{3})? · \d+ dead$/;
const FINISHED = /^(\d+ dead in \d+ layers?|no dead units)$/;

export interface Example {
  /** Workspace-relative path. */
  file: string;
  /** Where the dying layer's constructor call starts (1-based), as the Problems panel shows it. */
  line: number;
  column: number;
  layer: string;
  units: number;
}

export const keras: Example = { file: 'examples/keras/negative-bias.py', line: 14, column: 5, layer: 'dense', units: 128 };
export const typescript: Example = { file: 'examples/tfjs/negative-bias.ts', line: 15, column: 3, layer: 'dense_Dense1', units: 128 };

/** Titled steps of a path through the workbench: a failing step leaves a screenshot and names itself. */
export function pathSteps(session: Session, pathName: string): { passed: string[]; step(title: string, body: () => Promise<void>): Promise<void> } {
  const passed: string[] = [];
  const step = async (title: string, body: () => Promise<void>): Promise<void> => {
    try {
      await body();
    } catch (error) {
      await session.screenshot(`FAILED-${title.replace(/\W+/g, '-')}`).catch(() => undefined);
      throw new Error(`${pathName}, step "${title}": ${error instanceof Error ? error.message : String(error)}`);
    }
    passed.push(`${pathName}: ${title}`);
  };
  return { passed, step };
}

export async function runUserPath(): Promise<HostSuiteResults> {
  const session = await startSession({ name: 'user-path', workspaceFiles: exampleWorkspace(), workspaceSettings: scanSettings, extension: 'staged' });
  const { passed, step } = pathSteps(session, 'user path');
  try {
    const { page } = session;
    await step('the workbench opens the examples and, with a training script open, the palette lists the commands', async () => {
      await session.open();
      await session.screenshot('workbench');
      await openFile(page, keras.file);
      const entries = await paletteEntries(page, 'Dying Neurons', 'Dying Neurons: Train and Scan');
      await session.screenshot('palette');
      for (const title of ['Train and Scan', 'Show Activations']) {
        assert.ok(entries.includes(`Dying Neurons: ${title}`), `palette lists "Dying Neurons: ${title}": ${JSON.stringify(entries)}`);
      }
    });

    let kerasDead = 0;
    await step('Train and Scan a Keras example: live status bar, Problems, Activations panel', async () => {
      kerasDead = await trainAndScan(session, keras);
    });

    let typescriptDead = 0;
    await step('Train and Scan a TypeScript example: live status bar, Problems, Activations panel', async () => {
      typescriptDead = await trainAndScan(session, typescript);
    });

    await step('He initialisation through Ctrl+. on the Keras layer, saved, re-scanned: fewer dead units', async () => {
      const lines = readWorkspaceFile(session, keras.file).split('\n');
      assert.equal(lines[17], '        kernel_initializer="glorot_normal",');
      lines[17] = '        kernel_initializer="he_normal",';
      const expected = lines.join('\n');
      await fixAndSave(session, keras, 'Use He initialisation (kernel_initializer="he_normal")', (saved) => saved === expected);
      const after = await rescan(session, keras);
      assert.ok(after < kerasDead, `dead units of ${keras.layer}: ${kerasDead} before the fix, ${after} after`);
    });

    await step('BatchNormalization through Ctrl+. on the TypeScript layer, saved, re-scanned: fewer dead units', async () => {
      const original = readWorkspaceFile(session, typescript.file).split('\n');
      assert.equal(original[16], "    activation: 'relu',");
      assert.equal(original[20], ');');
      await fixAndSave(session, typescript, 'Insert BatchNormalization before the relu activation', (saved) => batchNormInserted(original, saved.split('\n')));
      const after = await rescan(session, typescript);
      assert.ok(after < typescriptDead, `dead units of ${typescript.layer}: ${typescriptDead} before the fix, ${after} after`);
    });
    return { passed, failed: [], skipped: [], retried: [] };
  } finally {
    await session.close();
  }
}

/**
 * Opens the example, runs Train and Scan from the palette, and checks the three views of the
 * result; returns the dying layer's dead units as all three show them.
 */
export async function trainAndScan(session: Session, example: Example): Promise<number> {
  const { page } = session;
  const name = path.basename(example.file);
  await openFile(page, example.file);
  await recordStatusBar(page, STATUS_ID);
  await runCommand(page, 'Dying Neurons: Train and Scan');
  await page.locator(`[id="${STATUS_ID}"]`).waitFor({ state: 'visible' });
  await session.screenshot(`training-${name}`);
  const status = await waitForStatus(page, FINISHED, `Dying Neurons: ${name}`, SCAN_TIMEOUT);
  await session.screenshot(`scanned-${name}`);
  assertLiveReadout(status.texts);

  const message = await problemAt(page, SOURCE, example.line, example.column, `${example.layer}: `);
  await session.screenshot(`problems-${name}`);
  const dead = deadUnitsIn(message, example);
  assert.ok(dead > 0, `the scan finds dead units in ${example.layer}: "${message}"`);
  // The final readout sums the dead units of every layer.
  const total = Number(/^(\d+) dead/.exec(status.texts[status.texts.length - 1])?.[1] ?? 0);
  assert.ok(total >= dead, `status bar total ${total} covers the layer's ${dead}`);

  // Clicking the status bar item opens the Activations panel.
  await page.locator(`[id="${STATUS_ID}"]`).click();
  assert.equal(await panelDeadCount(page, example.layer, name), dead);
  await session.screenshot(`activations-${name}`);
  return dead;
}

/** The live readout changed during training before it settled on the result. */
function assertLiveReadout(texts: string[]): void {
  const training = texts.filter((t) => TRAINING.test(t));
  assert.ok(training.length >= 2, `the status bar changed while training: ${JSON.stringify(texts)}`);
  assert.ok(texts.indexOf(training[0]) < texts.length - 1, 'training readouts come before the result');
}

function deadUnitsIn(message: string, example: Example): number {
  const match = new RegExp(`^${example.layer}: (\\d+) of ${example.units} units dead`).exec(message);
  assert.ok(match, `"${message}" names the layer's dead units`);
  return Number(match[1]);
}

/** The dead count in the panel's layer table row, once the panel shows `fileName`. */
async function panelDeadCount(page: Page, layer: string, fileName: string): Promise<number> {
  const panel = webviewContent(page);
  await panel.locator('h2.file-title', { hasText: fileName }).first().waitFor({ state: 'visible', timeout: 30_000 });
  const row = panel.locator(`[role=row][data-layer="${layer}"]`);
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  const cells = await row.locator('[role=cell]').allInnerTexts();
  // Layer, Source, Units, Dead, …: "127 (99.2%)".
  assert.match(cells[1], new RegExp(`${fileName.replace('.', '\\.')}:\\d+`));
  return Number(/^\d+/.exec(cells[3].trim())?.[0] ?? NaN);
}

/**
 * The activation left the dense options (line 17) and follows a BatchNormalization after the
 * call's closing line (21); nothing else changed.
 */
function batchNormInserted(original: string[], saved: string[]): boolean {
  const same = (a: string[], b: string[]): boolean => a.length === b.length && a.every((line, i) => line === b[i]);
  return (
    same(saved.slice(0, 16), original.slice(0, 16)) &&
    same(saved.slice(16, 20), original.slice(17, 21)) &&
    saved[20] === 'model.add(tf.layers.batchNormalization());' &&
    /^model\.add\(tf\.layers\.activation\(\{ ?activation: 'relu' ?\}\)\);$/.test(saved[21] ?? '') &&
    same(saved.slice(22), original.slice(21))
  );
}

/**
 * Applies a quick fix at the layer with Ctrl+., saves with Ctrl+S and waits until the text on
 * disk is the fixed one. (VS Code's `files.refactoring.autoSave` may have saved it already:
 * Ctrl+S is then a no-op.) Fails with the text on disk if it never becomes the fixed one.
 */
export async function fixAndSave(session: Session, example: Example, fixTitle: string, isFixed: (saved: string) => boolean): Promise<void> {
  const { page } = session;
  const name = path.basename(example.file);
  await openFile(page, example.file);
  await goToLine(page, example.line, example.column);
  await applyQuickFix(page, fixTitle);
  await session.screenshot(`fixed-${name}`);
  await page.keyboard.press('Control+S');
  await page.locator(`.tabs-container .tab.active.dirty[aria-label^="${name}"]`).waitFor({ state: 'detached' });
  await until(`the fixed ${name} on disk`, () => isFixed(readWorkspaceFile(session, example.file)), 30_000).catch((error: Error) => {
    throw new Error(`${error.message}; on disk:\n${readWorkspaceFile(session, example.file)}`);
  });
}

/** Resolves once `check` holds, re-checked every 50 ms; rejects after `timeout` ms. */
async function until(what: string, check: () => boolean, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Re-scan from the palette; returns the layer's dead units once Problems shows the new scan. */
async function rescan(session: Session, example: Example): Promise<number> {
  const { page } = session;
  const name = path.basename(example.file);
  await recordStatusBar(page, STATUS_ID);
  await runCommand(page, 'Dying Neurons: Re-scan');
  const status = await waitForStatus(page, FINISHED, `Dying Neurons: ${name}`, SCAN_TIMEOUT);
  assertLiveReadout(status.texts);
  await session.screenshot(`rescanned-${name}`);
  // The seeded scan still flags the layer after the fix; a Problems row that cannot be found
  // fails the step (it never counts as "none dead", which would pass "fewer dead units").
  const message = await problemAt(page, SOURCE, example.line, example.column, `${example.layer}: `);
  await session.screenshot(`rescanned-problems-${name}`);
  // Flagged for dying units only: none dead.
  return message.includes('units dead') ? deadUnitsIn(message, example) : 0;
}

function readWorkspaceFile(session: Session, file: string): string {
  return readFileSync(path.join(session.workspace, file), 'utf8');
}
