// What the translator knows about a Python value while it walks the script.

import type { SourceRange } from '../../shared/protocol';
import { ScanError } from '../errors';
import type { ArrayPlan, CustomActivation, LayerPlan, OptimizerPlan, SerializedObject } from '../plan';
import type { SyntaxNode } from './source';

/** A numpy array whose contents the worker will produce and whose shape is known statically. */
export interface ArrayValue {
  plan: ArrayPlan;
  shape: number[];
  /** Labels: the number of classes (integer labels lie in [0, classes)). */
  classes: number | null;
  integer: boolean;
  /** One-hot labels, as keras.utils.to_categorical makes them. */
  oneHot: boolean;
  /** Labels whose values the scan knows the counts of (a bundled dataset's): counts[c] labels equal c. */
  labelCounts?: number[];
  /** A boolean array from a comparison: how many samples it keeps, when the scan knows. */
  mask?: MaskFacts;
  /** numpy's object array of integer lists (imdb, reuters): each sample's length and the largest index. */
  sequences?: { lengths: number[]; maxValue: number };
}

export interface MaskFacts {
  /** The samples it keeps; null when the compared values are only known in the worker. */
  count: number | null;
  /** For a comparison of labels with known counts: the labels it keeps, the labels' plan and counts. */
  keeps: { labels: number[]; of: ArrayPlan; counts: number[] } | null;
}

/** A Keras layer instance: usually one tfjs layer, two when an activation needs its own layer. */
export interface LayerValue {
  className: string;
  plans: LayerPlan[];
  /** From input_shape / input_dim / batch_input_shape, without the batch axis. */
  inputShape: number[] | null;
  location: SourceRange;
}

/** A symbolic tensor of the functional API. */
export interface TensorValue {
  id: string;
  /** Without the batch axis; an axis of unknown length reads UNKNOWN (shapes.ts). */
  shape: number[];
}

/** A tfjs loss; `fromLogits` when the Keras loss was told the model outputs logits. */
export interface LossChoice {
  name: string;
  fromLogits: boolean;
}

export interface CompileState {
  optimizer: OptimizerPlan;
  loss: LossChoice;
  /** The loss argument, where a loss/label mismatch is reported. */
  lossLocation: SourceRange;
  metrics: string[];
  location: SourceRange;
  /** A functional model with several outputs (or loss_weights): each output's loss, where it is written, and its weight. */
  outputs: { loss: LossChoice; lossLocation: SourceRange; weight: number }[] | null;
}

export interface SequentialModel {
  kind: 'sequential';
  layers: LayerValue[];
  /** From an Input / InputLayer given as the first layer. */
  input: { shape: number[]; location: SourceRange } | null;
  compiled: CompileState | null;
  location: SourceRange;
}

export interface FunctionalModel {
  kind: 'functional';
  inputs: TensorValue[];
  outputs: TensorValue[];
  compiled: CompileState | null;
  location: SourceRange;
}

export type ModelValue = SequentialModel | FunctionalModel;

export type KerasObject =
  | { type: 'initializer'; value: SerializedObject }
  | { type: 'regularizer'; value: SerializedObject }
  | { type: 'optimizer'; value: OptimizerPlan }
  | { type: 'loss'; loss: LossChoice }
  | { type: 'metric'; name: string }
  | { type: 'callback'; name: string };

export interface FunctionValue {
  name: string;
  node: SyntaxNode;
  /** Default values of the parameters, evaluated at definition like Python does. */
  defaults: Map<string, Value>;
  /** A function with `yield`: calling it makes a generator, which the scan cannot train on. */
  generator: boolean;
}

export type Value =
  | { kind: 'number'; value: number; integer: boolean }
  | { kind: 'string'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  | { kind: 'ellipsis' }
  | { kind: 'sequence'; tuple: boolean; items: Value[] }
  /** A module, function or class reached through imports, by its canonical dotted path. */
  | { kind: 'symbol'; path: string[] }
  | { kind: 'array'; array: ArrayValue }
  | { kind: 'layer'; layer: LayerValue }
  | { kind: 'tensor'; tensor: TensorValue }
  | { kind: 'model'; model: ModelValue }
  | { kind: 'object'; object: KerasObject }
  | { kind: 'function'; fn: FunctionValue }
  | { kind: 'callbackClass'; name: string }
  /** A custom Keras layer class whose call is elementwise (customLayer.ts). */
  | { kind: 'layerClass'; name: string; activation: CustomActivation }
  /** A Python dict: entries by Python's key equality (dicts.ts), in insertion order. */
  | { kind: 'dict'; entries: Map<string, { key: Value; value: Value }> }
  /** Something the translator cannot follow; using it where it matters raises `error`. */
  | { kind: 'unsupported'; error: ScanError };

export type DictValue = Extract<Value, { kind: 'dict' }>;

export const NONE: Value = { kind: 'none' };

export const num = (value: number, integer = Number.isInteger(value)): Value => ({ kind: 'number', value, integer });
export const tuple = (items: Value[]): Value => ({ kind: 'sequence', tuple: true, items });

/**
 * Thrown while evaluating an expression the translator cannot follow. Statements that do
 * not matter to training swallow it (binding names to an `unsupported` value); the model,
 * compile and fit turn it into the ScanError it carries.
 */
export class Unsupported extends Error {
  constructor(readonly error: ScanError) {
    super(error.message);
  }
}

/**
 * Python itself stops the script here whatever the scan follows (a name never defined): no
 * statement swallows it, and it is reported as the script's error at its own place.
 */
export class PythonRaises extends Error {
  constructor(readonly error: ScanError) {
    super(error.message);
  }
}

export function unsupported(message: string, range: SourceRange): Unsupported {
  return new Unsupported(new ScanError('unsupported', message, range));
}

/** Raises the error of an unsupported value, or returns the value. */
export function known(value: Value): Exclude<Value, { kind: 'unsupported' }> {
  if (value.kind === 'unsupported') throw new Unsupported(value.error);
  return value;
}

/** Runs `fn`, turning an Unsupported into the ScanError that stops the scan. */
export function strictly<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Unsupported) throw e.error;
    throw e;
  }
}

/** How a value reads in a message: `'relu'`, `(28, 28)`, `a numpy array of shape (60000, 28, 28)`. */
export function describe(value: Value): string {
  switch (value.kind) {
    case 'number':
      return String(value.value);
    case 'string':
      return `'${value.value}'`;
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'ellipsis':
      return '...';
    case 'sequence':
      return value.tuple ? shapeText(value.items.map(describe)) : `[${value.items.map(describe).join(', ')}]`;
    case 'symbol':
      return value.path.join('.');
    case 'array':
      return `an array of shape ${shapeText(value.array.shape)}`;
    case 'layer':
      return `a ${value.layer.className} layer`;
    case 'tensor':
      return `a tensor of shape ${shapeText([null, ...value.tensor.shape.map((d) => (d === -1 ? null : d))])}`;
    case 'model':
      return 'a model';
    case 'object':
      return `a ${value.object.type}`;
    case 'function':
      return `the function ${value.fn.name}`;
    case 'callbackClass':
    case 'layerClass':
      return `the class ${value.name}`;
    case 'dict':
      return `{${[...value.entries.values()].map((e) => `${describe(e.key)}: ${describe(e.value)}`).join(', ')}}`;
    case 'unsupported':
      return 'an unsupported value';
  }
}

/** A Python tuple as text: `(784,)`, `(None, 28, 28)`. */
export function shapeText(dims: readonly (number | string | null)[]): string {
  const parts = dims.map((d) => (d === null ? 'None' : String(d)));
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
}
