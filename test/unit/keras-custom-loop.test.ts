// A custom training loop has no fit to scan (issue 15): the no-fit message names what the
// script trains with, at its line — the GradientTape, or the train_step a subclassed Model overrides.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failure } from './keras-helpers';

describe('custom training loops', () => {
  it('reports no-fit at the first tf.GradientTape of a training loop', () => {
    const source = [
      'import numpy as np',
      'import tensorflow as tf',
      'from tensorflow import keras',
      'x = np.random.rand(16, 3)',
      'y = np.random.rand(16, 1)',
      "model = keras.Sequential([keras.layers.Dense(4, activation='relu', input_shape=(3,)), keras.layers.Dense(1)])",
      'optimizer = keras.optimizers.SGD()',
      'for step in range(10):',
      '    with tf.GradientTape() as tape:',
      '        loss = tf.reduce_mean((model(x) - y) ** 2)',
      '    grads = tape.gradient(loss, model.trainable_weights)',
      '    optimizer.apply_gradients(zip(grads, model.trainable_weights))',
    ].join('\n');
    assert.deepEqual(failure(source), [
      'no-fit',
      'No model.fit(...) call runs in this file: it trains in a custom loop (tf.GradientTape), which the scan does not follow; it scans what fit trains.',
      9,
      10,
      9,
      27,
    ]);
  });

  it('reports no-fit at the train_step a subclassed Model overrides', () => {
    const source = [
      'import numpy as np',
      'from tensorflow import keras',
      'class Trainer(keras.Model):',
      '    def train_step(self, data):',
      '        return {}',
      'model = Trainer()',
      "model.compile(optimizer='sgd', loss='mse')",
      'model.fit(np.random.rand(16, 3), np.random.rand(16, 1))',
    ].join('\n');
    assert.deepEqual(failure(source), [
      'no-fit',
      "the class Trainer overrides train_step, a custom training step: the scan trains what Keras's own fit step trains, so there is no fit to scan",
      4,
      9,
      4,
      19,
    ]);
  });
});
