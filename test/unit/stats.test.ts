import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activationFamily, addActivations, classifyMeasures, classifyUnits, createUnitSums } from '../../src/engine/stats';
import { DEFAULT_THRESHOLDS, type ActivationFamily, type Thresholds } from '../../src/shared/protocol';

/** Accumulates `rows` (one per sample, each `units × positions` values channels-last) in one batch. */
function measure(family: ActivationFamily, rows: number[][], units: number, thresholds: Thresholds = DEFAULT_THRESHOLDS, activation: string = family) {
  const sums = createUnitSums(units, family, thresholds);
  addActivations(sums, Float32Array.from(rows.flat()), rows.length);
  return classifyUnits({ name: 'layer', activation }, sums, thresholds);
}

describe('dense ReLU units', () => {
  // 4 samples × 3 units: unit 0 active on 3 of 4, unit 1 never, unit 2 once and weakly.
  const rows = [
    [2, 0, 0.25],
    [0, 0, 0],
    [4, 0, 0],
    [2, 0, 0],
  ];

  it('measures rate, mean |a|, max and τ exactly', () => {
    const u = measure('relu', rows, 3);
    assert.deepEqual(u.rate, [0.75, 0, 0.25]);
    assert.deepEqual(u.meanAbs, [2, 0, 0.0625]);
    assert.deepEqual(u.max, [4, 0, 0.25]);
    // layer mean of mean|a| = 2.0625 / 3 = 0.6875
    assert.deepEqual(u.tau, [2 / 0.6875, 0, 0.0625 / 0.6875]);
    assert.equal(u.saturation, null);
    assert.deepEqual(u.state, ['healthy', 'dead', 'healthy']);
  });

  it('takes the τ threshold as an option', () => {
    const thresholds = { ...DEFAULT_THRESHOLDS, tau: 0.1 };
    assert.deepEqual(measure('relu', rows, 3, thresholds).state, ['healthy', 'dead', 'dying']);
  });

  it('takes the dying rate as an option', () => {
    const thresholds = { ...DEFAULT_THRESHOLDS, dyingRate: 0.3 };
    assert.deepEqual(measure('relu', rows, 3, thresholds).state, ['healthy', 'dead', 'dying']);
  });

  it('calls a unit active on fewer than 1% of samples dying', () => {
    // 200 samples × 2 units; unit 1 is active (strongly) on one sample only.
    const many = Array.from({ length: 200 }, (_, s) => [1, s === 7 ? 100 : 0]);
    const u = measure('relu', many, 2);
    assert.deepEqual(u.rate, [1, 0.005]);
    assert.deepEqual(u.state, ['healthy', 'dying']);
  });

  it('gives every unit τ 0 when the whole layer is silent', () => {
    const u = measure(
      'relu',
      [
        [0, 0],
        [0, 0],
      ],
      2,
    );
    assert.deepEqual(u.tau, [0, 0]);
    assert.deepEqual(u.state, ['dead', 'dead']);
  });

  it('calls leaky units that are never positive inactive, not dead, with their |a|', () => {
    const rows = [
      [-0.5, 1],
      [-0.25, -1],
    ];
    const u = measure('relu', rows, 2, DEFAULT_THRESHOLDS, 'leakyRelu');
    assert.deepEqual(u.rate, [0, 0.5]);
    assert.deepEqual(u.meanAbs, [0.375, 1]);
    assert.deepEqual(u.max, [-0.25, 1]);
    assert.deepEqual(u.state, ['inactive', 'healthy']);
  });

  it('accumulates batch by batch exactly as in one batch', () => {
    const sums = createUnitSums(3, 'relu', DEFAULT_THRESHOLDS);
    addActivations(sums, Float32Array.from(rows.slice(0, 1).flat()), 1);
    addActivations(sums, Float32Array.from(rows.slice(1).flat()), 3);
    assert.equal(sums.samples, 4);
    assert.deepEqual(classifyUnits({ name: 'layer', activation: 'relu' }, sums, DEFAULT_THRESHOLDS), measure('relu', rows, 3));
  });
});

describe('conv channels', () => {
  it('reduces a channel over space per sample, then over the batch', () => {
    // [2 samples, 2×2 positions, 2 channels], channels-last.
    const rows = [
      [0, 1, 0, 1, 0, 1, 4, 1], // channel 0: [0,0,0,4]  channel 1: [1,1,1,1]
      [0, 2, 0, 2, 0, 2, 0, 2], // channel 0: [0,0,0,0]  channel 1: [2,2,2,2]
    ];
    const u = measure('relu', rows, 2);
    assert.deepEqual(u.rate, [0.5, 1]);
    assert.deepEqual(u.meanAbs, [0.5, 1.5]);
    assert.deepEqual(u.max, [4, 2]);
    assert.deepEqual(u.tau, [0.5, 1.5]);
  });

  it('counts a sigmoid channel saturated when its mean derivative over positions is below the threshold', () => {
    // [2 samples, 2 positions, 1 channel]: sample 0 half saturated (mean derivative 0.125), sample 1 fully.
    const u = measure(
      'sigmoid',
      [
        [1, 0.5],
        [1, 0],
      ],
      1,
    );
    assert.deepEqual(u.saturation, [0.5]);
  });

  it('rejects values that do not split into samples of whole units', () => {
    const sums = createUnitSums(3, 'relu', DEFAULT_THRESHOLDS);
    assert.throws(() => addActivations(sums, new Float32Array(8), 2), /8 values do not split into 2 samples of 3 units/);
  });
});

describe('saturation', () => {
  it('uses a(1−a) against 1% of the sigmoid peak 0.25', () => {
    // unit 0 is pinned at 0 or 1; unit 1 is saturated once (0.999 → 0.000999 < 0.0025); 0.99 → 0.0099 is not.
    const u = measure(
      'sigmoid',
      [
        [1, 0.5],
        [1, 0.999],
        [0, 0.99],
        [1, 0.5],
      ],
      2,
    );
    assert.deepEqual(u.saturation, [1, 0.25]);
    assert.deepEqual(u.state, ['saturated', 'healthy']);
  });

  it('uses 1−a² against 1% of the tanh peak 1', () => {
    // 0.9999 → 0.0002, −0.9999 → 0.0002, 0.5 → 0.75, 0.999 → 0.002: saturated on 3 of 4.
    const rows = [[0.9999], [-0.9999], [0.5], [0.999]];
    const u = measure('tanh', rows, 1);
    assert.deepEqual(u.saturation, [0.75]);
    assert.deepEqual(u.state, ['healthy']);
    assert.deepEqual(measure('tanh', rows, 1, { ...DEFAULT_THRESHOLDS, saturatedFraction: 0.75 }).state, ['saturated']);
    assert.deepEqual(measure('tanh', rows, 1, { ...DEFAULT_THRESHOLDS, saturationDerivative: 0.0001 }).saturation, [0]);
  });

  it('never calls sigmoid or tanh units dead or dying', () => {
    assert.deepEqual(measure('tanh', [[-0.5], [-0.25]], 1).state, ['healthy']);
  });
});

describe('activationFamily', () => {
  it('maps tfjs and Keras activation names', () => {
    const cases: [string, ActivationFamily | null][] = [
      ['relu', 'relu'],
      ['relu6', 'relu'],
      ['elu', 'relu'],
      ['selu', 'relu'],
      ['leakyRelu', 'relu'],
      ['leaky_relu', 'relu'],
      ['LeakyReLU', 'relu'],
      ['sigmoid', 'sigmoid'],
      ['hardSigmoid', 'sigmoid'],
      ['hard_sigmoid', 'sigmoid'],
      ['tanh', 'tanh'],
      ['linear', null],
      ['softmax', null],
      ['softplus', 'relu'],
      ['swish', 'relu'],
      ['gelu', 'relu'],
      ['prelu', 'relu'],
      ['PReLU', 'relu'],
      ['mish', 'relu'],
      ['thresholdedRelu', 'relu'],
      ['exponential', null],
    ];
    assert.deepEqual(
      cases.map(([name]) => [name, activationFamily(name)]),
      cases,
    );
  });
});

describe('classifyMeasures (what a Python runner sends)', () => {
  it('judges raw counts by the same rules as the accumulated sums', () => {
    const relu = classifyMeasures(
      { name: 'dense', activation: 'relu' },
      { samples: 200, active: [0, 1, 100, 200], meanAbs: [0, 0.001, 0.5, 0.7], max: [0, 0.2, 1, 2], saturated: null },
      DEFAULT_THRESHOLDS,
    );
    assert.deepEqual(relu.state, ['dead', 'dying', 'healthy', 'healthy']);
    assert.deepEqual(relu.rate, [0, 0.005, 0.5, 1]);
    const sigmoid = classifyMeasures(
      { name: 'out', activation: 'sigmoid' },
      { samples: 10, active: [10, 10], meanAbs: [0.99, 0.5], max: [1, 0.6], saturated: [9, 2] },
      DEFAULT_THRESHOLDS,
    );
    assert.deepEqual(sigmoid.state, ['saturated', 'healthy']);
    assert.deepEqual(sigmoid.saturation, [0.9, 0.2]);
  });

  it('gives the same units as classifyUnits on the same activations', () => {
    const sums = createUnitSums(3, 'relu', DEFAULT_THRESHOLDS);
    addActivations(sums, new Float32Array([0, 1, -1, 0, 2, 0.5, -3, 0, 0.0001]), 3);
    const { samples, activeSamples, meanAbsSum, max } = sums;
    const fromRaw = classifyMeasures(
      { name: 'd', activation: 'relu' },
      { samples, active: Array.from(activeSamples), meanAbs: Array.from(meanAbsSum, (s) => s / samples), max: Array.from(max), saturated: null },
      DEFAULT_THRESHOLDS,
    );
    assert.deepEqual(fromRaw, classifyUnits({ name: 'd', activation: 'relu' }, sums, DEFAULT_THRESHOLDS));
  });
});

describe('semantics per activation (issue 13)', () => {
  // 4 samples × 3 units: unit 0 never positive (all ≤ 0), unit 1 positive once, unit 2 always.
  const rows = [
    [-0.5, 0.5, 1],
    [-1, -0.25, 2],
    [0, -0.5, 1],
    [-0.25, -1, 3],
  ];
  const thresholds = { ...DEFAULT_THRESHOLDS, dyingRate: 0.3 };
  const states = (activation: string) => measure('relu', rows, 3, thresholds, activation).state;

  it('ReLU and ReLU6: a never-active unit is dead, a rarely active one dying', () => {
    assert.deepEqual(states('relu'), ['dead', 'dying', 'healthy']);
    assert.deepEqual(states('relu6'), ['dead', 'dying', 'healthy']);
    assert.deepEqual(states('thresholded_relu'), ['dead', 'dying', 'healthy']);
  });

  it('LeakyReLU, PReLU, ELU, SELU, GELU, softplus, swish, mish: never positive is inactive, never dead or dying', () => {
    for (const activation of ['leakyRelu', 'leaky_relu', 'LeakyReLU', 'prelu', 'elu', 'selu', 'gelu', 'softplus', 'swish', 'silu', 'mish']) {
      assert.deepEqual([activation, states(activation)], [activation, ['inactive', 'healthy', 'healthy']]);
    }
  });

  it('a LeakyReLU unit of any slope is not dead: its never-positive units only are inactive', () => {
    // α 0.001: outputs −0.001·z; the unit passes a thousandth of the gradient, still not zero.
    const tiny = measure(
      'relu',
      [
        [-0.001, 0.2],
        [-0.003, -0.0001],
      ],
      2,
      DEFAULT_THRESHOLDS,
      'leakyRelu',
    );
    assert.deepEqual(tiny.state, ['inactive', 'healthy']);
  });

  it('judges by the gradient passed: outputs exactly 0 on every sample are dead (LeakyReLU α = 0, underflowed GELU/softplus), except under PReLU', () => {
    // 3 samples × 3 units: unit 0 exactly 0 everywhere, unit 1 negative, unit 2 positive once.
    const rows = [
      [0, -0.002, 0.5],
      [0, -0.001, -0.1],
      [-0, -0.004, -0.2],
    ];
    for (const activation of ['leakyRelu', 'LeakyReLU', 'gelu', 'softplus', 'elu']) {
      assert.deepEqual([activation, measure('relu', rows, 3, DEFAULT_THRESHOLDS, activation).state], [activation, ['dead', 'inactive', 'healthy']]);
    }
    // PReLU's α is a weight (0 at init in TensorFlow.js): it still learns from the negative side.
    assert.deepEqual(measure('relu', rows, 3, DEFAULT_THRESHOLDS, 'prelu').state, ['inactive', 'inactive', 'healthy']);
    assert.deepEqual(measure('relu', rows, 3, DEFAULT_THRESHOLDS, 'PReLU').state, ['inactive', 'inactive', 'healthy']);
  });

  it('sigmoid and tanh: saturated as before, whatever the name says of the sign', () => {
    assert.deepEqual(
      measure(
        'sigmoid',
        [
          [1, 0.5],
          [1, 0.4],
          [0, 0.6],
        ],
        2,
      ).state,
      ['saturated', 'healthy'],
    );
    assert.deepEqual(
      measure(
        'tanh',
        [
          [-1, 0.1],
          [-1, -0.1],
        ],
        2,
      ).state,
      ['saturated', 'healthy'],
    );
  });

  it("classifyMeasures: a Python runner's raw counts of an ELU layer give inactive units, exactly counted", () => {
    const elu = classifyMeasures(
      { name: 'dense', activation: 'elu' },
      { samples: 100, active: [0, 0, 1, 100], meanAbs: [0.9, 0.5, 0.4, 1.2], max: [-0.01, -0.2, 0.3, 2], saturated: null },
      DEFAULT_THRESHOLDS,
    );
    assert.deepEqual(elu.state, ['inactive', 'inactive', 'healthy', 'healthy']);
  });
});
