// The Activations panel at scale (issue 5, Scale): the built panel in Debian's headless Chromium
// gets a synthetic run of 10,000 units × 50 checks, live (one update per check) and replayed at
// once (what a freshly opened panel gets); and the size of the bundle it loads.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import type { Browser } from 'playwright-core';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';
import { launchChromium, openPanel } from '../../test/webview/harness';
import type { SyntheticLayer, SyntheticOptions } from '../../test/webview/syntheticRun';
import { describeMachine, loadAverage, packageVersion, type Machine } from '../machine';
import type { Mode, Suite } from '../suite';
import { panelMarkdown } from './markdown';
import { RunInPage, type Timing } from './runInPage';

/** Layers × units per layer of each measured run; 10,000 units in all. */
const SHAPES = [
  { layers: 1, units: 10_000 },
  { layers: 4, units: 2_500 },
];
const CHECKS = 50;
const RUNS: Record<Mode, number> = { full: 5, quick: 1 };
/** Ignored messages posted before each live run: the frame wait alone. */
const BASELINE_POSTS = 10;
/** Past the panel's debounced save (1 s, then the next idle moment). */
const SAVE_WAIT_MS = 1500;

export interface ShapeResult {
  layers: number;
  unitsPerLayer: number;
  checks: number;
  messages: number;
  /** One per units message of every live run, in order. */
  updates: Timing[];
  /** One per run: the whole run posted at once to a fresh panel. */
  firsts: Timing[];
  /** One per run: the whole run structured-cloned in the page, not posted. */
  cloneMs: number[];
  /** One per live run: the page's animation frame interval. */
  frameMs: number[];
  baselineMs: number[];
  savesMs: number[];
}

export interface BundleFile {
  file: string;
  note: string;
  bytes: number;
  gzipBytes: number;
}

export interface PanelResults {
  mode: Mode;
  runs: number;
  machine: Machine;
  chromium: string;
  playwright: string;
  loadAverageAtEnd: string;
  durationMs: number;
  shapes: ShapeResult[];
  bundle: BundleFile[];
}

function syntheticOptions(layers: number, units: number): SyntheticOptions {
  const list: SyntheticLayer[] = Array.from({ length: layers }, (_, i) => ({
    name: i === 0 ? 'dense' : `dense_${i}`,
    className: 'Dense',
    activation: 'relu',
    units,
    line: 10 + i,
  }));
  return { file: '/bench/model.js', layers: list, checks: CHECKS, batchesPerEpoch: 100, deadFraction: 0.3, seed: 7 };
}

/** Opens a panel, runs `body` on it with the run loaded, and fails if the panel threw. */
async function withPanel<T>(browser: Browser, options: SyntheticOptions, body: (run: RunInPage) => Promise<T>): Promise<T> {
  const { page } = await openPanel(browser, { theme: 'dark' });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    const result = await body(await RunInPage.load(page, options));
    if (errors.length > 0) throw new Error(`the panel threw: ${errors.join('\n')}`);
    return result;
  } finally {
    await page.close();
  }
}

/** Live: each units message (after the progress before it, untimed) is one update. */
async function liveRun(browser: Browser, options: SyntheticOptions, into: ShapeResult): Promise<void> {
  await withPanel(browser, options, async (run) => {
    into.frameMs.push(await run.frameIntervalMs());
    for (let i = 0; i < BASELINE_POSTS; i++) into.baselineMs.push(await run.ignored());
    let from = 0;
    for (const at of run.unitsAt) {
      if (at > from) await run.deliver(from, at);
      into.updates.push(await run.deliver(at, at + 1));
      from = at + 1;
    }
    await run.deliver(from, run.count);
    await new Promise((resolve) => setTimeout(resolve, SAVE_WAIT_MS));
    into.savesMs.push(...(await run.measures('dn:save')));
    into.messages = run.count;
  });
}

/** First render: a freshly opened panel gets the whole run at once (the extension's replay). */
async function firstRender(browser: Browser, options: SyntheticOptions, into: ShapeResult): Promise<void> {
  await withPanel(browser, options, async (run) => {
    into.firsts.push(await run.deliver(0, run.count));
    into.cloneMs.push(await run.cloneMs(0, run.count));
  });
}

async function bundleSizes(): Promise<BundleFile[]> {
  const read = (file: string) => readFileSync(join(PACKAGE_ROOT, file));
  const sized = (file: string, note: string, content: Buffer | string): BundleFile => {
    const bytes = Buffer.from(content);
    return { file, note, bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
  };
  const js = read('dist/webview.js');
  const minified = await esbuild.transform(js.toString('utf8'), { minify: true, loader: 'js' });
  return [
    sized('dist/webview.js', 'as `npm run build` writes it (not minified; its source map is a separate file)', js),
    sized('dist/webview.js', 'the same minified by esbuild (≈ the `--production` build that `npm run package` ships)', minified.code),
    sized('dist/webview.css', "the panel's and uPlot's styles (not minified)", read('dist/webview.css')),
  ];
}

async function runPanel(mode: Mode, log: (text: string) => void): Promise<PanelResults> {
  if (!existsSync(join(PACKAGE_ROOT, 'dist', 'webview.js'))) throw new Error('dist/webview.js is missing: run `npm run build` first.');
  const started = performance.now();
  const machine = describeMachine();
  const runs = RUNS[mode];
  const shapes = SHAPES.map(({ layers, units }): ShapeResult => ({
    layers,
    unitsPerLayer: units,
    checks: CHECKS,
    messages: 0,
    updates: [],
    firsts: [],
    cloneMs: [],
    frameMs: [],
    baselineMs: [],
    savesMs: [],
  }));
  const browser = await launchChromium();
  try {
    // Interleaved: every shape once per round, so drifting load touches them alike.
    for (let round = 1; round <= runs; round++) {
      for (const shape of shapes) {
        const options = syntheticOptions(shape.layers, shape.unitsPerLayer);
        await liveRun(browser, options, shape);
        await firstRender(browser, options, shape);
        log(`round ${round}/${runs}: ${shape.layers} × ${shape.unitsPerLayer} units, first render ${shape.firsts.at(-1)?.wallMs.toFixed(0)} ms`);
      }
    }
    return {
      mode,
      runs,
      machine,
      chromium: browser.version(),
      playwright: packageVersion('playwright-core'),
      loadAverageAtEnd: loadAverage(),
      durationMs: performance.now() - started,
      shapes,
      bundle: await bundleSizes(),
    };
  } finally {
    await browser.close();
  }
}

export const panelSuite: Suite = {
  id: 'panel',
  title: 'Activations panel at scale: per-update time, first render, bundle size',
  run: async (mode, log) => panelMarkdown(await runPanel(mode, log)),
};
