// numpy in the Keras translator (issue 15): np.concatenate (the k-fold split), statistics and
// in-place arithmetic (feature-wise normalisation), comparisons and boolean masks, x[i] — the
// plans' shapes, the exact values the worker makes of them on small data, and the refusals' places.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { ArrayPlan, TrainingPlan } from '../../src/engine/plan';
import { DEFAULT_THRESHOLDS, type WorkerMessage } from '../../src/shared/protocol';
import { arrayTensor, DatasetCache } from '../../src/worker/planArrays';
import { runPlan } from '../../src/worker/planRunner';
import { createRandom } from '../../src/worker/seededRandom';
import { WorkerScan } from '../../src/worker/workerScan';
import { failure, layersOf, translate } from './keras-helpers';

const HEADER = ['import numpy as np', 'from tensorflow import keras', 'from tensorflow.keras import layers'];
const MNIST_DATA = '(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()';

/** A script: the header (lines 1–3), `lines` from line 4, then a Dense model fitted on x, y. */
const script = (lines: string[], fit = 'model.fit(x, y)', loss = 'mse', units = 1) =>
  [...HEADER, ...lines, `model = keras.Sequential([layers.Flatten(), layers.Dense(${units})])`, `model.compile(optimizer='sgd', loss='${loss}')`, fit].join(
    '\n',
  );

const datasets = new DatasetCache();
const values = async (plan: ArrayPlan, seed = 1): Promise<{ shape: number[]; dtype: string; data: number[] }> => {
  const t = arrayTensor(tf, plan, createRandom(seed), datasets);
  const data = [...(await t.data())];
  const result = { shape: t.shape, dtype: t.dtype, data };
  t.dispose();
  return result;
};
const round = (xs: number[], digits = 5) => xs.map((v) => Number(v.toFixed(digits)));
const shapeOf = (plan: TrainingPlan) => layersOf(plan)[0].config.inputShape;
/** A part of a plan without the places of its arrays. */
const withoutPlaces = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'location' ? undefined : v)));

// The first twelve MNIST training labels.
const LABELS = [5, 0, 4, 1, 9, 2, 1, 3, 1, 4, 3, 5];

describe('np.concatenate', () => {
  it('follows the k-fold split of one array: every fold, with the empty first and last parts dropped', async () => {
    const folds = (i: number) =>
      translate(
        script(
          [
            MNIST_DATA,
            'data = y_train[:12]',
            'k = 4',
            'n = len(data) // k',
            `i = ${i}`,
            'x = np.concatenate([data[:i * n], data[(i + 1) * n:]], axis=0)',
            'y = np.concatenate((data[:i * n], data[(i + 1) * n:]))',
          ],
          'model.fit(x.reshape(-1, 1), y)',
        ),
      );
    const expected = [LABELS.slice(3), [...LABELS.slice(0, 3), ...LABELS.slice(6)], [...LABELS.slice(0, 6), ...LABELS.slice(9)], LABELS.slice(0, 9)];
    for (let i = 0; i < 4; i++) {
      const plan = folds(i);
      assert.deepEqual((await values(plan.fit.y)).data, expected[i], `fold ${i}`);
      assert.deepEqual((await values(plan.fit.x)).shape, [9, 1], `fold ${i}`);
    }
    assert.deepEqual(withoutPlaces(folds(1).fit.y.source), {
      kind: 'concatenate',
      axis: 0,
      parts: [
        {
          source: { kind: 'dataset', dataset: 'mnist', split: 'train', part: 'y' },
          ops: [
            { op: 'slice', start: 0, end: 12 },
            { op: 'slice', start: 0, end: 3 },
          ],
        },
        {
          source: { kind: 'dataset', dataset: 'mnist', split: 'train', part: 'y' },
          ops: [
            { op: 'slice', start: 0, end: 12 },
            { op: 'slice', start: 6, end: 12 },
          ],
        },
      ],
    });
    // Fold 0 is the one part left, at the concatenate call.
    assert.deepEqual(folds(0).fit.y.ops, [
      { op: 'slice', start: 0, end: 12 },
      { op: 'slice', start: 3, end: 12 },
    ]);
    assert.deepEqual(folds(0).fit.y.location, { file: '/work/model.py', line: 10, column: 5, endLine: 10, endColumn: 55 });
  });

  it('trains the first fold of the k-fold loop in a function, as the book writes it (np.random data)', () => {
    const plan = translate(
      [
        ...HEADER,
        'train_data = np.random.rand(404, 13)',
        'train_targets = np.random.rand(404)',
        'def build_model():',
        '    model = keras.Sequential()',
        "    model.add(layers.Dense(64, activation='relu', input_shape=(train_data.shape[1],)))",
        '    model.add(layers.Dense(1))',
        "    model.compile(optimizer='rmsprop', loss='mse', metrics=['mae'])",
        '    return model',
        'k = 4',
        'num_val_samples = len(train_data) // k',
        'for i in range(k):',
        '    val_data = train_data[i * num_val_samples: (i + 1) * num_val_samples]',
        '    partial_train_data = np.concatenate([train_data[:i * num_val_samples], train_data[(i + 1) * num_val_samples:]], axis=0)',
        '    partial_train_targets = np.concatenate([train_targets[:i * num_val_samples], train_targets[(i + 1) * num_val_samples:]], axis=0)',
        '    model = build_model()',
        '    model.fit(partial_train_data, partial_train_targets, epochs=2, batch_size=1, verbose=0)',
      ].join('\n'),
    );
    assert.deepEqual([plan.fit.x.ops, plan.fit.y.ops], [[{ op: 'slice', start: 101, end: 404 }], [{ op: 'slice', start: 101, end: 404 }]]);
    assert.deepEqual(shapeOf(plan), [13]);
  });

  it('joins along another axis and with vstack / hstack, numpy’s way', async () => {
    const lines = ['a = np.random.rand(6, 2)', 'b = np.random.rand(6, 3)', 'x = np.concatenate([a, b, a], axis=-1)', 'y = np.vstack((a, a))[:6]'];
    const plan = translate(script(lines, 'model.fit(x, y)', 'mse', 2));
    assert.deepEqual(shapeOf(plan), [7]);
    assert.deepEqual(shapeOf(translate(script([...lines, 'x = np.hstack([b, a])'], 'model.fit(x, y)', 'mse', 2))), [5]);
    const x = await values(plan.fit.x);
    assert.deepEqual(x.shape, [6, 7]);
    // The same draw of a on both sides (one random source, drawn once).
    for (let row = 0; row < 6; row++) assert.deepEqual(x.data.slice(row * 7, row * 7 + 2), x.data.slice(row * 7 + 5, row * 7 + 7));
  });

  it('adds noise or zero channels to the images along axis 1 (the noise-channel example)', async () => {
    const lines = [MNIST_DATA, 'images = x_train[:3].reshape((3, 28 * 28)).astype("float32") / 255'];
    const zeros = translate(script([...lines, 'x = np.concatenate([images, np.zeros((len(images), 784))], axis=1)', 'y = y_train[:3]']));
    const noise = translate(script([...lines, 'x = np.concatenate([images, np.random.random((len(images), 784))], axis=1)', 'y = y_train[:3]']));
    assert.deepEqual([shapeOf(zeros), shapeOf(noise)], [[1568], [1568]]);
    const [withZeros, withNoise, images] = await Promise.all([
      values(zeros.fit.x),
      values(noise.fit.x),
      values(translate(script([...lines, 'x = images', 'y = y_train[:3]'])).fit.x),
    ]);
    for (let row = 0; row < 3; row++) {
      const [first, second] = [withZeros.data.slice(row * 1568, row * 1568 + 784), withZeros.data.slice(row * 1568 + 784, (row + 1) * 1568)];
      assert.deepEqual([first, second.every((v) => v === 0)], [images.data.slice(row * 784, (row + 1) * 784), true], `row ${row}`);
      assert.deepEqual(withNoise.data.slice(row * 1568, row * 1568 + 784), first, `row ${row}`);
      assert.ok(withNoise.data.slice(row * 1568 + 784, (row + 1) * 1568).every((v) => v >= 0 && v < 1));
    }
  });

  it('appends along an axis, as np.append(a, b, axis=0) does', async () => {
    const plan = translate(script([MNIST_DATA, 'x = np.append(y_train[:2], y_train[4:5], axis=0)', 'y = x'], 'model.fit(x.reshape(3, 1), y)'));
    assert.deepEqual((await values(plan.fit.y)).data, [5, 0, 9]);
    assert.deepEqual(failure(script([MNIST_DATA, 'x = np.append(y_train, y_test)', 'y = x'])).slice(0, 2), [
      'unsupported',
      'np.append without axis= flattens the arrays, which the scan does not follow',
    ]);
  });

  it('refuses parts that do not fit together, at the call', () => {
    assert.deepEqual(failure(script(['a = np.random.rand(6, 2)', 'b = np.random.rand(6, 3)', 'x = np.concatenate([a, b])', 'y = a'])), [
      'shape-mismatch',
      'concatenate: along dimension 1, the array at index 0 has size 2 and the array at index 1 has size 3 (only axis 0 may differ)',
      6,
      5,
      6,
      27,
    ]);
    assert.deepEqual(failure(script(['a = np.random.rand(6, 2)', 'x = np.concatenate([a, a], axis=None)', 'y = a'])), [
      'unsupported',
      'np.concatenate: axis=None is not supported (the scan follows an integer axis; None flattens the arrays)',
      5,
      28,
      5,
      37,
    ]);
  });

  it('refuses to train on an empty array, where it is made', () => {
    assert.deepEqual(failure(script(['x = np.random.rand(6, 2)', 'y = x[4:2]'], 'model.fit(x[:0], y)')), [
      'unsupported',
      'x[:0] has no samples: it is empty where it is made',
      8,
      11,
      8,
      16,
    ]);
  });
});

describe('statistics and in-place arithmetic', () => {
  it('normalises feature-wise in place, with the mean and std of the data computed by the worker', async () => {
    const plan = translate(
      script(
        [
          MNIST_DATA,
          "x = y_train[:4].astype('float32').reshape(4, 1)",
          'mean = x.mean(axis=0)',
          'x -= mean',
          'std = x.std(axis=0)',
          'x /= std',
          'y = y_train[:4]',
        ],
        'model.fit(x, y)',
      ),
    );
    assert.deepEqual(
      plan.fit.x.ops
        .slice(-2)
        .map((op) => [
          op.op,
          op.op === 'elementwise' ? [op.operator, op.other.source.kind, op.other.source.kind === 'statistic' && op.other.source.statistic] : null,
        ]),
      [
        ['elementwise', ['subtract', 'statistic', 'mean']],
        ['elementwise', ['divide', 'statistic', 'std']],
      ],
    );
    // Labels 5, 0, 4, 1: mean 2.5, std sqrt(4.25).
    const s = Math.sqrt(4.25);
    assert.deepEqual(round((await values(plan.fit.x)).data), round([2.5 / s, -2.5 / s, 1.5 / s, -1.5 / s]));
  });

  it('reads np.mean / np.std and every axis, keepdims and ddof; x.max() is a number array', async () => {
    const column = (from: number) => `y_train[${from}:${from + 2}].reshape(2, 1)`;
    const stat = async (expression: string) => {
      const d = `d = np.concatenate([${column(0)}, ${column(2)}, ${column(4)}], axis=1).astype('float32')`;
      const plan = translate(script([MNIST_DATA, d, `x = ${expression}`], 'model.fit(x.reshape(len(x), -1), np.random.rand(len(x)))'));
      return values(plan.fit.x);
    };
    // d = [[5, 4, 9], [0, 1, 2]]
    assert.deepEqual((await stat('np.mean(d, axis=0)')).data, [2.5, 2.5, 5.5]);
    assert.deepEqual((await stat('d.mean(axis=1)')).data, [6, 1]);
    assert.deepEqual((await stat('d.mean(axis=(0, -1), keepdims=True)')).data, [3.5]);
    assert.deepEqual(round((await stat('np.std(d, axis=(0, 1), keepdims=True)')).data), round([Math.sqrt(53.5 / 6)]));
    assert.deepEqual(round((await stat('d.std(0, ddof=1)')).data), round([Math.sqrt(12.5), Math.sqrt(4.5), Math.sqrt(24.5)]));
    assert.deepEqual(
      (await stat('d / d.max()')).data.map((v) => Math.round(v * 9)),
      [5, 4, 9, 0, 1, 2],
    );
    assert.deepEqual((await stat('np.min(d, axis=1)')).data, [4, 0]);
    assert.deepEqual((await stat('d - d.min()')).dtype, 'float32');
  });

  it('centres np.random data with its own draw, two draws of the same parameters apart', async () => {
    const plan = translate(
      script(
        ['x = np.random.rand(50, 3) * 4', 'x = (x - x.mean(axis=0)) / x.std(axis=0)', 'y = np.random.rand(50, 3) * 4', 'y = y - y.mean(axis=0)'],
        'model.fit(x, y)',
        'mse',
        3,
      ),
    );
    // One DatasetCache, as in a scan: each statistic is computed once, for its own draw.
    const cache = new DatasetCache();
    const random = createRandom(7);
    const [x, y] = [arrayTensor(tf, plan.fit.x, random, cache), arrayTensor(tf, plan.fit.y, random, cache)];
    const columns = (data: number[]) => [0, 1, 2].map((c) => data.filter((_, i) => i % 3 === c));
    const mean = (col: number[]) => col.reduce((a, b) => a + b, 0) / col.length;
    const variance = (col: number[]) => col.reduce((a, b) => a + (b - mean(col)) ** 2, 0) / col.length;
    for (const col of columns([...x.dataSync()])) assert.deepEqual([Math.abs(mean(col)) < 1e-5, Math.abs(variance(col) - 1) < 1e-4], [true, true]);
    for (const col of columns([...y.dataSync()])) assert.deepEqual([Math.abs(mean(col)) < 1e-5, variance(col) > 0.5], [true, true]);
  });

  it('reduces over any axes of a 3-D array, as numpy does', async () => {
    const plan = translate(
      script(['d = np.random.rand(4, 3, 2)', 'x = d.mean(axis=(0, 2))', 'y = d.max(axis=-1)[:3]'], 'model.fit(x.reshape(3, 1), y)', 'mse', 3),
    );
    const cache = new DatasetCache();
    const random = createRandom(5);
    const d = [...arrayTensor(tf, plan.fit.x.source.kind === 'statistic' ? plan.fit.x.source.of : plan.fit.x, random, cache).dataSync()];
    const at = (i: number, j: number, k: number) => d[i * 6 + j * 2 + k];
    const means = [0, 1, 2].map((j) => [0, 1, 2, 3].flatMap((i) => [at(i, j, 0), at(i, j, 1)]).reduce((a, b) => a + b, 0) / 8);
    assert.deepEqual(round([...arrayTensor(tf, plan.fit.x, random, cache).dataSync()]), round(means));
    const maxima = [0, 1, 2].flatMap((j) => [Math.max(at(0, j, 0), at(0, j, 1))]);
    assert.deepEqual(round([...arrayTensor(tf, plan.fit.y, random, cache).dataSync()].slice(0, 3)), round(maxima));
  });

  it('normalises the test data with the training data’s statistics, as the book does', () => {
    const plan = translate(
      script(
        [
          'x = np.random.rand(40, 13)',
          'x_val = np.random.rand(10, 13)',
          'mean = x.mean(axis=0)',
          'x -= mean',
          'x_val -= mean',
          'y = np.random.rand(40)',
          'y_val = np.random.rand(10)',
        ],
        'model.fit(x, y, validation_data=(x_val, y_val))',
      ),
    );
    const [vx] = plan.fit.validationData!;
    const op = vx.ops[0];
    assert.equal(op.op, 'elementwise');
    assert.ok(op.op === 'elementwise' && op.other.source.kind === 'statistic' && op.other.source.of.source === plan.fit.x.source);
  });

  it('stops where numpy cannot store a float result in an integer array in place, as Python does', () => {
    assert.deepEqual(failure(script([MNIST_DATA, 'x = x_train[:100]', 'x /= 255', 'y = y_train[:100]'])), [
      'script-error',
      "numpy cannot store the float result of x /= 255 in x, an array of integers (UFuncTypeError): cast it first, e.g. x = x.astype('float32')",
      6,
      1,
      6,
      9,
    ]);
    assert.equal(failure(script([MNIST_DATA, 'x = x_train[:100]', 'x -= x.mean(axis=0)', 'y = y_train[:100]']))[0], 'script-error');
    // Integers stay integers: in place with integers is fine.
    const plan = translate(script([MNIST_DATA, 'y = y_train[:100]', 'y *= 2', 'y -= 1', 'x = x_train[:100]']));
    assert.deepEqual(plan.fit.y.ops.slice(1), [
      { op: 'multiply', by: 2 },
      { op: 'add', by: -1 },
    ]);
  });

  it('follows numbers added and subtracted, and -x', async () => {
    const plan = translate(script([MNIST_DATA, 'x = (1 - y_train[:3]) + 0.5', 'y = -x * 2'], 'model.fit(x.reshape(3, 1), y)'));
    assert.deepEqual((await values(plan.fit.x)).data, [-3.5, 1.5, -2.5]);
    assert.deepEqual((await values(plan.fit.y)).data, [7, -3, 5]);
  });

  it('applies numpy’s elementwise functions, powers and np.clip', async () => {
    const of = async (expression: string) =>
      (await values(translate(script([MNIST_DATA, 'd = y_train[:4]', `x = ${expression}`, 'y = y_train[:4]'], 'model.fit(x.reshape(4, 1), y)')).fit.x)).data;
    // d = [5, 0, 4, 1]
    const d = [5, 0, 4, 1];
    for (const [fn, f] of [
      ['sqrt', Math.sqrt],
      ['exp', Math.exp],
      ['log1p', Math.log1p],
      ['tanh', Math.tanh],
      ['log', (v: number) => Math.log(v + 1)],
    ] as const) {
      const got = await of(fn === 'log' ? 'np.log(d + 1)' : `np.${fn}(d)`);
      // float32 against float64: equal to 6 significant digits.
      assert.deepEqual(
        got.map((v, i) => Math.abs(v - f(d[i])) <= 1e-6 * Math.max(1, Math.abs(f(d[i])))),
        [true, true, true, true],
        `${fn}: ${got.join(', ')}`,
      );
    }
    assert.deepEqual(await of('np.abs(d - 3)'), [2, 3, 1, 2]);
    assert.deepEqual(await of('np.square(d) + d ** 2'), [50, 0, 32, 2]);
    assert.deepEqual(
      await of('d ** 0.5 * 2'),
      d.map((v) => Math.sqrt(v) * 2).map((v) => Math.fround(v)),
    );
    assert.deepEqual(await of('np.clip(d, 1, 4)'), [4, 1, 4, 1]);
    assert.deepEqual(await of('np.clip(d, None, 2)'), [2, 0, 2, 1]);
    assert.deepEqual(failure(script([MNIST_DATA, 'x = np.clip(x_train, None, None)', 'y = y_train'])).slice(0, 2), [
      'unsupported',
      'np.clip: one of a_min and a_max must be given',
    ]);
  });

  it('refuses operands that do not broadcast, at the expression', () => {
    assert.deepEqual(failure(script(['x = np.random.rand(8, 3)', 'x = x - x.mean(axis=1)', 'y = x'])), [
      'shape-mismatch',
      'operands could not be broadcast together with shapes (8, 3) (8,)',
      5,
      5,
      5,
      23,
    ]);
  });

  it('changes the other names of the same array with it, as numpy does; a change it cannot follow makes them errors', () => {
    const lines = ['x = np.random.rand(8, 3)', 'original = x', 'pair = (x, 1)', 'x -= x.mean(axis=0)', 'y = np.random.rand(8)'];
    for (const used of ['x', 'original', 'pair[0]']) {
      const plan = translate(script(lines, `model.fit(${used}, y)`));
      assert.deepEqual(
        plan.fit.x.ops.map((op) => op.op),
        ['elementwise'],
        used,
      );
    }
    // A loop over the arrays changes each in place.
    const loop = [
      'a = np.random.rand(8, 3)',
      'b = np.random.rand(4, 3)',
      'for arr in (a, b):',
      '    arr -= 0.5',
      'x = np.concatenate([a, b])',
      'y = np.random.rand(12)',
    ];
    const joined = translate(script(loop)).fit.x.source;
    assert.deepEqual(joined.kind === 'concatenate' && joined.parts.map((p) => p.ops), [[{ op: 'add', by: -0.5 }], [{ op: 'add', by: -0.5 }]]);
    const unknown = ['x = np.random.rand(8, 3)', 'original = x', 'x -= np.median(x, axis=0)', 'y = np.random.rand(8)'];
    assert.deepEqual(failure(script(unknown, 'model.fit(original, y)')), [
      'unsupported',
      'x -= np.median(x, axis=0) changes original in place too (the same numpy array as x), which the scan does not follow',
      6,
      1,
      6,
      26,
    ]);
    // A copy is another array.
    assert.equal(
      translate(script(['x = np.random.rand(8, 3)', 'copy = x.copy()', 'again = np.copy(x)', 'x -= 1', 'y = np.random.rand(8)'], 'model.fit(copy + again, y)'))
        .fit.x.ops.length,
      1,
    );
    assert.equal(translate(script(['x = np.random.rand(8, 3)', 'copy = x * 1', 'x -= 1', 'y = np.random.rand(8)'], 'model.fit(copy, y)')).fit.x.ops.length, 1);
  });
});

describe('the worker trains these plans', () => {
  it('scans a k-fold fold of normalised data to a report', async () => {
    const plan = translate(
      script(
        [
          'x = np.random.rand(40, 5, 2) * 10',
          'x -= x.mean(axis=0)',
          'x /= x.std(axis=0)',
          'y = np.random.rand(40)',
          'n = len(x) // 4',
          'x = np.concatenate([x[:n], x[2 * n:]], axis=0)',
          'y = np.concatenate([y[:n], y[2 * n:]], axis=0)',
        ],
        'model.fit(x, y, epochs=2, batch_size=8)',
      ),
    );
    const messages: WorkerMessage[] = [];
    const scan = new WorkerScan({ file: '/work/model.py', probe: 16, seed: 3, backend: 'cpu', thresholds: DEFAULT_THRESHOLDS }, (m) => messages.push(m));
    await runPlan(scan, plan).catch((error: unknown) => scan.fail(scan.explainError(error)));
    const report = await scan.done;
    assert.equal(report.status, 'completed', JSON.stringify(report.diagnostics));
    const started = messages.find((m) => m.type === 'started');
    // 40 samples less the second fold of 10, in batches of 8.
    assert.deepEqual(started?.type === 'started' && [started.samples, started.epochs, started.batchesPerEpoch], [30, 2, 4]);
  });
});

describe('shuffles', () => {
  it('shuffles samples and labels alike with one np.random.permutation, and np.random.permutation(x)', async () => {
    const lines = [MNIST_DATA, 'labels = y_train[:10]', 'perm = np.random.permutation(len(labels))', 'x = (labels * 2)[perm]', 'y = labels[perm]'];
    const plan = translate(script(lines, 'model.fit(x.reshape(10, 1), y)'));
    const cache = new DatasetCache();
    const random = createRandom(4);
    const [x, y] = [[...arrayTensor(tf, plan.fit.x, random, cache).dataSync()], [...arrayTensor(tf, plan.fit.y, random, cache).dataSync()]];
    assert.deepEqual(
      x,
      y.map((v) => v * 2),
    );
    assert.deepEqual([...y].sort(), [...LABELS.slice(0, 10)].sort());
    assert.notDeepEqual(y, LABELS.slice(0, 10));
    const shuffled = translate(script([MNIST_DATA, 'y = np.random.permutation(y_train[:10])'], 'model.fit(y.reshape(10, 1), y)')).fit.y;
    assert.deepEqual([...(await values(shuffled)).data].sort(), [...LABELS.slice(0, 10)].sort());
    // A permutation of every sample keeps the label counts, so a mask after it is counted.
    const counted = translate(script([MNIST_DATA, 'p = np.random.permutation(60000)', 'y = y_train[p]', 'x = x_train[p][y < 5]', 'y = y[y < 5]']));
    assert.deepEqual(
      counted.fit.x.ops.map((op) => op.op),
      ['take', 'mask'],
    );
  });

  it('shuffles in place with np.random.shuffle: an np.arange of indices, or the data itself', async () => {
    const lines = [
      MNIST_DATA,
      'labels = y_train[:10]',
      'indices = np.arange(len(labels))',
      'np.random.shuffle(indices)',
      'x = (labels * 2)[indices]',
      'y = labels[indices]',
    ];
    const plan = translate(script(lines, 'model.fit(x.reshape(10, 1), y)'));
    const cache = new DatasetCache();
    const random = createRandom(9);
    const [x, y] = [[...arrayTensor(tf, plan.fit.x, random, cache).dataSync()], [...arrayTensor(tf, plan.fit.y, random, cache).dataSync()]];
    assert.deepEqual([x, [...y].sort()], [y.map((v) => v * 2), [...LABELS.slice(0, 10)].sort()]);
    assert.notDeepEqual(y, LABELS.slice(0, 10));
    const inPlace = translate(script([MNIST_DATA, 'y = y_train[:10]', 'same = y', 'np.random.shuffle(y)'], 'model.fit(same.reshape(10, 1), y)'));
    assert.deepEqual(
      [inPlace.fit.x.ops.map((op) => op.op), inPlace.fit.y.ops.map((op) => op.op)],
      [
        ['slice', 'take', 'reshape'],
        ['slice', 'take'],
      ],
    );
    assert.deepEqual(
      (await values(translate(script([MNIST_DATA, 'x = np.arange(2, 11, 3)', 'y = x'], 'model.fit(x.reshape(3, 1), y)')).fit.y)).data,
      [2, 5, 8],
    );
  });

  it('refuses indices the scan cannot bound, and indices past the end, at the subscript', () => {
    assert.deepEqual(failure(script(['x = np.random.rand(10, 2)', 'x = x[np.random.randint(0, 20, 5)]', 'y = x'])), [
      'script-error',
      'x[np.random.randint(0, 20, 5)]: the indices go up to 19, out of bounds for axis 0 with size 10',
      5,
      5,
      5,
      35,
    ]);
  });
});

describe('comparisons and boolean masks', () => {
  it('keeps the samples of some labels with their known counts (the transfer-learning split)', () => {
    const plan = translate(
      script(
        [
          MNIST_DATA,
          'x = x_train[y_train < 5]',
          'y = y_train[y_train < 5]',
          'x_gte5 = x_test[y_test >= 5]',
          'y_gte5 = y_test[y_test >= 5] - 5',
          'print(x.shape, x_gte5.shape)',
        ],
        'model.fit(x, keras.utils.to_categorical(y, 5), validation_data=(x_gte5, keras.utils.to_categorical(y_gte5, 5)))',
        'categorical_crossentropy',
        5,
      ),
    );
    const mask = { source: { kind: 'dataset', dataset: 'mnist', split: 'train', part: 'y' }, ops: [{ op: 'compare', operator: '<', value: 5 }] };
    assert.deepEqual(withoutPlaces(plan.fit.x.ops), [{ op: 'mask', mask }]);
    assert.deepEqual(shapeOf(plan), [28, 28]);
    // 5923 + 6742 + 5958 + 6131 + 5842 training samples below 5; 892 + 958 + 1028 + 974 + 1009 test samples from 5.
    const shapes = translate(
      script([MNIST_DATA, 'x = x_train[y_train < 5]', 'y = y_train[y_train < 5]', 'x = x[:len(x_test[y_test >= 5])]', 'y = y[:4861]'], 'model.fit(x, y)'),
    );
    assert.deepEqual(shapes.fit.x.ops.at(-1), { op: 'slice', start: 0, end: 4861 });
    assert.deepEqual(failure(script([MNIST_DATA, 'x = x_train[y_train < 5]', 'y = y_train[y_train >= 5]'], 'model.fit(x, y)')).slice(0, 2), [
      'shape-mismatch',
      'x has 30596 samples but y has 29404',
    ]);
  });

  it('knows the label range after a mask and a shift, as to_categorical and the loss check need', () => {
    assert.deepEqual(failure(script([MNIST_DATA, 'x = x_train[y_train >= 5]', 'y = keras.utils.to_categorical(y_train[y_train >= 5] - 5, 4)'])), [
      'shape-mismatch',
      'to_categorical: the labels go up to 4 but num_classes is 4',
      6,
      5,
      6,
      61,
    ]);
    assert.deepEqual(
      failure(script([MNIST_DATA, 'x = x_train[y_train > 6]', 'y = y_train[y_train > 6] - 7'], 'model.fit(x, y)', 'sparse_categorical_crossentropy', 2)).slice(
        0,
        2,
      ),
      ['shape-mismatch', 'y has shape (18065,) but its labels go up to 2 while the output layer has 2 units'],
    );
  });

  it('makes the masked samples and labels in the worker', async () => {
    const plan = translate(script([MNIST_DATA, 'x = x_test[y_test >= 5]', 'y = y_test[y_test >= 5] - 5'], 'model.fit(x, y)'));
    const y = await values(plan.fit.y);
    assert.deepEqual([y.shape, y.dtype], [[4861], 'int32']);
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((c) => y.data.filter((v) => v === c).length),
      [892, 958, 1028, 974, 1009],
    );
    const x = await values(plan.fit.x);
    assert.deepEqual(x.shape, [4861, 28, 28]);
    // The first test labels are 7, 2, 1, 0, 4, 1, 4, 9: the first kept is test image 0, the second test image 7.
    const test = await values(translate(script([MNIST_DATA, 'x = x_test[:8]', 'y = y_test[:8]'])).fit.x);
    assert.deepEqual(x.data.slice(0, 784 * 2), [...test.data.slice(0, 784), ...test.data.slice(784 * 7, 784 * 8)]);
  });

  it('combines masks with & | ~ and np.logical_*, counting the labels they keep', async () => {
    const count = (mask: string) => translate(script([MNIST_DATA, `x = x_test[${mask}]`, `y = y_test[${mask}]`], 'model.fit(x, y)')).fit;
    // Test labels: 980 zeros, 1135 ones, 1032 twos, … 1009 nines.
    const cases: [string, number, number[]][] = [
      ['(y_test == 0) | (y_test == 1)', 980 + 1135, [0, 1]],
      ['np.logical_or(y_test == 0, y_test == 1)', 980 + 1135, [0, 1]],
      ['(y_test > 2) & (y_test < 5)', 1010 + 982, [3, 4]],
      ['~(y_test < 9)', 1009, [9]],
      ['np.logical_not(y_test >= 1) | (y_test == 9)', 980 + 1009, [0, 9]],
    ];
    for (const [mask, n, labels] of cases) {
      const y = await values(count(mask).y);
      assert.deepEqual([y.shape, [...new Set(y.data)].sort()], [[n], labels], mask);
      // The translator's own count, as len(x) reads it.
      const counted = translate(script([MNIST_DATA, `x = x_test[${mask}]`, 'y = np.random.rand(len(x))'])).fit.y.source;
      assert.deepEqual(counted.kind === 'random' && counted.shape, [n], mask);
    }
    assert.deepEqual(failure(script([MNIST_DATA, 'x = x_test[(y_test == 0) | (y_train[:10000] == 1)]', 'y = y_test'])).slice(0, 2), [
      'unsupported',
      'x_test[(y_test == 0) | (y_train[:10000] == 1)] keeps as many samples as the comparison holds for, which the scan knows only for the labels of keras.datasets mnist / fashion_mnist compared with a number',
    ]);
  });

  it('refuses a mask whose count only the data knows, and one of the wrong length, at the subscript', () => {
    assert.deepEqual(failure(script(['x = np.random.rand(20, 3)', 'y = np.random.randint(0, 4, 20)', 'x = x[y < 2]'])), [
      'unsupported',
      'x[y < 2] keeps as many samples as the comparison holds for, which the scan knows only for the labels of keras.datasets mnist / fashion_mnist compared with a number',
      6,
      5,
      6,
      13,
    ]);
    assert.deepEqual(failure(script([MNIST_DATA, 'x = x_train[y_test < 5]', 'y = y_test'])), [
      'shape-mismatch',
      'x_train[y_test < 5]: a boolean index of shape (10000,) does not match an array of shape (60000, 28, 28) (it must have one value per sample)',
      5,
      5,
      5,
      24,
    ]);
    assert.deepEqual(failure(script([MNIST_DATA, 'x = x_train[y_train[:100] < 5]', 'y = y_train'])).slice(0, 1), ['shape-mismatch']);
    assert.deepEqual(failure(script([MNIST_DATA, 'x = x_train[y_train]', 'y = y_train'])), [
      'unsupported',
      "x_train[y_train]: the scan indexes arrays with np.random.permutation or np.random.randint indices (or a comparison's booleans) only",
      5,
      5,
      5,
      21,
    ]);
  });
});

describe('shapes of the data', () => {
  it('flattens labels of shape (n, 1), as CIFAR gives them, with flatten / ravel / squeeze', () => {
    for (const call of ['y.flatten()', 'y.ravel()', 'np.ravel(y)', 'y.squeeze()', 'np.squeeze(y, axis=1)', 'y.squeeze(-1)']) {
      const plan = translate(
        script(['x = np.random.rand(20, 4)', 'y = np.random.randint(0, 3, (20, 1))', `y = ${call}`], 'model.fit(x, y)', 'sparse_categorical_crossentropy', 3),
      );
      assert.deepEqual(plan.fit.y.ops, [{ op: 'reshape', shape: [-1] }], call);
    }
    assert.deepEqual(failure(script(['x = np.random.rand(20, 4)', 'y = np.random.randint(0, 3, (20, 1))', 'y = np.squeeze(y, axis=0)'])), [
      'unsupported',
      'cannot select an axis to squeeze out which has size not equal to one',
      6,
      24,
      6,
      25,
    ]);
    assert.deepEqual(failure(script([MNIST_DATA, 'x = x_train.flatten()', 'y = y_train'])).slice(0, 2), [
      'unsupported',
      'reshape to (47040000,) changes the number of samples (60000), which the scan does not follow',
    ]);
  });

  it("adds a channel axis with TensorFlow's tf.newaxis as with np.newaxis", () => {
    for (const axis of ['tf.newaxis', 'np.newaxis', 'None']) {
      const plan = translate(
        script(
          ['import tensorflow as tf', MNIST_DATA, `x = x_train[..., ${axis}].astype("float32")`, 'y = y_train'],
          'model.fit(x, y)',
          'sparse_categorical_crossentropy',
          10,
        ),
      );
      assert.deepEqual(
        [plan.fit.x.ops, shapeOf(plan)],
        [
          [
            { op: 'expandDims', axis: 3 },
            { op: 'astype', dtype: 'float32' },
          ],
          [28, 28, 1],
        ],
        axis,
      );
    }
  });

  it('reads x_train[0].shape, x.shape[1:] and len(x)', async () => {
    const plan = translate(
      script(
        [MNIST_DATA, 'x = x_train[:len(x_test) // 1000]', 'y = y_train[:len(x)]', 'first = x_train[0]', 'last = x_train[-1]'],
        'model.fit(x.reshape((len(x),) + first.shape[:1] + x.shape[2:]), y)',
      ),
    );
    assert.deepEqual(shapeOf(plan), [28, 28]);
    assert.deepEqual(plan.fit.y.ops, [{ op: 'slice', start: 0, end: 10 }]);
    // x_train[1] is an array of 28 rows of 28 pixels.
    const second = await values(translate(script([MNIST_DATA, 'x = x_train[1]', 'y = y_train[:28]'])).fit.x);
    const two = await values(translate(script([MNIST_DATA, 'x = x_train[:2]', 'y = y_train[:2]'])).fit.x);
    assert.deepEqual([second.shape, second.data], [[28, 28], two.data.slice(784)]);
    assert.deepEqual(failure(script([MNIST_DATA, 'x = x_train[60000]', 'y = y_train'])), [
      'script-error',
      'index 60000 is out of bounds for axis 0 with size 60000',
      5,
      5,
      5,
      19,
    ]);
  });
});
