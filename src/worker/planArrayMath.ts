// The numpy arithmetic of a training plan as tensors: concatenations and statistics of other
// plans, elementwise arithmetic, comparisons, boolean masks and items (see engine/keras/arrayMath.ts).

import type { ArrayOp, ArrayPlan, ArraySource, NumpyFunction } from '../engine/plan';
import type { Random } from './seededRandom';
import type { Tensor, Tf } from './tfjs';

/** Makes the tensor of another plan (a part, a statistic's data, a mask). */
export type Materialise = (plan: ArrayPlan) => Tensor;

type DerivedSource = Extract<ArraySource, { kind: 'concatenate' | 'statistic' }>;
type MathOp = Extract<ArrayOp, { op: 'add' | 'elementwise' | 'compare' | 'mask' | 'index' | 'not' | 'function' | 'power' | 'clip' | 'take' }>;

type Statistic = Extract<ArraySource, { kind: 'statistic' }>;
interface StatisticValues {
  data: Float32Array | Int32Array;
  shape: number[];
  dtype: 'float32' | 'int32';
}

/**
 * The statistics of a scan's data, each computed once: `x -= x.mean(axis=0); x /= x.std(axis=0)`
 * and the test data normalised with them use the same mean several times, each of a large array.
 */
export class StatisticsCache {
  private readonly values = new Map<string, StatisticValues>();
  /** Each random source by its draw (the same parameters drawn twice are two arrays). */
  private readonly draws = new WeakMap<object, number>();
  private drawCount = 0;

  get(tf: Tf, source: Statistic, data: () => Tensor): Tensor {
    const key = JSON.stringify(source, (k, v: unknown) => (k === 'location' ? undefined : this.drawOf(v)));
    let value = this.values.get(key);
    if (!value) {
      value = statisticValues(source, data());
      this.values.set(key, value);
    }
    return tf.tensor(value.data, value.shape, value.dtype);
  }

  private drawOf(v: unknown): unknown {
    if (typeof v !== 'object' || v === null || (v as { kind?: string }).kind !== 'random') return v;
    if (!this.draws.has(v)) this.draws.set(v, this.drawCount++);
    return { ...v, draw: this.draws.get(v) };
  }
}

export function derivedSource(tf: Tf, source: DerivedSource, materialise: Materialise, statistics: StatisticsCache): Tensor {
  if (source.kind === 'concatenate') return tf.concat(sameDtype(tf, source.parts.map(materialise)), source.axis);
  return statistics.get(tf, source, () => materialise(source.of));
}

/**
 * A statistic over its axes in plain loops (float64 sums): TensorFlow.js's CPU backend takes
 * seconds to reduce a (60000, 784) array along its first axis, these loops a fraction of one.
 */
function statisticValues(source: Statistic, t: Tensor): StatisticValues {
  const data = t.dataSync();
  const axes = source.axes ?? t.shape.map((_, i) => i);
  const reduced = t.shape.map((n, d) => (axes.includes(d) ? 1 : n));
  const size = reduced.reduce((a, b) => a * b, 1);
  const count = data.length / size;
  const shape = source.keepDims ? reduced : t.shape.filter((_, d) => !axes.includes(d));
  const at = outputIndex(t.shape, axes);
  if (source.statistic === 'min' || source.statistic === 'max') {
    const sign = source.statistic === 'min' ? 1 : -1;
    const best = new Float64Array(size).fill(Infinity);
    for (let i = 0; i < data.length; i++) best[at(i)] = Math.min(best[at(i)], sign * Number(data[i]));
    const values = best.map((v) => sign * v);
    return t.dtype === 'float32' ? { data: Float32Array.from(values), shape, dtype: 'float32' } : { data: Int32Array.from(values), shape, dtype: 'int32' };
  }
  const sums = new Float64Array(size);
  for (let i = 0; i < data.length; i++) sums[at(i)] += Number(data[i]);
  const means = sums.map((v) => v / count);
  if (source.statistic === 'mean') return { data: Float32Array.from(means), shape, dtype: 'float32' };
  const squares = new Float64Array(size);
  for (let i = 0; i < data.length; i++) squares[at(i)] += (Number(data[i]) - means[at(i)]) ** 2;
  return { data: Float32Array.from(squares, (v) => Math.sqrt(v / (count - source.ddof))), shape, dtype: 'float32' };
}

/** Where each element of a row-major array of `shape` lands once `axes` are reduced. */
function outputIndex(shape: number[], axes: number[]): (i: number) => number {
  const kept = shape.map((_, d) => d).filter((d) => !axes.includes(d));
  if (kept.length === 0) return () => 0;
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  // The common case, a statistic per feature over the samples: i modulo the size of a sample.
  if (axes.length === 1 && axes[0] === 0) return (i) => i % strides[0];
  const outStrides = kept.map((_, k) => kept.slice(k + 1).reduce((a, e) => a * shape[e], 1));
  return (i) => kept.reduce((o, d, k) => o + (Math.floor(i / strides[d]) % shape[d]) * outStrides[k], 0);
}

/** numpy's result type, near enough: integers and booleans stay integers, anything with a float is float32. */
function sameDtype(tf: Tf, tensors: Tensor[]): Tensor[] {
  const dtype = tensors.every((t) => t.dtype === 'int32' || t.dtype === 'bool') ? 'int32' : 'float32';
  return tensors.map((t) => (t.dtype === dtype ? t : tf.cast(t, dtype)));
}

/** numpy keeps integers for abs and square; the others are float. */
const FUNCTIONS: Record<NumpyFunction, (tf: Tf, t: Tensor) => Tensor> = {
  sqrt: (tf, t) => tf.sqrt(tf.cast(t, 'float32')),
  exp: (tf, t) => tf.exp(tf.cast(t, 'float32')),
  log: (tf, t) => tf.log(tf.cast(t, 'float32')),
  log1p: (tf, t) => tf.log1p(tf.cast(t, 'float32')),
  tanh: (tf, t) => tf.tanh(tf.cast(t, 'float32')),
  abs: (tf, t) => tf.abs(t.dtype === 'bool' ? tf.cast(t, 'int32') : t),
  square: (tf, t) => tf.square(t.dtype === 'bool' ? tf.cast(t, 'int32') : t),
};

const COMPARE = { '<': 'less', '<=': 'lessEqual', '>': 'greater', '>=': 'greaterEqual', '==': 'equal', '!=': 'notEqual' } as const;
const ARITHMETIC = { add: 'add', subtract: 'sub', multiply: 'mul', divide: 'div' } as const;

export function mathOp(tf: Tf, t: Tensor, op: MathOp, materialise: Materialise): Tensor {
  switch (op.op) {
    case 'add':
      return t.dtype !== 'float32' && Number.isInteger(op.by) ? tf.add(tf.cast(t, 'int32'), tf.scalar(op.by, 'int32')) : tf.add(tf.cast(t, 'float32'), op.by);
    case 'elementwise': {
      const other = materialise(op.other);
      if (op.operator === 'and' || op.operator === 'or') {
        const [a, b] = [tf.cast(t, 'bool'), tf.cast(other, 'bool')];
        return op.operator === 'and' ? tf.logicalAnd(a, b) : tf.logicalOr(a, b);
      }
      const [a, b] = op.operator === 'divide' ? [tf.cast(t, 'float32'), tf.cast(other, 'float32')] : sameDtype(tf, [t, other]);
      return tf[ARITHMETIC[op.operator]](a, b);
    }
    case 'not':
      return tf.logicalNot(tf.cast(t, 'bool'));
    case 'function':
      return FUNCTIONS[op.name](tf, t);
    case 'power':
      return t.dtype === 'int32' && Number.isInteger(op.by) && op.by >= 0 ? tf.pow(t, tf.scalar(op.by, 'int32')) : tf.pow(tf.cast(t, 'float32'), op.by);
    case 'clip': {
      const low = op.min === null ? t : tf.maximum(t, tf.scalar(op.min, t.dtype === 'int32' && Number.isInteger(op.min) ? 'int32' : 'float32'));
      return op.max === null ? low : tf.minimum(low, tf.scalar(op.max, low.dtype === 'int32' && Number.isInteger(op.max) ? 'int32' : 'float32'));
    }
    case 'compare': {
      const [a, b] = sameDtype(tf, [t, tf.scalar(op.value, Number.isInteger(op.value) ? 'int32' : 'float32')]);
      return tf[COMPARE[op.operator]](a, b);
    }
    case 'mask':
      return maskRows(tf, t, materialise(op.mask));
    case 'take':
      return tf.gather(t, tf.cast(materialise(op.indices), 'int32'));
    case 'index':
      return tf.squeeze(tf.slice(t, op.index, 1), [0]);
  }
}

/** np.random.permutation(n): the integers 0 … n-1 shuffled (Fisher–Yates) with the scan's seeded random. */
export function permutation(n: number, random: Random): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** `x[mask]`: tfjs's booleanMask is async only, so the kept indices are read here. */
function maskRows(tf: Tf, t: Tensor, mask: Tensor): Tensor {
  const keep = mask.dataSync();
  const indices: number[] = [];
  keep.forEach((v, i) => {
    if (v) indices.push(i);
  });
  return tf.gather(t, tf.tensor1d(indices, 'int32'));
}
