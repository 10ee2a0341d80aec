// The UnsortedSegmentSum kernel the worker registers on the wasm backend (Embedding's gradient):
// the sums, dropped out-of-range ids, and a gather's gradient computed on wasm.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmSegmentSum } from '../../src/worker/wasmSegmentSum';

before(async () => {
  assert.ok(await tf.setBackend('wasm'));
  await tf.ready();
  registerWasmSegmentSum(tf);
});

describe('UnsortedSegmentSum on wasm', () => {
  it('sums the rows of each segment; ids outside [0, numSegments) are dropped', () => {
    const x = tf.tensor2d(
      [
        [1, 2],
        [3, 4],
        [5, 6],
        [7, 8],
      ],
      [4, 2],
    );
    const sums = tf.unsortedSegmentSum(x, tf.tensor1d([2, 0, 2, 5], 'int32'), 3);
    assert.equal(tf.getBackend(), 'wasm');
    assert.deepEqual(sums.arraySync(), [
      [3, 4],
      [0, 0],
      [6, 8],
    ]);
  });

  it("gives an embedding lookup's gradient: each row counts its lookups", () => {
    const table = tf.zeros([4, 3]);
    const gradient = tf.grad((w: tf.Tensor) => tf.gather(w, tf.tensor2d([[1, 3, 1]], [1, 3], 'int32')).sum())(table);
    assert.deepEqual(gradient.arraySync(), [
      [0, 0, 0],
      [2, 2, 2],
      [0, 0, 0],
      [1, 1, 1],
    ]);
  });
});
