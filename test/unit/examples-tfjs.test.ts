// A real scan of each TensorFlow.js example on a small sample (500 training samples, one epoch,
// 256 probe samples, seed 7): each finds what its header says, at the layer's line.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { exitCode } from '../../src/engine/report';
import type { Report } from '../../src/shared/protocol';
import { ROOT, scan } from './worker-helpers';

const example = async (name: string): Promise<Report> => {
  const { report } = await scan(path.join(ROOT, 'examples', 'tfjs', name), { options: { samples: 500, epochs: 1, probe: 256, seed: 7 } });
  assert.equal(report.status, 'completed');
  return report;
};

/** Per layer: [name, line, dead, dying, saturated]. */
const counts = (report: Report) => report.layers.map((l) => [l.name, l.line, l.dead, l.dying, l.saturated]);
const flagged = (report: Report) => report.diagnostics.map((d) => [d.severity, d.code, d.line, d.layer]);

describe('TensorFlow.js examples', () => {
  it('mnist-tutorial.js: healthy, nothing at warning level', async () => {
    const report = await example('mnist-tutorial.js');
    assert.deepEqual(counts(report), [['dense_Dense1', 15, 1, 5, 0]]);
    assert.equal(exitCode(report), 0);
  });

  it('negative-bias.ts: the first hidden layer is dead before the first step', async () => {
    const report = await example('negative-bias.ts');
    assert.deepEqual(counts(report), [
      ['dense_Dense1', 15, 125, 0, 0],
      ['dense_Dense2', 22, 3, 8, 0],
    ]);
    // 124 of them were dead at the check before training (check 0).
    assert.deepEqual(report.layers[0].firstDeadCheck.filter((c) => c === 0).length, 124);
    assert.deepEqual(flagged(report)[0], ['warning', 'dead-units', 15, 'dense_Dense1']);
    assert.equal(exitCode(report), 1);
  });

  it('high-learning-rate.mjs: alive at initialisation, many units dead after a few batches', async () => {
    const report = await example('high-learning-rate.mjs');
    const [first, second] = report.layers;
    assert.deepEqual([first.name, first.line, second.name, second.line], ['dense_Dense1', 14, 'dense_Dense2', 15]);
    // Two of the 192 units were dead at the check before training (check 0); training kills dozens.
    assert.equal(report.layers.flatMap((l) => l.firstDeadCheck).filter((c) => c === 0).length, 2);
    assert.ok(first.dead >= 32, `dense_Dense1: ${first.dead} dead of 128`);
    assert.deepEqual(flagged(report).slice(0, 2), [
      ['warning', 'dead-units', 14, 'dense_Dense1'],
      ['warning', 'dead-units', 15, 'dense_Dense2'],
    ]);
  });

  it('deep-narrow-relu.js: the stack collapses at one layer and every later layer names it', async () => {
    const report = await example('deep-narrow-relu.js');
    assert.deepEqual(
      counts(report).map(([name, line, dead]) => [name, line, dead]),
      [
        ['dense_Dense1', 21, 0],
        ['dense_Dense2', 17, 0],
        ['dense_Dense3', 17, 0],
        ['dense_Dense4', 17, 2],
        ...Array.from({ length: 7 }, (_, i) => [`dense_Dense${i + 5}`, 17, 2]),
      ],
    );
    assert.deepEqual(
      report.layers.map((l) => l.rootCause),
      [null, null, null, null, ...Array.from({ length: 7 }, () => 'dense_Dense4')],
    );
    const diagnostics = report.diagnostics;
    assert.deepEqual(flagged(report)[0], ['warning', 'dead-units', 17, 'dense_Dense4']);
    assert.deepEqual(
      diagnostics.slice(1).map((d) => [d.severity, d.code]),
      Array.from({ length: 7 }, () => ['information', 'input-dead']),
    );
    // The narrow layers are built in a helper: the related information points at its call in the loop.
    assert.deepEqual(
      diagnostics[0].related?.map((r) => [r.message, r.line, r.column]),
      [['called from here', 23, 13]],
    );
  });

  it('saturated-sigmoid.ts: almost every sigmoid unit is saturated', async () => {
    const report = await example('saturated-sigmoid.ts');
    assert.deepEqual(counts(report), [['dense_Dense1', 15, 0, 0, 62]]);
    assert.deepEqual(flagged(report), [['warning', 'saturated-units', 15, 'dense_Dense1']]);
  });

  it('dead-conv.mjs: most channels of the first convolution are dead from the start', async () => {
    const report = await example('dead-conv.mjs');
    assert.equal(report.backend, 'wasm');
    assert.deepEqual(counts(report), [
      ['conv2d_Conv2D1', 16, 11, 2, 0],
      ['conv2d_Conv2D2', 25, 0, 3, 0],
    ]);
    assert.deepEqual(flagged(report)[0], ['warning', 'dead-units', 16, 'conv2d_Conv2D1']);
  });
});
