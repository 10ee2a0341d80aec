// Keras 1's layer spellings that Keras 2 converted one to one (its legacy interfaces): the class
// names Convolution1D / Convolution2D, and arguments such as border_mode, nb_filter, subsample,
// pool_length, output_dim, dropout_W, read as their Keras 2/3 names.

import { Args } from './args';
import type { ScriptContext } from './context';
import { layerSignature } from './layers';
import { callArguments, type SyntaxNode } from './source';
import { describe, known, tuple, unsupported, type Value } from './values';

/** Keras 1's class names, kept by Keras 2 and 3 as aliases. */
const ALIASES: Record<string, string> = { Convolution1D: 'Conv1D', Convolution2D: 'Conv2D' };

const WEIGHTS = {
  W_regularizer: 'kernel_regularizer',
  b_regularizer: 'bias_regularizer',
  W_constraint: 'kernel_constraint',
  b_constraint: 'bias_constraint',
  bias: 'use_bias',
};
const POOL_2D = { border_mode: 'padding', dim_ordering: 'data_format' };
const RECURRENT = {
  ...WEIGHTS,
  output_dim: 'units',
  inner_init: 'recurrent_initializer',
  inner_activation: 'recurrent_activation',
  U_regularizer: 'recurrent_regularizer',
  U_constraint: 'recurrent_constraint',
  dropout_W: 'dropout',
  dropout_U: 'recurrent_dropout',
};

/** Keras 1 argument → its Keras 2 name, per layer (keras/legacy/interfaces.py of Keras 2). */
const RENAMED: Record<string, Record<string, string>> = {
  Dense: { ...WEIGHTS, output_dim: 'units' },
  Dropout: { p: 'rate' },
  Embedding: { init: 'embeddings_initializer', W_regularizer: 'embeddings_regularizer', W_constraint: 'embeddings_constraint' },
  Conv1D: { ...WEIGHTS, nb_filter: 'filters', filter_length: 'kernel_size', subsample_length: 'strides', border_mode: 'padding' },
  Conv2D: { ...WEIGHTS, nb_filter: 'filters', subsample: 'strides', border_mode: 'padding', dim_ordering: 'data_format' },
  MaxPooling1D: { pool_length: 'pool_size', stride: 'strides', border_mode: 'padding' },
  MaxPooling2D: POOL_2D,
  AveragePooling2D: POOL_2D,
  SimpleRNN: RECURRENT,
  LSTM: RECURRENT,
  GRU: RECURRENT,
};

/** Keras 1 arguments Keras 2 dropped, with what replaces them. */
const REMOVED: Record<string, Record<string, string>> = {
  Embedding: { dropout: 'Keras 2 dropped it: a SpatialDropout1D layer after the Embedding does the same' },
};

export function keras1ClassName(name: string): string {
  return ALIASES[name] ?? name;
}

/**
 * The arguments of `written(...)` (a layer class the translator knows under `className`) bound as
 * Keras 2 reads them when the call uses Keras 1's spellings; null when it uses none.
 */
export function keras1Args(it: ScriptContext, written: string, className: string, node: SyntaxNode): Args | null {
  const renamed = RENAMED[className] ?? {};
  const removed = REMOVED[className] ?? {};
  const call = node.lastChild?.name === 'ArgList' ? callArguments(it.source, node.lastChild) : null;
  if (!call || call.unpacked) return null;
  const keywords = [...call.keywords.keys()];
  // Convolution2D(32, 3, 3): Keras 1's nb_filter, nb_row, nb_col (Keras 3 would take the last 3 as strides).
  const rows = written === 'Convolution2D' && (call.positional.length === 3 || keywords.includes('nb_row'));
  if (!rows && !keywords.some((k) => k in renamed || k in removed)) return null;
  for (const k of keywords)
    if (k in removed) throw unsupported(`${written}: ${k}= is Keras 1's (${removed[k]})`, it.source.rangeOf(call.keywords.get(k)!.name));
  const { params, positional } = layerSignature(className);
  const legacyNames = Object.keys(renamed).filter((k) => !params.includes(k));
  const signature = rows
    ? ['nb_filter', 'nb_row', 'nb_col', ...params.filter((p) => p !== 'filters' && p !== 'kernel_size'), ...legacyNames]
    : [...params, ...legacyNames];
  const args = new Args(it, written, node, signature, rows ? 3 : positional);
  for (const [from, to] of Object.entries(renamed)) args.rename(from, to, from === 'dim_ordering' ? dataFormat(args) : undefined);
  if (rows) {
    const [row, column] = [args.raw('nb_row'), args.raw('nb_col')];
    if (!row || !column) throw unsupported(`${written}: Keras 1's kernel size is nb_row and nb_col, both needed`, it.source.rangeOf(node));
    args.rename('nb_filter', 'filters');
    args.rename('nb_row', 'kernel_size', tuple([known(row), known(column)]));
    args.drop('nb_col');
    if (call.positional.length === 3) {
      const message = `Read as Keras 1 and 2 read it: ${written}(filters, nb_row, nb_col), a kernel of nb_row × nb_col (Keras 3 would take the third argument as strides).`;
      it.note({ severity: 'information', code: 'unsupported', message }, it.source.rangeOf(node));
    }
  }
  return args;
}

/** Keras 1's dim_ordering as data_format: 'tf' is channels last, 'th' channels first. */
function dataFormat(args: Args): Value | undefined {
  const v = args.raw('dim_ordering');
  if (v === undefined) return undefined;
  const value = known(v);
  const format = value.kind === 'string' ? { tf: 'channels_last', th: 'channels_first', default: 'channels_last' }[value.value] : undefined;
  if (!format) throw unsupported(`dim_ordering must be 'tf' or 'th', got ${describe(value)}`, args.valueRange('dim_ordering'));
  return { kind: 'string', value: format };
}
