// The Activations panel in real headless Chromium (Debian's /usr/bin/chromium): the built
// dist/webview.js in the page the extension serves, under its CSP, fed protocol messages.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ToWebviewMessage } from '../../src/shared/protocol';
import { parseColor, packPixel, type Rgba } from '../../src/webview/colors';
import { cellPixel, heatScale } from '../../src/webview/heatScale';
import type { Palette } from '../../src/webview/theme';
import { sharedChromium } from '../webview/chromiumHooks';
import { openPanel, type PanelPage } from '../webview/harness';
import { CHECKS, FILE, SMALL_RUN, STARTED, TRY_RESULTS, UNITS } from '../webview/smallRun';
import { THEMES, type ThemeKind } from '../webview/themes';


const browser = sharedChromium();

/**
 * Row texts of the layer table, [layer, source, units, dead, dying, saturated, fixes]: each
 * element's text (split by <wbr> into several nodes) joined by a space to the next element's.
 */
async function tableRows(panel: PanelPage): Promise<string[][]> {
  return panel.page.$$eval('[role=row][data-layer]', (rows) =>
    rows.map((row) =>
      [...row.querySelectorAll('[role=cell]')].map((cell) => {
        const texts: { parent: Element | null; text: string }[] = [];
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
          const node = walker.currentNode;
          const last = texts[texts.length - 1];
          if (last !== undefined && last.parent === node.parentElement) last.text += node.textContent ?? '';
          else texts.push({ parent: node.parentElement, text: node.textContent ?? '' });
        }
        return texts.map((t) => t.text.trim()).filter((t) => t !== '').join(' ');
      }),
    ),
  );
}

async function selectLayer(panel: PanelPage, name: string): Promise<void> {
  await panel.page.click(`[role=row][data-layer="${name}"] button.layer-name`);
  await panel.frames();
}

/** The heatmap canvas pixel of (unit, check), as packed little-endian RGBA. */
async function heatPixel(panel: PanelPage, unit: number, check: number): Promise<number> {
  const rgba = await panel.page.$eval('canvas.heat-canvas', (c, at) => Array.from((c as HTMLCanvasElement).getContext('2d')!.getImageData(at.check, at.unit, 1, 1).data), { unit, check });
  return packPixel(rgba as unknown as Rgba);
}

async function hoverCell(panel: PanelPage, unit: number, check: number): Promise<string[]> {
  const canvas = panel.page.locator('canvas.heat-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  const size = await canvas.evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]);
  assert.ok(box);
  await panel.page.mouse.move(box.x + ((check + 0.5) * box.width) / size[0], box.y + ((unit + 0.5) * box.height) / size[1]);
  // Chromium may deliver mouse moves with the next animation frame.
  await panel.frames();
  return panel.page.$$eval('.heat-tip:not([hidden]) div', (lines) => lines.map((l) => l.textContent ?? ''));
}

function themePalette(kind: ThemeKind): Palette {
  const color = (name: string): Rgba => {
    const c = parseColor(THEMES[kind][name]);
    assert.ok(c, name);
    return c;
  };
  return {
    foreground: color('--vscode-editor-foreground'),
    background: color('--vscode-editor-background'), grid: color('--vscode-charts-lines'),
    dead: color('--vscode-charts-red'), dying: color('--vscode-charts-orange'), saturated: color('--vscode-charts-purple'),
    healthy: color('--vscode-charts-blue'), series: [], fontFamily: '',
  };
}

const rgb = (hex: string): string => {
  const [r, g, b] = parseColor(hex) ?? [];
  return `rgb(${r}, ${g}, ${b})`;
};

describe('Activations panel in Chromium', () => {
  let panel: PanelPage;

  before(async () => {
    panel = await openPanel(browser(), { theme: 'dark' });
    await panel.send(SMALL_RUN);
  });

  after(async () => {
    assert.deepEqual(await panel.cspViolations(), [], 'no Content-Security-Policy violations');
    await panel.page.close();
  });

  it('says it is ready once loaded', async () => {
    assert.deepEqual((await panel.posted())[0], { type: 'ready' });
  });

  it('lists every scanned layer with its source line, units and counts', async () => {
    assert.deepEqual(await tableRows(panel), [
      ['dense Dense · relu', 'model.js:7', '4', '1 (25%)', '0', '0', 'Use He initialisation Try fixes… 1 more fix Swap ReLU for LeakyReLU'],
      ['dense_1 Dense · sigmoid', 'model.js:8', '3', '0', '0', '1 (33.3%)', ''],
    ]);
    assert.equal(await panel.page.textContent('.run-status'), 'Completed · 1 epoch on wasm · 1 dead, 0 dying, 1 saturated in 2 layers');
    assert.equal(await panel.page.textContent('.file-title'), 'model.js');
  });

  it('shows the first layer at warning, and another on request', async () => {
    assert.equal(await panel.page.textContent('.layer-view h3'), 'dense (Dense · relu) · 4 units');
    await selectLayer(panel, 'dense_1');
    assert.equal(await panel.page.textContent('.layer-view h3'), 'dense_1 (Dense · sigmoid) · 3 units');
    await selectLayer(panel, 'dense');
    assert.equal(await panel.page.textContent('.layer-view h3'), 'dense (Dense · relu) · 4 units');
    assert.equal(await panel.page.getAttribute('[role=row][data-layer="dense"] button.layer-name', 'aria-pressed'), 'true');
  });

  it('draws one heatmap cell per unit and check', async () => {
    const size = await panel.page.$eval('canvas.heat-canvas', (c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]);
    assert.deepEqual(size, [3, 4]);
    const scale = heatScale(themePalette('dark'));
    assert.equal(await heatPixel(panel, 1, 2), scale.dead);
    assert.equal(await heatPixel(panel, 1, 1), scale.dying);
    assert.equal(await heatPixel(panel, 2, 0), scale.dead);
    assert.equal(await heatPixel(panel, 0, 2), cellPixel(scale, 0, 0.5));
  });

  it('shows a cell\'s unit, rate, mean |a|, τ-score and death on hover', async () => {
    assert.deepEqual(await hoverCell(panel, 1, 2), [
      'dense · unit 1 · epoch 1',
      'state: dead',
      'activation rate: 0% (0 of 200 probe samples)',
      'mean |a|: 0',
      'τ-score: 0',
      'dead since epoch 1',
    ]);
    assert.deepEqual(await hoverCell(panel, 3, 0), [
      'dense · unit 3 · init',
      'state: healthy',
      'activation rate: 75% (150 of 200 probe samples)',
      'mean |a|: 0.600',
      'τ-score: 2.00',
      'never dead so far',
    ]);
  });

  it('moves through the heatmap with the arrow keys', async () => {
    await panel.page.focus('.heat-scroll');
    // The cursor starts on unit 0 at the latest check.
    await panel.page.keyboard.press('ArrowDown');
    await panel.page.keyboard.press('ArrowDown');
    await panel.page.keyboard.press('ArrowLeft');
    assert.equal(
      await panel.page.textContent('.heat-info'),
      'dense · unit 2 · epoch 1 batch 1 · state: dead · activation rate: 0% (0 of 200 probe samples) · mean |a|: 0 · τ-score: 0 · dead since init',
    );
    assert.equal(await panel.page.$eval('.heat-cursor', (c) => (c as HTMLElement).hidden), false);
  });

  it('lists dead units first on request, and keeps the choice in its state', async () => {
    await panel.page.click('vscode-checkbox.dead-first');
    await panel.frames();
    const scale = heatScale(themePalette('dark'));
    // Rows are units 1 (dead), 2, 0, 3 (by rate) at the latest check.
    assert.equal(await heatPixel(panel, 0, 2), scale.dead);
    assert.equal((await hoverCell(panel, 0, 2))[0], 'dense · unit 1 · epoch 1');
    assert.equal((await hoverCell(panel, 3, 0))[0], 'dense · unit 3 · init');
    assert.deepEqual(((await panel.savedState()) as { ui: unknown }).ui, { file: FILE, layer: 'dense', deadFirst: true });
    await panel.page.click('vscode-checkbox.dead-first');
    await panel.frames();
    assert.equal(await heatPixel(panel, 1, 2), scale.dead);
  });

  it('posts the fix, the trial, the re-scan and the reveal the user asks for', async () => {
    const before = (await panel.posted()).length;
    await panel.page.click('[role=row][data-layer="dense"] vscode-button[data-fix="he-init"]');
    await panel.page.click('[role=row][data-layer="dense"] .more-fixes summary');
    await panel.page.focus('[role=row][data-layer="dense"] vscode-button[data-fix="leaky-relu"]');
    await panel.page.keyboard.press('Enter');
    await panel.page.click('[role=row][data-layer="dense"] vscode-button.try-fixes');
    await panel.page.click('vscode-button.rescan');
    await panel.page.click('[role=row][data-layer="dense_1"] a.source-link');
    assert.deepEqual((await panel.posted()).slice(before), [
      { type: 'applyFix', file: FILE, layer: 'dense', fix: 'he-init' },
      { type: 'applyFix', file: FILE, layer: 'dense', fix: 'leaky-relu' },
      { type: 'tryFixes', file: FILE, layer: 'dense' },
      { type: 'rescan', file: FILE },
      { type: 'reveal', file: FILE, line: 8, column: 3 },
    ]);
  });

  it('reaches the layer buttons, links, fixes, Re-scan and the heatmap with Tab', async () => {
    await panel.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const reached = new Set<string>();
    for (let i = 0; i < 30; i++) {
      await panel.page.keyboard.press('Tab');
      reached.add(await panel.page.evaluate(() => {
        const el = document.activeElement;
        if (el === null) return '';
        const row = el.closest('[role=row]')?.getAttribute('data-layer');
        const what = el.getAttribute('data-fix') ?? el.className.split(' ').find((c) => c !== '') ?? el.tagName.toLowerCase();
        return row ? `${row}:${what}` : what;
      }));
    }
    for (const stop of ['rescan', 'dense:link-button', 'dense:source-link', 'dense:he-init', 'dense:try-fixes', 'dense:summary', 'dense:leaky-relu', 'dense_1:link-button', 'dense_1:source-link', 'heat-scroll']) {
      assert.ok(reached.has(stop), `Tab reaches ${stop}; reached ${[...reached].join(', ')}`);
    }
  });

  it('shows Try Fixes results best first and applies a row\'s fixes', async () => {
    await panel.send([{ type: 'tryResults', file: FILE, results: TRY_RESULTS }]);
    assert.equal(await panel.page.textContent('.try-fixes h3'), 'Try fixes: dense (line 7)');
    assert.equal(await panel.page.textContent('.try-summary'), 'Completed · best: Use He initialisation (2 → 0 flagged units) · 2 epochs on 2,000 samples, seed 1');
    const rows = await panel.page.$$eval('.try-table .grid-body [role=row]', (trs) => trs.map((tr) => [...tr.querySelectorAll('[role=cell]')].map((c) => [...c.childNodes].map((n) => (n.textContent ?? '').trim()).filter((t) => t !== '').join(' | '))));
    assert.deepEqual(rows, [
      ['Use He initialisation', 'best', '0 | 2 layers from dense on', '0.410', '90% | validation', '5.3 s', 'Apply'],
      ['Unchanged model | unchanged model', 'completed', '2 | 2 layers from dense on', '0.800', '70% | validation', '5.1 s', ''],
      ['Swap ReLU for LeakyReLU | shape mismatch at line 7', 'failed', '—', '—', '—', '0.9 s', ''],
    ]);
    const before = (await panel.posted()).length;
    await panel.page.click('.try-table [role=row][data-try="he-init"] vscode-button.apply-fixes');
    assert.deepEqual((await panel.posted()).slice(before), [{ type: 'applyFixes', file: FILE, layer: 'dense', fixes: ['he-init'] }]);
  });

  it('follows the theme when VS Code switches it', async () => {
    for (const kind of ['light', 'high-contrast', 'dark'] as const) {
      await panel.setTheme(kind);
      const scale = heatScale(themePalette(kind));
      assert.equal(await heatPixel(panel, 1, 2), scale.dead, `${kind}: dead cell`);
      assert.equal(await heatPixel(panel, 0, 2), cellPixel(scale, 0, 0.5), `${kind}: healthy cell`);
      assert.equal(await panel.page.$eval('.count.dead', (e) => getComputedStyle(e).color), rgb(THEMES[kind]['--vscode-charts-red']), `${kind}: dead count`);
      // uPlot's legend marker for the "dead" series of the fraction chart takes the series colour.
      const marker = await panel.page.$eval('.layer-view .chart .u-series:nth-child(2) .u-marker', (e) => (e as HTMLElement).style.borderColor);
      assert.equal(marker, rgb(THEMES[kind]['--vscode-charts-red']), `${kind}: chart series`);
    }
  });

  it('ignores messages outside the protocol', async () => {
    const rows = await tableRows(panel);
    await panel.send([
      { type: 'worker', file: FILE, message: { type: 'units', check: CHECKS[0], layers: 'all dead' } },
      { type: 'fixes', file: FILE },
      { type: 'delete', file: FILE },
    ] as unknown as ToWebviewMessage[]);
    assert.deepEqual(await tableRows(panel), rows);
  });

  it('saves its state, and a reloaded panel shows the same run before any message', async () => {
    const state = await panel.savedState();
    const reloaded = await openPanel(browser(), { theme: 'dark', state });
    try {
      await reloaded.frames();
      assert.deepEqual(await tableRows(reloaded), await tableRows(panel));
      assert.equal(await reloaded.page.textContent('.layer-view h3'), 'dense (Dense · relu) · 4 units');
      assert.deepEqual(await reloaded.posted(), [{ type: 'ready' }]);
      assert.deepEqual(await reloaded.cspViolations(), []);
    } finally {
      await reloaded.page.close();
    }
  });
});

describe('Activations panel while a run streams', () => {
  it('adds a heatmap column per check and updates the counts live', async () => {
    const panel = await openPanel(browser(), { theme: 'light' });
    try {
      const worker = (message: Extract<ToWebviewMessage, { type: 'worker' }>['message']): ToWebviewMessage => ({ type: 'worker', file: FILE, message });
      await panel.send([worker(STARTED), worker({ type: 'units', check: CHECKS[0], layers: UNITS[0] })]);
      await selectLayer(panel, 'dense');
      const scale = heatScale(themePalette('light'));
      // Room for init, early and one epoch; only the first column is drawn yet.
      assert.deepEqual(await panel.page.$eval('canvas.heat-canvas', (c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]), [3, 4]);
      assert.equal(await heatPixel(panel, 1, 0), cellPixel(scale, 0, 0.25));
      assert.equal(await heatPixel(panel, 1, 1), scale.empty);
      assert.equal((await tableRows(panel))[0][3], '1 (25%)');
      assert.match(await panel.page.textContent('.run-status') ?? '', /^Starting on wasm/);
      await panel.send([worker({ type: 'progress', epoch: 1, epochs: 1, batch: 1, batches: 10, loss: 2.5, metrics: { acc: 0.1 } }), worker({ type: 'units', check: CHECKS[1], layers: UNITS[1] })]);
      assert.equal(await heatPixel(panel, 1, 1), scale.dying);
      assert.equal((await tableRows(panel))[0][4], '1 (25%)');
      assert.equal(await panel.page.textContent('.run-status'), 'Training on wasm · epoch 1/1 · batch 1/10 · loss 2.50 · 1 dead, 1 dying, 1 saturated');
      assert.deepEqual(await panel.cspViolations(), []);
    } finally {
      await panel.page.close();
    }
  });

  it('shows text from the workspace as text', async () => {
    const panel = await openPanel(browser());
    try {
      const evil = '<img src=x onerror="window.__xss=1">';
      const started = { ...STARTED, model: [{ ...STARTED.model[0], name: evil }] };
      await panel.send([
        { type: 'worker', file: FILE, message: started },
        { type: 'worker', file: FILE, message: { type: 'error', code: 'script-error', message: `<b>${evil}</b>`, position: { file: FILE, line: 3, column: 1, endLine: 3, endColumn: 9 } } },
      ]);
      assert.equal(await panel.page.textContent('button.layer-name'), evil);
      assert.equal(await panel.page.textContent('.problems li'), `<b>${evil}</b> model.js:3:1`);
      assert.equal(await panel.page.$$eval('img, b', (els) => els.length), 0);
      assert.equal(await panel.page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    } finally {
      await panel.page.close();
    }
  });
});

describe('Activations panel on a recorded real scan', () => {
  // examples/tfjs/negative-bias.ts, 2,000 samples, 3 epochs (test/webview/recordScan.ts).
  const recording = JSON.parse(readFileSync(path.join(__dirname, '../webview/recordings/negative-bias.json'), 'utf8')) as ToWebviewMessage[];
  const file = '/workspace/examples/tfjs/negative-bias.ts';

  it('shows the dead layer at its source line with the engine\'s fixes', async () => {
    const panel = await openPanel(browser(), { theme: 'dark' });
    try {
      await panel.send(recording);
      const rows = await tableRows(panel);
      assert.deepEqual(rows.map((r) => r.slice(0, 6)), [
        ['dense_Dense1 Dense · relu', 'negative-bias.ts:15', '128', '121 (94.5%)', '0', '0'],
        ['dense_Dense2 Dense · relu', 'negative-bias.ts:22', '64', '4 (6.25%)', '6 (9.38%)', '0'],
      ]);
      assert.equal(await panel.page.textContent('.run-status'), 'Completed · 3 epochs on wasm · 125 dead, 6 dying, 0 saturated in 2 layers');
      // The worst layer is shown: 121 of its 128 units dead since init.
      assert.equal(await panel.page.textContent('.layer-view h3'), 'dense_Dense1 (Dense · relu) · 128 units');
      assert.deepEqual(await panel.page.$eval('canvas.heat-canvas', (c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]), [5, 128]);
      const report = recording.flatMap((m) => (m.type === 'worker' && m.message.type === 'finished' ? [m.message.report] : []))[0];
      const layer = report.layers[0];
      const unit = layer.deadUnits[0];
      const lines = await hoverCell(panel, unit, 4);
      assert.deepEqual([lines[0], lines[1], lines[2], lines[5]], [
        `dense_Dense1 · unit ${unit} · epoch 3`,
        'state: dead',
        'activation rate: 0% (0 of 1,024 probe samples)',
        `dead since ${report.checks[layer.firstDeadCheck[unit] ?? -1]?.label}`,
      ]);
      const before = (await panel.posted()).length;
      await panel.page.click('[role=row][data-layer="dense_Dense1"] vscode-button[data-fix="zero-bias"]');
      await panel.page.click('[role=row][data-layer="dense_Dense1"] a.source-link');
      assert.deepEqual((await panel.posted()).slice(before), [
        { type: 'applyFix', file, layer: 'dense_Dense1', fix: 'zero-bias' },
        { type: 'reveal', file, line: 15, column: 3 },
      ]);
      assert.deepEqual(await panel.cspViolations(), []);
    } finally {
      await panel.page.close();
    }
  });
});
