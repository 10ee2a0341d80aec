// compile and fit: optimizers with Keras's learning rates, losses, metrics, fit settings and
// the callbacks note.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failure, FILE, place, translate } from './keras-helpers';

/** A 4-class classifier on random data; `compile` and `fit` are the lines under test. */
const classifier = (compile: string, fit = 'model.fit(x, y)') =>
  [
    'import numpy as np; import tensorflow as tf',
    'from tensorflow import keras',
    'from tensorflow.keras import layers, optimizers, losses, metrics',
    'x = np.random.rand(100, 8)',
    'y = np.random.randint(0, 4, size=100)',
    "model = keras.Sequential([layers.Dense(4, activation='softmax', input_shape=(8,))])",
    compile,
    fit,
  ].join('\n');

/** A one-output model on random data, for element-wise losses. */
const regressor = (compile: string) =>
  [
    'import numpy as np',
    'import keras',
    'x = np.random.rand(100, 8)',
    'y = np.random.rand(100, 1)',
    "model = keras.Sequential([keras.layers.Dense(1, activation='sigmoid')])",
    compile,
    'model.fit(x, y)',
  ].join('\n');

describe('optimizers', () => {
  it("uses Keras's default learning rate for each optimizer named by a string", () => {
    const cases: [string, string, number][] = [
      ['adam', 'adam', 0.001],
      ['sgd', 'sgd', 0.01],
      ['rmsprop', 'rmsprop', 0.001],
      ['adagrad', 'adagrad', 0.001],
      ['adadelta', 'adadelta', 0.001],
      ['adamax', 'adamax', 0.001],
      ['Adam', 'adam', 0.001],
      ['SGD', 'sgd', 0.01],
    ];
    for (const [given, name, learningRate] of cases) {
      const plan = translate(classifier(`model.compile(optimizer='${given}', loss='sparse_categorical_crossentropy')`));
      assert.deepEqual(plan.compile.optimizer, { name, learningRate }, given);
    }
  });

  it('defaults to rmsprop, as Keras compile does', () => {
    assert.deepEqual(translate(classifier("model.compile(loss='sparse_categorical_crossentropy')")).compile.optimizer, {
      name: 'rmsprop',
      learningRate: 0.001,
    });
  });

  it('reads optimizer objects with keyword, positional and legacy arguments', () => {
    const cases: [string, unknown][] = [
      ['optimizers.Adam(learning_rate=3e-4)', { name: 'adam', learningRate: 3e-4 }],
      ['optimizers.Adam(1e-2, 0.8, 0.99, 1e-8)', { name: 'adam', learningRate: 0.01, extra: { beta1: 0.8, beta2: 0.99, epsilon: 1e-8 } }],
      ['optimizers.SGD(lr=0.5, momentum=0.9)', { name: 'sgd', learningRate: 0.5, momentum: 0.9 }],
      ['optimizers.SGD(0.1)', { name: 'sgd', learningRate: 0.1 }],
      ['optimizers.SGD(lr=0.01, momentum=0.9, nesterov=True)', { name: 'sgd', learningRate: 0.01, momentum: 0.9, nesterov: true }],
      ['optimizers.SGD(0.1, nesterov=True)', { name: 'sgd', learningRate: 0.1 }],
      ['optimizers.RMSprop(learning_rate=0.01, rho=0.8)', { name: 'rmsprop', learningRate: 0.01, extra: { rho: 0.8 } }],
      ['optimizers.Adagrad(initial_accumulator_value=0.2)', { name: 'adagrad', learningRate: 0.001, extra: { initialAccumulatorValue: 0.2 } }],
      ['optimizers.legacy.Adam(lr=0.002)', { name: 'adam', learningRate: 0.002 }],
      ['keras.optimizers.Adadelta()', { name: 'adadelta', learningRate: 0.001 }],
      ['tf.optimizers.Adam(0.01)', { name: 'adam', learningRate: 0.01 }],
      ['optimizers.Adamax(learning_rate=0.002)', { name: 'adamax', learningRate: 0.002 }],
    ];
    for (const [optimizer, expected] of cases) {
      const plan = translate(classifier(`model.compile(optimizer=${optimizer}, loss='sparse_categorical_crossentropy')`));
      assert.deepEqual(plan.compile.optimizer, expected, optimizer);
    }
  });

  it('refuses optimizer settings tfjs cannot reproduce, at the argument', () => {
    const compile = (optimizer: string) => failure(classifier(`model.compile(optimizer=${optimizer}, loss='sparse_categorical_crossentropy')`));
    assert.deepEqual(compile('optimizers.RMSprop(0.1, centered=True)'), [
      'unsupported',
      'RMSprop: centered=True is not supported (tfjs has no such variant)',
      7,
      49,
      7,
      62,
    ]);
    assert.deepEqual(compile('optimizers.Adam(clipnorm=1.0)'), [
      'unsupported',
      'Adam: clipnorm=1.0 is not supported (tfjs optimizers have no such setting)',
      7,
      41,
      7,
      53,
    ]);
    assert.deepEqual(
      compile('optimizers.Adam(learning_rate=optimizers.schedules.ExponentialDecay(0.1, 100, 0.9))')[1],
      'optimizers.schedules.ExponentialDecay(...) is not supported: the Keras translator does not follow it',
    );
    assert.deepEqual(compile("'nadam'"), [
      'unsupported',
      "optimizer 'nadam' is not supported (supported: adam, sgd, rmsprop, adagrad, adadelta, adamax)",
      7,
      25,
      7,
      32,
    ]);
  });
});

describe('losses and metrics', () => {
  it('maps loss names, functions and classes to tfjs losses', () => {
    const cases: [string, string][] = [
      ["'mse'", 'meanSquaredError'],
      ["'mean_squared_error'", 'meanSquaredError'],
      ["'mae'", 'meanAbsoluteError'],
      ['keras.losses.mean_absolute_percentage_error', 'meanAbsolutePercentageError'],
      ["'binary_crossentropy'", 'binaryCrossentropy'],
      ['keras.losses.BinaryCrossentropy()', 'binaryCrossentropy'],
      ['keras.losses.MeanSquaredError()', 'meanSquaredError'],
      ["'hinge'", 'hinge'],
      ["'logcosh'", 'logcosh'],
      ["'msle'", 'meanSquaredLogarithmicError'],
    ];
    for (const [loss, expected] of cases) assert.equal(translate(regressor(`model.compile(optimizer='adam', loss=${loss})`)).compile.loss, expected, loss);
    const sparse = translate(classifier('model.compile(optimizer="adam", loss=losses.SparseCategoricalCrossentropy())'));
    assert.equal(sparse.compile.loss, 'sparseCategoricalCrossentropy');
  });

  it('ends the model with softmax (sigmoid for binary) when the loss takes logits, at the loss argument', () => {
    const plan = translate(classifier('model.compile(optimizer="adam", loss=losses.SparseCategoricalCrossentropy(from_logits=True))'));
    assert.equal(plan.compile.loss, 'sparseCategoricalCrossentropy');
    assert.ok(plan.model.kind === 'sequential');
    assert.deepEqual(
      plan.model.layers.map((l) => [l.factory, l.config.activation, l.config.name]),
      [
        ['dense', 'softmax', 'dense'],
        ['activation', 'softmax', 'activation'],
      ],
    );
    assert.deepEqual(place(plan.model.layers[1]), [7, 38, 7, 92]);
    const binary = translate(regressor('model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))'));
    assert.ok(binary.model.kind === 'sequential');
    assert.deepEqual(binary.model.layers[1].config, { activation: 'sigmoid', name: 'activation' });
  });

  it('maps metrics given as a list, a string or objects', () => {
    const metricsOf = (metrics: string) => translate(classifier(`model.compile('adam', 'sparse_categorical_crossentropy', ${metrics})`)).compile.metrics;
    assert.deepEqual(metricsOf("['accuracy']"), ['accuracy']);
    assert.deepEqual(metricsOf("['acc', 'mae', 'sparse_categorical_accuracy']"), ['accuracy', 'mae', 'accuracy']);
    assert.deepEqual(metricsOf("'accuracy'"), ['accuracy']);
    assert.deepEqual(metricsOf('[metrics.SparseCategoricalAccuracy(name="acc"), metrics.CategoricalAccuracy()]'), ['accuracy', 'categoricalAccuracy']);
    const [code, message, ...range] = failure(classifier("model.compile('adam', 'sparse_categorical_crossentropy', ['accuracy', 'f1'])"));
    assert.deepEqual([code, message.split(' (')[0], ...range], ['unsupported', "metric 'f1' is not supported", 7, 71, 7, 75]);
  });

  it('records where compile is', () => {
    assert.deepEqual(translate(classifier("model.compile('adam', 'sparse_categorical_crossentropy')")).compile.location, {
      file: FILE,
      line: 7,
      column: 1,
      endLine: 7,
      endColumn: 57,
    });
  });
});

describe('fit', () => {
  const fitOf = (fit: string) => translate(classifier("model.compile('adam', 'sparse_categorical_crossentropy')", fit)).fit;

  it("uses Keras's defaults: 1 epoch, batches of 32, shuffled, no validation", () => {
    const fit = fitOf('model.fit(x, y)');
    assert.deepEqual(
      { epochs: fit.epochs, batchSize: fit.batchSize, shuffle: fit.shuffle, validationSplit: fit.validationSplit, validationData: fit.validationData },
      { epochs: 1, batchSize: 32, shuffle: true, validationSplit: 0, validationData: null },
    );
    assert.deepEqual(fit.location, { file: FILE, line: 8, column: 1, endLine: 8, endColumn: 16 });
  });

  it('reads positional and keyword settings', () => {
    const fit = fitOf('history = model.fit(x, y, 64, 3, 0, None, 0.2, shuffle=False)');
    assert.deepEqual([fit.batchSize, fit.epochs, fit.validationSplit, fit.shuffle], [64, 3, 0.2, false]);
  });

  it('takes validation_data over validation_split, as Keras does', () => {
    const fit = fitOf('model.fit(x[:80], y[:80], epochs=2, validation_data=(x[80:], y[80:]), validation_split=0.5)');
    assert.equal(fit.validationSplit, 0);
    assert.deepEqual(
      fit.validationData?.map((a) => a.ops),
      [[{ op: 'slice', start: 80, end: 100 }], [{ op: 'slice', start: 80, end: 100 }]],
    );
    assert.deepEqual(fit.x.ops, [{ op: 'slice', start: 0, end: 80 }]);
  });

  it('notes the callbacks it skips at the callbacks argument', () => {
    const source = classifier(
      "model.compile('adam', 'sparse_categorical_crossentropy')",
      'class Logger(keras.callbacks.Callback):\n    def on_epoch_end(self, epoch, logs=None):\n        print(self.model.layers[0].output)\n' +
        'model.fit(x, y, callbacks=[Logger(), keras.callbacks.EarlyStopping(patience=3)])',
    );
    assert.deepEqual(translate(source).notes, [
      {
        severity: 'information',
        code: 'callbacks-skipped',
        message: "The scan skips fit's callbacks (Logger, EarlyStopping): it monitors every unit itself, from before the first step.",
        file: FILE,
        line: 11,
        column: 17,
        endLine: 11,
        endColumn: 80,
      },
    ]);
    assert.deepEqual(translate(classifier("model.compile('adam', 'sparse_categorical_crossentropy')", 'model.fit(x, y, callbacks=[])')).notes, []);
  });

  it('refuses settings it does not translate and a fit before compile', () => {
    const fail = (fit: string) => failure(classifier("model.compile('adam', 'sparse_categorical_crossentropy')", fit));
    assert.deepEqual(fail('model.fit(x, y, class_weight={0: 1.0})'), [
      'unsupported',
      'fit: class_weight={0: 1.0} is not supported (not translated)',
      8,
      17,
      8,
      38,
    ]);
    assert.deepEqual(fail('model.fit(x, y, initial_epoch=2)')[1], 'fit: initial_epoch=2 is not supported (the scan trains from the first epoch)');
    assert.deepEqual(failure(classifier('', 'model.fit(x, y)')), [
      'script-error',
      'the model must be compiled before fit: call model.compile(...) first',
      8,
      1,
      8,
      16,
    ]);
  });

  it('scans the first fit of a model and notes the later ones that train it further', () => {
    const plan = translate(
      classifier("model.compile('adam', 'sparse_categorical_crossentropy')", 'model.fit(x, y, epochs=2)\nfor _ in range(2):\n    model.fit(x, y, epochs=5)'),
    );
    assert.equal(plan.fit.epochs, 2);
    assert.deepEqual(plan.notes, [
      {
        severity: 'information',
        code: 'fit-not-scanned',
        message: 'Not scanned: this fit trains the model of an earlier fit further; the scan trains each model once, from its initial weights.',
        related: [{ message: "that model's first fit", file: FILE, line: 8, column: 1 }],
        file: FILE,
        line: 10,
        column: 5,
        endLine: 10,
        endColumn: 30,
      },
    ]);
  });

  it('adds up the epochs of one fit call run in a loop, as Keras continues training', () => {
    assert.equal(fitOf('for epoch in range(4):\n    model.fit(x, y, epochs=2, verbose=0)').epochs, 8);
    assert.equal(fitOf('for epoch in range(3):\n    model.fit(x, y)').epochs, 3);
  });
});
