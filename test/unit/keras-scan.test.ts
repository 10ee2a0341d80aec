// Real scans of the Keras examples on small samples: the translated plan trains in the worker
// with TensorFlow.js and the same units die as in each example's TensorFlow.js twin (same seed).

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Report } from '../../src/shared/protocol';
import { ROOT, scan } from './worker-helpers';

const example = (name: string) => path.join(ROOT, 'examples', name);

/** Per layer: class, units, dead, dying, saturated. */
const counts = (report: Report) => report.layers.map((l) => [l.className, l.units, l.dead, l.dying, l.saturated]);

async function twins(keras: string, tfjs: string, samples: number, probe: number): Promise<[Report, Report]> {
  const options = { samples, probe, seed: 11, epochs: 1 };
  const [py, js] = [await scan(example(`keras/${keras}`), { options }), await scan(example(`tfjs/${tfjs}`), { options })];
  assert.equal(py.report.status, 'completed', JSON.stringify(py.report.diagnostics));
  assert.equal(js.report.status, 'completed', JSON.stringify(js.report.diagnostics));
  assert.deepEqual(counts(py.report), counts(js.report));
  return [py.report, js.report];
}

describe('Keras examples scan like their TensorFlow.js twins', () => {
  it('negative-bias: the first layer is dead at initialisation', async () => {
    const [report] = await twins('negative-bias.py', 'negative-bias.ts', 600, 256);
    // 126 of 128 dead, as in the README's table (its larger scan finds the same).
    assert.deepEqual(counts(report), [
      ['Dense', 128, 126, 1, 0],
      ['Dense', 64, 16, 11, 0],
    ]);
    assert.deepEqual(
      report.layers.map((l) => l.line),
      [14, 22],
    );
  });

  it('high-learning-rate: SGD at 1.0 kills units during training', async () => {
    const [report] = await twins('high-learning-rate.py', 'high-learning-rate.mjs', 600, 256);
    assert.deepEqual(counts(report), [
      ['Dense', 128, 63, 30, 0],
      ['Dense', 64, 22, 13, 0],
    ]);
    assert.deepEqual(
      report.layers.map((l) => l.line),
      [13, 14],
    );
  });

  it('deep-narrow-relu: the narrow stack collapses, every block at the helper line', async () => {
    const [report] = await twins('deep-narrow-relu.py', 'deep-narrow-relu.js', 600, 256);
    assert.equal(report.layers.length, 11);
    assert.deepEqual(
      report.layers.map((l) => l.line),
      [21, 17, 17, 17, 17, 17, 17, 17, 17, 17, 17],
    );
    // On this small sample the stack dies at its last block; the blocks before it lose one unit each here and there.
    assert.deepEqual(
      report.layers.map((l) => l.dead),
      [0, 0, 1, 0, 1, 0, 0, 1, 1, 1, 2],
    );
    assert.deepEqual(
      report.layers.map((l) => [l.dying, l.saturated]),
      Array.from({ length: 11 }, () => [0, 0]),
    );
  });

  it('saturated-sigmoid: nearly every sigmoid unit is saturated', async () => {
    const [report] = await twins('saturated-sigmoid.py', 'saturated-sigmoid.ts', 300, 128);
    assert.deepEqual(counts(report), [['Dense', 64, 0, 0, 63]]);
    assert.equal(report.layers[0].line, 15);
  });

  it('dead-conv: channels with far negative biases never fire', async () => {
    const [report] = await twins('dead-conv.py', 'dead-conv.mjs', 64, 32);
    assert.deepEqual(counts(report), [
      ['Conv2D', 16, 14, 1, 0],
      ['Conv2D', 32, 0, 3, 0],
    ]);
    assert.deepEqual(
      report.layers.map((l) => l.line),
      [17, 26],
    );
  });
});
