// The panel suite's section of BENCHMARKS.md (also what the bench prints): the machine and
// browser, per-update times against the target, first render, saved state, and bundle size.

import { fixed, max, median, percentile } from '../stats';
import { machineTable } from '../machine';
import { markdownTable } from '../table';
import type { PanelResults, ShapeResult } from './index';
import type { Timing } from './runInPage';

const UPDATE_TARGET_MS = 100;

const shapeName = (s: ShapeResult) => `${s.layers} × ${fixed(s.unitsPerLayer)} units`;
/** "27.8 / 34.7 / 47.0 ms": median, p90 and max. */
const spread = (ms: readonly number[]) => `${fixed(median(ms), 1)} / ${fixed(percentile(ms, 0.9), 1)} / ${fixed(max(ms), 1)} ms`;
const column = (ts: readonly Timing[], key: keyof Timing) => ts.map((t) => t[key]);
const kib = (bytes: number) => `${fixed(bytes / 1024, 1)} KiB`;
const plural = (n: number, word: string) => `${fixed(n)} ${word}${n === 1 ? '' : 's'}`;

function verdict(ms: readonly number[]): string {
  if (max(ms) < UPDATE_TARGET_MS) return 'meets (every update)';
  if (percentile(ms, 0.9) < UPDATE_TARGET_MS) return 'meets at p90; **max misses**';
  return '**misses**';
}

function summaryTable(r: PanelResults): string {
  const rows = r.shapes.flatMap((s) => {
    const wall = column(s.updates, 'wallMs');
    const first = column(s.firsts, 'wallMs');
    const cell = (ms: readonly number[], digits = 1) => [fixed(median(ms), digits), fixed(percentile(ms, 0.9), digits), fixed(max(ms), digits)];
    return [
      [`Per update, post → next frame (${plural(s.updates.length, 'update')})`, shapeName(s), ...cell(wall), `< ${UPDATE_TARGET_MS} ms`, verdict(wall)],
      [`First render, the whole run replayed (${plural(s.firsts.length, 'run')})`, shapeName(s), ...cell(first, 0), '', ''],
    ];
  });
  return markdownTable({ head: ['Figure', 'Layers × units', 'Median ms', 'p90 ms', 'Max ms', 'Target', ''], rows });
}

function updateTable(r: PanelResults): string {
  const rows = r.shapes.map((s) => [
    shapeName(s),
    fixed(s.updates.length),
    spread(column(s.updates, 'wallMs')),
    spread(column(s.updates, 'ingestMs')),
    spread(column(s.updates, 'renderMs')),
    spread(s.baselineMs),
  ]);
  return markdownTable({
    head: ['Layers × units', 'Updates', 'Post → next frame', 'Panel: validate + ingest', 'Panel: render', 'Frame wait alone (ignored message)'],
    rows,
  });
}

/** "1 × 10,000 units: 58.3 ms, 3.2 ms of it in the panel's code": each shape's slowest update. */
function slowest(r: PanelResults): string {
  return r.shapes
    .map((s) => {
      const worst = s.updates.reduce((a, b) => (b.wallMs > a.wallMs ? b : a));
      return `${shapeName(s)}: ${fixed(worst.wallMs, 1)} ms, ${fixed(worst.ingestMs + worst.renderMs, 1)} ms of it in the panel's code`;
    })
    .join('; ');
}

function firstRenderTable(r: PanelResults): string {
  const rows = r.shapes.map((s) => [
    shapeName(s),
    fixed(s.messages),
    String(s.firsts.length),
    spread(column(s.firsts, 'wallMs')),
    spread(column(s.firsts, 'ingestMs')),
    spread(column(s.firsts, 'renderMs')),
    spread(s.cloneMs),
    s.savesMs.length > 0 ? `${spread(s.savesMs)} (${s.savesMs.length} saves)` : 'none seen',
  ]);
  return markdownTable({
    head: [
      'Layers × units',
      'Messages',
      'Runs',
      'Post → next frame',
      'Panel: validate + ingest',
      'Panel: render',
      'Structured clone alone',
      'Saved state (setState), live runs',
    ],
    rows,
  });
}

function bundleTable(r: PanelResults): string {
  return markdownTable({
    head: ['File', 'Size', 'gzip', 'What'],
    rows: r.bundle.map((b) => [`\`${b.file}\``, `${kib(b.bytes)} (${fixed(b.bytes)} B)`, kib(b.gzipBytes), b.note]),
  });
}

export function panelMarkdown(r: PanelResults): string {
  const first = r.shapes[0];
  const units = fixed(first.layers * first.unitsPerLayer);
  const frame = median(r.shapes.flatMap((s) => s.frameMs));
  const machine = machineTable(r.machine, {
    software: ['Browser', `Chromium ${r.chromium} (Debian, \`/usr/bin/chromium\`), headless, \`--disable-gpu\`, driven by playwright-core ${r.playwright}`],
    loadAverageAtEnd: r.loadAverageAtEnd,
    run: `${r.mode}, ${plural(r.runs, 'round')}, ${fixed(r.durationMs / 60_000, 1)} min`,
  });
  return `## Activations panel at scale: per-update time, first render, bundle size

Reproduce: \`npm run build && npm run bench -- --suite panel\` (this section alone, about
${fixed(Math.max(1, Math.ceil(r.durationMs / 60_000)))} min; add \`--quick\` for one round that prints without writing here).
Written by \`bench/panel/\`.

${machine}

### Summary

${summaryTable(r)}

The built panel (\`dist/webview.js\` and \`dist/webview.css\` in the page the extension serves,
same HTML and CSP, dark theme, 1100 × 900 viewport) gets a synthetic run of ${units} units over
${first.checks} checks (\`test/webview/syntheticRun.ts\`: started, a units message per check with
progress messages between, finished, fixes; 30% of the units die at random checks). Messages
are posted with \`window.postMessage\`, so they are structured-cloned as VS Code delivers them.
A round measures each shape once, live and then as a first render, in a new page each; the
shapes alternate. Below, each cell is median / p90 / max (p90 by nearest rank).

### Per update

One update is one units message: a check of every unit (${units} units in all, whichever the
layers), the heaviest message of a live scan; the progress messages between are posted untimed.
**Post → next frame** runs from the post to the second animation frame after it: the panel
renders in the first, so it ends once that frame is drawn. **Panel: validate + ingest** and
**Panel: render** are the panel's own User Timing measures (\`dn:ingest\` when the message
arrives, \`dn:render\` in the frame). The page draws a frame every ${fixed(frame, 1)} ms (median), so
every post waits between one and two frame intervals whatever the panel does, and the updates'
wall times are mostly that wait. **Frame wait alone** posts a message the panel validates and
drops: the same path with no work. Those posts come back to back, each just after the last
one's frame, so they wait nearly two intervals; updates land anywhere in the interval and can
come in under it. The first update of a run allocates the heatmap's canvas and is counted with
the rest.

${updateTable(r)}

The slowest update of each shape — ${slowest(r)}. What a slow update spends beyond the panel's
own work is outside its code: the browser's copy of the message, its garbage collector, or other
processes on the two shared cores (see the load average).

### First render

A freshly opened panel gets the whole run at once, as the extension replays a run's messages
when a panel says it is ready (opened, or shown again after being hidden). **Structured clone
alone** copies the same messages in the page without posting them: the copy each post makes,
which the wall time includes and the panel's own measures do not. Saved state is the panel's
debounced \`setState\` during the live runs (\`dn:save\`).

${firstRenderTable(r)}

### Bundle size

What the panel loads. gzip is Node's zlib at its default level, for comparison only: a webview
reads the files uncompressed from the extension's folder.

${bundleTable(r)}
`;
}
