// Activations written as a Python def of elementwise ops (issue 15): read symbolically into the
// plan, registered with tfjs by the worker under the def's name, and monitored conservatively
// (never-positive units inactive, dead only when their output is exactly 0 everywhere).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { failure, layersOf, place, scanPlan, translate } from './keras-helpers';

/** A script defining `defs` and training Dense(16, activation=<first>) then Activation(<second>) after Dense(8). */
const script = (defs: string[], first: string, second: string, bias = "'zeros'") =>
  [
    'import math',
    'import numpy as np',
    'import tensorflow as tf',
    'from tensorflow import keras',
    'from keras import layers, ops',
    ...defs,
    'model = keras.Sequential([',
    `    layers.Dense(16, activation=${first}, input_shape=(6,), bias_initializer=${bias}),`,
    '    layers.Dense(8),',
    `    layers.Activation(${second}),`,
    '    layers.Dense(1),',
    '])',
    "model.compile(optimizer='adam', loss='mse')",
    'model.fit(np.random.rand(64, 6), np.random.rand(64, 1), epochs=1, batch_size=16)',
  ].join('\n');

const x = { op: 'x' };
const c = (value: number) => ({ op: 'constant', value });
const f = (op: string, ...args: unknown[]) => ({ op, args });

describe('custom activation functions', () => {
  it('reads a def as activation= and in Activation(...): its name, its elementwise tree, at the layer', () => {
    const plan = translate(
      script(
        [
          'def mish(x):',
          '    """x · tanh(softplus(x))"""',
          '    return x * keras.activations.tanh(keras.activations.softplus(x))',
          'def leaky(x, slope=0.1):',
          '    negative = tf.nn.relu(-x)',
          '    return tf.nn.relu(x) - slope * negative',
        ],
        'mish',
        'leaky',
      ),
    );
    const [dense, , activation] = layersOf(plan);
    // A def named like a known activation keeps its own rule out of the judgement: custom_mish.
    assert.deepEqual(
      [dense.config.activation, dense.customActivation, ...place(dense)],
      ['custom_mish', { name: 'custom_mish', expression: f('mul', x, f('tanh', f('softplus', x))) }, 13, 5, 13, 82],
    );
    assert.deepEqual(
      [activation.factory, activation.config, activation.customActivation, ...place(activation)],
      [
        'activation',
        { activation: 'leaky', name: 'activation' },
        { name: 'leaky', expression: f('sub', f('relu', x), f('mul', c(0.1), f('relu', f('neg', x)))) },
        15,
        5,
        15,
        29,
      ],
    );
  });

  it('folds constants (math.sqrt(2 / math.pi)), expands Keras activations tfjs lacks, and names a def that is one tfjs activation by it', () => {
    const plan = translate(
      script(
        [
          'def gelu_tanh(x):',
          '    return 0.5 * x * (1 + tf.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * tf.pow(x, 3))))',
          'def rectify(z):',
          '    return tf.nn.relu(z)',
        ],
        'gelu_tanh',
        'rectify',
      ),
    );
    const [dense, , activation] = layersOf(plan);
    assert.deepEqual(dense.customActivation, {
      name: 'gelu_tanh',
      expression: f(
        'mul',
        f('mul', c(0.5), x),
        f('add', c(1), f('tanh', f('mul', c(Math.sqrt(2 / Math.PI)), f('add', x, f('mul', c(0.044715), f('pow', x, c(3))))))),
      ),
    });
    assert.deepEqual([activation.config.activation, activation.customActivation], ['relu', undefined]);
    const swish = layersOf(translate(script(['def sw(x):', '    return ops.silu(x) + ops.hard_sigmoid(x)'], 'sw', "'relu'")))[0];
    assert.deepEqual(swish.customActivation?.expression, f('add', f('mul', x, f('sigmoid', x)), f('div', f('relu6', f('add', x, c(3))), c(6))));
    // Python's abs on a tensor, and Keras 2's alpha= for relu's slope.
    const keras2 = layersOf(translate(script(['def act(x):', '    return abs(x) + keras.activations.relu(x, alpha=0.1)'], 'act', "'relu'")))[0];
    assert.deepEqual(keras2.customActivation?.expression, f('add', f('abs', x), f('leakyRelu', x, c(0.1))));
  });

  it('refuses a def it cannot follow at the first construct it does not follow, naming it', () => {
    const refused = (body: string[], use = 'act') => failure(script(['def act(x):', ...body], use, "'relu'"));
    assert.deepEqual(refused(['    if x > 0:', '        return x', '    return 0.0']), [
      'unsupported',
      'the activation act: if x > 0: is not followed: the scan translates + - * / ** and the elementwise functions of keras.activations, keras.ops and tf.nn / tf.math on the tensor',
      7,
      5,
      7,
      14,
    ]);
    assert.deepEqual(refused(['    return x * np.tanh(x)']).slice(1, 4), [
      'the activation act: np.tanh(x) is not followed on a tensor (numpy and math compute on numbers): the scan translates + - * / ** and the elementwise functions of keras.activations, keras.ops and tf.nn / tf.math on the tensor',
      7,
      16,
    ]);
    assert.deepEqual(refused(['    return x / tf.reduce_mean(x)']).slice(1, 4), [
      'the activation act: tf.reduce_mean(x) is not followed: the scan translates + - * / ** and the elementwise functions of keras.activations, keras.ops and tf.nn / tf.math on the tensor',
      7,
      16,
    ]);
    assert.deepEqual(failure(script(['def act(x, y):', '    return x * y'], 'act', "'relu'")).slice(1, 4), [
      'the activation act: takes 2 arguments without a default, where Keras passes one tensor',
      6,
      8,
    ]);
  });

  it('trains through the worker: a leaky def leaves never-positive units inactive, a def exactly 0 below zero leaves them dead', async () => {
    const defs = ['def leaky(x):', '    return tf.nn.relu(x) - 0.1 * tf.nn.relu(-x)', 'def relu_squared(x):', '    return ops.square(ops.relu(x))'];
    const negative = 'keras.initializers.Constant(-20.0)';
    const leaky = await scanPlan(translate(script(defs, 'leaky', 'relu_squared', negative)), 64, 5);
    assert.equal(leaky.report.status, 'completed', JSON.stringify(leaky.report.diagnostics));
    assert.deepEqual(
      leaky.model.map((l) => [l.name, l.className, l.activation, l.family, l.units, l.location?.line]),
      [
        ['dense', 'Dense', 'leaky', 'relu', 16, 11],
        ['dense_1', 'Dense', 'relu_squared', 'relu', 8, 12],
        ['activation', 'Activation', 'relu_squared', null, 8, 13],
        ['dense_2', 'Dense', 'linear', null, 1, 14],
      ],
    );
    // Inputs in [0, 1) and a bias of −20: every unit of the first layer is negative on every sample.
    const first = leaky.report.layers.find((l) => l.name === 'dense');
    assert.deepEqual(first && [first.activation, first.dead, first.inactive, first.units], ['leaky', 0, 16, 16]);
    const dead = await scanPlan(translate(script(defs, 'relu_squared', 'leaky', negative)), 64, 5);
    const squared = dead.report.layers.find((l) => l.name === 'dense');
    assert.deepEqual(squared && [squared.activation, squared.dead, squared.inactive ?? 0, squared.line], ['relu_squared', 16, 0, 11]);
  });
});

describe('custom layers', () => {
  const layerScript = (cls: string[]) =>
    [
      'import numpy as np',
      'import keras',
      ...cls,
      'model = keras.Sequential([keras.layers.Dense(8, input_shape=(6,)), Swishy(), keras.layers.Dense(1)])',
      "model.compile(optimizer='adam', loss='mse')",
      'model.fit(np.random.rand(64, 6), np.random.rand(64, 1))',
    ].join('\n');
  const SWISHY = [
    'class Swishy(keras.layers.Layer):',
    '    """x · sigmoid(x)"""',
    '    def __init__(self, **kwargs):',
    '        super().__init__(**kwargs)',
    '    def call(self, inputs, training=None):',
    '        return inputs * keras.ops.sigmoid(inputs)',
    '    def compute_output_shape(self, input_shape):',
    '        return input_shape',
  ];

  it('translates a weightless layer whose call is elementwise into an activation layer of its own, named as Keras names it', () => {
    const [, swishy] = layersOf(translate(layerScript(SWISHY)));
    assert.deepEqual(
      [swishy.factory, swishy.config, swishy.customActivation, ...place(swishy)],
      ['activation', { activation: 'Swishy', name: 'swishy' }, { name: 'Swishy', expression: f('mul', x, f('sigmoid', x)) }, 11, 68, 11, 76],
    );
  });

  it('refuses a layer with weights, state or a call that is not elementwise, at the method or construct', () => {
    const withBuild = [...SWISHY.slice(0, 4), '    def build(self, input_shape):', '        self.w = self.add_weight(shape=(6, 6))', ...SWISHY.slice(4)];
    assert.deepEqual(failure(layerScript(withBuild)), [
      'unsupported',
      'the layer Swishy: its build() creates weights, which the scan does not translate',
      7,
      5,
      7,
      34,
    ]);
    const reducing = [...SWISHY.slice(0, 5), '        inputs -= keras.ops.mean(inputs, axis=1, keepdims=True)', ...SWISHY.slice(5)];
    assert.deepEqual(failure(layerScript(reducing)).slice(1, 4), [
      "the layer Swishy's call: inputs -= keras.ops.mean(inputs, axis=1, keepdims=True) is not followed: the scan translates + - * / ** and the elementwise functions of keras.activations, keras.ops and tf.nn / tf.math on the tensor",
      8,
      9,
    ]);
  });

  it("refuses the corpus's Keras 1 Antirectifier at its class: it has no call for Keras 3", () => {
    const source = readFileSync(path.join(__dirname, '..', 'corpus', 'keras-antirectifier.py'), 'utf8');
    assert.deepEqual(failure(source), [
      'unsupported',
      "the layer Antirectifier: it defines no call(self, inputs), which Keras 3 calls (get_output is Keras 1's name for it)",
      23,
      7,
      23,
      20,
    ]);
  });
});
