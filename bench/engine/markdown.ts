// The engine suite's section of BENCHMARKS.md (also what the bench prints): the machine, a
// summary against the targets, one table per measurement, and what each number means.

import { relative } from 'node:path';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';
import { fixed, max, mebibytes, median, millis, min, seconds } from '../stats';
import { machineTable } from '../machine';
import { markdownTable } from '../table';
import type { EngineResults, FirstReportRuns } from './index';
import type { Timing } from './training/messages';
import type { TrainingResult } from './training/bench';

const OVERHEAD_TARGET = 1.02;
const FIRST_REPORT_TARGET_MS = 2_000;
/** Checks in the first epoch of a scan: init, early, epoch end. */
const FIRST_EPOCH_CHECKS = 3;

const rel = (file: string) => `\`${relative(PACKAGE_ROOT, file)}\``;
const wall = (ts: Timing[]) => ts.map((t) => t.wallMs);
const cpu = (ts: Timing[]) => ts.map((t) => t.cpuMs);
const verdict = (ok: boolean) => (ok ? 'meets' : '**misses**');
const range = (values: readonly number[], digits: number, unit = '') => `${fixed(min(values), digits)}–${fixed(max(values), digits)}${unit}`;
/** "1.84 s (1.70–2.31 s)": median and range of ms values, in seconds. */
const secondsRange = (ms: readonly number[]) =>
  `${seconds(median(ms))} (${range(
    ms.map((x) => x / 1000),
    2,
    ' s',
  )})`;
const defined = <T>(values: (T | undefined)[]): T[] => values.filter((v): v is T => v !== undefined);

interface Overhead {
  wallRatio: number;
  cpuRatio: number;
  wallPairRatios: number[];
  cpuPairRatios: number[];
}

function overhead(t: TrainingResult): Overhead {
  return {
    wallRatio: median(wall(t.scan)) / median(wall(t.plain)),
    cpuRatio: median(cpu(t.scan)) / median(cpu(t.plain)),
    wallPairRatios: t.scan.map((s, i) => s.wallMs / t.plain[i].wallMs),
    cpuPairRatios: t.scan.map((s, i) => s.cpuMs / t.plain[i].cpuMs),
  };
}

/** The CPU time a first scanned epoch adds, assembled from the parts measured apart (medians). */
interface PartsEstimate {
  setupMs: number;
  checkMs: number;
  perBatchMs: number;
  perMessageMs: number;
  messages: number;
  addedMs: number;
  ratio: number;
}

function estimate(t: TrainingResult): PartsEstimate | undefined {
  const p = t.parts;
  if (!p || p.setup.length === 0) return undefined;
  const setupMs = median(cpu(p.setup));
  const checkMs = median(cpu(p.check));
  const perBatchMs = median(p.batchEnd.map((b, i) => b.cpuMs - p.batchEndBaseline[i].cpuMs)) / p.batches;
  const perMessageMs = median(cpu(p.messages)) / p.messagesPerTiming;
  const messages = (t.messages.progress ?? 0) / t.plan.pairs;
  // The init check is part of the set-up; the early and epoch-end checks come on top.
  const addedMs = setupMs + (FIRST_EPOCH_CHECKS - 1) * checkMs + p.batches * perBatchMs + messages * perMessageMs;
  return { setupMs, checkMs, perBatchMs, perMessageMs, messages, addedMs, ratio: 1 + addedMs / median(cpu(t.plain)) };
}

const switches = (ts: Timing[], kind: 'voluntarySwitches' | 'involuntarySwitches') => fixed(median(ts.map((t) => t[kind])));
const samplesPerSecond = (samples: number, ts: Timing[]) => samples / (median(wall(ts)) / 1000);
const measured = (r: EngineResults) => r.training.filter((t) => !t.unavailable);

function summaryTable(r: EngineResults): string {
  const rows: string[][] = [];
  const wasm = measured(r).find((t) => t.plan.backend === 'wasm');
  if (wasm) {
    const o = overhead(wasm);
    const target = `≤ ${OVERHEAD_TARGET}`;
    rows.push([
      'Monitoring overhead, tutorial epoch on wasm: wall time, ratio of medians',
      fixed(o.wallRatio, 3),
      `pairs ${range(o.wallPairRatios, 3)}`,
      target,
      verdict(o.wallRatio <= OVERHEAD_TARGET),
    ]);
    rows.push(['— the same in CPU time', fixed(o.cpuRatio, 3), `pairs ${range(o.cpuPairRatios, 3)}`, target, verdict(o.cpuRatio <= OVERHEAD_TARGET)]);
    const parts = estimate(wasm);
    if (parts)
      rows.push([
        "— the same assembled from the scan's parts measured apart (CPU)",
        fixed(parts.ratio, 3),
        '',
        target,
        verdict(parts.ratio <= OVERHEAD_TARGET),
      ]);
  }
  for (const runs of r.firstReport) {
    const launcher = runs.scans.map((s) => s.initMs);
    rows.push([
      `First report (init check), ${rel(runs.file)}, launcher`,
      seconds(median(launcher)),
      range(
        launcher.map((x) => x / 1000),
        2,
        ' s',
      ),
      '≤ 2 s',
      verdict(median(launcher) <= FIRST_REPORT_TARGET_MS),
    ]);
    const cli = defined(runs.cliMs);
    if (cli.length > 0)
      rows.push([
        '— the same through the CLI',
        seconds(median(cli)),
        range(
          cli.map((x) => x / 1000),
          2,
          ' s',
        ),
        '≤ 2 s',
        verdict(median(cli) <= FIRST_REPORT_TARGET_MS),
      ]);
  }
  for (const t of r.training) {
    if (t.unavailable) rows.push([`Samples/s, ${t.plan.backend}`, 'not measured', '', '', t.unavailable]);
    else
      rows.push([
        `Samples/s, ${t.plan.backend} (plain / scanned)`,
        `${fixed(samplesPerSecond(t.plan.samples, t.plain))} / ${fixed(samplesPerSecond(t.plan.samples, t.scan))}`,
        '',
        '',
        '',
      ]);
  }
  rows.push(['Worker peak RSS, tutorial scan of one epoch', r.memory.peakRssKib === undefined ? 'n/a' : mebibytes(r.memory.peakRssKib), '', '', '']);
  return markdownTable({ head: ['Figure', 'Median', 'Spread', 'Target', ''], rows });
}

function overheadTable(r: EngineResults): string {
  const rows = measured(r).map((t) => {
    const o = overhead(t);
    return [
      t.plan.backend,
      fixed(t.plan.samples),
      String(t.plan.pairs),
      secondsRange(wall(t.plain)),
      secondsRange(wall(t.scan)),
      fixed(o.wallRatio, 3),
      secondsRange(cpu(t.plain)),
      secondsRange(cpu(t.scan)),
      fixed(o.cpuRatio, 3),
      millis(median(cpu(t.scan)) - median(cpu(t.plain))),
      `${switches(t.plain, 'voluntarySwitches')} / ${switches(t.scan, 'voluntarySwitches')}`,
      `${switches(t.plain, 'involuntarySwitches')} / ${switches(t.scan, 'involuntarySwitches')}`,
    ];
  });
  return markdownTable({
    head: [
      'Backend',
      'Samples/epoch',
      'Pairs',
      'Plain epoch, wall',
      'Scanned epoch, wall',
      'Wall ratio',
      'Plain epoch, CPU',
      'Scanned epoch, CPU',
      'CPU ratio',
      'CPU added per epoch',
      'Waits, plain / scanned',
      'Preemptions, plain / scanned',
    ],
    rows,
  });
}

function partsText(r: EngineResults): string {
  const us = (ms: number) => `${fixed(ms * 1000, 1)} µs`;
  return measured(r)
    .flatMap((t) => {
      const e = estimate(t);
      const p = t.parts;
      if (!e || !p) return [];
      const invalid = t.invalidMessages > 0 ? ` (${t.invalidMessages} messages failed validation)` : '';
      return [
        `- ${t.plan.backend} (medians of ${p.setup.length}): the set-up around \`fit\` with the init check ${millis(e.setupMs, 1)}; ` +
          `one check on ${fixed(p.probeSamples)} probe samples ${millis(e.checkMs, 1)} (×${FIRST_EPOCH_CHECKS - 1} more: early and epoch end); ` +
          `the batch-end path ${us(e.perBatchMs)} × ${fixed(p.batches)} batches; a progress message ${us(e.perMessageMs)} × ${fixed(e.messages)} per epoch${invalid}. ` +
          `Together ${millis(e.addedMs)} of CPU time, ${fixed(100 * (e.ratio - 1), 2)}% of the plain epoch's.`,
      ];
    })
    .join('\n');
}

function backendTable(r: EngineResults): string {
  const rows = r.training.map((t) =>
    t.unavailable
      ? [t.plan.backend, '—', '—', '—', `not measured: ${t.unavailable}`]
      : [
          t.plan.backend,
          fixed(t.plan.samples),
          fixed(samplesPerSecond(t.plan.samples, t.plain)),
          fixed(samplesPerSecond(t.plan.samples, t.scan)),
          `backend set-up and MNIST loading: ${seconds(t.loadMs)}`,
        ],
  );
  return markdownTable({ head: ['Backend', 'Samples/epoch', 'Plain samples/s', 'Scanned samples/s', 'Note'], rows });
}

function firstReportTable(r: EngineResults): string {
  const rows = r.firstReport.map((runs: FirstReportRuns) => {
    const cli = defined(runs.cliMs);
    const cpuMs = defined(runs.scans.map((s) => s.initCpuMs));
    const first = runs.scans[0];
    return [
      rel(runs.file),
      `${first.deadAtInit} of ${first.unitsAtInit}`,
      secondsRange(runs.scans.map((s) => s.startedMs)),
      secondsRange(runs.scans.map((s) => s.initMs)),
      cpuMs.length > 0 ? secondsRange(cpuMs) : 'n/a',
      cli.length === 0
        ? 'init line not seen'
        : `${secondsRange(cli)}${cli.length < runs.cliMs.length ? ` (${runs.cliMs.length - cli.length} runs without it)` : ''}`,
      String(runs.scans.length),
    ];
  });
  return markdownTable({
    head: ['Model', 'Dead at init', 'Launch → `started`', 'Launch → init check', 'Worker CPU to init check', 'CLI spawn → `init:` line', 'Runs'],
    rows,
  });
}

function startupTable(r: EngineResults): string {
  const s = r.startup;
  const row = (what: string, ms: number[]) => [what, secondsRange(ms)];
  return markdownTable({
    head: [`Start-up step (a fresh process each, ${s.length} runs)`, 'Median (range)'],
    rows: [
      row(
        'Bare Node.js start (`node -e 0`)',
        s.map((x) => x.nodeMs),
      ),
      row(
        'Loading `@tensorflow/tfjs` (require)',
        s.map((x) => x.tfjsMs),
      ),
      row(
        `Backend initialisation (auto → ${s[0]?.backend ?? '?'})`,
        s.map((x) => x.backendMs),
      ),
      row(
        'Bundling the script with esbuild',
        s.map((x) => x.bundleMs),
      ),
    ],
  });
}

function memoryTable(r: EngineResults): string {
  const peak = (kib: number | undefined) => (kib === undefined ? 'n/a' : mebibytes(kib));
  const samples = r.memorySamples === undefined ? 'all 60,000 samples' : `--samples ${fixed(r.memorySamples)}`;
  const rows = [[`${rel(r.memory.report.file)}, 1 epoch, ${samples}, to its report`, peak(r.memory.peakRssKib), seconds(r.memory.endMs)]];
  for (const runs of r.firstReport) {
    const peaks = defined(runs.scans.map((s) => s.peakRssKib));
    rows.push([
      `${rel(runs.file)}, up to the init check (median of ${peaks.length})`,
      peaks.length ? peak(median(peaks)) : 'n/a',
      secondsRange(runs.scans.map((s) => s.endMs)),
    ]);
  }
  return markdownTable({ head: ['Worker scan', 'Peak RSS (VmHWM)', 'Wall time'], rows });
}

export function engineMarkdown(r: EngineResults): string {
  const wasm = r.training.find((t) => t.plan.backend === 'wasm');
  const tutorialSamples = wasm ? fixed(wasm.plan.samples) : '?';
  const machine = machineTable(r.machine, {
    software: ['TensorFlow.js', `@tensorflow/tfjs ${r.machine.tfjs}, @tensorflow/tfjs-backend-wasm ${r.machine.tfjsWasm}`],
    loadAverageAtEnd: r.loadAverageAtEnd,
    run: `${r.mode}, ${fixed(r.durationMs / 60_000, 1)} min`,
  });
  return `## Training engine: monitoring overhead, first report, samples/s, memory

Reproduce: \`npm run build && npm run bench -- --suite engine\` (this section alone, about ten
minutes; \`npm run bench\` runs every suite; add \`--quick\` for a short run that prints without
writing here). Written by \`bench/engine/\`.

${machine}

### Summary

${summaryTable(r)}

Medians over the repetitions; the spread is the range over them (for ratios: over the pairs).
The bench shares its 2 cores with other sessions (see the load average): wall times then vary
with what else runs, by more than the 2% the overhead target allows. CPU time counts only the
measured process's own work; it too grows under load (shared caches and cores), but much less.
The overhead is therefore given three ways: epochs by wall time, epochs by CPU time, and the
scan's parts measured apart and added up (section 1); read them together.

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
Wall time is what the user waits; CPU time is user + system of the child, all its threads. "CPU
added per epoch" is the difference of the medians: a fixed cost that weighs less the longer the
epoch (the cpu backend's epochs here are short, so its ratio overstates what a full epoch pays).
Waits and preemptions are the child's voluntary and involuntary context switches per epoch
(medians): a scan that slept or blocked would show more waits; preemptions count the times other
processes took the core.

${overheadTable(r)}

What the scan adds, part by part: each part measured apart in CPU time, many times over, which
other processes on the cores disturb much less than whole epochs.

${partsText(r)}

### 2. Samples/s per backend

Training samples per second of wall time in the same runs (median epoch). The cpu backend trains
fewer samples per epoch to keep the run short: its plain samples/s does not depend on that, but its
scanned samples/s carries the scan's fixed per-epoch cost over fewer samples.

${backendTable(r)}

### 3. Time to the first report on a model dead at initialisation

From \`launchScan\` (the worker forked as the CLI and the extension fork it, \`dist/worker.js\`,
backend auto) to the \`started\` message and to the \`units\` message of the init check, which
already names the dead units; then the scan is cancelled. The worker's CPU time (from
\`/proc/PID/stat\`, without esbuild's own process) shows how much of the wait is its own work.
The CLI column spawns \`node dist/cli.js scan FILE --epochs 1\` and stops the clock at its
\`init:\` line on stderr (it adds the CLI's own Node start). \`examples/tfjs/negative-bias.ts\`
loads MNIST through the data module before it builds its model, as a user's script loads its
data; \`bench/engine/models/dead-at-init.mjs\` has no dataset, so its time is the scan's own
start-up. The runs alternate between the models.

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
