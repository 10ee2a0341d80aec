// Per-unit statistics of one layer over a probe set, accumulated batch by batch in O(units)
// memory, and the classification of each unit as healthy, dead, dying or saturated.
//
// Definitions (issue 2; see the README for sources):
// - a unit is *active* on a sample when its output is > 0 there; a conv channel is one unit,
//   active on a sample when it is > 0 at any spatial position of that sample;
// - activation rate = fraction of probe samples on which the unit is active;
// - mean |a| = mean over samples of (mean over the sample's positions of |a|);
// - ReDo τ-score s_i = mean|a_i| / mean_k mean|a_k| over the layer (Sokar et al., ICML 2023);
// - a sigmoid/tanh sample is *saturated* when the activation's derivative, computed from the
//   output (sigmoid a(1−a), peak 0.25; tanh 1−a², peak 1), is below `saturationDerivative` ×
//   peak. For a conv channel the derivative is averaged over the sample's positions first: the
//   channel is saturated on that sample when, on average, almost no gradient flows through it.
//
// The ReLU family is measured alike ("active" means output > 0) but judged by its gradient below
// zero (issue 13): ReLU/ReLU6 pass none, so a never-active unit is *dead*; LeakyReLU, PReLU, ELU,
// SELU, GELU, softplus, swish and mish pass some, so a never-positive unit is only *inactive*
// (information): it still learns and can come back. A LeakyReLU is judged by the gradient it
// actually passes, seen in its outputs (the runners send the activation's name, not α): any
// non-zero output below zero means a non-zero slope, so the unit is inactive however small α is —
// on the detection benchmark units of α = 0.01 and even 0.001, never positive at init behind a
// bias of −1.5, mostly came back (97 and 90 of 120 within 3 epochs; BENCHMARKS.md, "Detection
// quality"); outputs exactly 0 on every probe sample (α = 0) pass no gradient: dead.

import type { ActivationFamily, LayerUnits, Thresholds, UnitState } from '../shared/protocol';

/** Running sums for one layer. Create with `createUnitSums`, feed with `addActivations`. */
export interface UnitSums {
  readonly units: number;
  readonly family: ActivationFamily;
  /** Derivative below which a sample counts as saturated (threshold × the family's peak). */
  readonly saturationBelow: number;
  /** Probe samples seen so far. */
  samples: number;
  /** Per unit: samples on which the unit was active. */
  readonly activeSamples: Float64Array;
  /** Per unit: sum over samples of the sample's mean |a|. */
  readonly meanAbsSum: Float64Array;
  /** Per unit: largest output seen. */
  readonly max: Float64Array;
  /** Per unit: samples with a saturated derivative (sigmoid/tanh only). */
  readonly saturatedSamples: Float64Array | null;
}

const DERIVATIVE_PEAK: Record<ActivationFamily, number> = { relu: 1, sigmoid: 0.25, tanh: 1 };

/** The derivative of the activation at output `a`, for the families that saturate. */
const derivativeFromOutput = (family: ActivationFamily, a: number): number => (family === 'sigmoid' ? a * (1 - a) : 1 - a * a);

/** The activation name as both runners may spell it: `leaky_relu`, `LeakyReLU`, `leakyRelu` → `leakyrelu`. */
const normalized = (activationName: string): string => activationName.toLowerCase().replace(/_/g, '');

/**
 * Activations that are exactly 0 with a zero gradient below their threshold: a unit that is never
 * active gets no gradient through its input weights and bias, so it is *dead*.
 */
const ZERO_GRADIENT_BELOW = new Set(['relu', 'relu6', 'thresholdedrelu']);

/**
 * Activations that stay differentiable below zero (a slope α, an exponential or a smooth tail): a
 * unit that is never positive still receives gradient, so it is *inactive*, not dead.
 */
const GRADIENT_BELOW = new Set(['leakyrelu', 'prelu', 'elu', 'selu', 'celu', 'gelu', 'gelunew', 'softplus', 'swish', 'silu', 'mish']);

/**
 * Activations whose slope below zero is a weight: PReLU's α starts at 0 in TensorFlow.js (and may
 * be 0 anywhere), and still gets gradient from the negative outputs' inputs — on the detection
 * benchmark a PReLU unit outputting exactly 0 at init was active on 37,792 of 60,000 training
 * samples at the end (mlp-prelu-softplus).
 */
const LEARNED_SLOPE = new Set(['prelu']);

/**
 * The family of a tfjs or Keras activation name (`relu`, `leakyRelu`, `leaky_relu`, `hard_sigmoid`,
 * …, case-insensitive), or null when its units are not monitored (linear, softmax, …): `relu` for
 * every activation measured by "output > 0", whichever of ZERO_GRADIENT_BELOW and GRADIENT_BELOW
 * it belongs to. Hard sigmoid is measured with the sigmoid formula: a(1−a) is 0 exactly where it
 * clips to 0 or 1.
 */
export function activationFamily(activationName: string): ActivationFamily | null {
  const name = normalized(activationName);
  if (ZERO_GRADIENT_BELOW.has(name) || GRADIENT_BELOW.has(name)) return 'relu';
  switch (name) {
    case 'sigmoid':
    case 'hardsigmoid':
      return 'sigmoid';
    case 'tanh':
      return 'tanh';
    default:
      return null;
  }
}

/** Every monitored activation name (normalised: lowercase, no underscores) and its family, for runners that look names up themselves. */
export function activationFamilies(): Record<string, ActivationFamily> {
  const names = [...ZERO_GRADIENT_BELOW, ...GRADIENT_BELOW, 'sigmoid', 'hardsigmoid', 'tanh'];
  return Object.fromEntries(names.map((name) => [name, activationFamily(name) as ActivationFamily]));
}

/** The activations (normalised names) whose never-active units are dead: what a runner's ReDo resets. */
export function dieableActivations(): string[] {
  return [...ZERO_GRADIENT_BELOW];
}

/** Whether a never-active unit of this activation gets no gradient (dead) rather than a small one (inactive). */
export function canDie(activationName: string): boolean {
  return ZERO_GRADIENT_BELOW.has(normalized(activationName));
}

export function createUnitSums(units: number, family: ActivationFamily, thresholds: Thresholds): UnitSums {
  if (!Number.isInteger(units) || units <= 0) throw new Error(`createUnitSums: units must be a positive integer, got ${units}`);
  return {
    units,
    family,
    saturationBelow: thresholds.saturationDerivative * DERIVATIVE_PEAK[family],
    samples: 0,
    activeSamples: new Float64Array(units),
    meanAbsSum: new Float64Array(units),
    max: new Float64Array(units).fill(-Infinity),
    saturatedSamples: family === 'relu' ? null : new Float64Array(units),
  };
}

/**
 * Adds one probe batch of a layer's post-activation outputs, channels-last:
 * [sample, ...spatial, unit] (Dense [batch, units], Conv1D [batch, steps, channels],
 * Conv2D [batch, h, w, channels]).
 */
export function addActivations(sums: UnitSums, values: Float32Array, batchSize: number): void {
  const { units, family, saturationBelow } = sums;
  const perSample = batchSize > 0 ? values.length / batchSize : NaN;
  const positions = perSample / units;
  if (!Number.isInteger(positions) || positions <= 0) {
    throw new Error(`addActivations: ${values.length} values do not split into ${batchSize} samples of ${units} units`);
  }
  const active = new Uint8Array(units);
  const absSum = new Float64Array(units);
  const derivativeSum = sums.saturatedSamples ? new Float64Array(units) : null;
  for (let s = 0; s < batchSize; s++) {
    active.fill(0);
    absSum.fill(0);
    derivativeSum?.fill(0);
    let i = s * perSample;
    for (let p = 0; p < positions; p++) {
      for (let u = 0; u < units; u++, i++) {
        const a = values[i];
        if (a > 0) active[u] = 1;
        absSum[u] += Math.abs(a);
        if (a > sums.max[u]) sums.max[u] = a;
        if (derivativeSum) derivativeSum[u] += derivativeFromOutput(family, a);
      }
    }
    for (let u = 0; u < units; u++) {
      sums.activeSamples[u] += active[u];
      sums.meanAbsSum[u] += absSum[u] / positions;
      if (derivativeSum && sums.saturatedSamples && derivativeSum[u] / positions < saturationBelow) {
        sums.saturatedSamples[u] += 1;
      }
    }
  }
  sums.samples += batchSize;
}

/**
 * What a check measured of one layer, per unit, over `samples` probe samples: the form every
 * runner sends (the TensorFlow.js worker from its UnitSums, the Python runner as it measures).
 */
export interface UnitMeasures {
  samples: number;
  /** Samples on which the unit was active. */
  active: number[];
  /** Mean over samples of the sample's mean |a|. */
  meanAbs: number[];
  /** Largest output seen. */
  max: number[];
  /** Samples with a saturated derivative (sigmoid/tanh only), else null. */
  saturated: number[] | null;
}

export function measuresOf(sums: UnitSums): UnitMeasures {
  const n = sums.samples;
  return {
    samples: n,
    active: Array.from(sums.activeSamples),
    meanAbs: Array.from(sums.meanAbsSum, (s) => (n > 0 ? s / n : 0)),
    // A unit whose outputs were all NaN has no max; JSON has no ±Infinity.
    max: Array.from(sums.max, (m) => (Number.isFinite(m) ? m : 0)),
    saturated: sums.saturatedSamples ? Array.from(sums.saturatedSamples) : null,
  };
}

/** A layer as the classification needs it: its name, and the activation its units are measured after. */
export interface MeasuredLayer {
  name: string;
  activation: string;
}

/** Rates, scores and the state of every unit of `layer` from its accumulated sums. */
export function classifyUnits(layer: MeasuredLayer, sums: UnitSums, thresholds: Thresholds): LayerUnits {
  return classifyMeasures(layer, measuresOf(sums), thresholds);
}

/**
 * Rates, scores and the state of every unit of `layer`: the one definition of dead, inactive,
 * dying and saturated, from what every runner sends (the activation's name and the raw counts).
 * - sigmoid/tanh family: saturated on ≥ `saturatedFraction` of probe samples, else healthy;
 * - ZERO_GRADIENT_BELOW (ReLU, ReLU6): never active → dead; active on < `dyingRate` of samples or
 *   τ ≤ `tau` → dying;
 * - GRADIENT_BELOW (LeakyReLU, ELU, GELU, …): never positive → inactive (it still gets gradient,
 *   so it is not dead); no dying either: their mean |a| counts the negative side, so τ says
 *   nothing about how much a unit contributes. Judged by the gradient the unit actually passes: a
 *   never-positive unit whose output is exactly 0 on every sample (mean |a| 0: a LeakyReLU of
 *   α = 0, GELU or softplus so far below zero that they underflow) gets none, so it is dead —
 *   except under PReLU (LEARNED_SLOPE), whose α still learns.
 */
export function classifyMeasures(layer: MeasuredLayer, measures: UnitMeasures, thresholds: Thresholds): LayerUnits {
  const n = measures.samples;
  if (n === 0) throw new Error(`classifyMeasures: no probe samples were measured for layer ${layer.name}`);
  const units = measures.active.length;
  const rate = measures.active.map((c) => c / n);
  const meanAbs = measures.meanAbs;
  const layerMean = meanAbs.reduce((a, b) => a + b, 0) / units;
  const tau = meanAbs.map((m) => (layerMean > 0 ? m / layerMean : 0));
  const saturation = measures.saturated ? measures.saturated.map((c) => c / n) : null;
  const dies = canDie(layer.activation);
  // Outputs exactly 0 on every sample pass no gradient to the weights; only a learned slope still learns from them.
  const fixedShape = !LEARNED_SLOPE.has(normalized(layer.activation));
  const state = rate.map((r, u): UnitState => {
    if (saturation) return saturation[u] >= thresholds.saturatedFraction ? 'saturated' : 'healthy';
    if (measures.active[u] === 0) return dies || (meanAbs[u] === 0 && fixedShape) ? 'dead' : 'inactive';
    if (!dies) return 'healthy';
    return r < thresholds.dyingRate || tau[u] <= thresholds.tau ? 'dying' : 'healthy';
  });
  return { layer: layer.name, rate, meanAbs, max: measures.max, tau, saturation, state };
}
