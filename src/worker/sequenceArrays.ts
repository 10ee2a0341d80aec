// Arrays from Keras's cache as tensors: dense parts as they are, numpy's object arrays of
// sequences (imdb, reuters) kept as lists through sample slices until pad_sequences or the
// one-hot loop makes them rectangular, with Keras's and numpy's semantics.

import type { KerasDatasetCache } from '../data/keras/cache';
import type { KerasArray } from '../data/keras/datasets';
import type { ArrayOp, ArraySource } from '../engine/plan';
import type { Tensor, Tf } from './tfjs';

type PadOp = Extract<ArrayOp, { op: 'padSequences' }>;
type MultiHotOp = Extract<ArrayOp, { op: 'multiHot' }>;

export function kerasCacheArray(source: Extract<ArraySource, { kind: 'kerasCache' }>, keras: KerasDatasetCache): KerasArray {
  return keras.load(source.dataset, source.args)[source.split][source.part];
}

export function denseTensor(tf: Tf, a: Extract<KerasArray, { kind: 'dense' }>): Tensor {
  return a.integer ? tf.tensor(Int32Array.from(a.values), a.shape, 'int32') : tf.tensor(Float32Array.from(a.values), a.shape, 'float32');
}

/**
 * The sequences after the plan's first steps — sample slices, then pad_sequences or the one-hot
 * loop — as a tensor, and how many steps that took.
 */
export function sequencesTensor(tf: Tf, rows: number[][], ops: ArrayOp[]): { tensor: Tensor; used: number } {
  let current = rows;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    if (op.op === 'slice') current = current.slice(op.start ?? 0, op.end ?? undefined);
    else if (op.op === 'padSequences') return { tensor: padded(tf, current, op), used: i + 1 };
    else if (op.op === 'multiHot') return { tensor: multiHot(tf, current, op), used: i + 1 };
    else throw new Error(`${op.op} of an array of sequences`);
  }
  throw new Error('an array of sequences of different lengths cannot be trained on: pad them first');
}

/** keras.utils.pad_sequences: truncate and pad each sequence to maxlen ('pre' cuts/pads the front). */
function padded(tf: Tf, rows: number[][], op: PadOp): Tensor {
  const { maxlen } = op;
  const out = op.dtype === 'int32' ? new Int32Array(rows.length * maxlen) : new Float32Array(rows.length * maxlen);
  out.fill(op.value);
  rows.forEach((row, r) => {
    if (row.length === 0) return;
    const kept = op.truncating === 'pre' ? row.slice(Math.max(0, row.length - maxlen)) : row.slice(0, maxlen);
    const at = r * maxlen + (op.padding === 'pre' ? maxlen - kept.length : 0);
    out.set(kept, at);
  });
  return tf.tensor(out, [rows.length, maxlen], op.dtype);
}

/** `results[i, seq] = value` for every sample i: numpy's fancy index, negative indices counting from the end. */
function multiHot(tf: Tf, rows: number[][], op: MultiHotOp): Tensor {
  const { dimension } = op;
  const out = new Float32Array(rows.length * dimension);
  rows.forEach((row, r) => {
    for (const w of row) {
      const column = w < 0 ? w + dimension : w;
      if (column < 0 || column >= dimension) throw new Error(`IndexError: index ${w} is out of bounds for axis 1 with size ${dimension}`);
      out[r * dimension + column] = op.value;
    }
  });
  return tf.tensor(out, [rows.length, dimension], 'float32');
}

/** The rows of an integer tensor: a 1-D array's items are one index each. */
function rowsOf(t: Tensor): number[][] {
  const values = Array.from(t.dataSync());
  if (t.rank === 1) return values.map((v) => [v]);
  const width = t.shape[1] ?? 1;
  return Array.from({ length: t.shape[0] }, (_, r) => values.slice(r * width, (r + 1) * width));
}

/** pad_sequences or the one-hot loop on an array that is already rectangular. */
export function denseSequenceOp(tf: Tf, t: Tensor, op: PadOp | MultiHotOp): Tensor {
  const rows = rowsOf(t);
  return op.op === 'padSequences' ? padded(tf, rows, op) : multiHot(tf, rows, op);
}
