// The numpy arithmetic of a training plan as tensors: concatenations and statistics of other
// plans, elementwise arithmetic, comparisons, boolean masks and items (see engine/keras/arrayMath.ts).

import type { ArrayOp, ArrayPlan, ArraySource } from '../engine/plan';
import type { Tensor, Tf } from './tfjs';

/** Makes the tensor of another plan (a part, a statistic's data, a mask). */
export type Materialise = (plan: ArrayPlan) => Tensor;

type DerivedSource = Extract<ArraySource, { kind: 'concatenate' | 'statistic' }>;
type MathOp = Extract<ArrayOp, { op: 'add' | 'elementwise' | 'compare' | 'mask' | 'index' | 'not' }>;

export function derivedSource(tf: Tf, source: DerivedSource, materialise: Materialise): Tensor {
  if (source.kind === 'concatenate') return tf.concat(sameDtype(tf, source.parts.map(materialise)), source.axis);
  const t = materialise(source.of);
  const axes = source.axes ?? t.shape.map((_, i) => i);
  switch (source.statistic) {
    case 'min':
      return tf.min(t, axes, source.keepDims);
    case 'max':
      return tf.max(t, axes, source.keepDims);
    case 'mean':
      return tf.mean(tf.cast(t, 'float32'), axes, source.keepDims);
    case 'std': {
      const n = axes.reduce((count, axis) => count * t.shape[axis], 1);
      const { variance } = tf.moments(tf.cast(t, 'float32'), axes, source.keepDims);
      return tf.sqrt(source.ddof === 0 ? variance : tf.mul(variance, n / (n - source.ddof)));
    }
  }
}

/** numpy's result type, near enough: integers and booleans stay integers, anything with a float is float32. */
function sameDtype(tf: Tf, tensors: Tensor[]): Tensor[] {
  const dtype = tensors.every((t) => t.dtype === 'int32' || t.dtype === 'bool') ? 'int32' : 'float32';
  return tensors.map((t) => (t.dtype === dtype ? t : tf.cast(t, dtype)));
}

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
    case 'compare': {
      const [a, b] = sameDtype(tf, [t, tf.scalar(op.value, Number.isInteger(op.value) ? 'int32' : 'float32')]);
      return tf[COMPARE[op.operator]](a, b);
    }
    case 'mask':
      return maskRows(tf, t, materialise(op.mask));
    case 'index':
      return tf.squeeze(tf.slice(t, op.index, 1), [0]);
  }
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
