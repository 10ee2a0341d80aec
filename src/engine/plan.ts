// A training plan: a model, its data and its training settings, described without a script.
// The Keras translator produces one from a Python file; the worker builds and trains it with
// TensorFlow.js exactly as it trains a TensorFlow.js script, with the same monitor.

import type { ReportDiagnostic, SourceFrame, SourceRange } from '../shared/protocol';
import type { KerasCacheDataset, KerasDatasetArgs } from './kerasDatasets';

/** A tfjs initializer or regularizer by class name, e.g. { className: 'RandomNormal', config: { mean: -3, stddev: 0.05 } }. */
export interface SerializedObject {
  className: string;
  config: Record<string, number | string | null>;
}

export interface LayerPlan {
  /** The tfjs `tf.layers` factory, e.g. 'dense', 'conv2d', 'maxPooling2d', 'batchNormalization'. */
  factory: string;
  /**
   * The tfjs layer config (camelCase keys, tfjs activation names). Initializers and
   * regularizers are SerializedObjects; shapes are arrays of numbers or null.
   */
  config: Record<string, unknown>;
  /** The layer's constructor call in the user's file. */
  location: SourceRange;
  /** Outer frames, e.g. the `model.add(...)` inside a loop, innermost first. */
  callers: SourceFrame[];
  /** The activation `config.activation` names, when it is the script's own function (a Python def). */
  customActivation?: CustomActivation;
}

/** A Python def of elementwise operations used as an activation: the worker registers it with tfjs under `name`. */
export interface CustomActivation {
  name: string;
  expression: Elementwise;
}

/** An elementwise computation on the activation's input `x`, as tfjs ops (constants folded). */
export type Elementwise = { op: 'x' } | { op: 'constant'; value: number } | { op: ElementwiseFunction; args: Elementwise[] };

/** The tfjs ops a custom activation is made of; leakyRelu's alpha and clipByValue's bounds are constants. */
export type ElementwiseFunction =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'maximum'
  | 'minimum'
  | 'neg'
  | 'relu'
  | 'relu6'
  | 'sigmoid'
  | 'tanh'
  | 'softplus'
  | 'elu'
  | 'selu'
  | 'exp'
  | 'log'
  | 'log1p'
  | 'expm1'
  | 'abs'
  | 'sqrt'
  | 'square'
  | 'sin'
  | 'cos'
  | 'erf'
  | 'sign'
  | 'leakyRelu'
  | 'clipByValue';

export interface InputPlan {
  id: string;
  /** Shape without the batch dimension. */
  shape: number[];
  location: SourceRange;
}

export type ModelPlan =
  | { kind: 'sequential'; layers: LayerPlan[] }
  | {
      kind: 'functional';
      inputs: InputPlan[];
      /**
       * In topological order; `inputs` name input ids or earlier node ids. `shares`: the node whose
       * layer this one applies again (one layer called on several tensors shares its weights).
       */
      nodes: { id: string; layer: LayerPlan; inputs: string[]; shares?: string }[];
      outputs: string[];
    };

export type DatasetName = 'mnist' | 'fashion-mnist';

export type ArraySource =
  | { kind: 'dataset'; dataset: DatasetName; split: 'train' | 'test'; part: 'x' | 'y' }
  /** A dataset from Keras's own cache, read with load_data's arguments (src/data/keras). */
  | { kind: 'kerasCache'; dataset: KerasCacheDataset; args: KerasDatasetArgs; split: 'train' | 'test'; part: 'x' | 'y' }
  /** `np.zeros(shape)`. */
  | { kind: 'zeros'; shape: number[] }
  | {
      kind: 'random';
      /** permutation: np.random.permutation(n), the integers 0 … n-1 in a random order. */
      distribution: 'uniform' | 'normal' | 'randint' | 'permutation';
      shape: number[];
      /** uniform: [low, high); normal: mean and std; randint: [low, high). */
      low?: number;
      high?: number;
      mean?: number;
      std?: number;
    }
  /** `np.concatenate(parts, axis)` (also vstack / hstack). */
  | { kind: 'concatenate'; parts: ArrayPlan[]; axis: number }
  /**
   * `x.mean(axis)`, `np.std(x, axis)`, …, computed from the data when the worker materialises it;
   * `axes` null reduces every axis. std divides by (n - ddof) as numpy does.
   */
  | { kind: 'statistic'; statistic: Statistic; of: ArrayPlan; axes: number[] | null; keepDims: boolean; ddof: number }
  /** `np.arange(start, stop, step)` of integers. */
  | { kind: 'arange'; start: number; stop: number; step: number };

export type Statistic = 'mean' | 'std' | 'min' | 'max';

/** numpy's elementwise functions the translator follows. */
export type NumpyFunction = 'sqrt' | 'exp' | 'log' | 'log1p' | 'abs' | 'square' | 'tanh';

/** Arithmetic between arrays, and `&` / `|` between boolean masks. */
export type ElementwiseOperator = 'add' | 'subtract' | 'multiply' | 'divide' | 'and' | 'or';

/** numpy's elementwise comparisons, giving booleans. */
export type Comparison = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** numpy steps applied to an array, in order. */
export type ArrayOp =
  | { op: 'slice'; start: number | null; end: number | null }
  | { op: 'divide'; by: number }
  | { op: 'multiply'; by: number }
  | { op: 'astype'; dtype: 'float32' | 'int32' }
  | { op: 'reshape'; shape: number[] }
  | { op: 'expandDims'; axis: number }
  | { op: 'toCategorical'; classes: number | null }
  /** keras.utils.pad_sequences of an array of sequences (Keras's semantics: 'pre' by default). */
  | { op: 'padSequences'; maxlen: number; padding: 'pre' | 'post'; truncating: 'pre' | 'post'; value: number; dtype: 'float32' | 'int32' }
  /** The one-hot loop `results[i, seq] = value` over np.zeros((n, dimension)): each sample's indices set. */
  | { op: 'multiHot'; dimension: number; value: number }
  /** `x + n`, `x - n` (by = -n). */
  | { op: 'add'; by: number }
  /** `x - mean`, `x / std`, …: with another array, broadcast as numpy does. */
  | { op: 'elementwise'; operator: ElementwiseOperator; other: ArrayPlan }
  /** `~mask`. */
  | { op: 'not' }
  /** `np.sqrt(x)`, `np.log1p(x)`, …: elementwise. */
  | { op: 'function'; name: NumpyFunction }
  /** `x[indices]`: the items of the first axis an integer array names (a permutation, a sample). */
  | { op: 'take'; indices: ArrayPlan }
  /** `x ** p`. */
  | { op: 'power'; by: number }
  /** `np.clip(x, min, max)` (either bound may be None). */
  | { op: 'clip'; min: number | null; max: number | null }
  | { op: 'compare'; operator: Comparison; value: number }
  /** `x[mask]`: the samples where a boolean array over the first axis holds. */
  | { op: 'mask'; mask: ArrayPlan }
  /** `x[i]`: one item of the first axis (negative counts from the end). */
  | { op: 'index'; index: number };

export interface ArrayPlan {
  source: ArraySource;
  ops: ArrayOp[];
  /** The expression that produced the array, for error messages. */
  location: SourceRange;
}

export interface OptimizerPlan {
  /** tfjs optimizer name. */
  name: 'adam' | 'sgd' | 'rmsprop' | 'adagrad' | 'adadelta' | 'adamax';
  learningRate: number;
  momentum?: number;
  /** SGD with Nesterov momentum (only with a momentum). */
  nesterov?: boolean;
  /** Other tfjs optimizer arguments (beta1, beta2, epsilon, rho, …). */
  extra?: Record<string, number>;
}

export interface CompilePlan {
  optimizer: OptimizerPlan;
  /** tfjs loss name, e.g. 'sparseCategoricalCrossentropy', 'meanSquaredError'. */
  loss: string;
  metrics: string[];
  location: SourceRange;
  /** A model with several outputs: each output's loss and weight (Keras's loss_weights, else 1), in the model's output order. */
  outputs?: { loss: string; weight: number }[];
}

export interface FitPlan {
  x: ArrayPlan;
  y: ArrayPlan;
  epochs: number;
  batchSize: number;
  validationData: [ArrayPlan, ArrayPlan] | null;
  validationSplit: number;
  shuffle: boolean;
  location: SourceRange;
  /**
   * A model with several inputs or outputs: one array per input and per output, in the model's
   * order (`x` and `y` are the first of each; `validationData` is then null).
   */
  several?: { x: ArrayPlan[]; y: ArrayPlan[]; validation: [ArrayPlan[], ArrayPlan[]] | null };
}

export interface TrainingPlan {
  file: string;
  model: ModelPlan;
  compile: CompilePlan;
  fit: FitPlan;
  /** Information for the report, e.g. callbacks given to fit that the scan skips. */
  notes: ReportDiagnostic[];
}

/** What a Keras script trains: the fits to scan, in the order they run, and the report's notes (the first plan's `notes` too). */
export interface ScriptPlan {
  /** `repeats`: later fits of the same model and settings (a loop over seeds), counted on this one. */
  fits: { plan: TrainingPlan; repeats: number }[];
  notes: ReportDiagnostic[];
}
