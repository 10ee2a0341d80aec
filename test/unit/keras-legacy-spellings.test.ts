// Keras 1/2 spellings that map one to one (issue 15): fit's nb_epoch= and a layer's init=
// translate like epochs= and kernel_initializer=; both spellings at once are refused at the old one.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configs, failure, GLOROT, translate, ZEROS } from './keras-helpers';

const script = (fit: string, dense = "layers.Dense(4, activation='relu', input_shape=(3,))") =>
  [
    'import numpy as np',
    'from tensorflow import keras',
    'from tensorflow.keras import layers',
    'x = np.random.rand(16, 3)',
    'y = np.random.rand(16, 1)',
    `model = keras.Sequential([${dense}, layers.Dense(1)])`,
    "model.compile(optimizer='sgd', loss='mse')",
    fit,
  ].join('\n');

describe('Keras 1/2 spellings', () => {
  it("reads fit's nb_epoch= as epochs=", () => {
    assert.equal(translate(script('model.fit(x, y, nb_epoch=3, batch_size=8)')).fit.epochs, 3);
    assert.deepEqual(failure(script('model.fit(x, y, nb_epoch=3, epochs=2)')), [
      'unsupported',
      'fit: nb_epoch=3 is not supported (epochs is given too)',
      8,
      17,
      8,
      27,
    ]);
  });

  it("reads a layer's init= as kernel_initializer=", () => {
    assert.deepEqual(configs("layers.Dense(8, init='uniform')", '16, 20'), [
      {
        factory: 'dense',
        units: 8,
        activation: 'linear',
        kernelInitializer: { className: 'RandomUniform', config: { minval: -0.05, maxval: 0.05, seed: null } },
        biasInitializer: ZEROS,
        name: 'dense',
      },
    ]);
    assert.deepEqual(configs("layers.Conv2D(4, 3, init='glorot_uniform')")[0].kernelInitializer, GLOROT);
  });

  it("reads keras.utils.np_utils.to_categorical and an optimizer's lr=", () => {
    for (const [line, call] of [
      ['from keras.utils import np_utils', 'np_utils.to_categorical(y, 3)'],
      ['from keras.utils.np_utils import to_categorical', 'to_categorical(y, num_classes=3)'],
      ['import keras.utils.np_utils', 'keras.utils.np_utils.to_categorical(y, 3)'],
    ]) {
      const plan = translate(
        [
          'import numpy as np',
          'import keras',
          line,
          'x = np.random.rand(16, 3)',
          'y = np.random.randint(0, 3, 16)',
          `y = ${call}`,
          "model = keras.Sequential([keras.layers.Dense(3, activation='softmax', input_dim=3)])",
          "model.compile(optimizer=keras.optimizers.SGD(lr=0.3), loss='categorical_crossentropy')",
          'model.fit(x, y)',
        ].join('\n'),
      );
      assert.deepEqual([plan.fit.y.ops, plan.compile.optimizer.learningRate], [[{ op: 'toCategorical', classes: 3 }], 0.3], call);
    }
  });
});
