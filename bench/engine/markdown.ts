// The engine suite's section of BENCHMARKS.md (also what the bench prints): the machine, a
// summary against the targets, one table per measurement, and what each number means.

import { relative } from 'node:path';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';
import { fixed, max, mebibytes, median, millis, min, seconds, withRange } from '../stats';
import { markdownTable } from '../table';
import type { EngineResults, FirstReportRuns } from './index';
import type { EpochTiming } from './training/messages';
import type { TrainingResult } from './training/bench';

const OVERHEAD_TARGET = 1.02;
const FIRST_REPORT_TARGET_MS = 2_000;

const rel = (file: string) => relative(PACKAGE_ROOT, file);
const wall = (ts: EpochTiming[]) => ts.map((t) => t.wallMs);
const cpu = (ts: EpochTiming[]) => ts.map((t) => t.cpuMs);
const verdict = (ok: boolean) => (ok ? 'meets' : '**misses**');
/** "1.84 s (1.70–2.31 s)": median and range of ms values, in seconds. */
const secondsRange = (ms: readonly number[]) => `${seconds(median(ms))} (${fixed(min(ms) / 1000, 2)}–${fixed(max(ms) / 1000, 2)} s)`;

interface Overhead {
  wallRatio: number;
  cpuRatio: number;
  pairRatios: number[];
}

function overhead(t: TrainingResult): Overhead {
  return {
    wallRatio: median(wall(t.scan)) / median(wall(t.plain)),
    cpuRatio: median(cpu(t.scan)) / median(cpu(t.plain)),
    pairRatios: t.scan.map((s, i) => s.wallMs / t.plain[i].wallMs),
  };
}

const samplesPerSecond = (samples: number, ts: EpochTiming[]) => samples / (median(wall(ts)) / 1000);

function machineTable(r: EngineResults): string {
  const m = r.machine;
  return markdownTable({
    head: ['Machine', ''],
    rows: [
      ['CPU', `${m.cpu}, ${m.cores} cores (shared with other sessions)`],
      ['Memory', m.memory],
      ['Node.js', m.node],
      ['TensorFlow.js', `@tensorflow/tfjs ${m.tfjs}, @tensorflow/tfjs-backend-wasm ${m.tfjsWasm}`],
      ['Load average (1, 5, 15 min)', `${m.loadAverage} at the start, ${r.loadAverageAtEnd} at the end`],
      ['Commit', m.commit],
      ['Date', m.date],
      ['Run', `${r.mode}, ${fixed(r.durationMs / 60_000, 1)} min`],
    ],
  });
}

function firstReportMs(runs: FirstReportRuns): number[] {
  return runs.scans.map((s) => s.initMs);
}

const cliTimes = (runs: FirstReportRuns): number[] => runs.cliMs.filter((ms): ms is number => ms !== undefined);

function summaryTable(r: EngineResults): string {
  const rows: string[][] = [];
  const wasm = r.training.find((t) => t.plan.backend === 'wasm' && !t.unavailable);
  if (wasm) {
    const o = overhead(wasm);
    rows.push(['Monitoring overhead, tutorial epoch on wasm (wall, ratio of medians)', fixed(o.wallRatio, 3), `≤ ${OVERHEAD_TARGET}`, verdict(o.wallRatio <= OVERHEAD_TARGET)]);
    rows.push(['— the same in CPU time', fixed(o.cpuRatio, 3), `≤ ${OVERHEAD_TARGET}`, verdict(o.cpuRatio <= OVERHEAD_TARGET)]);
  }
  for (const runs of r.firstReport) {
    const launcher = median(firstReportMs(runs));
    rows.push([`First report (init check), \`${rel(runs.file)}\`, launcher`, seconds(launcher), '≤ 2 s', verdict(launcher <= FIRST_REPORT_TARGET_MS)]);
    const cli = cliTimes(runs);
    if (cli.length > 0) rows.push([`— the same through the CLI`, seconds(median(cli)), '≤ 2 s', verdict(median(cli) <= FIRST_REPORT_TARGET_MS)]);
  }
  for (const t of r.training) {
    if (t.unavailable) rows.push([`Samples/s, ${t.plan.backend}`, 'not measured', '', t.unavailable]);
    else rows.push([`Samples/s, ${t.plan.backend} (plain / scanned)`, `${fixed(samplesPerSecond(t.plan.samples, t.plain))} / ${fixed(samplesPerSecond(t.plan.samples, t.scan))}`, '', '']);
  }
  rows.push(['Worker peak RSS, tutorial scan of one epoch', r.memory.peakRssKib === undefined ? 'n/a' : mebibytes(r.memory.peakRssKib), '', '']);
  return markdownTable({ head: ['Figure', 'Measured', 'Target', ''], rows });
}

function overheadTable(r: EngineResults): string {
  const rows = r.training
    .filter((t) => !t.unavailable)
    .map((t) => {
      const o = overhead(t);
      return [
        t.plan.backend,
        fixed(t.plan.samples),
        String(t.plan.pairs),
        secondsRange(wall(t.plain)),
        secondsRange(wall(t.scan)),
        fixed(o.wallRatio, 3),
        `${seconds(median(cpu(t.plain)))} / ${seconds(median(cpu(t.scan)))} = ${fixed(o.cpuRatio, 3)}`,
        millis(median(cpu(t.scan)) - median(cpu(t.plain))),
        withRange(median(o.pairRatios), o.pairRatios, 3),
      ];
    });
  return markdownTable({
    head: ['Backend', 'Samples/epoch', 'Pairs', 'Plain epoch, median (range)', 'Scanned epoch, median (range)', 'Ratio of medians (wall)', 'CPU time, plain / scanned', 'CPU added per epoch', 'Per-pair ratio (wall), median (range)'],
    rows,
  });
}

function checkCosts(r: EngineResults): string {
  return r.training
    .filter((t) => !t.unavailable && t.checkMs.length > 0)
    .map((t) => {
      const perEpoch = t.plan.pairs > 0 ? (n: number) => fixed(n / t.plan.pairs, 0) : () => 'n/a';
      const m = t.messages;
      return `- ${t.plan.backend}: one check of every unit on ${fixed(t.probeSamples)} probe samples takes ${millis(median(t.checkMs), 1)} (median of ${t.checkMs.length}; ${fixed(min(t.checkMs), 1)}–${fixed(max(t.checkMs), 1)} ms). A scanned epoch sent ${perEpoch(m.progress ?? 0)} progress, ${perEpoch(m.units ?? 0)} units, ${perEpoch(m.started ?? 0)} started and ${perEpoch(m.finished ?? 0)} finished messages (${t.invalidMessages} failed validation).`;
    })
    .join('\n');
}

function backendTable(r: EngineResults): string {
  const rows = r.training.map((t) =>
    t.unavailable
      ? [t.plan.backend, '—', '—', '—', `not measured: ${t.unavailable}`]
      : [t.plan.backend, fixed(t.plan.samples), fixed(samplesPerSecond(t.plan.samples, t.plain)), fixed(samplesPerSecond(t.plan.samples, t.scan)), `backend set-up and MNIST loading: ${seconds(t.loadMs)}`],
  );
  return markdownTable({ head: ['Backend', 'Samples/epoch', 'Plain samples/s', 'Scanned samples/s', 'Note'], rows });
}

function firstReportTable(r: EngineResults): string {
  const rows = r.firstReport.map((runs) => {
    const cli = cliTimes(runs);
    const first = runs.scans[0];
    return [
      `\`${rel(runs.file)}\``,
      `${first.deadAtInit} of ${first.unitsAtInit}`,
      secondsRange(runs.scans.map((s) => s.startedMs)),
      secondsRange(firstReportMs(runs)),
      cli.length === 0 ? 'init line not seen' : `${secondsRange(cli)}${cli.length < runs.cliMs.length ? ` (${runs.cliMs.length - cli.length} runs without it)` : ''}`,
      String(runs.scans.length),
    ];
  });
  return markdownTable({
    head: ['Model', 'Dead at init', 'Launch → `started`', 'Launch → init check', 'CLI spawn → `init:` line', 'Runs'],
    rows,
  });
}

function startupTable(r: EngineResults): string {
  const s = r.startup;
  const row = (what: string, ms: number[]) => [what, secondsRange(ms)];
  return markdownTable({
    head: ['Start-up step (fresh process each)', 'Median (range)'],
    rows: [
      row('Bare Node.js start (`node -e 0`)', s.map((x) => x.nodeMs)),
      row('Loading `@tensorflow/tfjs`', s.map((x) => x.tfjsMs)),
      row(`Backend initialisation (auto → ${s[0]?.backend ?? '?'})`, s.map((x) => x.backendMs)),
      row('Bundling the script with esbuild', s.map((x) => x.bundleMs)),
    ],
  });
}

function memoryTable(r: EngineResults): string {
  const peak = (kib: number | undefined) => (kib === undefined ? 'n/a' : mebibytes(kib));
  const samples = r.memorySamples === undefined ? 'all 60,000 samples' : `--samples ${fixed(r.memorySamples)}`;
  const rows = [[`\`${rel(r.memory.report.file)}\`, 1 epoch, ${samples}, to its report`, peak(r.memory.peakRssKib), seconds(r.memory.endMs)]];
  for (const runs of r.firstReport) {
    const peaks = runs.scans.map((s) => s.peakRssKib).filter((k): k is number => k !== undefined);
    rows.push([`\`${rel(runs.file)}\`, up to the init check (median of ${peaks.length})`, peaks.length ? peak(median(peaks)) : 'n/a', secondsRange(runs.scans.map((s) => s.endMs))]);
  }
  return markdownTable({ head: ['Worker scan', 'Peak RSS (VmHWM)', 'Wall time'], rows });
}

export function engineMarkdown(r: EngineResults): string {
  const wasm = r.training.find((t) => t.plan.backend === 'wasm');
  const tutorialSamples = wasm ? fixed(wasm.plan.samples) : '?';
  return `## Training engine: monitoring overhead, first report, samples/s, memory

Reproduce: \`npm run build && npm run bench\` (about ten minutes; \`npm run bench -- --quick\` is a
short run that prints without writing here). Written by \`bench/engine/\`.

${machineTable(r)}

### Summary

${summaryTable(r)}

### 1. Monitoring overhead on the tutorial workload

The tutorial's model (Dense 64 ReLU → Dense 10 softmax, adam, batch 32, sparse categorical
cross-entropy with accuracy) trains one epoch of ${tutorialSamples} MNIST training samples (no
validation data, which would only dilute the overhead), from the same initial weights each time,
in one child process on one backend. **Plain** is tfjs's own \`model.fit\`, as the user's script
trains without a scan. **Scanned** is the worker's \`monitoredFit\` around the same \`fit\` — the
code every scan runs: probe set (1,024 samples), wasm trainability probe, init check, early check,
epoch-end check, throttled progress messages, every message sent over a real IPC channel to the
bench (which validates it as the launcher does), then the report. The two alternate (plain/scanned,
then scanned/plain, …) after an untimed warm-up of each; garbage is collected before every epoch.
The ratio is scanned ÷ plain: above 1 is what the scan costs. It is the first epoch of a scan,
the dearest: it holds the one-off probe set and init check and the early check, and later epochs
pay only for their epoch-end check. The scan's start-up (worker, bundling, tfjs) is in section 3.
Wall time is what the user waits; CPU time (user + system, all threads of the child) is less
sensitive to the other processes on the shared cores. "CPU added per epoch" is the difference of
the medians: a fixed cost that weighs less the longer the epoch (the cpu backend's epochs here
are short, so its ratio overstates what a full epoch would pay).

${overheadTable(r)}

${checkCosts(r)}

### 2. Samples/s per backend

Training samples per second of wall time in the same runs (median epoch). The cpu backend trains
fewer samples per epoch to keep the run short: its plain samples/s does not depend on that, but its
scanned samples/s carries the scan's fixed per-epoch cost over fewer samples.

${backendTable(r)}

### 3. Time to the first report on a model dead at initialisation

From \`launchScan\` (the worker forked as the CLI and the extension fork it, \`dist/worker.js\`,
backend auto) to the \`started\` message and to the \`units\` message of the init check, which
already names the dead units; then the scan is cancelled. The CLI column spawns
\`node dist/cli.js scan FILE --epochs 1\` and stops the clock at its \`init:\` line on stderr
(it adds the CLI's own Node start). \`examples/tfjs/negative-bias.ts\` loads all 60,000 MNIST
images before it builds its model, as a user's script does; \`bench/engine/models/dead-at-init.mjs\`
has no dataset, so its time is the scan's own start-up. The runs alternate between the models.

${firstReportTable(r)}

Where the start-up goes:

${startupTable(r)}

### 4. Peak memory of the worker

The kernel's high-water mark of the worker's resident set (\`VmHWM\` in \`/proc/PID/status\`,
polled every 50 ms and read again on the worker's last message). It includes the user's data:
the tutorial script holds MNIST as float32 in JavaScript and again in the wasm heap.

${memoryTable(r)}
`;
}
