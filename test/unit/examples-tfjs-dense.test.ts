// A real scan of each MNIST Dense example on a small sample: each finds what its header says, at
// the layer's line.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exitCode } from '../../src/engine/report';
import { counts, flagged, scanExample } from './examples-tfjs-helpers';

describe('TensorFlow.js examples: Dense models on MNIST', () => {
  it('mnist-tutorial.js: healthy, nothing at warning level', async () => {
    const report = await scanExample('mnist-tutorial.js');
    assert.deepEqual(counts(report), [['dense_Dense1', 15, 1, 5, 0]]);
    assert.equal(exitCode(report), 0);
  });

  it('negative-bias.ts: the first hidden layer is dead before the first step', async () => {
    const report = await scanExample('negative-bias.ts');
    assert.deepEqual(counts(report), [
      ['dense_Dense1', 15, 125, 0, 0],
      ['dense_Dense2', 22, 3, 8, 0],
    ]);
    // 124 of them were dead at the check before training (check 0).
    assert.equal(report.layers[0].firstDeadCheck.filter((c) => c === 0).length, 124);
    assert.deepEqual(flagged(report)[0], ['warning', 'dead-units', 15, 'dense_Dense1']);
    assert.equal(exitCode(report), 1);
  });

  it('high-learning-rate.mjs: alive at initialisation, many units dead after a few batches', async () => {
    const report = await scanExample('high-learning-rate.mjs');
    // Two of the 192 units were dead at the check before training (check 0); training kills dozens.
    assert.equal(report.layers.flatMap((l) => l.firstDeadCheck).filter((c) => c === 0).length, 2);
    assert.deepEqual(counts(report), [
      ['dense_Dense1', 14, 49, 36, 0],
      ['dense_Dense2', 15, 17, 9, 0],
    ]);
    assert.deepEqual(flagged(report).slice(0, 2), [
      ['warning', 'dead-units', 14, 'dense_Dense1'],
      ['warning', 'dead-units', 15, 'dense_Dense2'],
    ]);
  });
});
