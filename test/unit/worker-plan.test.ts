// The plan runner on hand-written training plans (what the Keras translator produces): the model
// is built with each layer at its plan location, the arrays are loaded and prepared, and the fit
// runs under the same monitor as a script.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { ArrayPlan, LayerPlan, TrainingPlan } from '../../src/engine/plan';
import { DEFAULT_THRESHOLDS, parseWorkerMessage, type ScanOptions, type SourceRange, type WorkerMessage } from '../../src/shared/protocol';
import { arrayTensor, DatasetCache } from '../../src/worker/planArrays';
import { runPlan } from '../../src/worker/planRunner';
import { WorkerScan } from '../../src/worker/workerScan';
import { createRandom } from '../../src/worker/seededRandom';
import { diagnosticsOf, FIXTURES, placeOf, scan } from './worker-helpers';

const FILE = '/work/model.py';
const at = (line: number, column = 5, endColumn = 40): SourceRange => ({ file: FILE, line, column, endLine: line, endColumn });
const layer = (factory: string, config: Record<string, unknown>, line: number, callers: LayerPlan['callers'] = []): LayerPlan => ({
  factory,
  config,
  location: at(line),
  callers,
});
const random = (shape: number[], distribution: 'normal' | 'randint' = 'normal', high?: number): ArrayPlan => ({
  source: { kind: 'random', distribution, shape, low: 0, high },
  ops: [],
  location: at(20, 1, 30),
});

function plan(model: TrainingPlan['model'], x: ArrayPlan, y: ArrayPlan, loss = 'sparseCategoricalCrossentropy'): TrainingPlan {
  return {
    file: FILE,
    model,
    compile: { optimizer: { name: 'adam', learningRate: 0.01 }, loss, metrics: ['accuracy'], location: at(30) },
    fit: { x, y, epochs: 2, batchSize: 16, validationData: null, validationSplit: 0, shuffle: true, location: at(31, 1, 50) },
    notes: [],
  };
}

async function run(trainingPlan: TrainingPlan, options: Partial<ScanOptions> = {}) {
  const messages: WorkerMessage[] = [];
  const scanRun = new WorkerScan({ file: FILE, probe: 64, seed: 3, backend: 'cpu', thresholds: DEFAULT_THRESHOLDS, ...options }, (m) => messages.push(m));
  await runPlan(scanRun, trainingPlan).catch((error: unknown) => scanRun.fail(scanRun.explainError(error)));
  const report = await scanRun.done;
  const started = messages.find((m) => m.type === 'started');
  return { report, messages, model: started?.type === 'started' ? started.model : [] };
}

describe('worker: training plans', () => {
  it('trains a sequential plan: positions and callers from the plan, a dead layer found at init', async () => {
    const loop = { ...at(8, 1, 30), functionName: 'add' };
    const { report, model, messages } = await run(
      plan(
        {
          kind: 'sequential',
          layers: [
            layer('dense', { units: 4, activation: 'relu', inputShape: [3], biasInitializer: { className: 'Constant', config: { value: -10 } } }, 9, [loop]),
            layer('dense', { units: 3, activation: 'softmax' }, 10),
          ],
        },
        random([64, 3]),
        random([64], 'randint', 3),
      ),
    );
    assert.equal(report.status, 'completed');
    assert.equal(report.backend, 'cpu');
    assert.deepEqual(
      model.map((l) => [l.activation, l.family, l.units, placeOf(l), l.callers]),
      [
        ['relu', 'relu', 4, [9, 5, 9, 40], [loop]],
        ['softmax', null, 3, [10, 5, 10, 40], []],
      ],
    );
    const started = messages.find((m) => m.type === 'started');
    assert.deepEqual(started?.type === 'started' && [started.epochs, started.batchesPerEpoch, started.samples], [2, 4, 64]);
    // The plan's compile and fit calls, as the message says them and as its parent checks them.
    assert.deepEqual(started?.type === 'started' && started.training, { compile: at(30), fit: at(31, 1, 50) });
    assert.equal(parseWorkerMessage(started), started);
    assert.equal(parseWorkerMessage({ ...started, training: { compile: null, fit: { line: 31 } } }), undefined);
    assert.deepEqual(
      report.checks.map((c) => c.label),
      ['init', 'epoch 1 batch 1', 'epoch 1', 'epoch 2'],
    );
    assert.deepEqual(
      report.layers.map((l) => [l.line, l.dead, l.deadUnits, l.firstDeadCheck]),
      [[9, 4, [0, 1, 2, 3], [0, 0, 0, 0]]],
    );
    assert.equal(report.history.length, 2);
    assert.deepEqual(diagnosticsOf(report)[0], {
      severity: 'warning',
      code: 'dead-units',
      message: `${report.layers[0].name}: 4 of 4 units dead since init and still dead at epoch 2 (never active on 64 probe samples); first layer: its input does not change, these units will not recover without a fix`,
      line: 9,
      column: 5,
      endLine: 9,
      endColumn: 40,
    });
    assert.deepEqual(report.diagnostics[0].related, [
      { message: 'called from here', file: FILE, line: 8, column: 1 },
      { message: 'compiled here', file: FILE, line: 30, column: 5 },
      { message: 'trained here', file: FILE, line: 31, column: 1 },
    ]);
  });

  it('builds a functional plan and attributes its separate ReLU', async () => {
    const { report, model } = await run(
      plan(
        {
          kind: 'functional',
          inputs: [{ id: 'in', shape: [5], location: at(3) }],
          nodes: [
            { id: 'h', layer: layer('dense', { units: 6 }, 4), inputs: ['in'] },
            { id: 'a', layer: layer('reLU', {}, 5), inputs: ['h'] },
            { id: 'o', layer: layer('dense', { units: 1, activation: 'sigmoid' }, 6), inputs: ['a'] },
          ],
          outputs: ['o'],
        },
        random([32, 5]),
        random([32, 1], 'randint', 2),
        'binaryCrossentropy',
      ),
      { epochs: 1 },
    );
    assert.equal(report.status, 'completed');
    assert.equal(report.epochsRun, 1);
    assert.deepEqual(
      model.map((l) => [l.className, l.activation, l.family, l.location?.line, l.inbound.length]),
      [
        ['Dense', 'relu', 'relu', 4, 0],
        ['ReLU', 'relu', null, 5, 1],
        ['Dense', 'sigmoid', 'sigmoid', 6, 1],
      ],
    );
  });

  it('gives a Sequential model without an input shape the shape of its data, as Keras does', async () => {
    const { report, model } = await run(
      plan({ kind: 'sequential', layers: [layer('dense', { units: 2, activation: 'tanh' }, 4)] }, random([16, 7]), random([16, 2]), 'meanSquaredError'),
      { epochs: 1 },
    );
    assert.equal(report.status, 'completed');
    assert.deepEqual(model[0].outputShape, [null, 2]);
  });

  it('refuses data whose shape does not fit the model, at the input layer', async () => {
    const x: ArrayPlan = {
      source: { kind: 'dataset', dataset: 'mnist', split: 'test', part: 'x' },
      ops: [{ op: 'slice', start: null, end: 100 }],
      location: at(2),
    };
    const y: ArrayPlan = {
      source: { kind: 'dataset', dataset: 'mnist', split: 'test', part: 'y' },
      ops: [{ op: 'slice', start: null, end: 100 }],
      location: at(2),
    };
    const { report } = await run(plan({ kind: 'sequential', layers: [layer('dense', { units: 4, activation: 'relu', inputShape: [784] }, 7)] }, x, y));
    assert.equal(report.status, 'failed');
    assert.deepEqual(diagnosticsOf(report), [
      {
        severity: 'error',
        code: 'shape-mismatch',
        message: 'The model expects input of shape (None, 784) but the training data has shape (100, 28, 28).',
        line: 7,
        column: 5,
        endLine: 7,
        endColumn: 40,
      },
    ]);
  });

  it('refuses a layer tfjs does not have, at that layer', async () => {
    const { report } = await run(plan({ kind: 'sequential', layers: [layer('noSuchLayer', {}, 12)] }, random([8, 2]), random([8, 2])));
    assert.deepEqual(
      report.diagnostics.map((d) => [d.code, d.message, d.line]),
      [['unsupported', 'TensorFlow.js has no layer tf.layers.noSuchLayer', 12]],
    );
  });

  it('says a layer too big to allocate is out of memory, with its size, at that layer', async () => {
    const huge = plan(
      { kind: 'sequential', layers: [layer('dense', { units: 100000, activation: 'relu', inputShape: [100000] }, 5)] },
      random([8, 2]),
      random([8]),
    );
    const { report } = await run(huge);
    assert.deepEqual(
      report.diagnostics.map((d) => [d.code, d.message, d.line]),
      [
        [
          'out-of-memory',
          'This needs an array of 10,000,000,000 values (37.3 GB as float32), more than TensorFlow.js can allocate. Use fewer units or smaller inputs.',
          5,
        ],
      ],
    );
  });

  it('says a name TensorFlow.js refuses (non-ASCII) is unsupported, at that layer', async () => {
    const named = plan(
      { kind: 'sequential', layers: [layer('dense', { units: 2, activation: 'relu', inputShape: [2], name: 'déjà' }, 6)] },
      random([8, 2]),
      random([8]),
    );
    const { report } = await run(named);
    assert.deepEqual(
      report.diagnostics.map((d) => [d.code, d.message, d.line]),
      [
        [
          'unsupported',
          "TensorFlow.js refuses the name 'déjà_input': its names may hold only ASCII letters, digits and . _ - / (and start with a letter or digit). Rename the layer, or run the script in your own Python.",
          6,
        ],
      ],
    );
  });

  it('puts the plan notes in the report', async () => {
    const note = { severity: 'information' as const, code: 'callbacks-skipped' as const, message: 'callbacks skipped', ...at(31) };
    const trainingPlan = {
      ...plan(
        { kind: 'sequential', layers: [layer('dense', { units: 2, activation: 'relu', inputShape: [2] }, 4)] },
        random([8, 2]),
        random([8, 2]),
        'meanSquaredError',
      ),
      notes: [note],
    };
    const { report } = await run(trainingPlan, { epochs: 1 });
    assert.deepEqual(report.diagnostics[0], note);
  });
});

describe('worker: plan arrays', () => {
  const datasets = new DatasetCache();
  const mnist = (part: 'x' | 'y', ops: ArrayPlan['ops']): ArrayPlan => ({
    source: { kind: 'dataset', dataset: 'mnist', split: 'test', part },
    ops,
    location: at(1),
  });

  it("applies numpy's steps: slices, / 255, reshape with -1, expand_dims, to_categorical", async () => {
    const x = arrayTensor(
      tf,
      mnist('x', [
        { op: 'slice', start: 2, end: 5 },
        { op: 'divide', by: 255 },
        { op: 'reshape', shape: [-1, 784] },
      ]),
      createRandom(1),
      datasets,
    );
    assert.deepEqual([x.shape, x.dtype, (await x.max().data())[0]], [[3, 784], 'float32', 1]);
    const images = arrayTensor(
      tf,
      mnist('x', [
        { op: 'slice', start: -2, end: null },
        { op: 'expandDims', axis: -1 },
      ]),
      createRandom(1),
      datasets,
    );
    assert.deepEqual([images.shape, images.dtype], [[2, 28, 28, 1], 'int32']);
    const y = arrayTensor(
      tf,
      mnist('y', [
        { op: 'slice', start: null, end: 3 },
        { op: 'toCategorical', classes: null },
      ]),
      createRandom(1),
      datasets,
    );
    // The first test labels are 7, 2, 1: classes inferred as 8.
    assert.deepEqual([y.shape, await y.argMax(1).data()], [[3, 8], Int32Array.from([7, 2, 1])]);
    const scaled = arrayTensor(
      tf,
      mnist('y', [
        { op: 'slice', start: 0, end: 2 },
        { op: 'multiply', by: 3 },
        { op: 'astype', dtype: 'float32' },
      ]),
      createRandom(1),
      datasets,
    );
    assert.deepEqual([scaled.dtype, [...(await scaled.data())]], ['float32', [21, 6]]);
  });

  it('draws seeded random arrays', async () => {
    const draw = (seed: number) =>
      arrayTensor(
        tf,
        { source: { kind: 'random', distribution: 'randint', shape: [2, 3], low: 5, high: 8 }, ops: [], location: at(1) },
        createRandom(seed),
        datasets,
      );
    const a = draw(4);
    assert.deepEqual([a.shape, a.dtype], [[2, 3], 'int32']);
    assert.deepEqual([...(await a.data())], [...(await draw(4).data())]);
    assert.ok([...(await a.data())].every((v) => v >= 5 && v < 8));
    const uniform = arrayTensor(
      tf,
      { source: { kind: 'random', distribution: 'uniform', shape: [1000], low: -1, high: 1 }, ops: [], location: at(1) },
      createRandom(2),
      datasets,
    );
    const values = [...(await uniform.data())];
    assert.ok(values.every((v) => v >= -1 && v < 1));
  });

  it('reports an impossible reshape at the array expression', () => {
    assert.throws(
      () => arrayTensor(tf, mnist('x', [{ op: 'reshape', shape: [7, 7] }]), createRandom(1), datasets),
      (error: Error & { code?: string; range?: SourceRange }) => error.code === 'shape-mismatch' && error.range?.line === 1,
    );
  });
});

describe('worker: Keras scripts', () => {
  it('translates and scans a .py file in the worker', async () => {
    const file = path.join(FIXTURES, 'tiny.py');
    const { report } = await scan(file, { options: { epochs: undefined } });
    assert.equal(report.status, 'completed');
    assert.equal(report.epochsRun, 2);
    assert.deepEqual(
      report.layers.map((l) => [l.name, l.className, l.activation, l.line, l.column, l.dead]),
      [['dense', 'Dense', 'relu', 7, 5, 4]],
    );
    // Keras's names; related information at model.compile(...) and model.fit(...).
    assert.deepEqual(
      report.diagnostics.map((d) => [d.code, d.message, d.related]),
      [
        [
          'dead-units',
          'dense: 4 of 4 units dead since init and still dead at epoch 2 (never active on 64 probe samples); first layer: its input does not change, these units will not recover without a fix',
          [
            { message: 'compiled here', file, line: 10, column: 1 },
            { message: 'trained here', file, line: 11, column: 1 },
          ],
        ],
      ],
    );
  });
});
