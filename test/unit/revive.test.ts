// ReDo in place on small models with hand-set weights: the dead units' incoming weights are
// re-drawn from the layer's initializer (exactly the seeded draw), their bias and outgoing
// weights are zero, every other weight is untouched, the output is unchanged at the reset, and
// the optimiser's state slices of the reset weights are zero.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { reviveUnits } from '../../src/worker/revive';

before(async () => {
  await tf.setBackend('cpu');
});

/** A value per index that is never zero and easy to recognise. */
const pattern = (shape: number[], scale: number): tf.Tensor =>
  tf.tensor(
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => scale * (1 + (i % 7)) * (i % 2 === 0 ? 1 : -1)),
    shape,
  );

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());
/** The values of `t` (rank 2) in column `c`, or row `r`. */
const column = (t: tf.Tensor, c: number): number[] => values(tf.gather(t, [c], 1));
const row = (t: tf.Tensor, r: number): number[] => values(tf.gather(t, [r], 0));

/** The optimiser's state variables (Adam: m and v per weight), by name. */
function slots(optimizer: tf.Optimizer): Map<string, tf.Variable> {
  const out = new Map<string, tf.Variable>();
  for (const value of Object.values(optimizer)) {
    if (!Array.isArray(value)) continue;
    for (const s of value as { originalName?: string; variable?: tf.Variable }[]) {
      if (s?.originalName && s.variable) out.set(s.originalName, s.variable);
    }
  }
  return out;
}

const INPUTS = tf.tensor2d([
  [0.1, 0.9, 0.3],
  [0.8, 0.2, 0.5],
  [0.4, 0.4, 0.4],
  [1.0, 0.0, 0.7],
]);

describe('revive: Dense → Dense with Adam', () => {
  const SEED = 7;
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 4, activation: 'relu', inputShape: [3], kernelInitializer: tf.initializers.glorotUniform({ seed: SEED }) }),
      tf.layers.dense({ units: 2 }),
    ],
  });
  const [hidden, out] = model.layers;
  // Units 1 and 3 are dead: a bias of -100 on inputs in [0, 1].
  hidden.setWeights([pattern([3, 4], 0.1), tf.tensor1d([0.05, -100, 0.02, -100])]);
  out.setWeights([pattern([4, 2], 0.2), tf.tensor1d([0.3, -0.3])]);
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });

  it('resets incoming, bias, outgoing and the Adam moments of the dead units only', async () => {
    await model.fit(INPUTS, tf.zeros([4, 2]), { epochs: 1, batchSize: 4, verbose: 0 });
    const optimizer = model.optimizer;
    const state = slots(optimizer);
    // Moments of dead units stay zero without a gradient: give every slot a value to see the reset.
    for (const v of state.values()) v.assign(tf.onesLike(v).mul(0.5));
    const [kernelBefore, biasBefore] = hidden.getWeights().map((t) => t.clone());
    const [outKernelBefore, outBiasBefore] = out.getWeights().map((t) => t.clone());
    const predictedBefore = values(model.predict(INPUTS) as tf.Tensor);

    const outcome = reviveUnits(tf, model, new Map([[hidden.name, [3, 1]]]));

    assert.deepEqual([...outcome.revived], [[hidden.name, [1, 3]]]);
    assert.deepEqual(outcome.skipped, []);
    const [kernel, bias] = hidden.getWeights();
    const drawn = tf.initializers.glorotUniform({ seed: SEED }).apply([3, 4]);
    for (const u of [1, 3]) {
      assert.deepEqual(column(kernel, u), column(drawn, u), `unit ${u}: incoming drawn from the initializer`);
      assert.ok(
        column(kernel, u).every((w, i) => w !== column(kernelBefore, u)[i]),
        `unit ${u}: incoming changed`,
      );
    }
    for (const u of [0, 2]) assert.deepEqual(column(kernel, u), column(kernelBefore, u), `unit ${u}: untouched`);
    assert.deepEqual(values(bias), [values(biasBefore)[0], 0, values(biasBefore)[2], 0]);
    const [outKernel, outBias] = out.getWeights();
    assert.deepEqual(row(outKernel, 1), [0, 0]);
    assert.deepEqual(row(outKernel, 3), [0, 0]);
    assert.deepEqual(row(outKernel, 0), row(outKernelBefore, 0));
    assert.deepEqual(row(outKernel, 2), row(outKernelBefore, 2));
    assert.deepEqual(values(outBias), values(outBiasBefore));

    const predictedAfter = values(model.predict(INPUTS) as tf.Tensor);
    predictedAfter.forEach((p, i) => assert.ok(Math.abs(p - predictedBefore[i]) <= 1e-6, `output ${i}: ${p} vs ${predictedBefore[i]}`));

    const slot = (weight: string, kind: 'm' | 'v') => {
      const v = state.get(`${weight}/${kind}`);
      assert.ok(v, `${weight}/${kind} exists`);
      return v;
    };
    for (const kind of ['m', 'v'] as const) {
      const k = slot(hidden.weights[0].name, kind);
      assert.deepEqual(
        [column(k, 0), column(k, 1), column(k, 2), column(k, 3)],
        [
          [0.5, 0.5, 0.5],
          [0, 0, 0],
          [0.5, 0.5, 0.5],
          [0, 0, 0],
        ],
      );
      assert.deepEqual(values(slot(hidden.weights[1].name, kind)), [0.5, 0, 0.5, 0]);
      const o = slot(out.weights[0].name, kind);
      assert.deepEqual(
        [row(o, 0), row(o, 1), row(o, 2), row(o, 3)],
        [
          [0.5, 0.5],
          [0, 0],
          [0.5, 0.5],
          [0, 0],
        ],
      );
      assert.deepEqual(values(slot(out.weights[1].name, kind)), [0.5, 0.5], "the next layer's bias is not reset");
    }
  });
});

describe('revive: Conv2D → MaxPooling2D → Flatten → Dense with SGD', () => {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ filters: 3, kernelSize: 2, activation: 'relu', inputShape: [3, 3, 1], kernelInitializer: tf.initializers.heNormal({ seed: 3 }) }),
      tf.layers.maxPooling2d({ poolSize: 1 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2 }),
    ],
  });
  const [conv, , , dense] = model.layers;
  // Channel 2 is dead. Output per sample 2×2×3, flattened channels-last: channel 2 is features 2, 5, 8, 11.
  conv.setWeights([pattern([2, 2, 1, 3], 0.1), tf.tensor1d([0.1, 0.2, -100])]);
  dense.setWeights([pattern([12, 2], 0.05), tf.tensor1d([0, 0])]);
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
  const images = tf.tensor4d(
    Array.from({ length: 18 }, (_, i) => (i % 5) / 5),
    [2, 3, 3, 1],
  );

  it('zeroes the flattened features of the dead channel in the Dense kernel and keeps the output', () => {
    const kernelBefore = conv.getWeights()[0].clone();
    const denseBefore = dense.getWeights()[0].clone();
    const predictedBefore = values(model.predict(images) as tf.Tensor);

    const outcome = reviveUnits(tf, model, new Map([[conv.name, [2]]]));

    assert.deepEqual([...outcome.revived], [[conv.name, [2]]]);
    const [kernel, bias] = conv.getWeights();
    const drawn = values(tf.initializers.heNormal({ seed: 3 }).apply([2, 2, 1, 3]));
    const before = values(kernelBefore);
    values(kernel).forEach((w, i) => assert.equal(w, i % 3 === 2 ? drawn[i] : before[i], `kernel[${i}]`));
    assert.deepEqual(values(bias), [values(bias)[0], values(bias)[1], 0]);
    assert.ok(Math.abs(values(bias)[0] - 0.1) < 1e-7 && Math.abs(values(bias)[1] - 0.2) < 1e-7);
    const flatDead = new Set([2, 5, 8, 11]);
    for (let r = 0; r < 12; r++) assert.deepEqual(row(dense.getWeights()[0], r), flatDead.has(r) ? [0, 0] : row(denseBefore, r), `dense row ${r}`);
    const predictedAfter = values(model.predict(images) as tf.Tensor);
    predictedAfter.forEach((p, i) => assert.ok(Math.abs(p - predictedBefore[i]) <= 1e-6));
  });
});

describe('revive: layers that cannot be revived in place', () => {
  it('skips units that are the model output, and layers followed by one that mixes units', () => {
    const input = tf.input({ shape: [2] });
    const a = tf.layers.dense({ units: 2, activation: 'relu' }).apply(input) as tf.SymbolicTensor;
    const b = tf.layers.dense({ units: 2, activation: 'relu' }).apply(input) as tf.SymbolicTensor;
    const sum = tf.layers.add().apply([a, b]) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: sum });
    const [, first] = model.layers;
    const weightsBefore = first.getWeights().map(values);
    const outcome = reviveUnits(
      tf,
      model,
      new Map([
        [first.name, [0]],
        ['nope', [1]],
      ]),
    );
    assert.deepEqual(outcome.revived.size, 0);
    assert.deepEqual(outcome.skipped, [
      { layer: first.name, reason: 'a Add layer follows it' },
      { layer: 'nope', reason: 'the model has no such layer' },
    ]);
    assert.deepEqual(first.getWeights().map(values), weightsBefore);
    const sequential = tf.sequential({ layers: [tf.layers.dense({ units: 2, activation: 'relu', inputShape: [2] })] });
    assert.deepEqual(reviveUnits(tf, sequential, new Map([[sequential.layers[0].name, [0]]])).skipped, [
      { layer: sequential.layers[0].name, reason: "its units are the model's output" },
    ]);
  });
});
