// The functional API beyond one input and one output (issue 15): Input(shape=(None,), dtype=...)
// of variable-length sequences, Bidirectional, merge layers, several inputs and outputs with a
// loss (and weight) per output; translated, then trained through the plan runner and monitored.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { failure, layersOf, place, scanPlan, translate } from './keras-helpers';
import { FIXTURES, scan } from './worker-helpers';

/** The keras-io bidirectional LSTM example (test/corpus/kerasio-bidirectional_lstm_imdb.py) on random token ids. */
const BIDIRECTIONAL = [
  'import numpy as np',
  'from tensorflow import keras',
  'from tensorflow.keras import layers',
  'inputs = keras.Input(shape=(None,), dtype="int32")',
  'x = layers.Embedding(1000, 8)(inputs)',
  'x = layers.Bidirectional(layers.LSTM(4, return_sequences=True))(x)',
  'lstm = layers.LSTM(3)',
  "x = layers.Bidirectional(lstm, merge_mode='sum')(x)",
  'outputs = layers.Dense(1, activation="sigmoid")(x)',
  'model = keras.Model(inputs, outputs)',
  'x_train = np.random.randint(0, 1000, size=(48, 20))',
  'y_train = np.random.randint(0, 2, size=(48,))',
  'model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])',
  'model.fit(x_train, y_train, batch_size=16, epochs=1)',
].join('\n');

/** Two inputs, two heads (Keras's "multi-input and multi-output models" guide, small). */
const TWO_HEADS = [
  'import numpy as np',
  'import keras',
  'from keras import layers',
  'title = keras.Input(shape=(12,), name="title")',
  'body = keras.Input(shape=(6,), name="body")',
  'a = layers.Dense(8, activation="relu")(title)',
  'b = layers.Dense(4, activation="relu")(body)',
  'merged = layers.concatenate([a, b])',
  'priority = layers.Dense(1, name="priority")(merged)',
  'department = layers.Dense(3, activation="softmax", name="department")(merged)',
  'model = keras.Model(inputs=[title, body], outputs=[priority, department])',
  'model.compile(optimizer="rmsprop", loss=["mse", "sparse_categorical_crossentropy"], loss_weights=[1.0, 0.2])',
  'x1 = np.random.rand(40, 12)',
  'x2 = np.random.rand(40, 6)',
  'y1 = np.random.rand(40, 1)',
  'y2 = np.random.randint(0, 3, size=(40,))',
  'model.fit([x1, x2], [y1, y2], epochs=1, batch_size=8)',
].join('\n');

const replace = (source: string, from: string, to: string): string => {
  assert.ok(source.includes(from), from);
  return source.replace(from, to);
};

describe('Input(shape=(None,), dtype) and Bidirectional', () => {
  it('translates the keras-io example: the data fixes the sequence length, each Bidirectional at its recurrent layer', () => {
    const plan = translate(BIDIRECTIONAL);
    assert.equal(plan.model.kind, 'functional');
    assert.deepEqual(plan.model.kind === 'functional' && plan.model.inputs.map((i) => [i.shape, i.location.line]), [[[20], 4]]);
    const lstm = { activation: 'tanh', recurrentActivation: 'sigmoid' };
    assert.deepEqual(
      layersOf(plan).map((l) => [l.factory, l.config, ...place(l)]),
      [
        ['embedding', { inputDim: 1000, outputDim: 8, name: 'embedding' }, 5, 5, 5, 30],
        [
          'bidirectional',
          { layer: { factory: 'lstm', config: { units: 4, ...lstm, returnSequences: true, name: 'lstm' } }, mergeMode: 'concat', name: 'bidirectional' },
          // The recurrent layer's constructor, inside the Bidirectional call: its arguments are what a fix changes.
          6,
          26,
          6,
          63,
        ],
        [
          'bidirectional',
          { layer: { factory: 'lstm', config: { units: 3, ...lstm, name: 'lstm_1' } }, mergeMode: 'sum', name: 'bidirectional_1' },
          7,
          8,
          7,
          22,
        ],
        [
          'dense',
          {
            units: 1,
            activation: 'sigmoid',
            kernelInitializer: { className: 'GlorotUniform', config: { seed: null } },
            biasInitializer: { className: 'Zeros', config: {} },
            name: 'dense',
          },
          9,
          11,
          9,
          48,
        ],
      ],
    );
    assert.deepEqual(plan.fit.several, undefined);
  });

  it('reads None in input_shape of a Sequential model and checks the other axes against the data', () => {
    const sequential = (shape: string) =>
      [
        'import numpy as np',
        'from tensorflow import keras',
        `model = keras.Sequential([keras.layers.Embedding(50, 4, input_shape=${shape}), keras.layers.SimpleRNN(2), keras.layers.Dense(1)])`,
        "model.compile(optimizer='sgd', loss='mse')",
        'model.fit(np.random.randint(0, 50, size=(8, 7)), np.random.rand(8, 1))',
      ].join('\n');
    assert.deepEqual(layersOf(translate(sequential('(None,)')))[0].config.inputShape, [7]);
    assert.deepEqual(failure(sequential('(None, 3)')), [
      'shape-mismatch',
      'Embedding expects input of shape (None, None, 3) but np.random.randint(0, 50, size=(8, 7)) has shape (8, 7) (samples of shape (7,)): Keras refuses to train on it',
      3,
      27,
      3,
      79,
    ]);
  });

  it('refuses what Keras refuses or tfjs lacks, at its place', () => {
    assert.deepEqual(failure(replace(BIDIRECTIONAL, 'x = layers.Embedding(1000, 8)(inputs)', 'x = layers.Dense(8)(inputs)')), [
      'shape-mismatch',
      "the last axis of the input must have a known length for Dense 'dense', got (None, None)",
      5,
      5,
      5,
      20,
    ]);
    assert.deepEqual(failure(replace(BIDIRECTIONAL, 'dtype="int32"', 'dtype="float16"')), [
      'unsupported',
      'Input: dtype="float16" is not supported (the scan trains float32 and integer inputs)',
      4,
      37,
      4,
      52,
    ]);
    assert.deepEqual(failure(replace(BIDIRECTIONAL, "merge_mode='sum'", 'merge_mode=None')), [
      'unsupported',
      "Bidirectional: merge_mode must be 'concat', 'sum', 'mul', 'ave', got None",
      8,
      43,
      8,
      47,
    ]);
    assert.deepEqual(failure(replace(BIDIRECTIONAL, 'layers.Bidirectional(lstm', 'layers.Bidirectional(layers.Dense(3)')), [
      'unsupported',
      'Bidirectional: layer must be a SimpleRNN, LSTM or GRU layer, got a Dense layer',
      8,
      26,
      8,
      41,
    ]);
  });

  it('trains through the worker: the Bidirectional layers monitored as their recurrent layers, at their lines', async () => {
    const { report, model } = await scanPlan(translate(BIDIRECTIONAL), 32, 3);
    assert.equal(report.status, 'completed', JSON.stringify(report.diagnostics));
    // concat: 2 × 4 tanh units measured; sum mixes the two directions, so it is not.
    assert.deepEqual(
      model.map((l) => [l.name, l.className, l.activation, l.family, l.units, l.location?.line]),
      [
        ['embedding', 'Embedding', 'linear', null, 8, 5],
        ['bidirectional', 'Bidirectional', 'tanh', 'tanh', 8, 6],
        ['bidirectional_1', 'Bidirectional', 'linear', null, 3, 7],
        ['dense', 'Dense', 'sigmoid', 'sigmoid', 1, 9],
      ],
    );
    assert.deepEqual(
      report.checks.map((c) => c.label),
      ['init', 'epoch 1 batch 1', 'epoch 1'],
    );
  });
});

describe('several inputs and outputs', () => {
  it('translates Model(inputs=[...], outputs=[...]) with concatenate, a loss per output and loss_weights', () => {
    const plan = translate(TWO_HEADS);
    assert.equal(plan.model.kind, 'functional');
    if (plan.model.kind !== 'functional') return;
    assert.deepEqual(
      plan.model.inputs.map((i) => [i.id, i.shape, i.location.line]),
      [
        ['input_1', [12], 4],
        ['input_2', [6], 5],
      ],
    );
    assert.deepEqual(
      plan.model.nodes.map((n) => [n.id, n.layer.factory, n.layer.config.name, n.inputs, ...place(n.layer)]),
      [
        ['node_1', 'dense', 'dense', ['input_1'], 6, 5, 6, 39],
        ['node_2', 'dense', 'dense_1', ['input_2'], 7, 5, 7, 39],
        ['node_3', 'concatenate', 'concatenate', ['node_1', 'node_2'], 8, 10, 8, 36],
        ['node_4', 'dense', 'priority', ['node_3'], 9, 12, 9, 44],
        ['node_5', 'dense', 'department', ['node_3'], 10, 14, 10, 70],
      ],
    );
    assert.deepEqual(plan.model.outputs, ['node_4', 'node_5']);
    assert.deepEqual(plan.compile.outputs, [
      { loss: 'meanSquaredError', weight: 1 },
      { loss: 'sparseCategoricalCrossentropy', weight: 0.2 },
    ]);
    assert.deepEqual(
      plan.fit.several && [plan.fit.several.x.map((a) => a.location.line), plan.fit.several.y.map((a) => a.location.line), plan.fit.several.validation],
      [[13, 14], [15, 16], null],
    );
    assert.equal(plan.fit.x, plan.fit.several?.x[0]);
  });

  it("takes x, y, loss and loss_weights as dicts keyed by the inputs' and outputs' names, as Keras matches them", () => {
    const keyed = replace(
      replace(
        TWO_HEADS,
        'loss=["mse", "sparse_categorical_crossentropy"], loss_weights=[1.0, 0.2]',
        'loss={"department": "sparse_categorical_crossentropy", "priority": "mse"}, loss_weights={"priority": 1.0, "department": 0.2}',
      ),
      'model.fit([x1, x2], [y1, y2]',
      'model.fit({"body": x2, "title": x1}, {"priority": y1, "department": y2}',
    );
    const [listed, dicts] = [translate(TWO_HEADS), translate(keyed)];
    assert.deepEqual(dicts.compile.outputs, listed.compile.outputs);
    assert.deepEqual(dicts.fit.several, listed.fit.several);
    assert.deepEqual(failure(replace(keyed, '{"body": x2, "title": x1}', '{"body": x2, "titel": x1}')), [
      'shape-mismatch',
      "x has the key 'titel', which is not the name of one of the model's 2 inputs (title, body)",
      17,
      11,
      17,
      36,
    ]);
    assert.deepEqual(failure(replace(keyed, '"department": 0.2}', '}')).slice(0, 2), [
      'shape-mismatch',
      "compile's loss_weights has no entry for the output 'department': the scan trains every output",
    ]);
  });

  it('takes one loss for every output, and Add/Multiply/Average/Maximum/Minimum layers called on lists', () => {
    const source = replace(
      replace(TWO_HEADS, 'merged = layers.concatenate([a, b])', 'merged = layers.Add()([a, layers.Dense(8)(b)])'),
      'loss=["mse", "sparse_categorical_crossentropy"], loss_weights=[1.0, 0.2]',
      'loss="mse"',
    );
    const plan = translate(replace(source, 'y2 = np.random.randint(0, 3, size=(40,))', 'y2 = np.random.rand(40, 3)'));
    assert.deepEqual(
      layersOf(plan).map((l) => [l.factory, l.config.name]),
      [
        ['dense', 'dense'],
        ['dense', 'dense_1'],
        ['dense', 'dense_2'],
        ['add', 'add'],
        ['dense', 'priority'],
        ['dense', 'department'],
      ],
    );
    assert.deepEqual(plan.compile.outputs, [
      { loss: 'meanSquaredError', weight: 1 },
      { loss: 'meanSquaredError', weight: 1 },
    ]);
  });

  it("refuses what Keras refuses: merged shapes, a loss or label count that is not the outputs', labels against each output's loss", () => {
    assert.deepEqual(failure(replace(TWO_HEADS, 'layers.concatenate([a, b])', 'layers.add([a, b])')), [
      'shape-mismatch',
      "Add 'add' needs inputs of the same shape, got (None, 8), (None, 4)",
      8,
      10,
      8,
      28,
    ]);
    assert.deepEqual(failure(replace(TWO_HEADS, 'layers.concatenate([a, b])', 'layers.concatenate([a, b], axis=0)')), [
      'shape-mismatch',
      "Concatenate 'concatenate' cannot join along axis 0 inputs of shapes (None, 8), (None, 4)",
      8,
      10,
      8,
      44,
    ]);
    assert.deepEqual(failure(replace(TWO_HEADS, 'loss=["mse", "sparse_categorical_crossentropy"]', 'loss=["mse"]')), [
      'shape-mismatch',
      "compile's loss has 1 item but the model has 2 outputs (priority, department): Keras expects one per output",
      12,
      41,
      12,
      48,
    ]);
    assert.deepEqual(failure(replace(TWO_HEADS, 'model.fit([x1, x2], [y1, y2]', 'model.fit([x1, x2], y1')), [
      'shape-mismatch',
      'the model has 2 outputs (priority, department) but y is one array',
      17,
      21,
      17,
      23,
    ]);
    assert.deepEqual(failure(replace(TWO_HEADS, 'model.fit([x1, x2]', 'model.fit([x1]')), [
      'shape-mismatch',
      'x has 1 item but the model has 2 inputs (title, body): Keras expects one per input',
      17,
      11,
      17,
      15,
    ]);
    assert.deepEqual(failure(replace(TWO_HEADS, 'y2 = np.random.randint(0, 3, size=(40,))', 'y2 = np.random.randint(0, 3, size=(40, 3))')), [
      'shape-mismatch',
      'y2 has shape (40, 3) but sparse_categorical_crossentropy expects integer class labels, one per sample (for one-hot labels use categorical_crossentropy)',
      12,
      49,
      12,
      82,
    ]);
  });

  it('trains through the worker: both inputs fed, each layer monitored at its line, the loss weighted per output', async () => {
    const { report, model } = await scanPlan(translate(TWO_HEADS), 32, 3);
    assert.equal(report.status, 'completed', JSON.stringify(report.diagnostics));
    assert.deepEqual(
      model.map((l) => [l.name, l.className, l.family, l.units, l.location?.line, l.inbound]),
      [
        ['dense', 'Dense', 'relu', 8, 6, []],
        ['dense_1', 'Dense', 'relu', 4, 7, []],
        ['concatenate', 'Concatenate', null, 12, 8, ['dense', 'dense_1']],
        ['priority', 'Dense', null, 1, 9, ['concatenate']],
        ['department', 'Dense', null, 3, 10, ['concatenate']],
      ],
    );
    assert.equal(report.history.length, 1);
    // loss_weights=[1.0, 0.2]: the loss trained sums the outputs' weighted losses (tfjs logs them weighted):
    // department's cross-entropy on random labels of 3 classes is near ln 3 ≈ 1.1, a fifth of it counted.
    const { loss, metrics } = report.history[0];
    assert.ok(Math.abs(loss - (metrics.priority_loss + metrics.department_loss)) < 1e-4, JSON.stringify(report.history[0]));
    assert.ok(metrics.department_loss > 0.15 && metrics.department_loss < 0.3, JSON.stringify(report.history[0]));
  });
});

describe('a layer shared by two inputs', () => {
  /** Deep Learning with Python 7.1 (test/corpus/book-shared_lstm_two_inputs.py), with its data defined. */
  const SHARED = [
    'import numpy as np',
    'from keras import layers',
    'from keras import Input',
    'from keras.models import Model',
    'lstm = layers.LSTM(4)',
    'left_input = Input(shape=(None, 6))',
    'left_output = lstm(left_input)',
    'right_input = Input(shape=(None, 6))',
    'right_output = lstm(right_input)',
    'merged = layers.concatenate([left_output, right_output], axis=-1)',
    "predictions = layers.Dense(1, activation='sigmoid')(merged)",
    'model = Model([left_input, right_input], predictions)',
    "model.compile(optimizer='rmsprop', loss='binary_crossentropy')",
    'left_data = np.random.rand(32, 5, 6)',
    'right_data = np.random.rand(32, 9, 6)',
    'targets = np.random.randint(0, 2, size=(32, 1))',
    'model.fit([left_data, right_data], targets, epochs=1, batch_size=8)',
  ].join('\n');

  it('calls the one LSTM on both inputs: the second node shares the first, the layer is at its constructor', () => {
    const plan = translate(SHARED);
    assert.equal(plan.model.kind, 'functional');
    if (plan.model.kind !== 'functional') return;
    assert.deepEqual(
      plan.model.inputs.map((i) => i.shape),
      [
        [5, 6],
        [9, 6],
      ],
    );
    assert.deepEqual(
      plan.model.nodes.map((n) => [n.id, n.layer.config.name, n.inputs, n.shares ?? null, n.layer.location.line]),
      [
        ['node_1', 'lstm', ['input_1'], null, 5],
        ['node_2', 'lstm', ['input_2'], 'node_1', 5],
        ['node_3', 'concatenate', ['node_1', 'node_2'], null, 10],
        ['node_4', 'dense', ['node_3'], null, 11],
      ],
    );
  });

  it('trains through the worker with one set of LSTM weights, measured once at its line', async () => {
    const { report, model } = await scanPlan(translate(SHARED), 16, 3);
    assert.equal(report.status, 'completed', JSON.stringify(report.diagnostics));
    assert.deepEqual(
      model.map((l) => [l.name, l.className, l.units, l.location?.line]),
      [
        ['lstm', 'LSTM', 4, 5],
        ['concatenate', 'Concatenate', 8, 10],
        ['dense', 'Dense', 1, 11],
      ],
    );
  });
});

describe('worker: a Keras script with two inputs, two heads, Bidirectional and a custom activation', () => {
  it('scans it: every layer at its line, the custom activation dead where its output is 0, fit given dicts', async () => {
    const file = path.join(FIXTURES, 'two-inputs.py');
    const { report } = await scan(file, { options: { epochs: undefined, probe: 32 } });
    assert.equal(report.status, 'completed', JSON.stringify(report.diagnostics));
    assert.equal(report.epochsRun, 2);
    assert.deepEqual(
      report.layers.map((l) => [l.name, l.className, l.activation, l.units, l.line, l.column, l.dead]),
      [
        ['bidirectional', 'Bidirectional', 'tanh', 6, 15, 26, 0],
        ['dense', 'Dense', 'relu_squared', 6, 16, 5, 6],
      ],
    );
    assert.deepEqual(
      report.diagnostics.filter((d) => d.code === 'dead-units').map((d) => [d.message, d.line]),
      [
        [
          'dense: 6 of 6 units dead since init and still dead at epoch 2 (never active on 32 probe samples); first layer: its input does not change, these units will not recover without a fix',
          16,
        ],
      ],
    );
  });
});
