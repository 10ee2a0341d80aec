// Model styles — a list, model.add, loops, the functional API, helper functions — and the
// import forms Keras users write. Every layer points at its constructor call.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SUPPORTED_LAYERS } from '../../src/engine/keras/layers';
import { snakeCase } from '../../src/engine/keras/names';
import { failure, FILE, layersOf, place, translate } from './keras-helpers';

const DATA = ['import numpy as np', 'x = np.random.rand(64, 10)', 'y = np.random.randint(0, 3, size=64)'];
const TRAIN = ["model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')", 'model.fit(x, y)'];
const script = (...lines: string[]) => [...DATA, ...lines, ...TRAIN].join('\n');

describe('model styles and layer positions', () => {
  it('a Sequential list: each layer at its call', () => {
    const plan = translate(
      script(
        'from tensorflow.keras.models import Sequential',
        'from tensorflow.keras.layers import Dense, Dropout',
        'model = Sequential([',
        "    Dense(16, activation='relu', input_shape=(10,)),",
        '    Dropout(0.1),',
        "    Dense(3, activation='softmax'),",
        '])',
      ),
    );
    assert.equal(plan.model.kind, 'sequential');
    assert.deepEqual(
      layersOf(plan).map((l) => [l.config.name, ...place(l)]),
      [
        ['dense', 7, 5, 7, 52],
        ['dropout', 8, 5, 8, 17],
        ['dense_1', 9, 5, 9, 35],
      ],
    );
    assert.deepEqual(layersOf(plan)[0].location.file, FILE);
  });

  it('model.add in a loop: every layer the loop adds points at the loop body line', () => {
    const plan = translate(
      script(
        'from tensorflow import keras',
        'model = keras.Sequential()',
        "model.add(keras.layers.Dense(16, activation='relu', input_shape=(10,)))",
        'depth = 3',
        'for _ in range(depth):',
        "    model.add(keras.layers.Dense(16, activation='relu'))",
        "model.add(keras.layers.Dense(3, activation='softmax'))",
      ),
    );
    assert.deepEqual(
      layersOf(plan).map((l) => [l.config.name, ...place(l)]),
      [
        ['dense', 6, 11, 6, 71],
        ['dense_1', 9, 15, 9, 56],
        ['dense_2', 9, 15, 9, 56],
        ['dense_3', 9, 15, 9, 56],
        ['dense_4', 10, 11, 10, 54],
      ],
    );
  });

  it('loops over lists, comprehensions and list.append build the same layers', () => {
    const plan = translate(
      script(
        'from keras import layers, Sequential',
        'hidden = [layers.Dense(n, activation="relu") for n in (32, 16)]',
        'stack = [None, None]',
        'for i, units in enumerate([8, 4]):',
        '    stack[i] = layers.Dense(units, activation="tanh")',
        'model = Sequential([layers.Input(shape=(10,))] + hidden + stack + [layers.Dense(3, activation="softmax")])',
      ),
    );
    assert.deepEqual(
      layersOf(plan).map((l) => [l.config.units, l.config.activation, l.location.line]),
      [
        [32, 'relu', 5],
        [16, 'relu', 5],
        [8, 'tanh', 8],
        [4, 'tanh', 8],
        [3, 'softmax', 9],
      ],
    );
  });

  it('the functional API: nodes in order, each layer at its constructor call', () => {
    const plan = translate(
      script(
        'from tensorflow import keras',
        'from tensorflow.keras import layers',
        'inputs = keras.Input(shape=(10,))',
        'h = layers.Dense(16, activation="relu")(inputs)',
        'for _ in range(2):',
        '    h = layers.Dense(8, activation="relu")(h)',
        'outputs = layers.Dense(3, activation="softmax")(h)',
        'model = keras.Model(inputs=inputs, outputs=outputs)',
      ),
    );
    assert.ok(plan.model.kind === 'functional');
    assert.deepEqual(plan.model.inputs, [{ id: 'input_1', shape: [10], location: { file: FILE, line: 6, column: 10, endLine: 6, endColumn: 34 } }]);
    assert.deepEqual(
      plan.model.nodes.map((n) => [n.id, n.inputs, n.layer.config.units, n.layer.config.name, ...place(n.layer)]),
      [
        ['node_1', ['input_1'], 16, 'dense', 7, 5, 7, 40],
        ['node_2', ['node_1'], 8, 'dense_1', 9, 9, 9, 43],
        ['node_3', ['node_2'], 8, 'dense_2', 9, 9, 9, 43],
        ['node_4', ['node_3'], 3, 'dense_3', 10, 11, 10, 48],
      ],
    );
    assert.deepEqual(plan.model.outputs, ['node_4']);
  });

  it('comments inside the model, helpers returning tuples', () => {
    const plan = translate(
      script(
        'from tensorflow.keras import layers, models',
        'def widths():',
        '    return 32, 16',
        'first, second = widths()',
        'model = models.Sequential([',
        '    # the hidden layers',
        '    layers.Dense(first, activation="relu"),  # wide',
        '    layers.Dense(second, activation="relu"),',
        '    layers.Dense(3, activation="softmax"),',
        '])',
      ),
    );
    assert.deepEqual(
      layersOf(plan).map((l) => [l.config.units, l.location.line]),
      [
        [32, 10],
        [16, 11],
        [3, 12],
      ],
    );
  });

  it('a helper function: layers keep their call, and the helper call site is an outer frame', () => {
    const plan = translate(
      script(
        'from keras import layers, models',
        'def block(units, activation="relu"):',
        '    return layers.Dense(units, activation=activation)',
        'def build(width):',
        '    model = models.Sequential([layers.Input((10,))])',
        '    model.add(block(width))',
        '    model.add(block(3, activation="softmax"))',
        '    return model',
        'if __name__ == "__main__":',
        '    model = build(32)',
      ),
    );
    const [hidden, output] = layersOf(plan);
    assert.deepEqual(place(hidden), [6, 12, 6, 54]);
    assert.deepEqual(hidden.callers, [
      { file: FILE, line: 9, column: 15, endLine: 9, endColumn: 27, functionName: 'block' },
      { file: FILE, line: 13, column: 13, endLine: 13, endColumn: 22, functionName: 'build' },
    ]);
    assert.deepEqual(
      output.callers.map((c) => [c.line, c.functionName]),
      [
        [10, 'block'],
        [13, 'build'],
      ],
    );
  });
});

describe("layer names: Keras's own", () => {
  it('names unnamed layers per class in snake_case, counted in construction order; keeps given names', () => {
    const plan = translate(
      [
        'import numpy as np',
        'from tensorflow import keras',
        'from tensorflow.keras import layers',
        'x = np.random.rand(16, 8, 8, 1)',
        'y = np.random.randint(0, 3, size=16)',
        'model = keras.Sequential([',
        "    layers.Conv2D(4, 3, activation='relu', input_shape=(8, 8, 1)),",
        '    layers.BatchNormalization(),',
        '    layers.MaxPooling2D(),',
        "    layers.Flatten(name='features'),",
        "    layers.Dense(16, activation='leaky_relu'),",
        '    layers.Dense(3),',
        '])',
        "model.compile(optimizer='adam', loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))",
        'model.fit(x, y)',
      ].join('\n'),
    );
    // The LeakyReLU split out of activation='leaky_relu' and the softmax of from_logits are named too.
    assert.deepEqual(
      layersOf(plan).map((l) => [l.factory, l.config.name]),
      [
        ['conv2d', 'conv2d'],
        ['batchNormalization', 'batch_normalization'],
        ['maxPooling2d', 'max_pooling2d'],
        ['flatten', 'features'],
        ['dense', 'dense'],
        ['leakyReLU', 'leaky_re_lu'],
        ['dense', 'dense_1'],
        ['activation', 'activation'],
      ],
    );
  });

  it('counts layers built before they are used, and across models, as Keras does', () => {
    const plan = translate(
      script(
        'from tensorflow import keras',
        'from tensorflow.keras import layers',
        'draft = keras.Sequential([layers.Dense(5), layers.ReLU()])',
        'head = layers.Dense(3, activation="softmax")',
        'inputs = keras.Input(shape=(10,))',
        'h = layers.Dense(8)(inputs)',
        'h = layers.ReLU()(h)',
        'model = keras.Model(inputs, head(h))',
      ),
    );
    assert.deepEqual(
      layersOf(plan).map((l) => l.config.name),
      ['dense_2', 're_lu_1', 'dense_1'],
    );
  });

  it('refuses a model whose layer names repeat, as Keras does, at the later layer', () => {
    // The second Dense is 'dense'; the third is 'dense_1', the name given to the first.
    const [code, message, ...range] = failure(
      script('from keras import layers, models', "model = models.Sequential([layers.Dense(8, name='dense_1'), layers.Dense(8), layers.Dense(3)])"),
    );
    assert.deepEqual(
      [code, message, ...range],
      ['script-error', "the name 'dense_1' is already the name of the layer at line 5: Keras refuses a model whose layer names repeat", 5, 78, 5, 93],
    );
  });

  it("spells every supported class the way Keras's to_snake_case does", () => {
    assert.deepEqual(Object.fromEntries(SUPPORTED_LAYERS.map((c) => [c, snakeCase(c)])), {
      Dense: 'dense',
      Embedding: 'embedding',
      SimpleRNN: 'simple_rnn',
      LSTM: 'lstm',
      GRU: 'gru',
      Conv1D: 'conv1d',
      Conv2D: 'conv2d',
      MaxPooling1D: 'max_pooling1d',
      MaxPooling2D: 'max_pooling2d',
      AveragePooling2D: 'average_pooling2d',
      GlobalAveragePooling2D: 'global_average_pooling2d',
      GlobalMaxPooling2D: 'global_max_pooling2d',
      Flatten: 'flatten',
      Reshape: 'reshape',
      Dropout: 'dropout',
      BatchNormalization: 'batch_normalization',
      Activation: 'activation',
      ReLU: 're_lu',
      LeakyReLU: 'leaky_re_lu',
      ELU: 'elu',
      Softmax: 'softmax',
      Bidirectional: 'bidirectional',
      Concatenate: 'concatenate',
      Add: 'add',
      Multiply: 'multiply',
      Average: 'average',
      Maximum: 'maximum',
      Minimum: 'minimum',
    });
  });
});

describe('imports', () => {
  const model = (dense: string, sequential: string) =>
    `model = ${sequential}([${dense}(4, activation='relu', input_shape=(10,)), ${dense}(3, activation='softmax')])`;

  it('recognises every usual import form and alias', () => {
    const forms: [string, string, string][] = [
      ['import tensorflow as tf', 'tf.keras.layers.Dense', 'tf.keras.Sequential'],
      ['import tensorflow', 'tensorflow.keras.layers.Dense', 'tensorflow.keras.models.Sequential'],
      ['from tensorflow import keras', 'keras.layers.Dense', 'keras.models.Sequential'],
      ['import keras', 'keras.layers.Dense', 'keras.Sequential'],
      ['import tf_keras as keras', 'keras.layers.Dense', 'keras.Sequential'],
      ['from keras.layers import Dense as D\nfrom keras.models import Sequential as S', 'D', 'S'],
      ['from keras import layers, models', 'layers.Dense', 'models.Sequential'],
      ['from tensorflow.keras import (\n    layers as L,\n    models as M,\n)', 'L.Dense', 'M.Sequential'],
      ['from tensorflow.keras.layers import *\nfrom tensorflow.keras.models import *', 'Dense', 'Sequential'],
      ['import tensorflow.keras.layers as KL\nfrom tensorflow.keras import Sequential', 'KL.Dense', 'Sequential'],
      ['from tensorflow.python.keras.layers import Dense\nfrom keras import Sequential', 'Dense', 'Sequential'],
      ['from keras.src.layers import Dense\nfrom keras.src.models import Sequential', 'Dense', 'Sequential'],
    ];
    for (const [imports, dense, sequential] of forms) {
      const plan = translate([...DATA, imports, model(dense, sequential), ...TRAIN].join('\n'));
      assert.deepEqual(
        layersOf(plan).map((l) => [l.factory, l.config.units, l.config.activation]),
        [
          ['dense', 4, 'relu'],
          ['dense', 3, 'softmax'],
        ],
        imports,
      );
    }
  });
});
