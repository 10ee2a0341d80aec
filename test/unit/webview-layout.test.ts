// The Activations panel's layout in headless Chromium, where VS Code opens it (beside the editor,
// about 500 px) and from 320 px to full width, in the dark, light and high-contrast themes:
// nothing overflows its box or the page, every fix button is inside the viewport, axis labels
// differ, legends are never empty, and the first layer at warning opens in view.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { ToWebviewMessage, WorkerMessage } from '../../src/shared/protocol';
import { sharedChromium } from '../webview/chromiumHooks';
import { openPanel, type PanelPage } from '../webview/harness';
import { FILE, SMALL_RUN, STARTED, TRY_RESULTS } from '../webview/smallRun';
import { syntheticRun, type SyntheticLayer } from '../webview/syntheticRun';
import type { ThemeKind } from '../webview/themes';

// examples/tfjs/negative-bias.ts, 2,000 samples, 3 epochs (test/webview/recordScan.ts).
const RECORDING = JSON.parse(readFileSync(path.join(__dirname, '../webview/recordings/negative-bias.json'), 'utf8')) as ToWebviewMessage[];
const RECORDED_FILE = '/workspace/examples/tfjs/negative-bias.ts';

const browser = sharedChromium();

/** `messages` with the `started` message given the runner fields. */
function withRunner(messages: ToWebviewMessage[], runner: Partial<Extract<WorkerMessage, { type: 'started' }>>): ToWebviewMessage[] {
  return messages.map((m) => (m.type === 'worker' && m.message.type === 'started' ? { ...m, message: { ...m.message, ...runner } } : m));
}

/**
 * Elements (vscode-elements' shadow DOM included) whose content is wider than their box, and the
 * page itself when it scrolls sideways; visually hidden text does not count. Plain JS text: tsx
 * would wrap the inner functions in a helper the page does not have.
 */
const OVERFLOWING = `(() => {
  const found = [];
  const name = (el) => el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className.trim() !== '' ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
    + ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
  const visit = (root, host) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot !== null) visit(el.shadowRoot, name(el));
      if (!(el instanceof HTMLElement) || el.closest('.visually-hidden') !== null) continue;
      const head = el.closest('.grid-head');
      if (head !== null && head.clientWidth <= 1) continue;
      const display = getComputedStyle(el).display;
      if (display === 'inline' || display === 'contents' || display === 'none') continue;
      if (el.scrollWidth > el.clientWidth) found.push((host === '' ? '' : host + ' > ') + name(el) + ': ' + el.scrollWidth + ' > ' + el.clientWidth);
    }
  };
  visit(document, '');
  if (document.documentElement.scrollWidth > window.innerWidth) found.push('page: ' + document.documentElement.scrollWidth + ' > ' + window.innerWidth);
  return found;
})()`;

async function overflowing(panel: PanelPage): Promise<string[]> {
  return panel.page.evaluate(OVERFLOWING) as Promise<string[]>;
}

/** Fix and Apply buttons that reach past the left or right edge of the viewport. */
async function buttonsPastTheEdge(panel: PanelPage): Promise<string[]> {
  return panel.page.$$eval('.fixes vscode-button, vscode-button.apply-fixes', (buttons) => buttons.flatMap((b) => {
    const r = b.getBoundingClientRect();
    return r.width === 0 || r.left < 0 || r.right > window.innerWidth ? [`${b.textContent?.trim()}: ${r.left}–${r.right} of ${window.innerWidth}`] : [];
  }));
}

/** Each chart's axes as [caption, side, labels]. */
async function axes(panel: PanelPage): Promise<[string, string, string[]][]> {
  return panel.page.$$eval('figure.chart', (charts) => charts.flatMap((chart) =>
    [...chart.querySelectorAll('.chart-axes li')].map((li): [string, string, string[]] => [
      chart.querySelector('figcaption')?.textContent ?? '',
      li.getAttribute('data-axis') ?? '',
      (li.textContent ?? '').replace(/^[a-z]+ axis: /, '').split(', '),
    ])));
}

async function heatmapInView(panel: PanelPage): Promise<{ top: number; bottom: number; headerBottom: number; height: number }> {
  return panel.page.evaluate(() => {
    const heat = document.querySelector('.heat-scroll')?.getBoundingClientRect();
    const header = document.querySelector('.panel-header')?.getBoundingClientRect();
    return { top: heat?.top ?? NaN, bottom: heat?.bottom ?? NaN, headerBottom: header?.bottom ?? NaN, height: window.innerHeight };
  });
}

describe('Activations panel layout', () => {
  for (const width of [320, 500, 1100]) {
    for (const theme of ['dark', 'light', 'high-contrast'] as ThemeKind[]) {
      it(`fits ${width} px in the ${theme} theme: no overflow, fix buttons inside, distinct axis labels, full legends`, async () => {
        const panel = await openPanel(browser(), { theme, width, height: 800 });
        try {
          // Two files (so the header has its file picker), the shown one with Try Fixes results.
          await panel.send([
            ...withRunner(SMALL_RUN, { runner: 'python', framework: 'keras', kerasBackend: 'tensorflow', device: 'CPU' }),
            ...withRunner(RECORDING, { runner: 'tfjs', framework: 'tfjs', device: 'CPU' }),
            { type: 'tryResults', file: RECORDED_FILE, results: { ...TRY_RESULTS, file: RECORDED_FILE, layer: 'dense_Dense1', line: 15 } },
          ]);
          await panel.page.$$eval('details', (ds) => ds.forEach((d) => { (d as HTMLDetailsElement).open = true; }));
          await panel.frames();
          assert.equal(await panel.page.isVisible('vscode-single-select.file-picker'), true);
          assert.equal(await panel.page.textContent('.run-with'), 'TensorFlow.js · wasm · CPU');
          assert.equal(await panel.page.$$eval('.layer-table .grid-body [role=row]', (rows) => rows.length), 2);
          assert.equal(await panel.page.$$eval('.try-table .grid-body [role=row]', (rows) => rows.length), 3);

          assert.deepEqual(await overflowing(panel), []);
          // 7 fixes for dense_Dense1, 6 for dense_Dense2, one Try fixes each, one Apply.
          assert.equal(await panel.page.$$eval('.fixes vscode-button, vscode-button.apply-fixes', (bs) => bs.length), 7 + 6 + 2 + 1);
          assert.deepEqual(await buttonsPastTheEdge(panel), []);

          const drawn = await axes(panel);
          assert.deepEqual(drawn.map(([chart, side]) => `${chart}: ${side}`), [
            'Dead, dying and saturated units over the checks: x',
            'Dead, dying and saturated units over the checks: left',
            'Activation rates at the latest check: x',
            'Activation rates at the latest check: left',
            'Loss and metrics: x',
            'Loss and metrics: left',
            'Loss and metrics: right',
          ]);
          for (const [chart, side, labels] of drawn) {
            assert.ok(labels.length >= 2, `${chart}, ${side} axis: ${labels.join(', ')}`);
            assert.equal(new Set(labels).size, labels.length, `${chart}, ${side} axis labels differ: ${labels.join(', ')}`);
            assert.ok(labels.every((l) => l.trim() !== ''), `${chart}, ${side} axis: no empty label`);
          }
          const legend = await panel.page.$$eval('.u-legend .u-series', (rows) => rows.map((r) => [r.querySelector('.u-label')?.textContent ?? '', r.querySelector('.u-value')?.textContent ?? '']));
          assert.deepEqual(legend.map(([label]) => label), ['check', 'dead', 'dying', 'saturated', 'activation rate', 'dead units', 'other units', 'epoch', 'loss', 'acc']);
          for (const [label, value] of legend) assert.ok(value.trim() !== '' && value !== '--', `legend "${label}" shows a value, not "${value}"`);
        } finally {
          await panel.page.close();
        }
      });
    }
  }
});

describe('Activations panel on a long run', () => {
  it('labels 60 checks of a layer with long names at 320 px without cutting a label or a name', async () => {
    const panel = await openPanel(browser(), { theme: 'dark', width: 320, height: 800 });
    try {
      const layers: SyntheticLayer[] = [
        { name: 'encoder_block_3_conv2d_transpose_relu', className: 'Conv2DTranspose', activation: 'relu', units: 48, line: 12 },
        { name: 'classifier_head_sigmoid', className: 'Dense', activation: 'sigmoid', units: 20, line: 30 },
      ];
      await panel.send(syntheticRun({ file: '/workspace/models/a_rather_long_training_script_name_for_the_panel.py', layers, checks: 60, batchesPerEpoch: 1875, deadFraction: 0.3, seed: 7 }));
      const labels = await panel.page.$$eval('.heat-columns span', (spans) => spans.map((s) => s.textContent ?? ''));
      assert.ok(labels.length >= 3 && labels.length < 60, `${labels.length} labels: ${labels.join(', ')}`);
      // Long names may break after each "_" and "." (8 + 1 here), and read the same.
      assert.equal(await panel.page.textContent('h2.file-title'), 'a_rather_long_training_script_name_for_the_panel.py');
      assert.equal(await panel.page.$$eval('h2.file-title wbr', (w) => w.length), 9);
      assert.deepEqual(await overflowing(panel), []);
      assert.deepEqual(await buttonsPastTheEdge(panel), []);
    } finally {
      await panel.page.close();
    }
  });
});

describe('Activations panel where it opens: 500 × 800', () => {
  it('opens on the first layer at warning with its heatmap in view', async () => {
    const panel = await openPanel(browser(), { theme: 'dark', width: 500, height: 800 });
    try {
      await panel.send(RECORDING);
      assert.equal(await panel.page.textContent('.layer-view h3'), 'dense_Dense1 (Dense · relu) · 128 units');
      const at = await heatmapInView(panel);
      assert.ok(at.top >= at.headerBottom && at.bottom <= at.height, `heatmap at ${at.top}–${at.bottom}, header to ${at.headerBottom}, viewport ${at.height}`);
    } finally {
      await panel.page.close();
    }
  });

  it('leaves the scrolling to the user once they scroll', async () => {
    const panel = await openPanel(browser(), { theme: 'light', width: 500, height: 800 });
    try {
      const fixes = RECORDING.findIndex((m) => m.type === 'fixes');
      await panel.send(RECORDING.slice(0, fixes));
      assert.ok(await panel.page.evaluate(() => window.scrollY > 0), 'scrolled to the heatmap');
      await panel.page.mouse.move(250, 400);
      await panel.page.mouse.wheel(0, -5000);
      await panel.page.waitForFunction(() => window.scrollY === 0);
      // The fix buttons make the cards taller and push the heatmap down; the panel stays put.
      await panel.send(RECORDING.slice(fixes));
      assert.equal(await panel.page.evaluate(() => window.scrollY), 0);
      assert.ok((await heatmapInView(panel)).bottom > 800, 'the heatmap is below the fold');
    } finally {
      await panel.page.close();
    }
  });

  it('tells a loss between 2.298 and 2.305 apart on its axis', async () => {
    const panel = await openPanel(browser(), { theme: 'dark', width: 500, height: 800 });
    try {
      const losses = [2.305, 2.303, 2.301, 2.298, 2.3, 2.302, 2.299];
      await panel.send([
        { type: 'worker', file: FILE, message: STARTED },
        ...losses.map((loss, i): ToWebviewMessage => ({ type: 'worker', file: FILE, message: { type: 'progress', epoch: 1, epochs: 1, batch: i + 1, batches: losses.length, loss, metrics: {} } })),
      ]);
      const loss = (await axes(panel)).find(([chart, side]) => chart === 'Loss and metrics' && side === 'left');
      assert.ok(loss);
      const labels = loss[2];
      assert.ok(labels.length >= 3, labels.join(', '));
      assert.equal(new Set(labels).size, labels.length, labels.join(', '));
      for (const label of labels) assert.match(label, /^2\.\d{3}$/);
      assert.equal(await panel.page.$eval('.training .u-series:nth-child(2) .u-value', (v) => v.textContent), '2.30');
    } finally {
      await panel.page.close();
    }
  });

  it('counts units in whole numbers on the histogram axis', async () => {
    const panel = await openPanel(browser(), { theme: 'dark', width: 500, height: 800 });
    try {
      // dense: at most one unit per bin.
      await panel.send(SMALL_RUN);
      const histogram = (await axes(panel)).find(([chart, side]) => chart === 'Activation rates at the latest check' && side === 'left');
      assert.deepEqual(histogram?.[2], ['0', '1']);
    } finally {
      await panel.page.close();
    }
  });

  it('says what ran in the header when the runner tells, and only the backend otherwise', async () => {
    const panel = await openPanel(browser(), { theme: 'dark', width: 500, height: 800 });
    try {
      await panel.send([{ type: 'worker', file: FILE, message: STARTED }]);
      assert.equal(await panel.page.isHidden('.run-with'), true);
      assert.equal(await panel.page.textContent('.run-status'), 'Starting on wasm · 0 dead, 0 dying, 0 saturated');
      await panel.send([{ type: 'worker', file: FILE, message: { ...STARTED, runner: 'python', framework: 'keras', kerasBackend: 'tensorflow', device: 'CPU' } }]);
      assert.equal(await panel.page.textContent('.run-with'), 'Keras in Python · tensorflow · CPU');
      assert.equal(await panel.page.textContent('.run-status'), 'Starting · 0 dead, 0 dying, 0 saturated');
      await panel.send([{ type: 'worker', file: FILE, message: { ...STARTED, runner: 'python', framework: 'torch', device: 'GPU:0' } }]);
      assert.equal(await panel.page.textContent('.run-with'), 'PyTorch · GPU:0');
    } finally {
      await panel.page.close();
    }
  });
});
