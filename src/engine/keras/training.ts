// Keras optimizers, losses and metrics, mapped to TensorFlow.js with Keras's defaults.

import type { SourceRange } from '../../shared/protocol';
import type { OptimizerPlan } from '../plan';
import type { Args } from './args';
import { describe, unsupported, type LossChoice, type Value } from './values';

type OptimizerName = OptimizerPlan['name'];

interface OptimizerSpec {
  name: OptimizerName;
  /** Keras's default learning rate (which differs from tfjs's for some, e.g. Adagrad). */
  learningRate: number;
  /** Keras parameters in positional order after learning_rate. */
  params: string[];
}

const ADAM_PARAMS = ['beta_1', 'beta_2', 'epsilon', 'amsgrad'];

/** By lower-cased Keras name: 'adam', 'Adam' and 'ADAM' all read 'adam'. */
const OPTIMIZERS: Record<string, OptimizerSpec> = {
  adam: { name: 'adam', learningRate: 0.001, params: ADAM_PARAMS },
  sgd: { name: 'sgd', learningRate: 0.01, params: ['momentum', 'nesterov'] },
  rmsprop: { name: 'rmsprop', learningRate: 0.001, params: ['rho', 'momentum', 'epsilon', 'centered'] },
  adagrad: { name: 'adagrad', learningRate: 0.001, params: ['initial_accumulator_value', 'epsilon'] },
  adadelta: { name: 'adadelta', learningRate: 0.001, params: ['rho', 'epsilon'] },
  adamax: { name: 'adamax', learningRate: 0.001, params: ['beta_1', 'beta_2', 'epsilon'] },
};

/** Keyword-only arguments every Keras optimizer takes. */
const COMMON_OPTIMIZER_PARAMS = ['lr', 'decay', 'clipnorm', 'clipvalue', 'global_clipnorm', 'weight_decay', 'use_ema', 'name', 'jit_compile'];

/** Keras argument → the key in OptimizerPlan.extra. */
const EXTRA_KEYS: Record<string, string> = {
  beta_1: 'beta1',
  beta_2: 'beta2',
  epsilon: 'epsilon',
  rho: 'rho',
  initial_accumulator_value: 'initialAccumulatorValue',
};

export function isOptimizerName(name: string): boolean {
  return name.toLowerCase() in OPTIMIZERS;
}

export function optimizerSignature(name: string): { params: string[]; positional: number } {
  const spec = OPTIMIZERS[name.toLowerCase()];
  return { params: ['learning_rate', ...spec.params, ...COMMON_OPTIMIZER_PARAMS], positional: 1 + spec.params.length };
}

/** An optimizer named by a string, with Keras's default settings. */
export function optimizerByName(value: Value, range: SourceRange): OptimizerPlan {
  if (value.kind === 'object' && value.object.type === 'optimizer') return value.object.value;
  if (value.kind === 'string' && isOptimizerName(value.value)) {
    const spec = OPTIMIZERS[value.value.toLowerCase()];
    return { name: spec.name, learningRate: spec.learningRate };
  }
  throw unsupported(`optimizer ${describe(value)} is not supported (supported: ${Object.keys(OPTIMIZERS).join(', ')})`, range);
}

/** `keras.optimizers.X(...)`. */
export function makeOptimizer(name: string, args: Args): OptimizerPlan {
  const spec = OPTIMIZERS[name.toLowerCase()];
  if (args.has('lr') && args.has('learning_rate')) args.refuse('lr', 'learning_rate is given too');
  const rateArg = args.has('lr') ? 'lr' : 'learning_rate';
  const rate = args.value(rateArg);
  if (rate !== undefined && rate.kind !== 'number') {
    if (rate.kind === 'object' || rate.kind === 'symbol') args.refuse(rateArg, 'learning-rate schedules are not translated');
    args.fail(rateArg, 'a number');
  }
  const plan: OptimizerPlan = { name: spec.name, learningRate: args.number(rateArg, spec.learningRate) };

  if (args.number('decay', 0) !== 0) args.refuse('decay', 'learning-rate decay is not translated');
  for (const p of ['clipnorm', 'clipvalue', 'global_clipnorm', 'weight_decay']) if (args.given(p)) args.refuse(p, 'tfjs optimizers have no such setting');
  if (args.bool('use_ema')) args.refuse('use_ema', 'tfjs optimizers have no such setting');
  for (const p of ['amsgrad', 'centered']) if (args.bool(p)) args.refuse(p, 'tfjs has no such variant');

  const momentum = args.number('momentum', 0);
  if (momentum !== 0) plan.momentum = momentum;
  // Keras's Nesterov step is tfjs's momentum optimizer with useNesterov; with no momentum both are plain SGD.
  if (args.bool('nesterov') && momentum !== 0) plan.nesterov = true;
  const extra: Record<string, number> = {};
  for (const [arg, key] of Object.entries(EXTRA_KEYS)) {
    if (spec.params.includes(arg) && args.value(arg) !== undefined) extra[key] = args.number(arg, 0);
  }
  if (Object.keys(extra).length > 0) plan.extra = extra;
  return plan;
}

// ---------------------------------------------------------------------------
// Losses
// ---------------------------------------------------------------------------

/** Keras loss function names (and aliases) → tfjs loss names. */
const LOSS_FUNCTIONS: Record<string, string> = {
  sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
  categorical_crossentropy: 'categoricalCrossentropy',
  binary_crossentropy: 'binaryCrossentropy',
  mean_squared_error: 'meanSquaredError',
  mse: 'meanSquaredError',
  mean_absolute_error: 'meanAbsoluteError',
  mae: 'meanAbsoluteError',
  mean_absolute_percentage_error: 'meanAbsolutePercentageError',
  mape: 'meanAbsolutePercentageError',
  mean_squared_logarithmic_error: 'meanSquaredLogarithmicError',
  msle: 'meanSquaredLogarithmicError',
  hinge: 'hinge',
  squared_hinge: 'squaredHinge',
  categorical_hinge: 'categoricalHinge',
  log_cosh: 'logcosh',
  logcosh: 'logcosh',
  kl_divergence: 'kullbackLeiblerDivergence',
  kld: 'kullbackLeiblerDivergence',
  kullback_leibler_divergence: 'kullbackLeiblerDivergence',
  poisson: 'poisson',
};

/** Keras loss classes → their function name. */
const LOSS_CLASSES: Record<string, string> = {
  SparseCategoricalCrossentropy: 'sparse_categorical_crossentropy',
  CategoricalCrossentropy: 'categorical_crossentropy',
  BinaryCrossentropy: 'binary_crossentropy',
  MeanSquaredError: 'mean_squared_error',
  MeanAbsoluteError: 'mean_absolute_error',
  MeanAbsolutePercentageError: 'mean_absolute_percentage_error',
  MeanSquaredLogarithmicError: 'mean_squared_logarithmic_error',
  Hinge: 'hinge',
  SquaredHinge: 'squared_hinge',
  CategoricalHinge: 'categorical_hinge',
  LogCosh: 'log_cosh',
  KLDivergence: 'kl_divergence',
  Poisson: 'poisson',
};

export function isLossClass(name: string): boolean {
  return name in LOSS_CLASSES;
}

export const LOSS_CLASS_PARAMS = ['from_logits', 'label_smoothing', 'axis', 'reduction', 'name', 'ignore_class'];

/** `keras.losses.SparseCategoricalCrossentropy(...)` → the tfjs loss. */
export function makeLoss(className: string, args: Args): LossChoice {
  const fromLogits = args.bool('from_logits') ?? false;
  if (args.number('label_smoothing', 0) !== 0) args.refuse('label_smoothing', 'not translated');
  if (args.given('ignore_class')) args.refuse('ignore_class', 'not translated');
  const reduction = args.string('reduction');
  if (reduction !== undefined && !['auto', 'sum_over_batch_size'].includes(reduction)) args.refuse('reduction', 'tfjs averages over the batch');
  return { name: LOSS_FUNCTIONS[LOSS_CLASSES[className]], fromLogits };
}

export function toLoss(value: Value, range: SourceRange): LossChoice {
  if (value.kind === 'object' && value.object.type === 'loss') return value.object.loss;
  const name =
    value.kind === 'string' ? value.value : value.kind === 'symbol' && value.path[0] === 'keras' && value.path[1] === 'losses' ? value.path[2] : null;
  if (name && name in LOSS_FUNCTIONS) return { name: LOSS_FUNCTIONS[name], fromLogits: false };
  throw unsupported(`loss ${describe(value)} is not supported (supported: ${Object.keys(LOSS_FUNCTIONS).join(', ')})`, range);
}

// ---------------------------------------------------------------------------
// Metrics
// ---------------------------------------------------------------------------

/** Keras metric names and classes → tfjs metric names ('accuracy' resolves by the loss in both). */
const METRICS: Record<string, string> = {
  accuracy: 'accuracy',
  acc: 'accuracy',
  sparse_categorical_accuracy: 'accuracy',
  SparseCategoricalAccuracy: 'accuracy',
  categorical_accuracy: 'categoricalAccuracy',
  CategoricalAccuracy: 'categoricalAccuracy',
  binary_accuracy: 'binaryAccuracy',
  BinaryAccuracy: 'binaryAccuracy',
  Accuracy: 'accuracy',
  mse: 'mse',
  mean_squared_error: 'mse',
  MeanSquaredError: 'mse',
  mae: 'mae',
  mean_absolute_error: 'mae',
  MeanAbsoluteError: 'mae',
  mape: 'mape',
  mean_absolute_percentage_error: 'mape',
  Precision: 'precision',
  precision: 'precision',
};

export function isMetricName(name: string): boolean {
  return name in METRICS;
}

export function toMetric(value: Value, range: SourceRange): string {
  if (value.kind === 'object' && value.object.type === 'metric') return value.object.name;
  const name = value.kind === 'string' ? value.value : value.kind === 'symbol' && value.path[1] === 'metrics' ? value.path[2] : null;
  if (name && name in METRICS) return METRICS[name];
  throw unsupported(`metric ${describe(value)} is not supported (supported: ${Object.keys(METRICS).join(', ')})`, range);
}

export function metricByName(name: string): string {
  return METRICS[name];
}
