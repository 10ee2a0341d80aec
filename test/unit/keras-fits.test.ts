// Every fit a Keras script runs: the translator scans each distinct one (up to --max-fits, in the
// order they run), counts a repeat of a scanned one (a loop over seeds), and notes every fit it
// does not scan at its line.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translateKerasScript } from '../../src/engine/keras/index';
import type { ScriptPlan } from '../../src/engine/plan';
import { FILE, layersOf } from './keras-helpers';

const HEADER = [
  'import numpy as np',
  'from tensorflow import keras',
  'from tensorflow.keras import layers',
  'x = np.random.rand(64, 8)',
  'y = np.random.rand(64, 1)',
];

const script = (lines: string[], maxFits?: number): ScriptPlan => translateKerasScript([...HEADER, ...lines].join('\n'), FILE, { maxFits });

/** The notes as [severity, code, message, line, column]. */
const notes = (plan: ScriptPlan) => plan.notes.map((n) => [n.severity, n.code, n.message, n.line, n.column]);

/** The notes' related places as [message, line, column]. */
const related = (plan: ScriptPlan) => plan.notes.map((n) => (n.related ?? []).map((r) => [r.message, r.line, r.column]));

/** A depth sweep over seeds: build(depth) adds `depth` hidden layers at line 9 (the loop's body). */
const SWEEP = [
  'def build(depth):', // 6
  '    model = keras.Sequential()', // 7
  '    for _ in range(depth):', // 8
  "        model.add(layers.Dense(16, activation='relu'))", // 9
  '    model.add(layers.Dense(1))', // 10
  "    model.compile(optimizer='adam', loss='mse')", // 11
  '    return model', // 12
  'for depth in [1, 2, 3]:', // 13
  '    for seed in range(2):', // 14
  '        np.random.seed(seed)', // 15
  '        model = build(depth)', // 16
  '        model.fit(x, y, epochs=2, verbose=0)', // 17
];

describe('every fit a Keras script runs', () => {
  it('a sweep of 3 depths × 2 seeds scans the 3 depths and counts 3 repeats', () => {
    const plan = script(SWEEP);
    assert.equal(plan.fits.length, 3);
    assert.deepEqual(
      plan.fits.map((f) => [layersOf(f.plan).length, f.repeats, f.plan.fit.location.line, f.plan.fit.epochs]),
      [
        [2, 1, 17, 2],
        [3, 1, 17, 2],
        [4, 1, 17, 2],
      ],
    );
    // Each model's layers are keyed by their own construction line, called from build(depth) at line 16.
    const hidden = layersOf(plan.fits[2].plan).slice(0, 3);
    assert.deepEqual(
      hidden.map((l) => [l.location.line, l.location.column, l.callers.map((c) => [c.line, c.functionName])]),
      [
        [9, 19, [[16, 'build']]],
        [9, 19, [[16, 'build']]],
        [9, 19, [[16, 'build']]],
      ],
    );
    // Keras names every model's layers apart: the report tells them apart by name.
    assert.deepEqual(
      plan.fits.map((f) => layersOf(f.plan).map((l) => l.config.name)),
      [
        ['dense', 'dense_1'],
        ['dense_4', 'dense_5', 'dense_6'],
        ['dense_10', 'dense_11', 'dense_12', 'dense_13'],
      ],
    );
    assert.deepEqual(notes(plan), []);
  });

  it('10 distinct fits: the first 8 are scanned, the other 2 get a note at their line', () => {
    const fits = Array.from({ length: 10 }, (_, i) => [
      `m${i} = keras.Sequential([layers.Dense(${i + 1}, activation='relu'), layers.Dense(1)])`,
      `m${i}.compile(optimizer='sgd', loss='mse')`,
      `m${i}.fit(x, y)`,
    ]).flat();
    const plan = script(fits);
    assert.equal(plan.fits.length, 8);
    assert.deepEqual(
      plan.fits.map((f) => f.plan.fit.location.line),
      [8, 11, 14, 17, 20, 23, 26, 29],
    );
    assert.deepEqual(notes(plan), [
      [
        'information',
        'fit-not-scanned',
        'Not scanned: the scan covers the first 8 fits the script runs and this is fit 9; pass --max-fits 9 / set dyingNeurons.maxFits to scan it.',
        32,
        1,
      ],
      [
        'information',
        'fit-not-scanned',
        'Not scanned: the scan covers the first 8 fits the script runs and this is fit 10; pass --max-fits 10 / set dyingNeurons.maxFits to scan it.',
        35,
        1,
      ],
    ]);
    assert.equal(script(fits, 10).fits.length, 10);
    assert.deepEqual(notes(script(fits, 10)), []);
    const one = script(fits, 1);
    assert.equal(one.fits.length, 1);
    assert.deepEqual(notes(one)[0], [
      'information',
      'fit-not-scanned',
      'Not scanned: the scan covers the first fit the script runs and this is fit 2; pass --max-fits 2 / set dyingNeurons.maxFits to scan it.',
      11,
      1,
    ]);
  });

  it('a loop of more depths than --max-fits notes its fit line once', () => {
    const plan = script(SWEEP, 2);
    assert.deepEqual(
      plan.fits.map((f) => [layersOf(f.plan).length, f.repeats]),
      [
        [2, 1],
        [3, 1],
      ],
    );
    assert.deepEqual(notes(plan), [
      [
        'information',
        'fit-not-scanned',
        'Not scanned: the scan covers the first 2 fits the script runs and this is fit 3; pass --max-fits 3 / set dyingNeurons.maxFits to scan it.',
        17,
        9,
      ],
    ]);
  });

  it('the same model and settings fitted at another line is counted there, with a note', () => {
    const model = "keras.Sequential([layers.Dense(4, activation='relu', input_shape=(8,)), layers.Dense(1)])";
    const plan = script([
      `def build():\n    m = ${model}\n    m.compile(optimizer='adam', loss='mse')\n    return m`, // 6-9
      'a = build()', // 10
      'a.fit(x, y, epochs=3)', // 11
      'b = build()', // 12
      'b.fit(x, y, epochs=3)', // 13
      'c = build()', // 14
      'c.fit(x, y, epochs=4)', // 15: other settings, scanned
    ]);
    assert.deepEqual(
      plan.fits.map((f) => [f.plan.fit.location.line, f.plan.fit.epochs, f.repeats]),
      [
        [11, 3, 1],
        [15, 4, 0],
      ],
    );
    assert.deepEqual(notes(plan), [
      ['information', 'fit-not-scanned', 'Not scanned: the same model and training settings as a fit the scan trains, counted there as a repeat.', 13, 1],
    ]);
    assert.deepEqual(related(plan), [[['the fit the scan trains', 11, 1]]]);
  });

  it('a model trained further by another fit is noted; the same call in a loop adds its epochs', () => {
    const plan = script([
      "model = keras.Sequential([layers.Dense(4, activation='relu'), layers.Dense(1)])",
      "model.compile(optimizer='adam', loss='mse')",
      'for epoch in range(3):', // 8
      '    model.fit(x, y, epochs=2)', // 9
      'model.fit(x, y, epochs=5)', // 10
      "other = keras.Sequential([layers.Dense(8, activation='relu'), layers.Dense(1)])",
      "other.compile(optimizer='adam', loss='mse')",
      'for seed in range(2):', // 13
      '    other.fit(x, y)', // 14
    ]);
    assert.deepEqual(
      plan.fits.map((f) => [f.plan.fit.location.line, f.plan.fit.epochs, f.repeats]),
      [
        [9, 6, 0],
        [14, 2, 0],
      ],
    );
    assert.deepEqual(notes(plan), [
      [
        'information',
        'fit-not-scanned',
        'Not scanned: this fit trains the model of an earlier fit further; the scan trains each model once, from its initial weights.',
        10,
        1,
      ],
    ]);
    assert.deepEqual(related(plan), [[["that model's first fit", 9, 5]]]);
  });

  it('a later fit the translator cannot follow is not scanned; the fits before it are', () => {
    const plan = script([
      "model = keras.Sequential([layers.Dense(4, activation='relu'), layers.Dense(1)])",
      "model.compile(optimizer='adam', loss='mse')",
      'model.fit(x, y)', // 8
      "second = keras.Sequential([layers.Dense(4, activation='relu'), layers.Dense(1)])",
      "second.compile(optimizer='adam', loss='mse')",
      'second.fit(x, y, class_weight={0: 1.0})', // 11
    ]);
    assert.deepEqual(
      plan.fits.map((f) => f.plan.fit.location.line),
      [8],
    );
    // At the argument that stops it, with the fit it stops as related information.
    assert.deepEqual(notes(plan), [['information', 'fit-not-scanned', 'Not scanned: fit: class_weight={0: 1.0} is not supported (not translated)', 11, 18]]);
    assert.deepEqual(related(plan), [[['the fit not scanned', 11, 1]]]);
  });

  it('a NameError after two fits keeps both and says where Python stops', () => {
    const plan = script([
      "model = keras.Sequential([layers.Dense(4, activation='relu'), layers.Dense(1)])",
      "model.compile(optimizer='adam', loss='mse')",
      'model.fit(x, y)', // 8
      "wide = keras.Sequential([layers.Dense(9, activation='relu'), layers.Dense(1)])",
      "wide.compile(optimizer='adam', loss='mse')",
      'wide.fit(x, y)', // 11
      'evaluate(wide)', // 12
    ]);
    assert.equal(plan.fits.length, 2);
    assert.deepEqual(notes(plan), [
      ['warning', 'script-error', "name 'evaluate' is not defined: Python stops here, after the fits at lines 8, 11 that the scan trains", 12, 1],
    ]);
  });
});
