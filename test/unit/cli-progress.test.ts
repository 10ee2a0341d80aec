import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScanProgress } from '../../src/cli/progress';
import { DEFAULT_THRESHOLDS, type LayerSummary, type UnitState, type WorkerMessage } from '../../src/shared/protocol';

const FILE = '/p/model.js';
const model: LayerSummary[] = [
  {
    index: 0,
    name: 'dense',
    className: 'Dense',
    activation: 'relu',
    family: 'relu',
    units: 3,
    outputShape: [null, 3],
    location: null,
    callers: [],
    inbound: [],
  },
  {
    index: 1,
    name: 'out',
    className: 'Dense',
    activation: 'softmax',
    family: null,
    units: 2,
    outputShape: [null, 2],
    location: null,
    callers: [],
    inbound: ['dense'],
  },
];

const units = (index: number, kind: 'init' | 'epoch', label: string, state: UnitState[]): WorkerMessage => ({
  type: 'units',
  check: { index, kind, epoch: kind === 'init' ? 0 : 1, step: index, label },
  layers: [{ layer: 'dense', rate: [0, 0, 0], meanAbs: [0, 0, 0], max: [0, 0, 0], tau: [0, 0, 0], saturation: null, state }],
});

const run: WorkerMessage[] = [
  { type: 'started', backend: 'cpu', file: FILE, model, epochs: 1, batchesPerEpoch: 2, samples: 64 },
  units(0, 'init', 'init', ['healthy', 'healthy', 'healthy']),
  { type: 'progress', epoch: 1, epochs: 1, batch: 1, batches: 2, loss: 0.75, metrics: {} },
  { type: 'progress', epoch: 1, epochs: 1, batch: 2, batches: 2, loss: 0.5, metrics: {} },
  units(1, 'epoch', 'epoch 1', ['dead', 'healthy', 'dead']),
  { type: 'log', level: 'warn', text: 'callbacks skipped' },
];

function play(isTTY: boolean): string {
  let out = '';
  const progress = new ScanProgress({ write: (t: string) => (out += t), isTTY }, DEFAULT_THRESHOLDS);
  run.forEach((m) => progress.message(m));
  progress.output('script says hi');
  progress.end();
  return out;
}

describe('ScanProgress', () => {
  it('writes a line per check when stderr is not a terminal', () => {
    assert.equal(
      play(false),
      [
        'Training on cpu: 1 epoch of 2 batches, 64 samples',
        'init: dead 0 of 3 units',
        'epoch 1: loss 0.5000, dead 2 of 3 units',
        'warning: callbacks skipped',
        'script says hi',
      ].join('\n'),
    );
  });

  it("names a later fit and its repeats in its training line, and counts that fit's units", () => {
    let out = '';
    const progress = new ScanProgress({ write: (t: string) => (out += t), isTTY: false }, DEFAULT_THRESHOLDS);
    run.slice(0, 2).forEach((m) => progress.message(m));
    progress.message({ ...(run[0] as Extract<WorkerMessage, { type: 'started' }>), fit: { index: 1, repeats: 2 } });
    progress.message(units(0, 'init', 'init', ['dead', 'dead', 'healthy']));
    assert.equal(
      out,
      [
        'Training on cpu: 1 epoch of 2 batches, 64 samples',
        'init: dead 0 of 3 units',
        'Fit 2 (2 repeats counted, not scanned): Training on cpu: 1 epoch of 2 batches, 64 samples',
        'init: dead 2 of 3 units',
        '',
      ].join('\n'),
    );
  });

  it('keeps a live bar under the text on a terminal and clears it at the end', () => {
    const clear = '\r\x1b[2K';
    const bar = (batch: number, loss: string, dead: number) =>
      `${clear}epoch 1/1 [${'#'.repeat(batch * 10)}${'.'.repeat(20 - batch * 10)}] batch ${batch}/2  loss ${loss}  dead ${dead}/3`;
    assert.equal(
      play(true),
      [
        'Training on cpu: 1 epoch of 2 batches, 64 samples\n',
        bar(1, '0.7500', 0),
        bar(2, '0.5000', 0),
        bar(2, '0.5000', 2),
        `${clear}warning: callbacks skipped\n`,
        bar(2, '0.5000', 2),
        `${clear}script says hi\n`,
        bar(2, '0.5000', 2),
        clear,
      ].join(''),
    );
  });
});
