// Training data: the bundled Keras datasets and np.random arrays, followed through the usual
// numpy steps with their shapes known statically.

import type { SourceRange } from '../../shared/protocol';
import { ScanError } from '../errors';
import type { ArrayOp, ArraySource, DatasetName } from '../plan';
import type { Args } from './args';
import { product } from './shapes';
import { shapeText, tuple, Unsupported, unsupported, type ArrayValue, type Value } from './values';

/** Each split's samples per label (the bundled files'), so that `x[y < 5]` has a known length. */
const MNIST_COUNTS = {
  train: [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949],
  test: [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009],
};
const FASHION_COUNTS = { train: new Array<number>(10).fill(6000), test: new Array<number>(10).fill(1000) };

const DATASETS: Record<string, { name: DatasetName; image: number[]; classes: number; counts: Record<'train' | 'test', number[]> }> = {
  mnist: { name: 'mnist', image: [28, 28], classes: 10, counts: MNIST_COUNTS },
  fashion_mnist: { name: 'fashion-mnist', image: [28, 28], classes: 10, counts: FASHION_COUNTS },
};

export const BUNDLED_DATASETS = Object.keys(DATASETS);

export function isBundledDataset(name: string): boolean {
  return name in DATASETS;
}

export const arrayValue = (array: ArrayValue): Value => ({ kind: 'array', array });

/** `keras.datasets.<name>.load_data()` → ((x_train, y_train), (x_test, y_test)). */
export function loadData(name: string, location: SourceRange): Value {
  const d = DATASETS[name];
  const part = (split: 'train' | 'test', which: 'x' | 'y'): Value => {
    const counts = d.counts[split];
    const n = counts.reduce((a, b) => a + b, 0);
    return arrayValue({
      plan: { source: { kind: 'dataset', dataset: d.name, split, part: which }, ops: [], location },
      shape: which === 'x' ? [n, ...d.image] : [n],
      classes: which === 'y' ? d.classes : null,
      integer: true,
      oneHot: false,
      ...(which === 'y' ? { labelCounts: counts } : {}),
    });
  };
  return tuple([tuple([part('train', 'x'), part('train', 'y')]), tuple([part('test', 'x'), part('test', 'y')])]);
}

// ---------------------------------------------------------------------------
// np.random
// ---------------------------------------------------------------------------

/** rand and randn take the dimensions themselves: up to eight, named d0…d7 here. */
const DIMS = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7'];

/** numpy.random functions: parameters in positional order. */
export const RANDOM_SIGNATURES: Record<string, string[]> = {
  rand: DIMS,
  randn: DIMS,
  random: ['size'],
  random_sample: ['size'],
  standard_normal: ['size'],
  normal: ['loc', 'scale', 'size'],
  uniform: ['low', 'high', 'size'],
  randint: ['low', 'high', 'size', 'dtype'],
};

/** `np.random.<fn>(...)`. */
export function randomArray(fn: string, args: Args, location: SourceRange): Value {
  const shape = fn === 'rand' || fn === 'randn' ? dimsOf(args) : sizeOf(args);
  const source = (s: Omit<Extract<ArraySource, { kind: 'random' }>, 'kind' | 'shape'>): Value =>
    arrayValue({
      plan: { source: { kind: 'random', shape, ...s }, ops: [], location },
      shape,
      classes: s.distribution === 'randint' && s.low === 0 ? (s.high ?? null) : null,
      integer: s.distribution === 'randint',
      oneHot: false,
    });
  switch (fn) {
    case 'rand':
    case 'random':
    case 'random_sample':
      return source({ distribution: 'uniform', low: 0, high: 1 });
    case 'randn':
    case 'standard_normal':
      return source({ distribution: 'normal', mean: 0, std: 1 });
    case 'normal':
      return source({ distribution: 'normal', mean: args.number('loc', 0), std: args.number('scale', 1) });
    case 'uniform':
      return source({ distribution: 'uniform', low: args.number('low', 0), high: args.number('high', 1) });
    default: {
      const first = integer(args, 'low');
      const second = args.has('high') ? integer(args, 'high') : undefined;
      const [low, high] = second === undefined ? [0, first] : [first, second];
      if (high <= low) args.fail('high', `greater than low (${low})`);
      return source({ distribution: 'randint', low, high });
    }
  }
}

function integer(args: Args, name: string): number {
  const v = args.value(name);
  return v?.kind === 'number' && v.integer ? v.value : args.fail(name, 'an integer');
}

function dimsOf(args: Args): number[] {
  const dims = args.names().map((d) => {
    const v = args.value(d);
    return v?.kind === 'number' && v.integer && v.value > 0 ? v.value : args.fail(d, 'a positive integer');
  });
  if (dims.length === 0) throw unsupported(`${args.callee}() draws a single number, which is not training data`, args.range('d0'));
  return dims;
}

function sizeOf(args: Args): number[] {
  if (!args.has('size') || args.value('size') === undefined) {
    throw unsupported(`${args.callee} without size= draws a single number, which is not training data`, args.range('size'));
  }
  return args.shape('size')!;
}

// ---------------------------------------------------------------------------
// numpy steps
// ---------------------------------------------------------------------------

/** `a` after `op`; what the scan knows of its values (label counts, mask facts) only where `change` keeps it. */
export function withOp(a: ArrayValue, op: ArrayOp, location: SourceRange, change: Partial<Omit<ArrayValue, 'plan'>>): Value {
  const next: ArrayValue = { ...a, ...change, ...sequencesAfter(a, op, location), plan: { source: a.plan.source, ops: [...a.plan.ops, op], location } };
  if (!change.labelCounts) delete next.labelCounts;
  if (!change.mask) delete next.mask;
  return arrayValue(next);
}

/** What an array of sequences (numpy's object array of lists) keeps through a step: slices only. */
export function sequencesAfter(a: ArrayValue, op: { op: string; start?: number | null; end?: number | null }, location: SourceRange): Partial<ArrayValue> {
  if (!a.sequences) return {};
  if (op.op === 'slice') return { sequences: { ...a.sequences, lengths: a.sequences.lengths.slice(op.start ?? 0, op.end ?? undefined) } };
  throw unsupported(
    `this array holds ${a.shape[0]} sequences of different lengths (numpy's object array), which cannot be ${op.op === 'astype' ? 'cast' : 'computed on'}: pad them (keras.utils.pad_sequences) or one-hot them first`,
    location,
  );
}

/** The label counts of `a`, for a step that changes neither the labels nor their order. */
const sameLabels = (a: ArrayValue): Partial<ArrayValue> => (a.labelCounts ? { labelCounts: a.labelCounts } : {});

export function scale(a: ArrayValue, op: 'divide' | 'multiply', by: number, location: SourceRange): Value {
  if (op === 'divide' && by === 0) throw unsupported('division by zero', location);
  // numpy: integers times an integer stay integers.
  return withOp(a, { op, by }, location, { integer: op === 'multiply' && a.integer && Number.isInteger(by), classes: null });
}

export function astype(a: ArrayValue, dtype: 'float32' | 'int32', location: SourceRange): Value {
  return withOp(a, { op: 'astype', dtype }, location, { integer: dtype === 'int32', ...sameLabels(a) });
}

/** `a.reshape(dims)`: the sample axis must stay the first; it is written -1 in the plan. */
export function reshape(a: ArrayValue, dims: number[], location: SourceRange): Value {
  const size = product(a.shape);
  const free = dims.filter((d) => d === -1).length;
  const known = product(dims.filter((d) => d !== -1));
  if (free > 1 || dims.some((d) => d < -1 || d === 0) || (free === 0 ? known !== size : size % known !== 0)) {
    throw unsupported(`cannot reshape an array of shape ${shapeText(a.shape)} into ${shapeText(dims)}`, location);
  }
  const shape = dims.map((d) => (d === -1 ? size / known : d));
  if (shape[0] !== a.shape[0]) {
    throw unsupported(`reshape to ${shapeText(shape)} changes the number of samples (${a.shape[0]}), which the scan does not follow`, location);
  }
  return withOp(a, { op: 'reshape', shape: [-1, ...shape.slice(1)] }, location, { shape, oneHot: a.oneHot && shape.length === 2, ...sameLabels(a) });
}

/** `np.expand_dims(a, axis)`; axis may be negative as in numpy. */
export function expandDims(a: ArrayValue, axis: number, location: SourceRange): Value {
  const rank = a.shape.length + 1;
  const at = axis < 0 ? axis + rank : axis;
  if (at < 1 || at >= rank) {
    throw unsupported(`expand_dims at axis ${axis} of an array of shape ${shapeText(a.shape)} is not supported (only after the sample axis)`, location);
  }
  const shape = [...a.shape.slice(0, at), 1, ...a.shape.slice(at)];
  return withOp(a, { op: 'expandDims', axis: at }, location, { shape, ...sameLabels(a) });
}

/** `a[start:end]` on the sample axis; bounds are normalised like Python's. An empty slice is refused where it is trained on (fit). */
export function sliceSamples(a: ArrayValue, start: number | null, end: number | null, location: SourceRange): Value {
  const n = a.shape[0];
  const clamp = (i: number) => Math.min(n, Math.max(0, i < 0 ? i + n : i));
  const from = start === null ? 0 : clamp(start);
  const to = Math.max(from, end === null ? n : clamp(end));
  return withOp(a, { op: 'slice', start: from, end: to }, location, { shape: [to - from, ...a.shape.slice(1)] });
}

/** `keras.utils.to_categorical(y, num_classes)`. */
export function toCategorical(a: ArrayValue, classes: number | null, location: SourceRange): Value {
  if (!a.integer) throw unsupported('to_categorical needs integer labels', location);
  const known = a.classes;
  const n = classes ?? known;
  if (n === null) throw unsupported('to_categorical without num_classes needs labels whose range the scan knows', location);
  if (known !== null && n < known) {
    throw new Unsupported(new ScanError('shape-mismatch', `to_categorical: the labels go up to ${known - 1} but num_classes is ${n}`, location));
  }
  const base = a.shape.length > 1 && a.shape[a.shape.length - 1] === 1 ? a.shape.slice(0, -1) : a.shape;
  return withOp(a, { op: 'toCategorical', classes: n }, location, { shape: [...base, n], classes: n, integer: false, oneHot: true });
}

export function arrayAttribute(a: ArrayValue, name: string): Value | undefined {
  if (name === 'shape') return tuple(a.shape.map((d) => ({ kind: 'number', value: d, integer: true })));
  if (name === 'ndim') return { kind: 'number', value: a.shape.length, integer: true };
  if (name === 'size') return { kind: 'number', value: product(a.shape), integer: true };
  return undefined;
}

/** A numpy dtype given as a string, numpy/tf symbol or Python builtin. */
export function dtypeOf(v: Value): 'float32' | 'int32' | null {
  const name = v.kind === 'string' ? v.value : v.kind === 'symbol' ? v.path[v.path.length - 1] : null;
  if (name === null) return null;
  // float64 trains as float32 in tfjs: the same data at the precision Keras trains in anyway.
  if (['float32', 'float64', 'float', 'double', 'float_'].includes(name)) return 'float32';
  if (['int32', 'int64', 'int', 'uint8', 'int_', 'long'].includes(name)) return 'int32';
  return null;
}
