// numpy arithmetic, comparisons, boolean masks, statistics and concatenation on the lazy arrays:
// each is a step of the plan (the worker computes the values) whose result shape is known here.

import type { SourceRange } from '../../shared/protocol';
import { ScanError } from '../errors';
import type { ArrayPlan, Comparison, ElementwiseOperator, NumpyFunction, Statistic } from '../plan';
import { arrayValue, scale, withOp } from './arrays';
import { shapeText, unsupported, Unsupported, type ArrayValue, type MaskFacts, type Value } from './values';

const ARITHMETIC: Record<string, Exclude<ElementwiseOperator, 'and' | 'or'>> = { '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide' };
/** `n < x` is `x > n`. */
const FLIPPED: Record<Comparison, Comparison> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };
const isComparison = (op: string): op is Comparison => op in FLIPPED;

const shapeMismatch = (message: string, range: SourceRange) => new Unsupported(new ScanError('shape-mismatch', message, range));

/** `left op right` where at least one side is an array; null where the scan does not follow it. */
export function arrayBinary(l: Value, op: string, r: Value, range: SourceRange): Value | null {
  if (l.kind === 'array' && r.kind === 'array') {
    if (op === '&' || op === '|') return combineMasks(l.array, op === '&' ? 'and' : 'or', r.array, range);
    return op in ARITHMETIC ? elementwise(l.array, ARITHMETIC[op], r.array, range) : null;
  }
  if (l.kind === 'array' && r.kind === 'number') {
    if (op === '/' || op === '*') return scale(l.array, op === '/' ? 'divide' : 'multiply', r.value, range);
    if (op === '+' || op === '-') return shift(l.array, op === '+' ? r.value : -r.value, range);
    if (op === '**')
      return withOp(l.array, { op: 'power', by: r.value }, range, {
        integer: l.array.integer && Number.isInteger(r.value) && r.value >= 0,
        classes: null,
        oneHot: false,
      });
    return isComparison(op) ? compare(l.array, op, r.value, range) : null;
  }
  if (l.kind === 'number' && r.kind === 'array') {
    if (op === '*') return scale(r.array, 'multiply', l.value, range);
    if (op === '+') return shift(r.array, l.value, range);
    if (op === '-') return shift(negated(r.array, range), l.value, range);
    return isComparison(op) ? compare(r.array, FLIPPED[op], l.value, range) : null;
  }
  return null;
}

/** `np.sqrt(x)`, `np.abs(x)`, …: abs and square keep integers integers, as numpy does. */
export function applyFunction(a: ArrayValue, name: NumpyFunction, range: SourceRange): Value {
  return withOp(a, { op: 'function', name }, range, { integer: a.integer && (name === 'abs' || name === 'square'), classes: null, oneHot: false });
}

/** `np.clip(x, min, max)`. */
export function clip(a: ArrayValue, min: number | null, max: number | null, range: SourceRange): Value {
  if (min === null && max === null) throw unsupported('np.clip: one of a_min and a_max must be given', range);
  return withOp(a, { op: 'clip', min, max }, range, {
    integer: a.integer && [min, max].every((b) => b === null || Number.isInteger(b)),
    classes: null,
    oneHot: false,
  });
}

/** `-x`. */
export function negated(a: ArrayValue, range: SourceRange): ArrayValue {
  return (scale(a, 'multiply', -1, range) as Extract<Value, { kind: 'array' }>).array;
}

/** The shape numpy broadcasts two shapes to, or null when they do not broadcast. */
export function broadcast(a: readonly number[], b: readonly number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** `x - mean`, `x / std`, …: two arrays broadcast together as numpy does. */
export function elementwise(a: ArrayValue, operator: Exclude<ElementwiseOperator, 'and' | 'or'>, b: ArrayValue, range: SourceRange): Value {
  const shape = broadcast(a.shape, b.shape);
  if (!shape) throw shapeMismatch(`operands could not be broadcast together with shapes ${shapeText(a.shape)} ${shapeText(b.shape)}`, range);
  return withOp(a, { op: 'elementwise', operator, other: b.plan }, range, {
    shape,
    integer: a.integer && b.integer && operator !== 'divide',
    classes: null,
    oneHot: false,
  });
}

/** `x + n`: integer labels shifted by an integer keep what the scan knows of them (`y[y >= 5] - 5` are labels 0–4). */
function shift(a: ArrayValue, by: number, range: SourceRange): Value {
  const integer = a.integer && Number.isInteger(by);
  const counts = integer && a.labelCounts ? shiftedCounts(a.labelCounts, by) : null;
  const classes = counts ? counts.length : integer && a.classes !== null && by >= 0 ? a.classes + by : null;
  return withOp(a, { op: 'add', by }, range, { integer, classes, ...(counts ? { labelCounts: counts } : {}) });
}

function shiftedCounts(counts: number[], by: number): number[] | null {
  const out: number[] = [];
  for (let c = 0; c < counts.length; c++) {
    if (counts[c] === 0) continue;
    if (c + by < 0) return null;
    out[c + by] = counts[c];
  }
  return Array.from(out, (n) => n ?? 0);
}

/** `y < 5`: booleans; over labels whose counts the scan knows, also how many samples they keep. */
function compare(a: ArrayValue, operator: Comparison, value: number, range: SourceRange): Value {
  const counts = a.shape.length === 1 ? a.labelCounts : undefined;
  const labels = counts ? counts.map((_, c) => c).filter((c) => counts[c] > 0 && holds(c, operator, value)) : null;
  return withOp(a, { op: 'compare', operator, value }, range, {
    integer: false,
    classes: null,
    oneHot: false,
    mask: labels ? keeping(labels, a.plan, counts!) : { count: null, keeps: null },
  });
}

const keeping = (labels: number[], of: ArrayPlan, counts: number[]): MaskFacts => ({
  count: labels.reduce((sum, c) => sum + counts[c], 0),
  keeps: { labels, of, counts },
});

/** `m1 & m2`, `m1 | m2` (np.logical_and / or): masks over the same labels keep a known count. */
export function combineMasks(a: ArrayValue, operator: 'and' | 'or', b: ArrayValue, range: SourceRange): Value {
  if (!a.mask || !b.mask) throw unsupported(`${operator === 'and' ? '&' : '|'} is followed between comparisons' booleans only`, range);
  if (a.shape.length !== b.shape.length || a.shape.some((n, i) => n !== b.shape[i])) {
    throw shapeMismatch(`operands could not be broadcast together with shapes ${shapeText(a.shape)} ${shapeText(b.shape)}`, range);
  }
  const [x, y] = [a.mask.keeps, b.mask.keeps];
  const labels =
    x && y && planKey(x.of) === planKey(y.of)
      ? x.counts
          .map((_, c) => c)
          .filter((c) => (operator === 'and' ? x.labels.includes(c) && y.labels.includes(c) : x.labels.includes(c) || y.labels.includes(c)))
      : null;
  return withOp(a, { op: 'elementwise', operator, other: b.plan }, range, {
    mask: labels ? keeping(labels, x!.of, x!.counts) : { count: null, keeps: null },
  });
}

/** `~mask` (np.logical_not). */
export function invertMask(a: ArrayValue, range: SourceRange): Value {
  if (!a.mask) throw unsupported("~ is followed on a comparison's booleans only", range);
  const { count, keeps } = a.mask;
  const mask: MaskFacts = keeps
    ? keeping(
        keeps.counts.map((_, c) => c).filter((c) => keeps.counts[c] > 0 && !keeps.labels.includes(c)),
        keeps.of,
        keeps.counts,
      )
    : { count: count === null ? null : a.shape[0] - count, keeps: null };
  return withOp(a, { op: 'not' }, range, { mask });
}

function holds(a: number, operator: Comparison, b: number): boolean {
  switch (operator) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
}

const planKey = (p: ArrayPlan) => JSON.stringify([p.source, p.ops], (key, v: unknown) => (key === 'location' ? undefined : v));

/** `x[array]`: a boolean mask, or integer indices (a permutation, a random sample of indices). */
export function arrayIndex(x: ArrayValue, index: ArrayValue, text: string, range: SourceRange): Value {
  return index.mask || !index.integer ? maskSamples(x, index, text, range) : take(x, index, text, range);
}

/** How far the values of an index array reach: np.arange, np.random.permutation (shuffled, sliced) and randint draw below a known bound. */
function indexBound(index: ArrayValue): number | null {
  const { source, ops } = index.plan;
  if (!ops.every((op) => op.op === 'slice' || (op.op === 'take' && op.indices.source.kind === 'random'))) return null;
  if (source.kind === 'arange') return source.start >= 0 && source.step > 0 ? Math.max(source.start, source.stop) : null;
  if (source.kind !== 'random') return null;
  if (source.distribution === 'permutation') return source.shape[0];
  return source.distribution === 'randint' && (source.low ?? 0) >= 0 ? (source.high ?? null) : null;
}

/** `x[indices]` (np.random.permutation(x) too): rows by an integer array whose values the scan can bound. */
export function take(x: ArrayValue, index: ArrayValue, text: string, range: SourceRange): Value {
  const bound = indexBound(index);
  if (index.shape.length !== 1 || bound === null) {
    throw unsupported(`${text}: the scan indexes arrays with np.random.permutation or np.random.randint indices (or a comparison's booleans) only`, range);
  }
  if (x.shape.length === 0 || bound > x.shape[0]) {
    throw new Unsupported(
      new ScanError('script-error', `${text}: the indices go up to ${bound - 1}, out of bounds for axis 0 with size ${x.shape[0] ?? 0}`, range),
    );
  }
  // A permutation of every sample keeps the labels and their counts.
  const whole = index.shape[0] === x.shape[0] && index.plan.source.kind === 'random' && index.plan.source.distribution === 'permutation';
  return withOp(x, { op: 'take', indices: index.plan }, range, {
    shape: [index.shape[0], ...x.shape.slice(1)],
    ...(whole && x.labelCounts ? { labelCounts: x.labelCounts } : {}),
  });
}

/** `np.arange(start, stop, step)` of integers. */
export function arange(start: number, stop: number, step: number, range: SourceRange): Value {
  if (step === 0) throw unsupported('np.arange: the step must not be 0', range);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  return arrayValue({
    plan: { source: { kind: 'arange', start, stop, step }, ops: [], location: range },
    shape: [n],
    classes: null,
    integer: true,
    oneHot: false,
  });
}

/** `np.random.permutation(n)`. */
export function permutation(n: number, range: SourceRange): ArrayValue {
  return {
    plan: { source: { kind: 'random', distribution: 'permutation', shape: [n] }, ops: [], location: range },
    shape: [n],
    classes: null,
    integer: true,
    oneHot: false,
  };
}

/** `x[mask]`: the samples where a comparison holds; their number must be known statically. */
export function maskSamples(x: ArrayValue, mask: ArrayValue, text: string, range: SourceRange): Value {
  if (!mask.mask) throw unsupported(`${text}: the scan indexes arrays with a comparison's booleans (x[y < 5]) only`, range);
  if (mask.shape.length !== 1 || x.shape.length === 0 || mask.shape[0] !== x.shape[0]) {
    throw shapeMismatch(
      `${text}: a boolean index of shape ${shapeText(mask.shape)} does not match an array of shape ${shapeText(x.shape)} (it must have one value per sample)`,
      range,
    );
  }
  const { count, keeps } = mask.mask;
  if (count === null) {
    throw unsupported(
      `${text} keeps as many samples as the comparison holds for, which the scan knows only for the labels of keras.datasets mnist / fashion_mnist compared with a number`,
      range,
    );
  }
  // The labels masked by a comparison of themselves: only the kept labels remain.
  const same = keeps !== null && x.labelCounts !== undefined && planKey(keeps.of) === planKey(x.plan);
  const counts = same ? x.labelCounts!.map((n, c) => (keeps.labels.includes(c) ? n : 0)).slice(0, Math.max(...keeps.labels, -1) + 1) : null;
  return withOp(x, { op: 'mask', mask: mask.plan }, range, {
    shape: [count, ...x.shape.slice(1)],
    ...(counts ? { labelCounts: counts, classes: counts.length } : {}),
  });
}

/** `x[i]`: one item of the first axis. */
export function indexFirst(x: ArrayValue, index: number, range: SourceRange): Value {
  const n = x.shape[0];
  if (x.shape.length === 0) throw unsupported('an array of shape () cannot be indexed', range);
  const at = index < 0 ? index + n : index;
  if (at < 0 || at >= n) throw new Unsupported(new ScanError('script-error', `index ${index} is out of bounds for axis 0 with size ${n}`, range));
  return withOp(x, { op: 'index', index: at }, range, { shape: x.shape.slice(1), oneHot: false });
}

/** `x.mean(axis=0)`, `np.std(x, axis=(0, 1))`, …: computed from the data by the worker. */
export function statistic(
  x: ArrayValue,
  which: Statistic,
  axis: number | number[] | null,
  options: { keepDims: boolean; ddof: number },
  range: SourceRange,
): Value {
  const rank = x.shape.length;
  const listed = axis === null ? null : typeof axis === 'number' ? [axis] : axis;
  const axes = listed?.map((a) => (a < 0 ? a + rank : a)) ?? null;
  if (axes?.some((a, i) => a < 0 || a >= rank || axes.indexOf(a) !== i)) {
    throw unsupported(`${which}: axis ${shapeText(listed!)} does not fit an array of shape ${shapeText(x.shape)}`, range);
  }
  const reduced = (d: number) => axes === null || axes.includes(d);
  const shape = options.keepDims ? x.shape.map((n, d) => (reduced(d) ? 1 : n)) : x.shape.filter((_, d) => !reduced(d));
  return arrayValue({
    plan: {
      source: { kind: 'statistic', statistic: which, of: x.plan, axes: axes && [...axes].sort(), keepDims: options.keepDims, ddof: options.ddof },
      ops: [],
      location: range,
    },
    shape,
    classes: null,
    integer: x.integer && (which === 'min' || which === 'max'),
    oneHot: false,
  });
}

/** `np.concatenate(parts, axis)`: empty parts (k-fold's first and last folds) add nothing. */
export function concatenate(parts: ArrayValue[], axis: number, range: SourceRange): Value {
  const rank = parts[0].shape.length;
  const at = axis < 0 ? axis + rank : axis;
  if (rank === 0 || at < 0 || at >= rank) throw unsupported(`concatenate: axis ${axis} does not fit arrays of shape ${shapeText(parts[0].shape)}`, range);
  parts.forEach((p, i) => {
    if (p.shape.length !== rank) {
      throw shapeMismatch(
        `concatenate: all the input arrays must have the same number of dimensions, but the array at index 0 has ${rank} and the array at index ${i} has ${p.shape.length}`,
        range,
      );
    }
    const d = p.shape.findIndex((n, k) => k !== at && n !== parts[0].shape[k]);
    if (d >= 0) {
      throw shapeMismatch(
        `concatenate: along dimension ${d}, the array at index 0 has size ${parts[0].shape[d]} and the array at index ${i} has size ${p.shape[d]} (only axis ${at} may differ)`,
        range,
      );
    }
  });
  const kept = parts.filter((p) => p.shape[at] > 0);
  const used = kept.length > 0 ? kept : parts;
  const shape = parts[0].shape.map((n, k) => (k === at ? parts.reduce((sum, p) => sum + p.shape[k], 0) : n));
  const classes = used.every((p) => p.classes !== null) ? Math.max(...used.map((p) => p.classes!)) : null;
  return arrayValue({
    plan:
      used.length === 1
        ? { ...used[0].plan, location: range }
        : { source: { kind: 'concatenate', parts: used.map((p) => p.plan), axis: at }, ops: [], location: range },
    shape,
    classes,
    integer: used.every((p) => p.integer),
    oneHot: at === 0 && used.every((p) => p.oneHot),
  });
}
