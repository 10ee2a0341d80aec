// A small hand-made run whose every number is easy to check by hand: a ReLU layer of 4 units
// (unit 2 dead at init and back by epoch 1, unit 1 dying early and dead at epoch 1), a sigmoid
// layer of 3 units (unit 1 saturated) and an unmonitored softmax output.
import type { CheckInfo, LayerUnits, ToWebviewMessage, TryResults, WorkerMessage } from '../../src/shared/protocol';

export const FILE = '/proj/model.js';

export const CHECKS: CheckInfo[] = [
  { index: 0, kind: 'init', epoch: 0, step: 0, label: 'init', probeSamples: 200 },
  { index: 1, kind: 'early', epoch: 0, step: 1, label: 'epoch 1 batch 1', probeSamples: 200 },
  { index: 2, kind: 'epoch', epoch: 1, step: 10, label: 'epoch 1', probeSamples: 200 },
];

const dense = (rate: number[], state: LayerUnits['state']): LayerUnits => {
  const meanAbs = rate.map((r) => r * 0.8);
  const mean = meanAbs.reduce((a, b) => a + b, 0) / meanAbs.length;
  return { layer: 'dense', rate, meanAbs, max: rate.map((r) => r * 2), tau: meanAbs.map((m) => m / mean), saturation: null, state };
};

const sigmoid: LayerUnits = {
  layer: 'dense_1',
  rate: [1, 1, 1],
  meanAbs: [0.5, 0.99, 0.6],
  max: [0.9, 1, 0.95],
  tau: [0.5 / 0.6966666666666667, 0.99 / 0.6966666666666667, 0.6 / 0.6966666666666667],
  saturation: [0.1, 0.95, 0.2],
  state: ['healthy', 'saturated', 'healthy'],
};

export const UNITS: LayerUnits[][] = [
  [dense([0.5, 0.25, 0, 0.75], ['healthy', 'healthy', 'dead', 'healthy']), sigmoid],
  [dense([0.5, 0.005, 0, 0.75], ['healthy', 'dying', 'dead', 'healthy']), sigmoid],
  [dense([0.5, 0, 0.25, 0.75], ['healthy', 'dead', 'healthy', 'healthy']), sigmoid],
];

const location = (line: number, endColumn: number) => ({ file: FILE, line, column: 3, endLine: line, endColumn });

export const STARTED: Extract<WorkerMessage, { type: 'started' }> = {
  type: 'started',
  backend: 'wasm',
  file: FILE,
  epochs: 1,
  batchesPerEpoch: 10,
  samples: 320,
  model: [
    { index: 0, name: 'dense', className: 'Dense', activation: 'relu', family: 'relu', units: 4, outputShape: [null, 4], location: location(7, 52), callers: [], inbound: [] },
    { index: 1, name: 'dense_1', className: 'Dense', activation: 'sigmoid', family: 'sigmoid', units: 3, outputShape: [null, 3], location: location(8, 55), callers: [], inbound: ['dense'] },
    { index: 2, name: 'dense_2', className: 'Dense', activation: 'softmax', family: null, units: 10, outputShape: [null, 10], location: location(9, 56), callers: [], inbound: ['dense_1'] },
  ],
};

export const FINISHED: Extract<WorkerMessage, { type: 'finished' }> = {
  type: 'finished',
  report: {
    version: 1,
    file: FILE,
    status: 'completed',
    backend: 'wasm',
    epochsRun: 1,
    checks: CHECKS,
    history: [{ epoch: 1, loss: 0.8, metrics: { acc: 0.7 } }],
    // Both layers reach the 10% warning share: 1 of 4 dead, 1 of 3 saturated.
    diagnostics: [
      { severity: 'warning', code: 'dead-units', message: 'dense: 1 of 4 units dead since epoch 1', file: FILE, line: 7, column: 3, endLine: 7, endColumn: 52, layer: 'dense' },
      { severity: 'warning', code: 'saturated-units', message: 'dense_1: 1 of 3 units saturated', file: FILE, line: 8, column: 3, endLine: 8, endColumn: 55, layer: 'dense_1' },
    ],
    layers: [
      {
        name: 'dense', className: 'Dense', activation: 'relu', units: 4, line: 7, column: 3, endLine: 7, endColumn: 52,
        dead: 1, dying: 0, saturated: 0, deadUnits: [1], dyingUnits: [], saturatedUnits: [],
        firstDeadCheck: [null, 2, 0, null], cameBack: [2], rootCause: null,
      },
      {
        name: 'dense_1', className: 'Dense', activation: 'sigmoid', units: 3, line: 8, column: 3, endLine: 8, endColumn: 55,
        dead: 0, dying: 0, saturated: 1, deadUnits: [], dyingUnits: [], saturatedUnits: [1],
        firstDeadCheck: [null, null, null], cameBack: [], rootCause: null,
      },
    ],
  },
};

const worker = (message: WorkerMessage): ToWebviewMessage => ({ type: 'worker', file: FILE, message });

/** The run as the extension forwards it, in order. */
export const SMALL_RUN: ToWebviewMessage[] = [
  worker(STARTED),
  worker({ type: 'units', check: CHECKS[0], layers: UNITS[0] }),
  worker({ type: 'progress', epoch: 1, epochs: 1, batch: 1, batches: 10, loss: 2.5, metrics: { acc: 0.1 } }),
  worker({ type: 'units', check: CHECKS[1], layers: UNITS[1] }),
  worker({ type: 'progress', epoch: 1, epochs: 1, batch: 5, batches: 10, loss: 1.2, metrics: { acc: 0.5 } }),
  worker({ type: 'progress', epoch: 1, epochs: 1, batch: 10, batches: 10, loss: 0.8, metrics: { acc: 0.7 } }),
  worker({ type: 'units', check: CHECKS[2], layers: UNITS[2] }),
  worker(FINISHED),
  {
    type: 'fixes',
    file: FILE,
    fixes: {
      dense: [
        { id: 'he-init', title: 'Use He initialisation', preferred: true },
        { id: 'leaky-relu', title: 'Swap ReLU for LeakyReLU', preferred: false },
      ],
    },
  },
];

/** Try Fixes on `dense`, finished: He initialisation beat the unchanged model, LeakyReLU failed. */
export const TRY_RESULTS: TryResults = {
  file: FILE,
  layer: 'dense',
  line: 7,
  status: 'completed',
  epochs: 2,
  samples: 2000,
  seed: 1,
  rows: [
    {
      id: 'he-init', fixes: ['he-init'], title: 'Use He initialisation', status: 'completed', flagged: 0,
      layers: [{ name: 'dense', units: 4, dead: 0, dying: 0, saturated: 0 }, { name: 'dense_1', units: 3, dead: 0, dying: 0, saturated: 0 }],
      loss: 0.41, accuracy: 0.9, accuracyOf: 'validation', ms: 5300,
    },
    {
      id: 'baseline', fixes: [], title: 'Unchanged model', status: 'completed', flagged: 2,
      layers: [{ name: 'dense', units: 4, dead: 1, dying: 0, saturated: 0 }, { name: 'dense_1', units: 3, dead: 0, dying: 0, saturated: 1 }],
      loss: 0.8, accuracy: 0.7, accuracyOf: 'validation', ms: 5100,
    },
    {
      id: 'leaky-relu', fixes: ['leaky-relu'], title: 'Swap ReLU for LeakyReLU', status: 'failed', flagged: null,
      layers: [], loss: null, accuracy: null, accuracyOf: null, ms: 900, error: 'shape mismatch at line 7',
    },
  ],
};
