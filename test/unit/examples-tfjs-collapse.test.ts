// A real scan of the examples whose units collapse, saturate or sit in convolutions, on a small
// sample: each finds what its header says, at the layer's line.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { counts, flagged, scanExample } from './examples-tfjs-helpers';
import { ROOT } from './worker-helpers';

describe('TensorFlow.js examples: deep, saturated and convolutional', () => {
  it('deep-narrow-relu.js: the stack collapses at one layer and every later layer names it', async () => {
    const report = await scanExample('deep-narrow-relu.js');
    assert.deepEqual(
      counts(report).map(([name, line, dead]) => [name, line, dead]),
      [['dense_Dense1', 21, 0], ['dense_Dense2', 17, 0], ['dense_Dense3', 17, 0], ...Array.from({ length: 8 }, (_, i) => [`dense_Dense${i + 4}`, 17, 2])],
    );
    assert.deepEqual(
      report.layers.map((l) => l.rootCause),
      [null, null, null, null, ...Array.from({ length: 7 }, () => 'dense_Dense4')],
    );
    assert.deepEqual(flagged(report)[0], ['warning', 'dead-units', 17, 'dense_Dense4']);
    assert.deepEqual(
      report.diagnostics.slice(1).map((d) => [d.severity, d.code]),
      Array.from({ length: 7 }, () => ['information', 'input-dead']),
    );
    // The narrow layers are built in a helper: the related information points at its call in the
    // loop, then at the model's compile and fit calls.
    assert.deepEqual(
      report.diagnostics[0].related?.map((r) => [r.message, r.line, r.column]),
      [
        ['called from here', 23, 13],
        ['compiled here', 26, 1],
        ['trained here', 28, 1],
      ],
    );
  });

  it('saturated-sigmoid.ts: almost every sigmoid unit is saturated', async () => {
    const report = await scanExample('saturated-sigmoid.ts');
    assert.deepEqual(counts(report), [['dense_Dense1', 15, 0, 0, 62]]);
    assert.deepEqual(flagged(report), [['warning', 'saturated-units', 15, 'dense_Dense1']]);
    // TypeScript: the compile call, and the fit awaited at the top level.
    const file = path.join(ROOT, 'examples', 'tfjs', 'saturated-sigmoid.ts');
    assert.deepEqual(report.diagnostics[0].related, [
      { message: 'compiled here', file, line: 23, column: 1 },
      { message: 'trained here', file, line: 25, column: 23 },
    ]);
  });

  it('dead-conv.mjs: most channels of the first convolution are dead from the start', async () => {
    const report = await scanExample('dead-conv.mjs');
    assert.equal(report.backend, 'wasm');
    assert.deepEqual(counts(report), [
      ['conv2d_Conv2D1', 16, 11, 2, 0],
      ['conv2d_Conv2D2', 25, 0, 3, 0],
    ]);
    assert.deepEqual(flagged(report)[0], ['warning', 'dead-units', 16, 'conv2d_Conv2D1']);
  });
});
