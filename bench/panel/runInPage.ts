// A synthetic run held in the panel's page and posted from there: tens of megabytes of messages
// would take minutes through the DevTools protocol. Messages go through window.postMessage
// (structured clone, as VS Code delivers them); a delivery's wall time runs from the first post
// to the frame after the panel's render, and its ingest and render times are the panel's own
// User Timing measures (src/webview/timing.ts).

import * as esbuild from 'esbuild';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';
import type { SyntheticOptions } from '../../test/webview/syntheticRun';

export interface Timing {
  wallMs: number;
  ingestMs: number;
  renderMs: number;
}

/** What the scripts below add to the page. */
interface BenchWindow {
  DN_SYNTHETIC: { syntheticRun(options: SyntheticOptions): { type: string; message?: { type: string } }[] };
  __messages: unknown[];
  __post(messages: unknown[]): Promise<number>;
  __clone(from: number, to: number): number;
  __frameInterval(frames: number): Promise<number>;
  __measures(name: string): number[];
}

// Plain JS text: tsx would wrap a TypeScript function's inner functions in a helper the page
// lacks. __post resolves, with the wall time, at the frame after the panel has handled the last
// message (its 'message' listener was added first, so it runs first and renders in the next frame).
const HELPERS = `
window.__post = (messages) => new Promise((resolve) => {
  let left = messages.length;
  const t0 = performance.now();
  const done = () => {
    if (--left > 0) return;
    window.removeEventListener('message', done);
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
  };
  window.addEventListener('message', done);
  for (const m of messages) window.postMessage(m, '*');
});
window.__clone = (from, to) => {
  const t0 = performance.now();
  structuredClone(window.__messages.slice(from, to));
  return performance.now() - t0;
};
window.__frameInterval = (n) => new Promise((resolve) => {
  const times = [];
  const frame = (t) => {
    times.push(t);
    if (times.length <= n) requestAnimationFrame(frame);
    else resolve((times[n] - times[0]) / n);
  };
  requestAnimationFrame(frame);
});
window.__measures = (name) => {
  const d = performance.getEntriesByName(name).map((e) => e.duration);
  performance.clearMeasures(name);
  return d;
};`;

/** A message the panel validates and drops: posting it times the delivery and frames alone. */
const IGNORED = { type: 'bench:ignored' };

let synthetic: Promise<string> | undefined;

/** test/webview/syntheticRun.ts bundled for the page (once per bench). */
function syntheticBundle(): Promise<string> {
  synthetic ??= esbuild
    .build({
      entryPoints: [join(PACKAGE_ROOT, 'test', 'webview', 'syntheticRun.ts')],
      bundle: true,
      format: 'iife',
      globalName: 'DN_SYNTHETIC',
      platform: 'browser',
      write: false,
    })
    .then((result) => `${result.outputFiles[0].text}\nwindow.DN_SYNTHETIC = DN_SYNTHETIC;`);
  return synthetic;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export class RunInPage {
  private constructor(
    private readonly page: Page,
    /** How many messages the run has. */
    readonly count: number,
    /** The index of every units message (one check). */
    readonly unitsAt: number[],
  ) {}

  /** Makes the run in `page`, which holds the panel, without posting any of it. */
  static async load(page: Page, options: SyntheticOptions): Promise<RunInPage> {
    await page.evaluate(await syntheticBundle());
    await page.evaluate(HELPERS);
    const unitsAt = await page.evaluate((o) => {
      const w = window as unknown as BenchWindow;
      w.__messages = w.DN_SYNTHETIC.syntheticRun(o);
      return w.__messages.flatMap((m, i) => ((m as { message?: { type: string } }).message?.type === 'units' ? [i] : []));
    }, options);
    const count = await page.evaluate(() => (window as unknown as BenchWindow).__messages.length);
    return new RunInPage(page, count, unitsAt);
  }

  /** Posts messages [from, to) of the run. */
  async deliver(from: number, to: number): Promise<Timing> {
    const wallMs = await this.page.evaluate(
      ([a, b]) => {
        const w = window as unknown as BenchWindow;
        return w.__post(w.__messages.slice(a, b));
      },
      [from, to],
    );
    return { wallMs, ingestMs: sum(await this.measures('dn:ingest')), renderMs: sum(await this.measures('dn:render')) };
  }

  /** Wall time of posting a message the panel drops: the frame wait every update includes. */
  ignored(): Promise<number> {
    return this.page.evaluate((m) => (window as unknown as BenchWindow).__post([m]), IGNORED);
  }

  /** Time to structured-clone messages [from, to) in the page, without posting them: the copy a post makes. */
  cloneMs(from: number, to: number): Promise<number> {
    return this.page.evaluate(([a, b]) => (window as unknown as BenchWindow).__clone(a, b), [from, to]);
  }

  /** The page's mean animation frame interval over `frames` frames. */
  frameIntervalMs(frames = 30): Promise<number> {
    return this.page.evaluate((n) => (window as unknown as BenchWindow).__frameInterval(n), frames);
  }

  /** The durations of the panel's measures named `name` since the last read. */
  measures(name: string): Promise<number[]> {
    return this.page.evaluate((n) => (window as unknown as BenchWindow).__measures(n), name);
  }
}
