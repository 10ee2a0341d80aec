// The Activations panel at scale, in headless Chromium: 10,000 units × 50 checks by default.
// Run by hand after `npm run build`:
//   node --import tsx bench/webview-bench.ts [--units 10000] [--layers 1] [--checks 50] [--runs 3]
// Messages go through window.postMessage (structured clone, as VS Code delivers them). Per update
// it reports the panel's own work (validate + ingest, then render, from its User Timing
// measures) and the wall time from posting to the frame after the panel's render.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromium, openPanel } from '../test/webview/harness';
import type { SyntheticLayer, SyntheticOptions } from '../test/webview/syntheticRun';

const { values } = parseArgs({
  options: {
    units: { type: 'string', default: '10000' },
    layers: { type: 'string', default: '1' },
    checks: { type: 'string', default: '50' },
    runs: { type: 'string', default: '3' },
  },
});
const UNITS = Number(values.units);
const LAYERS = Number(values.layers);
const CHECKS = Number(values.checks);
const RUNS = Number(values.runs);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const ms = (x: number): string => `${x.toFixed(1)} ms`;

// In the page: post messages [from, to) and resolve, with the wall time, at the frame after the
// panel has handled the last one (its 'message' listener was added first, so it runs first).
const DELIVER = `
window.__deliver = (from, to) => new Promise((resolve) => {
  let left = to - from;
  const t0 = performance.now();
  const done = () => {
    if (--left > 0) return;
    window.removeEventListener('message', done);
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
  };
  window.addEventListener('message', done);
  for (let i = from; i < to; i++) window.postMessage(window.__messages[i], '*');
});
window.__measures = (name) => {
  const d = performance.getEntriesByName(name).map((e) => e.duration);
  performance.clearMeasures(name);
  return d;
};`;

interface Timing {
  wall: number;
  ingest: number;
  render: number;
}

/**
 * Makes the run inside the page (bundling test/webview/syntheticRun.ts for it): tens of
 * megabytes of messages would take minutes through the DevTools protocol. Returns the index of
 * every units message.
 */
async function makeRun(page: Page, options: SyntheticOptions): Promise<number[]> {
  const bundle = await esbuild.build({
    entryPoints: [path.resolve(__dirname, '../test/webview/syntheticRun.ts')],
    bundle: true, format: 'iife', globalName: 'DN_SYNTHETIC', platform: 'browser', write: false,
  });
  await page.evaluate(`${bundle.outputFiles[0].text}\nwindow.DN_SYNTHETIC = DN_SYNTHETIC;`);
  await page.evaluate(DELIVER);
  return page.evaluate((o) => {
    const w = window as unknown as { DN_SYNTHETIC: { syntheticRun(o: unknown): { type: string; message?: { type: string } }[] }; __messages: unknown[] };
    w.__messages = w.DN_SYNTHETIC.syntheticRun(o);
    return w.__messages.flatMap((m, i) => ((m as { message?: { type: string } }).message?.type === 'units' ? [i] : []));
  }, options);
}

async function deliver(page: Page, from: number, to: number): Promise<Timing> {
  const wall = await page.evaluate(([a, b]) => (window as unknown as { __deliver(a: number, b: number): Promise<number> }).__deliver(a, b), [from, to]);
  const read = (name: string) => page.evaluate((n) => (window as unknown as { __measures(n: string): number[] }).__measures(n), name);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return { wall, ingest: sum(await read('dn:ingest')), render: sum(await read('dn:render')) };
}

async function main(): Promise<void> {
  if (!existsSync(path.resolve(__dirname, '../dist/webview.js'))) throw new Error('dist/webview.js is missing: run "npm run build" first.');
  const per = Math.floor(UNITS / LAYERS);
  const layers: SyntheticLayer[] = Array.from({ length: LAYERS }, (_, i) => ({
    name: i === 0 ? 'dense' : `dense_${i}`, className: 'Dense', activation: 'relu', units: i === 0 ? UNITS - per * (LAYERS - 1) : per, line: 10 + i,
  }));
  const options: SyntheticOptions = { file: '/bench/model.js', layers, checks: CHECKS, batchesPerEpoch: 100, deadFraction: 0.3, seed: 7 };

  const browser = await launchChromium();
  let count = 0;
  console.log(`Chromium ${browser.version()}, headless, --disable-gpu`);
  const updates: Timing[] = [];
  const firsts: Timing[] = [];
  let saves: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      // Live: each units message (with the progress before it) is one update.
      const live = await openPanel(browser, { theme: 'dark' });
      const unitsAt = await makeRun(live.page, options);
      count = await live.page.evaluate(() => (window as unknown as { __messages: unknown[] }).__messages.length);
      if (run === 0) console.log(`Activations panel: ${UNITS.toLocaleString('en-US')} units in ${LAYERS} layer(s) × ${CHECKS} checks, ${count} messages, ${RUNS} runs`);
      let from = 0;
      for (const at of unitsAt) {
        if (at > from) await deliver(live.page, from, at); // started / progress: not timed
        updates.push(await deliver(live.page, at, at + 1));
        from = at + 1;
      }
      await deliver(live.page, from, count);
      await live.page.waitForTimeout(1200); // the debounced save
      saves = saves.concat(await live.page.evaluate(() => (window as unknown as { __measures(n: string): number[] }).__measures('dn:save')));
      await live.page.close();

      // First render: a freshly opened panel gets the whole run at once (the extension's replay).
      const fresh = await openPanel(browser, { theme: 'dark' });
      await makeRun(fresh.page, options);
      firsts.push(await deliver(fresh.page, 0, count));
      await fresh.page.close();
    }
  } finally {
    await browser.close();
  }
  // The first check of each run allocates the canvas; report it with the rest.
  const col = (k: keyof Timing) => updates.map((u) => u[k]);
  console.log(`\nPer update (one units message of ${UNITS.toLocaleString('en-US')} units; ${updates.length} updates):`);
  console.log(`  wall, post → next frame: median ${ms(median(col('wall')))}, p90 ${ms(pct(col('wall'), 0.9))}, max ${ms(Math.max(...col('wall')))}`);
  console.log(`  panel JS, validate+ingest: median ${ms(median(col('ingest')))}; render: median ${ms(median(col('render')))}, max ${ms(Math.max(...col('render')))}`);
  console.log(`\nFirst render (the whole run at once, as the extension's replay; ${firsts.length} runs):`);
  console.log(`  wall: median ${ms(median(firsts.map((f) => f.wall)))}; ingest ${ms(median(firsts.map((f) => f.ingest)))}; render ${ms(median(firsts.map((f) => f.render)))}`);
  if (saves.length > 0) console.log(`\nSaved state (setState, debounced 1 s): median ${ms(median(saves))}, max ${ms(Math.max(...saves))}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
