// Errors in file order (issue 15): the translator keeps what it cannot evaluate (the data) until
// fit needs it, yet the first error it reports is the first unsupported construct in the file
// that the script goes on to use; a dataset the scan lacks is named before any of its arguments;
// a TensorFlow 1 import (tensorflow.contrib) is refused at the import.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failure } from './keras-helpers';

/** The translation these tests run is given no Keras cache (the worker always gives it one). */
const IMDB_MESSAGE = "imdb.load_data() reads Keras's cache, which this translation was not given";

describe('errors in file order', () => {
  it('reports unused data read before a layer the translator refuses at the data, with the dataset named before its arguments', () => {
    const source = [
      'from tensorflow import keras',
      '(x_train, y_train), _ = keras.datasets.imdb.load_data(num_words=10000)',
      'x_train = keras.preprocessing.sequence.pad_sequences(x_train, maxlen=500)',
      'model = keras.Sequential([keras.layers.Embedding(10000, 32), keras.layers.Conv3D(4, 3)])',
      "model.compile(optimizer='rmsprop', loss='binary_crossentropy')",
      'model.fit(x_train, y_train)',
    ].join('\n');
    assert.deepEqual(failure(source), ['unsupported', IMDB_MESSAGE, 2, 25, 2, 71]);
  });

  it('keeps the later error when the earlier unsupported value is never read', () => {
    const source = [
      'import datetime',
      'from tensorflow import keras',
      'now = datetime.datetime.now',
      '(x_train, y_train), _ = keras.datasets.mnist.load_data()',
      'model = keras.Sequential([keras.layers.Flatten(), keras.layers.Conv3D(4, 3)])',
      "model.compile(optimizer='adam', loss='mse')",
      'model.fit(x_train, y_train)',
    ].join('\n');
    const [code, message, line, column] = failure(source);
    assert.deepEqual([code, line, column], ['unsupported', 5, 51]);
    assert.match(message, /^keras\.layers\.Conv3D\(\.\.\.\) is not supported: the layer Conv3D is not translated/);
  });

  it('reports an unsupported value the function reads before the error that follows in it', () => {
    const source = [
      'import datetime',
      'from tensorflow import keras',
      'now = datetime.datetime.now',
      '(x_train, y_train), _ = keras.datasets.mnist.load_data()',
      'def train():',
      '    t = now()',
      "    print('started at', t)",
      '    model = keras.Sequential([keras.layers.Flatten(), keras.layers.Conv3D(4, 3)])',
      "    model.compile(optimizer='adam', loss='mse')",
      '    model.fit(x_train, y_train)',
      'train()',
    ].join('\n');
    const [code, message, line, column] = failure(source);
    assert.deepEqual([code, line, column], ['unsupported', 6, 9]);
    assert.match(message, /^now\(\.\.\.\) is not supported/);
  });
});

describe('TensorFlow 1 imports', () => {
  it('names tensorflow.contrib at the import, not where the model is built', () => {
    const source = [
      'import numpy as np',
      'from tensorflow.contrib.keras import models, layers',
      'x = np.random.rand(16, 3)',
      'y = np.random.rand(16, 1)',
      'model = models.Sequential([layers.Dense(1, input_shape=(3,))])',
      "model.compile(optimizer='sgd', loss='mse')",
      'model.fit(x, y)',
    ].join('\n');
    assert.deepEqual(failure(source), [
      'unsupported',
      'tensorflow.contrib is TensorFlow 1 (removed in TensorFlow 2): its Keras is tensorflow.keras or keras today, which the translator follows',
      2,
      1,
      2,
      52,
    ]);
  });
});
