// Keras 1's layer spellings that Keras 2 converted one to one (issue 15): Convolution1D /
// Convolution2D and their nb_filter, nb_row, nb_col, border_mode, subsample…, Dense's output_dim,
// Dropout's p, the recurrent layers' dropout_W / dropout_U; a layer frozen with `trainable = False`.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configs, failure, layersOf, translate } from './keras-helpers';

const pick = (config: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, config[k]]));
const CONV_KEYS = ['factory', 'filters', 'kernelSize', 'strides', 'padding', 'useBias'];

const script = (layer: string, extra: string[] = []) =>
  [
    'import numpy as np',
    'from tensorflow import keras',
    'from tensorflow.keras import layers',
    'x = np.random.rand(16, 8, 8, 3)',
    'y = np.random.rand(16, 1)',
    ...extra,
    `model = keras.Sequential([${layer}, layers.Flatten(), layers.Dense(1)])`,
    "model.compile(optimizer='sgd', loss='mse')",
    'model.fit(x, y)',
  ].join('\n');

describe('Keras 1 layer spellings', () => {
  it('reads Convolution2D(nb_filter, nb_row, nb_col, border_mode=, subsample=, dim_ordering=) as Conv2D, with a note at the call', () => {
    const [conv] = configs("layers.Convolution2D(4, 3, 2, border_mode='same', subsample=(2, 2), dim_ordering='tf', bias=False)");
    assert.deepEqual(pick(conv, CONV_KEYS), {
      factory: 'conv2d',
      filters: 4,
      kernelSize: [3, 2],
      strides: [2, 2],
      padding: 'same',
      useBias: false,
    });
    assert.equal(conv.name, 'conv2d');
    const plan = translate(script('layers.Convolution2D(4, 3, 3)'));
    assert.deepEqual(plan.notes, [
      {
        severity: 'information',
        code: 'unsupported',
        message:
          'Read as Keras 1 and 2 read it: Convolution2D(filters, nb_row, nb_col), a kernel of nb_row × nb_col (Keras 3 would take the third argument as strides).',
        file: '/work/model.py',
        line: 6,
        column: 27,
        endLine: 6,
        endColumn: 56,
      },
    ]);
    assert.deepEqual(layersOf(plan)[0].config.kernelSize, [3, 3]);
    // Keras 2's spelling under the old name, and the keywords nb_row / nb_col.
    assert.deepEqual(pick(configs('layers.Convolution2D(4, (3, 3), strides=2)')[0], ['kernelSize', 'strides']), { kernelSize: [3, 3], strides: 2 });
    assert.deepEqual(configs('layers.Convolution2D(nb_filter=4, nb_row=1, nb_col=3)')[0].kernelSize, [1, 3]);
  });

  it('reads Convolution1D, MaxPooling1D(pool_length=), Dense(output_dim=), Dropout(p=) and the recurrent dropouts', () => {
    const [conv, pool] = configs(
      "layers.Convolution1D(nb_filter=5, filter_length=3, border_mode='valid', subsample_length=1), layers.MaxPooling1D(pool_length=2)",
      '16, 10, 3',
    );
    assert.deepEqual(pick(conv, ['factory', 'filters', 'kernelSize', 'strides', 'padding']), {
      factory: 'conv1d',
      filters: 5,
      kernelSize: 3,
      strides: 1,
      padding: 'valid',
    });
    assert.deepEqual(pick(pool, ['factory', 'poolSize']), { factory: 'maxPooling1d', poolSize: 2 });
    const [dense, dropout] = configs('layers.Dense(output_dim=6), layers.Dropout(p=0.25)', '16, 4');
    assert.deepEqual([dense.units, dropout.rate], [6, 0.25]);
    const [lstm] = configs("layers.LSTM(output_dim=7, dropout_W=0.2, dropout_U=0.1, inner_activation='sigmoid')", '16, 5, 3');
    assert.deepEqual(pick(lstm, ['units', 'dropout', 'recurrentDropout', 'recurrentActivation']), {
      units: 7,
      dropout: 0.2,
      recurrentDropout: 0.1,
      recurrentActivation: 'sigmoid',
    });
  });

  it('refuses both spellings at once, a dim_ordering it does not know, and what Keras 2 dropped, at the argument', () => {
    assert.deepEqual(failure(script("layers.Convolution2D(4, 3, 3, padding='same', border_mode='valid')")), [
      'unsupported',
      "Convolution2D: border_mode='valid' is not supported (padding is given too)",
      6,
      73,
      6,
      92,
    ]);
    assert.deepEqual(failure(script("layers.Conv2D(4, 3, dim_ordering='xy')")).slice(0, 2), ['unsupported', "dim_ordering must be 'tf' or 'th', got 'xy'"]);
    assert.deepEqual(failure(script("layers.Conv2D(4, 3, dim_ordering='th')")).slice(0, 2), [
      'unsupported',
      "Conv2D: dim_ordering='th' is not supported (only 'channels_last' is translated)",
    ]);
    assert.deepEqual(failure(script('layers.Embedding(100, 8, dropout=0.2)')), [
      'unsupported',
      "Embedding: dropout= is Keras 1's (Keras 2 dropped it: a SpatialDropout1D layer after the Embedding does the same)",
      6,
      52,
      6,
      59,
    ]);
  });
});

describe('frozen layers', () => {
  it('trains a layer frozen before the fit as frozen, and leaves a plan made before it as it was', () => {
    const frozen = translate(script('conv', ['conv = layers.Conv2D(2, 3)', 'conv.trainable = False']));
    assert.equal(layersOf(frozen)[0].config.trainable, false);
    const before = translate(script('conv', ['conv = layers.Conv2D(2, 3)']) + '\nconv.trainable = False\nmodel.fit(x, y)');
    assert.equal(layersOf(before)[0].config.trainable, undefined);
  });
});
