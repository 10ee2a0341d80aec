// Python dicts in the Keras translator (issue 15): hyperparameters kept in a dict literal or
// dict(...), read with d[k] / get, changed with d[k] = v / update, looped over; KeyError at its place.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failure, layersOf, translate } from './keras-helpers';

/** A script whose settings come from `lines` (from line 4): units, activation, epochs, batch. */
const script = (lines: string[], units = "params['units']", epochs = "params['epochs']") =>
  [
    'import numpy as np',
    'from tensorflow import keras',
    'from tensorflow.keras import layers',
    ...lines,
    'x = np.random.rand(32, 4)',
    'y = np.random.rand(32, 1)',
    `model = keras.Sequential([layers.Dense(${units}, activation=params.get('activation', 'relu')), layers.Dense(1)])`,
    "model.compile(optimizer=keras.optimizers.SGD(learning_rate=params['lr']), loss='mse')",
    `model.fit(x, y, epochs=${epochs}, batch_size=params.get('batch_size', 8))`,
  ].join('\n');

const settings = (plan: ReturnType<typeof translate>) => [
  layersOf(plan)[0].config.units,
  layersOf(plan)[0].config.activation,
  plan.compile.optimizer.learningRate,
  plan.fit.epochs,
  plan.fit.batchSize,
];

describe('dicts', () => {
  it('reads hyperparameters from a literal, dict(...), ** and updates', () => {
    assert.deepEqual(settings(translate(script(["params = {'units': 16, 'lr': 0.1, 'epochs': 3, 'activation': 'tanh'}"]))), [16, 'tanh', 0.1, 3, 8]);
    assert.deepEqual(settings(translate(script(['params = dict(units=4, lr=0.5, epochs=2, batch_size=16)']))), [4, 'relu', 0.5, 2, 16]);
    const changed = [
      "base = {'units': 4, 'lr': 0.5}",
      "params = {**base, 'epochs': 1}",
      "params['units'] = 32",
      'params.update(epochs=5)',
      "del_me = params.pop('missing', None)",
    ];
    assert.deepEqual(settings(translate(script(changed))), [32, 'relu', 0.5, 5, 8]);
    // base is another dict: the copy made by ** does not change it.
    assert.deepEqual(settings(translate(script(changed, "base['units']", 'len(params) + len(base)'))), [4, 'relu', 0.5, 5, 8]);
  });

  it('loops over a dict, its items, keys and values, and tests membership', () => {
    const plan = translate(
      script([
        "grid = {'units': [2, 8], 'epochs': [1, 4]}",
        'params = {}',
        'for name, options in grid.items():',
        '    params[name] = max(options)',
        'for name in grid:',
        "    params[name + '_count'] = len(grid[name])",
        "params['lr'] = 0.25 if 'units' in params and 'gamma' not in params else 1.0",
        "params['batch_size'] = max(list(params.values())[:2]) + len(list(grid.keys()))",
      ]),
    );
    assert.deepEqual(settings(plan), [8, 'relu', 0.25, 4, 10]);
  });

  it('keeps a setting the scan cannot follow until it is used, and stops at a missing key like Python', () => {
    assert.deepEqual(failure(script(["params = {'units': 4, 'lr': 0.1, 'epochs': open('e.txt').read()}"])), [
      'unsupported',
      'open(...) is not supported: the scan trains on keras.datasets.mnist / fashion_mnist and np.random arrays only',
      4,
      44,
      4,
      57,
    ]);
    assert.deepEqual(failure(script(["params = {'units': 4, 'lr': 0.1}"])), ['script-error', "KeyError: 'epochs'", 9, 24, 9, 40]);
    assert.deepEqual(failure(script(['params = {[1]: 2}'])).slice(0, 2), [
      'unsupported',
      '[1] as a dict key is not followed (numbers, strings, None and tuples of them are)',
    ]);
  });
});
