// The arrays of a training plan as tensors: a dataset split from the data module (8-bit pixels
// and labels as int32, like Keras's uint8 arrays) or a seeded numpy-style random array, then the
// plan's numpy steps in order (planArrayMath.ts: arithmetic, masks, concatenations, statistics).

import { ScanError } from '../engine/errors';
import type { ArrayOp, ArrayPlan, ArraySource, DatasetName } from '../engine/plan';
import { loadFashionMnist, loadMnist, type ImageSet } from '../data';
import { derivedSource, mathOp, permutation, StatisticsCache, type Materialise } from './planArrayMath';
import { normal, type Random } from './seededRandom';
import { KerasDatasetCache } from '../data/keras/cache';
import { denseSequenceOp, denseTensor, kerasCacheArray, sequencesTensor } from './sequenceArrays';
import { errorText, tfjsFailure } from './tfjsFailure';
import type { Tensor, Tf } from './tfjs';

/** Loads each dataset split once per scan, and draws each random source once. */
export class DatasetCache {
  private readonly sets = new Map<string, ImageSet>();
  /**
   * The translator shares one source object between an np.random array, its slices and its
   * statistics (`x - x.mean(axis=0)`): they all see the same numbers, as in numpy.
   */
  private readonly draws = new Map<ArraySource, Float32Array | Int32Array>();
  readonly statistics = new StatisticsCache();

  /** Keras's own cache (imdb, reuters, …), shared with the translation that described it. */
  constructor(readonly keras: KerasDatasetCache = new KerasDatasetCache()) {}

  get(dataset: DatasetName, split: 'train' | 'test'): ImageSet {
    const key = `${dataset}/${split}`;
    let set = this.sets.get(key);
    if (!set) {
      set = dataset === 'mnist' ? loadMnist(split) : loadFashionMnist(split);
      this.sets.set(key, set);
    }
    return set;
  }

  drawn<T extends Float32Array | Int32Array>(source: ArraySource, draw: () => T): T {
    let values = this.draws.get(source) as T | undefined;
    if (!values) {
      values = draw();
      this.draws.set(source, values);
    }
    return values;
  }
}

function sourceTensor(tf: Tf, source: ArraySource, random: Random, datasets: DatasetCache, materialise: Materialise): Tensor {
  if (source.kind === 'concatenate' || source.kind === 'statistic') return derivedSource(tf, source, materialise, datasets.statistics);
  if (source.kind === 'zeros') return tf.zeros(source.shape, 'float32');
  if (source.kind === 'arange') return tf.range(source.start, source.stop, source.step, 'int32');
  if (source.kind === 'kerasCache') {
    const a = kerasCacheArray(source, datasets.keras);
    if (a.kind === 'sequences') throw new Error('an array of sequences is made rectangular by its first steps');
    return denseTensor(tf, a);
  }
  if (source.kind === 'dataset') {
    const set = datasets.get(source.dataset, source.split);
    return source.part === 'x'
      ? tf.tensor(Int32Array.from(set.images), [set.count, set.rows, set.cols], 'int32')
      : tf.tensor(Int32Array.from(set.labels), [set.count], 'int32');
  }
  const size = source.shape.reduce((a, b) => a * b, 1);
  switch (source.distribution) {
    case 'permutation':
      return tf.tensor(
        datasets.drawn(source, () => permutation(size, random)),
        source.shape,
        'int32',
      );
    case 'uniform': {
      const low = source.low ?? 0;
      const high = source.high ?? 1;
      return tf.tensor(
        datasets.drawn(source, () => Float32Array.from({ length: size }, () => low + random() * (high - low))),
        source.shape,
        'float32',
      );
    }
    case 'normal': {
      const mean = source.mean ?? 0;
      const std = source.std ?? 1;
      return tf.tensor(
        datasets.drawn(source, () => Float32Array.from({ length: size }, () => mean + std * normal(random))),
        source.shape,
        'float32',
      );
    }
    case 'randint': {
      const low = source.low ?? 0;
      const high = source.high ?? low + 1;
      return tf.tensor(
        datasets.drawn(source, () => Int32Array.from({ length: size }, () => low + Math.floor(random() * (high - low)))),
        source.shape,
        'int32',
      );
    }
  }
}

/** Python slice bounds on the first axis. */
function sliceRows(t: Tensor, start: number | null, end: number | null): Tensor {
  const n = t.shape[0];
  const bound = (v: number | null, fallback: number) => Math.min(n, Math.max(0, v === null ? fallback : v < 0 ? n + v : v));
  const from = bound(start, 0);
  return t.slice(from, Math.max(0, bound(end, n) - from));
}

function applyOp(tf: Tf, t: Tensor, op: ArrayOp, materialise: Materialise): Tensor {
  switch (op.op) {
    case 'add':
    case 'elementwise':
    case 'compare':
    case 'mask':
    case 'index':
    case 'not':
    case 'function':
    case 'power':
    case 'clip':
    case 'take':
      return mathOp(tf, t, op, materialise);
    case 'slice':
      return sliceRows(t, op.start, op.end);
    case 'divide':
      return tf.div(tf.cast(t, 'float32'), op.by);
    case 'multiply':
      return t.dtype === 'int32' && Number.isInteger(op.by) ? tf.mul(t, tf.scalar(op.by, 'int32')) : tf.mul(tf.cast(t, 'float32'), op.by);
    case 'astype':
      return tf.cast(t, op.dtype);
    case 'reshape':
      return tf.reshape(t, op.shape);
    case 'expandDims':
      return tf.expandDims(t, op.axis < 0 ? t.rank + 1 + op.axis : op.axis);
    case 'padSequences':
    case 'multiHot':
      return denseSequenceOp(tf, t, op);
    case 'toCategorical': {
      // Keras: a trailing axis of 1 is replaced by the classes.
      const shape = t.rank > 1 && t.shape[t.rank - 1] === 1 ? t.shape.slice(0, -1) : t.shape;
      const classes = op.classes ?? tf.max(t).dataSync()[0] + 1;
      return tf.reshape(tf.oneHot(tf.cast(tf.reshape(t, [-1]), 'int32'), classes), [...shape, classes]).toFloat();
    }
  }
}

export function arrayTensor(tf: Tf, plan: ArrayPlan, random: Random, datasets: DatasetCache): Tensor {
  const materialise = (other: ArrayPlan) => arrayTensor(tf, other, random, datasets);
  try {
    return tf.tidy(() => {
      const cached = plan.source.kind === 'kerasCache' ? kerasCacheArray(plan.source, datasets.keras) : null;
      const start =
        cached?.kind === 'sequences'
          ? sequencesTensor(tf, cached.rows, plan.ops)
          : { tensor: sourceTensor(tf, plan.source, random, datasets, materialise), used: 0 };
      return plan.ops.slice(start.used).reduce((t, op) => applyOp(tf, t, op, materialise), start.tensor);
    });
  } catch (error) {
    if (error instanceof ScanError) throw error; // from an array this one is made of, at its own place
    throw tfjsFailure(errorText(error), 'shape-mismatch', plan.location);
  }
}
