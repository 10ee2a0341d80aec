// The monitor on constructed models: which layers are measured (and under which name), and the
// statistics of every unit on a probe set, with exact values.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_THRESHOLDS } from '../../src/shared/protocol';
import { describeModel } from '../../src/worker/modelSummary';
import { drawProbe, UnitMonitor } from '../../src/worker/monitor';
import { createRandom, sampleIndices } from '../../src/worker/seededRandom';

const round = (values: number[] | null) => values?.map((v) => +v.toFixed(4)) ?? null;

async function measure(model: tf.LayersModel, probe: tf.Tensor[]) {
  const { monitored } = describeModel(model);
  const monitor = new UnitMonitor(tf, model, monitored, probe, DEFAULT_THRESHOLDS);
  try {
    return await monitor.measure();
  } finally {
    monitor.dispose();
  }
}

describe('worker monitor', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('measures rate, mean |a|, max, τ and state of every Dense unit', async () => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 3, activation: 'relu', inputShape: [2], name: 'three' }));
    model.layers[0].setWeights([
      tf.tensor2d([
        [1, 0, -1],
        [0, 0, 0],
      ]),
      tf.tensor1d([0, -1, 0.5]),
    ]);
    // Unit 0 is relu(x0): 1, 2, 0, 0. Unit 1 is relu(-1): always 0. Unit 2 is relu(0.5 - x0): 0, 0, 1.5, 0.5.
    const [units] = await measure(model, [
      tf.tensor2d([
        [1, 5],
        [2, 5],
        [-1, 5],
        [0, 5],
      ]),
    ]);
    assert.deepEqual(
      { ...units, rate: round(units.rate), meanAbs: round(units.meanAbs), tau: round(units.tau) },
      {
        layer: 'three',
        rate: [0.5, 0, 0.5],
        meanAbs: [0.75, 0, 0.5],
        max: [2, 0, 1.5],
        tau: [1.8, 0, 1.2],
        saturation: null,
        state: ['healthy', 'dead', 'healthy'],
      },
    );
  });

  it('treats a conv channel as one unit, reduced over the sample and its positions', async () => {
    const model = tf.sequential();
    model.add(tf.layers.conv2d({ filters: 2, kernelSize: 1, activation: 'relu', inputShape: [2, 2, 1] }));
    model.layers[0].setWeights([tf.tensor4d([[[[1, -1]]]]), tf.tensor1d([0, 0])]);
    // Sample 0 has one positive pixel (of 4), sample 1 none: channel 0 copies the pixels, channel 1 is never positive.
    const probe = tf.tensor4d([
      [
        [[2], [0]],
        [[0], [0]],
      ],
      [
        [[0], [0]],
        [[0], [0]],
      ],
    ]);
    const [units] = await measure(model, [probe]);
    assert.deepEqual(
      [units.rate, round(units.meanAbs), units.max, units.state],
      [
        [0.5, 0],
        [0.25, 0],
        [2, 0],
        ['healthy', 'dead'],
      ],
    );
  });

  it('marks a sigmoid unit on its flat tail as saturated', async () => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 2, activation: 'sigmoid', inputShape: [1] }));
    model.layers[0].setWeights([tf.tensor2d([[100, 0.1]]), tf.tensor1d([0, 0])]);
    const [units] = await measure(model, [tf.tensor2d([[1], [-1], [2], [0.5]])]);
    assert.deepEqual(
      [units.saturation, units.state],
      [
        [1, 0],
        ['saturated', 'healthy'],
      ],
    );
  });

  it('attributes a separate activation (through BatchNormalization) to the layer with the weights', async () => {
    const input = tf.input({ shape: [2] });
    const dense = tf.layers.dense({ units: 2, name: 'hidden' }).apply(input) as tf.SymbolicTensor;
    const normalized = tf.layers.batchNormalization({ name: 'norm' }).apply(dense) as tf.SymbolicTensor;
    const activated = tf.layers.activation({ activation: 'relu', name: 'act' }).apply(normalized) as tf.SymbolicTensor;
    const leaky = tf.layers.leakyReLU({ name: 'leaky' }).apply(activated) as tf.SymbolicTensor;
    const output = tf.layers.dense({ units: 1, name: 'out' }).apply(leaky) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    const { layers, monitored } = describeModel(model);
    assert.deepEqual(
      layers.map((l) => [l.index, l.name, l.className, l.activation, l.family, l.units, l.outputShape, l.inbound]),
      [
        [0, 'hidden', 'Dense', 'relu', 'relu', 2, [null, 2], []],
        [1, 'norm', 'BatchNormalization', 'linear', null, 2, [null, 2], ['hidden']],
        [2, 'act', 'Activation', 'relu', null, 2, [null, 2], ['norm']],
        // Its input is an activation, not weights: a standalone monitored layer.
        [3, 'leaky', 'LeakyReLU', 'leakyRelu', 'relu', 2, [null, 2], ['act']],
        [4, 'out', 'Dense', 'linear', null, 1, [null, 1], ['leaky']],
      ],
    );
    assert.deepEqual(
      monitored.map((m) => [m.name, m.family, m.units, m.output === activated]),
      [
        ['hidden', 'relu', 2, true],
        ['leaky', 'relu', 2, false],
      ],
    );
  });

  it('measures the activation layer output, not the linear weights layer', async () => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 2, inputShape: [1], name: 'weights' }));
    model.add(tf.layers.reLU());
    model.layers[0].setWeights([tf.tensor2d([[1, -1]]), tf.tensor1d([0, 0])]);
    const [units] = await measure(model, [tf.tensor2d([[1], [2], [3]])]);
    assert.deepEqual([units.layer, units.rate, units.max, units.state], ['weights', [1, 0], [3, 0], ['healthy', 'dead']]);
  });

  it('draws the same seeded probe rows from every input', async () => {
    assert.deepEqual(sampleIndices(10, 4, createRandom(7)), [0, 1, 7, 9]);
    assert.deepEqual(sampleIndices(5, 9, createRandom(1)), [0, 1, 2, 3, 4]);
    const a = tf.range(0, 10).reshape([10, 1]);
    const b = tf.range(100, 110).reshape([10, 1]);
    const [pa, pb] = drawProbe(tf, [a, b], 10, 4, 7);
    assert.deepEqual(
      [await pa.data(), await pb.data()].map((d) => [...d]),
      [
        [0, 1, 7, 9],
        [100, 101, 107, 109],
      ],
    );
    // Only the first `rows` (the training part) are drawn from.
    const [first] = drawProbe(tf, [a], 3, 8, 7);
    assert.deepEqual([...(await first.data())], [0, 1, 2]);
  });

  it('splits the probe into batches of 256 and counts every sample once', async () => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 1, activation: 'relu', inputShape: [1], kernelInitializer: 'ones', biasInitializer: 'zeros' }));
    const probe = tf.range(-300, 300).reshape([600, 1]);
    const [units] = await measure(model, [probe]);
    // 299 of the 600 values -300…299 are positive.
    assert.deepEqual([units.rate, units.max], [[299 / 600], [299]]);
  });
});
