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
    assert.ok(report.layers[0].dead >= 100, `dead: ${report.layers[0].dead}`);
    assert.deepEqual(
      report.layers.map((l) => l.line),
      [14, 22],
    );
  });

  it('high-learning-rate: SGD at 1.0 kills units during training', async () => {
    const [report] = await twins('high-learning-rate.py', 'high-learning-rate.mjs', 600, 256);
    assert.ok(report.layers[0].dead >= 1, `dead: ${report.layers[0].dead}`);
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
    assert.ok(
      report.layers.some((l) => l.dead === l.units),
      'some narrow layer is fully dead',
    );
  });

  it('saturated-sigmoid: nearly every sigmoid unit is saturated', async () => {
    const [report] = await twins('saturated-sigmoid.py', 'saturated-sigmoid.ts', 300, 128);
    assert.ok(report.layers[0].saturated >= 58, `saturated: ${report.layers[0].saturated}`);
    assert.equal(report.layers[0].line, 15);
  });

  it('dead-conv: channels with far negative biases never fire', async () => {
    const [report] = await twins('dead-conv.py', 'dead-conv.mjs', 64, 32);
    assert.ok(report.layers[0].dead >= 1, `dead: ${report.layers[0].dead}`);
    assert.deepEqual(
      report.layers.map((l) => l.line),
      [17, 26],
    );
  });
});
