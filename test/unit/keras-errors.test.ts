// What the translator refuses, and where: unsupported constructs at their expression, syntax
// errors at the error, shape mismatches at the layer (or loss) Keras would refuse.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failure, MNIST, translate } from './keras-helpers';

/** MNIST (lines 1–4), then `lines` from line 5, then compile and fit on x_train, y_train. */
const mnist = (lines: string[], loss = 'sparse_categorical_crossentropy') =>
  [MNIST, ...lines, `model.compile(optimizer='adam', loss='${loss}')`, 'model.fit(x_train, y_train)'].join('\n');

const flat = "model = keras.Sequential([layers.Flatten(), layers.Dense(10, activation='softmax')])";

describe('unsupported constructs', () => {
  it('data from files, pandas, generators and tf.data, at the expression that reads it', () => {
    assert.deepEqual(failure(mnist(['import pandas as pd', "df = pd.read_csv('train.csv')", 'x_train = df.values', flat])), [
      'unsupported',
      'pd.read_csv(...) is not supported: the scan trains on keras.datasets.mnist / fashion_mnist and np.random arrays only',
      6,
      6,
      6,
      30,
    ]);
    assert.deepEqual(failure(mnist(['import numpy as np', "x_train = np.load('x.npy')", flat])), [
      'unsupported',
      'np.load(...) is not supported: the scan trains on keras.datasets.mnist / fashion_mnist and np.random arrays only',
      6,
      11,
      6,
      27,
    ]);
    assert.deepEqual(failure(mnist(['def batches():', '    while True:', '        yield x_train[:32], y_train[:32]', 'x_train = batches()', flat])), [
      'unsupported',
      'batches() makes a generator: the scan trains on arrays (keras.datasets mnist / fashion_mnist, np.random), not generators',
      8,
      11,
      8,
      20,
    ]);
    assert.deepEqual(failure(mnist(['x_train = tf.data.Dataset.from_tensor_slices((x_train, y_train)).batch(32)', flat])), [
      'unsupported',
      'tf.data.Dataset.from_tensor_slices(...) is not supported: the scan trains on keras.datasets.mnist / fashion_mnist and np.random arrays only',
      5,
      11,
      5,
      65,
    ]);
    assert.deepEqual(failure(mnist(['(x_train, y_train), _ = keras.datasets.cifar10.load_data()', flat])), [
      'unsupported',
      "cifar10.load_data() reads Keras's cache, which this translation was not given",
      5,
      25,
      5,
      59,
    ]);
    assert.deepEqual(failure(mnist(['x_train = x_train // 2', flat])), [
      'unsupported',
      "'x_train // 2' is not supported (the scan follows + - * / between arrays and numbers, ** by a number, and arrays compared with a number)",
      5,
      11,
      5,
      23,
    ]);
  });

  it('functions from local modules, at their import', () => {
    assert.deepEqual(failure(mnist(['from .models import build_model', 'model = build_model()'])), [
      'unsupported',
      'build_model comes from a local module, which the scan does not follow',
      5,
      21,
      5,
      32,
    ]);
  });

  it('custom Python models and layers, at their class', () => {
    const source = mnist(['class MyModel(keras.Model):', '    def call(self, x):', '        return x', 'model = MyModel()']);
    assert.deepEqual(failure(source), [
      'unsupported',
      'the class MyModel is custom Python: subclassed models and layers are not supported (build the model with Sequential or the functional API)',
      5,
      7,
      5,
      14,
    ]);
  });

  it('layers, arguments and activations it does not translate, at their place', () => {
    assert.deepEqual(failure(mnist(['model = keras.Sequential([layers.Conv3D(32, 3), layers.Dense(10)])'])), [
      'unsupported',
      'layers.Conv3D(...) is not supported: the layer Conv3D is not translated (supported: Dense, Embedding, SimpleRNN, LSTM, GRU, Conv1D, Conv2D, MaxPooling1D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, Flatten, Reshape, Dropout, BatchNormalization, Activation, ReLU, LeakyReLU, ELU, Softmax, Bidirectional, Concatenate, Add, Multiply, Average, Maximum, Minimum)',
      5,
      27,
      5,
      47,
    ]);
    assert.deepEqual(failure(mnist(["model = keras.Sequential([layers.Flatten(), layers.Dense(10, activaton='softmax')])"])), [
      'unsupported',
      "Dense: unknown or unsupported argument 'activaton'",
      5,
      62,
      5,
      81,
    ]);
    assert.deepEqual(failure(mnist(["model = keras.Sequential([layers.Conv2D(8, 3, data_format='channels_first'), layers.Flatten(), layers.Dense(10)])"])), [
      'unsupported',
      "Conv2D: data_format='channels_first' is not supported (only 'channels_last' is translated)",
      5,
      47,
      5,
      75,
    ]);
    assert.deepEqual(failure(mnist(["model = keras.Sequential([layers.Flatten(), layers.Dense(10, activation='exponential')])"])), [
      'unsupported',
      "activation 'exponential' is not supported (supported: relu, sigmoid, tanh, softmax, elu, selu, softplus, softsign, linear, swish, silu, gelu, mish, relu6, hard_sigmoid, leaky_relu)",
      5,
      73,
      5,
      86,
    ]);
    assert.deepEqual(failure(mnist(['hidden = layers.Dense(10)', 'model = keras.Sequential([layers.Flatten(), hidden, hidden])'])), [
      'unsupported',
      'this Dense layer is used twice in a Sequential model (shared weights are translated in the functional API only)',
      5,
      10,
      5,
      26,
    ]);
  });

  it('control flow it cannot follow around the model, at its condition', () => {
    assert.deepEqual(
      failure(
        mnist([
          'import sys',
          'model = keras.Sequential([layers.Flatten()])',
          'while len(model.layers) < 3:',
          "    model.add(layers.Dense(10, activation='softmax'))",
        ]),
      ),
      ['unsupported', 'a while loop is not supported here', 7, 1, 7, 6],
    );
    assert.deepEqual(failure(mnist(['import sys', flat, 'if len(sys.argv) > 1:', '    model.fit(x_train, y_train)'])), [
      'unsupported',
      'the scan cannot tell whether len(sys.argv) > 1 holds',
      7,
      4,
      7,
      21,
    ]);
  });

  it('changes to data, lists and models it does not follow, where they happen', () => {
    assert.deepEqual(failure(mnist(['import numpy as np', 'np.copyto(x_train, 0)', flat])), [
      'unsupported',
      'np.copyto(x_train, 0) changes x_train in a way the scan does not follow',
      6,
      1,
      6,
      22,
    ]);
    assert.deepEqual(failure(mnist(['x_train[x_train > 100] = 255', flat])), [
      'unsupported',
      'x_train[x_train > 100] changes x_train in a way the scan does not follow',
      5,
      1,
      5,
      23,
    ]);
    assert.deepEqual(failure(mnist([flat, 'model.layers[0].trainable = False'])), [
      'unsupported',
      'assigning to model.layers[0].trainable changes the model, which the scan does not follow',
      6,
      1,
      6,
      26,
    ]);
    const hidden = ['import sys', 'hidden = [layers.Dense(32)]', 'if len(sys.argv) > 2:', '    hidden.append(layers.Dense(16))'];
    assert.deepEqual(failure(mnist([...hidden, "model = keras.Sequential([layers.Flatten(), *hidden, layers.Dense(10, activation='softmax')])"])), [
      'unsupported',
      'the scan cannot tell whether len(sys.argv) > 2 holds',
      7,
      4,
      7,
      21,
    ]);
  });

  it('a script that runs too long before fit, where it stops following it', () => {
    assert.deepEqual(failure(mnist(['for i in range(10000):', '    for j in range(10000):', '        pass', flat])), [
      'unsupported',
      'the script runs more than 1,000,000 steps before fit; the scan stops following it here',
      7,
      9,
      7,
      13,
    ]);
  });

  it('names that are not defined, and weights loaded from files', () => {
    const source = [MNIST, flat, "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')", 'model.fit(x_trian, y_train)'].join('\n');
    assert.deepEqual(failure(source), ['script-error', "name 'x_trian' is not defined", 7, 11, 7, 18]);
    assert.deepEqual(failure(mnist([flat, "model.load_weights('w.h5')"])), [
      'unsupported',
      "load_weights is not supported: the scan trains from Keras's initialisation",
      6,
      1,
      6,
      27,
    ]);
  });

  it('a name never defined stops the script at its line, even after a value the scan does not follow', () => {
    // Line 5 is unsupported but only kept for later (Python runs it); Python stops at line 8's NameError.
    const source = mnist(['x_more = keras.datasets.imdb.load_data(num_words=100)', 'x_val = x_more[:10]', flat, 'y_val = y_trian[:10]']);
    assert.deepEqual(failure(source), ['script-error', "name 'y_trian' is not defined", 8, 9, 8, 16]);
  });

  it('a NameError in the arguments of a call the scan does not follow comes first, as Python evaluates them before the call', () => {
    const source = [
      'from keras import layers, Input',
      'from keras.models import Model',
      'left = Input(shape=(None, 128))',
      "out = layers.Dense(1, activation='sigmoid')(left)",
      'model = Model(left, out)',
      'model.fit([left_data], targets)',
    ].join('\n');
    assert.deepEqual(failure(source), ['script-error', "name 'left_data' is not defined", 6, 12, 6, 21]);
  });

  it('a NameError after the first fit: that fit is scanned, and the script stops at the name', () => {
    const plan = translate(mnist([flat]) + '\nresults = evaluate(model, epochs=20)\nmodel.fit(x_train, y_train, epochs=3)');
    assert.equal(plan.fit.location.line, 7);
    assert.equal(plan.fit.epochs, 1);
    assert.deepEqual(
      plan.notes.map((n) => [n.severity, n.code, n.message, n.line, n.column, n.endLine, n.endColumn]),
      [['warning', 'script-error', "name 'evaluate' is not defined: Python stops here, after the fit at line 7 that the scan trains", 8, 11, 8, 19]],
    );
  });

  it('a name Python defines, a name from an unfollowed star import, and one inside try, are not NameErrors', () => {
    const fits = (lines: string[]) => translate(mnist([...lines, flat])).fit.epochs;
    assert.equal(fits(['ok = any([True])', 'name = __name__']), 1);
    assert.equal(fits(['from helpers import *', 'extra = load_more()']), 1);
    assert.equal(fits(['try:', '    extra = load_more()', 'except NameError:', '    extra = None', 'finally:', '    done = True']), 1);
    // The finally block still runs: what it defines is defined.
    assert.deepEqual(failure(mnist(['try:', '    extra = load_more()', 'finally:', '    done = True', 'print(done)', 'x_train = x_trian', flat])), [
      'script-error',
      "name 'x_trian' is not defined",
      10,
      11,
      10,
      18,
    ]);
  });

  it('a script without fit, at its model', () => {
    assert.deepEqual(failure([MNIST, flat, "model.compile(optimizer='adam', loss='mse')"].join('\n')), [
      'no-fit',
      'No model.fit(...) call runs in this file: the scan trains what fit trains.',
      5,
      9,
      5,
      85,
    ]);
  });

  it('ignores what does not touch training: prints, plots, evaluate, seeds, callbacks classes', () => {
    const plan = translate(
      mnist([
        'import matplotlib.pyplot as plt',
        'import numpy as np',
        'np.random.seed(0); tf.random.set_seed(0)',
        'print(x_train.shape, f"{len(x_train)} samples")',
        flat,
        'model.summary()',
        'plt.imshow(x_train[0])',
        'with tf.device("/cpu:0"):',
        '    pass',
        'try:',
        '    import wandb',
        'except ImportError:',
        '    wandb = None',
      ]) + '\nmodel.evaluate(x_test, y_test)\nplt.plot(model.history.history["loss"])',
    );
    assert.equal(plan.fit.epochs, 1);
  });
});

describe('syntax errors', () => {
  it('reports one error at the first place Python would refuse', () => {
    assert.deepEqual(failure(mnist([flat]).replace('model.fit(x_train, y_train)', 'model.fit(x_train y_train)')), [
      'syntax-error',
      "Syntax error: invalid syntax at 'y_train'",
      7,
      19,
      7,
      26,
    ]);
    assert.deepEqual(failure('import keras\nmodel = keras.Sequential([\n'), ['syntax-error', 'Syntax error: invalid syntax', 3, 1, 3, 1]);
    assert.deepEqual(failure('import keras\nprint "training"\n'), [
      'syntax-error',
      "Syntax error: missing parentheses in call to 'print' at 'print \"training\"'",
      2,
      1,
      2,
      17,
    ]);
    assert.deepEqual(failure('import keras\n  x = 1\n'), ['syntax-error', "Syntax error: unexpected indent at 'x = 1'", 2, 3, 2, 8]);
    assert.deepEqual(failure('import keras\nbreak\n'), ['syntax-error', "Syntax error: 'break' outside loop", 2, 1, 2, 6]);
  });

  it('accepts floats written with a trailing dot, which lezer-python reads oddly', () => {
    const plan = translate(
      mnist([
        'model = keras.Sequential([layers.Flatten(), layers.Dense(10, kernel_initializer=keras.initializers.RandomNormal(-3., 1.))])',
        'x_train = x_train / 255.',
      ]),
    );
    assert.deepEqual(plan.model.kind === 'sequential' && plan.model.layers[1].config.kernelInitializer, {
      className: 'RandomNormal',
      config: { mean: -3, stddev: 1, seed: null },
    });
    assert.deepEqual(plan.fit.x.ops, [{ op: 'divide', by: 255 }]);
  });
});

describe('shape mismatches', () => {
  it('input_shape=(784,) fed 28×28 images: at the first layer, naming both shapes', () => {
    assert.deepEqual(
      failure(mnist(["model = keras.Sequential([layers.Dense(64, activation='relu', input_shape=(784,)), layers.Dense(10, activation='softmax')])"])),
      [
        'shape-mismatch',
        'Dense expects input of shape (None, 784) but x_train has shape (60000, 28, 28) (samples of shape (28, 28)): Keras refuses to train on it',
        5,
        27,
        5,
        82,
      ],
    );
  });

  it('a functional Input that does not match the data, at the Input', () => {
    const source = mnist([
      'inputs = keras.Input(shape=(28, 28, 1))',
      "outputs = layers.Dense(10, activation='softmax')(layers.Flatten()(inputs))",
      'model = keras.Model(inputs, outputs)',
    ]);
    assert.deepEqual(failure(source), [
      'shape-mismatch',
      'the Input expects input of shape (None, 28, 28, 1) but x_train has shape (60000, 28, 28) (samples of shape (28, 28)): Keras refuses to train on it',
      5,
      10,
      5,
      40,
    ]);
  });

  it('a layer that cannot take its input, at that layer', () => {
    assert.deepEqual(failure(mnist(['model = keras.Sequential([layers.Conv2D(8, 3), layers.Flatten(), layers.Dense(10)])'])), [
      'shape-mismatch',
      "4-D input (batch, height, width, channels) expected by Conv2D 'conv2d', got (None, 28, 28)",
      5,
      27,
      5,
      46,
    ]);
    assert.deepEqual(failure(mnist(['model = keras.Sequential([layers.Reshape((28, 28, 2)), layers.Flatten(), layers.Dense(10)])'])), [
      'shape-mismatch',
      "the Reshape expected by Reshape 'reshape' turns 784 values per sample into (28, 28, 2), which does not hold them",
      5,
      27,
      5,
      54,
    ]);
    assert.deepEqual(failure(mnist(['x_train = x_train[..., None]', 'model = keras.Sequential([layers.Conv2D(4, 30), layers.Flatten(), layers.Dense(10)])'])), [
      'shape-mismatch',
      "Conv2D 'conv2d' with window (30, 30) cannot take input (None, 28, 28, 1): the output would have (-1, -1) positions",
      6,
      27,
      6,
      47,
    ]);
  });

  it('labels that do not fit the loss or the output, at the loss', () => {
    assert.deepEqual(failure(mnist([flat], 'categorical_crossentropy')), [
      'shape-mismatch',
      'y_train has shape (60000,) but categorical_crossentropy expects one-hot labels of shape (None, 10) (for integer labels use sparse_categorical_crossentropy or keras.utils.to_categorical)',
      6,
      38,
      6,
      64,
    ]);
    assert.deepEqual(failure(mnist(['y_train = keras.utils.to_categorical(y_train)', flat])), [
      'shape-mismatch',
      'y_train has shape (60000, 10) but sparse_categorical_crossentropy expects integer class labels, one per sample (for one-hot labels use categorical_crossentropy)',
      7,
      38,
      7,
      71,
    ]);
    assert.deepEqual(failure(mnist(["model = keras.Sequential([layers.Flatten(), layers.Dense(5, activation='softmax')])"])), [
      'shape-mismatch',
      'y_train has shape (60000,) but its labels go up to 9 while the output layer has 5 units',
      6,
      38,
      6,
      71,
    ]);
    assert.deepEqual(failure(mnist(['y_train = keras.utils.to_categorical(y_train, 5)', flat])), [
      'shape-mismatch',
      'to_categorical: the labels go up to 9 but num_classes is 5',
      5,
      11,
      5,
      49,
    ]);
  });

  it('x and y of different lengths, at y', () => {
    assert.deepEqual(
      failure([MNIST, flat, "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')", 'model.fit(x_train[:1000], y_train)'].join('\n')),
      ['shape-mismatch', 'x_train[:1000] has 1000 samples but y_train has 60000', 7, 27, 7, 34],
    );
  });
});
