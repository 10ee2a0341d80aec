// Data: the bundled datasets unpacked in every usual way, numpy steps, np.random arrays —
// each followed with its shape known statically.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ArrayPlan } from '../../src/engine/plan';
import { FILE, layersOf, translate } from './keras-helpers';

const fitFor = (
  lines: string[],
  model = "keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation='softmax')])",
  loss = 'sparse_categorical_crossentropy',
) =>
  translate(
    [
      'import numpy as np',
      'import tensorflow as tf',
      'from tensorflow import keras',
      ...lines,
      `model = ${model}`,
      `model.compile(optimizer='adam', loss='${loss}')`,
      'model.fit(x, y)',
    ].join('\n'),
  );

const dataset = (split: 'train' | 'test', part: 'x' | 'y', name: 'mnist' | 'fashion-mnist' = 'mnist') => ({ kind: 'dataset', dataset: name, split, part });
const sourcesAndOps = (a: ArrayPlan) => ({ source: a.source, ops: a.ops });

describe('datasets', () => {
  it('unpacks load_data() in all its shapes', () => {
    const forms = [
      '(x, y), (x_test, y_test) = keras.datasets.mnist.load_data()',
      '(x, y), _ = tf.keras.datasets.mnist.load_data()',
      '[(x, y), (xt, yt)] = keras.datasets.mnist.load_data()',
      'train, test = keras.datasets.mnist.load_data()\nx, y = train',
      'data = keras.datasets.mnist.load_data()\nx = data[0][0]\ny = data[0][1]',
      'mnist = tf.keras.datasets.mnist\n(x, y), (x_test, y_test) = mnist.load_data(path="mnist.npz")',
      'from keras.datasets import mnist\n(x, y), _ = mnist.load_data()',
    ];
    for (const form of forms) {
      const plan = fitFor([form]);
      assert.deepEqual(
        [sourcesAndOps(plan.fit.x), sourcesAndOps(plan.fit.y)],
        [
          { source: dataset('train', 'x'), ops: [] },
          { source: dataset('train', 'y'), ops: [] },
        ],
        form,
      );
      assert.deepEqual(layersOf(plan)[0].config.inputShape, [28, 28], form);
    }
  });

  it('loads fashion_mnist and its test split', () => {
    const plan = fitFor(['(_, _), (x, y) = keras.datasets.fashion_mnist.load_data()']);
    assert.deepEqual([plan.fit.x.source, plan.fit.y.source], [dataset('test', 'x', 'fashion-mnist'), dataset('test', 'y', 'fashion-mnist')]);
  });

  it('follows the usual numpy steps, in order, with their shapes', () => {
    const cases: [string[], object[], number[]][] = [
      [['x = x / 255'], [{ op: 'divide', by: 255 }], [28, 28]],
      [
        ['x = x.astype("float32") / 255.0'],
        [
          { op: 'astype', dtype: 'float32' },
          { op: 'divide', by: 255 },
        ],
        [28, 28],
      ],
      [
        ['x = x.astype(np.float32) * (1. / 255)'],
        [
          { op: 'astype', dtype: 'float32' },
          { op: 'multiply', by: 1 / 255 },
        ],
        [28, 28],
      ],
      [
        ['x = x.astype("float32")', 'x /= 255.0'],
        [
          { op: 'astype', dtype: 'float32' },
          { op: 'divide', by: 255 },
        ],
        [28, 28],
      ],
      [['x = x.reshape(-1, 784)'], [{ op: 'reshape', shape: [-1, 784] }], [784]],
      [['x = x.reshape((x.shape[0], 28, 28, 1))'], [{ op: 'reshape', shape: [-1, 28, 28, 1] }], [28, 28, 1]],
      [['x = x.reshape(len(x), -1)'], [{ op: 'reshape', shape: [-1, 784] }], [784]],
      [['x = np.reshape(x, (-1, 28 * 28))'], [{ op: 'reshape', shape: [-1, 784] }], [784]],
      [['x = np.expand_dims(x, -1)'], [{ op: 'expandDims', axis: 3 }], [28, 28, 1]],
      [['x = np.expand_dims(x, axis=1)'], [{ op: 'expandDims', axis: 1 }], [1, 28, 28]],
      [['x = x[..., np.newaxis]'], [{ op: 'expandDims', axis: 3 }], [28, 28, 1]],
      [['x = x[:, :, :, None]'], [{ op: 'expandDims', axis: 3 }], [28, 28, 1]],
      [['n = 1000', 'x, y = x[:n], y[:n]'], [{ op: 'slice', start: 0, end: 1000 }], [28, 28]],
      [['x, y = x[-500:], y[-500:]'], [{ op: 'slice', start: 59500, end: 60000 }], [28, 28]],
      [['x, y = x[1000:3000], y[1000:3000]'], [{ op: 'slice', start: 1000, end: 3000 }], [28, 28]],
      [['x = np.array(x, dtype="float64")'], [{ op: 'astype', dtype: 'float32' }], [28, 28]],
    ];
    for (const [lines, ops, inputShape] of cases) {
      const plan = fitFor(['(x, y), (x_test, y_test) = keras.datasets.mnist.load_data()', ...lines]);
      assert.deepEqual(plan.fit.x.ops, ops, lines.join('; '));
      assert.deepEqual(layersOf(plan)[0].config.inputShape, inputShape, lines.join('; '));
    }
  });

  it('follows to_categorical into one-hot labels for categorical_crossentropy', () => {
    for (const call of ['keras.utils.to_categorical(y, 10)', 'tf.keras.utils.to_categorical(y)', 'keras.utils.to_categorical(y, num_classes=10)']) {
      const plan = fitFor(['(x, y), _ = keras.datasets.mnist.load_data()', `y = ${call}`], undefined, 'categorical_crossentropy');
      assert.deepEqual(plan.fit.y.ops, [{ op: 'toCategorical', classes: 10 }], call);
    }
  });

  it('records where the array was last produced', () => {
    const plan = fitFor(['(x, y), _ = keras.datasets.mnist.load_data()', 'x = x / 255.0']);
    assert.deepEqual(plan.fit.x.location, { file: FILE, line: 5, column: 5, endLine: 5, endColumn: 14 });
    assert.deepEqual(plan.fit.y.location, { file: FILE, line: 4, column: 13, endLine: 4, endColumn: 45 });
  });
});

describe('np.random', () => {
  it('reads every supported generator, its parameters and shape', () => {
    const cases: [string, object][] = [
      ['np.random.rand(200, 10)', { kind: 'random', distribution: 'uniform', shape: [200, 10], low: 0, high: 1 }],
      ['np.random.random((200, 10))', { kind: 'random', distribution: 'uniform', shape: [200, 10], low: 0, high: 1 }],
      ['np.random.randn(200, 10)', { kind: 'random', distribution: 'normal', shape: [200, 10], mean: 0, std: 1 }],
      ['np.random.normal(0.5, 2.0, (200, 10))', { kind: 'random', distribution: 'normal', shape: [200, 10], mean: 0.5, std: 2 }],
      ['np.random.normal(size=[200, 10], scale=3)', { kind: 'random', distribution: 'normal', shape: [200, 10], mean: 0, std: 3 }],
      ['np.random.uniform(-1, 1, size=(200, 10))', { kind: 'random', distribution: 'uniform', shape: [200, 10], low: -1, high: 1 }],
      ['np.random.randint(0, 256, size=(200, 10))', { kind: 'random', distribution: 'randint', shape: [200, 10], low: 0, high: 256 }],
    ];
    for (const [call, source] of cases) {
      const plan = fitFor([`x = ${call}`, 'y = np.random.randint(3, size=200)'], "keras.Sequential([keras.layers.Dense(3, activation='softmax')])");
      assert.deepEqual(plan.fit.x.source, source, call);
      assert.deepEqual(plan.fit.y.source, { kind: 'random', distribution: 'randint', shape: [200], low: 0, high: 3 });
      assert.deepEqual(layersOf(plan)[0].config.inputShape, [10], call);
    }
  });

  it('reads a shape taken from the data, as in input_shape=x.shape[1:]', () => {
    const plan = fitFor(
      ['x = np.random.rand(50, 6, 4)', 'y = np.random.randint(0, 2, 50)'],
      "keras.Sequential([keras.layers.Flatten(input_shape=x.shape[1:]), keras.layers.Dense(2, activation='softmax')])",
    );
    assert.deepEqual(layersOf(plan)[0].config.inputShape, [6, 4]);
  });
});
