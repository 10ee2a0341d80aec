// Keras layer constructors → tfjs layer plans, argument by argument, with Keras's defaults.

import type { SourceFrame, SourceRange } from '../../shared/protocol';
import type { LayerPlan } from '../plan';
import type { Args } from './args';
import type { LayerNames } from './names';
import { activationOf, type ActivationChoice, KERAS_DEFAULT_BIAS, KERAS_DEFAULT_KERNEL, toInitializer, toRegularizer } from './objects';
import { KERAS_CLASS, MERGE_FACTORIES } from './shapes';
import { known, type LayerValue } from './values';

type Config = Record<string, unknown>;

interface LayerSpec {
  factory: string;
  /** Keras parameters of this layer in positional order. */
  params: string[];
  /** Fills the tfjs config; returns the activation when tfjs needs it as a layer of its own. */
  translate(args: Args, config: Config): ActivationChoice | void;
}

const WEIGHTS = [
  'kernel_initializer',
  'bias_initializer',
  'kernel_regularizer',
  'bias_regularizer',
  'activity_regularizer',
  'kernel_constraint',
  'bias_constraint',
  // Keras 1's spelling of kernel_initializer.
  'init',
];
const CONV = ['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'groups', 'activation', 'use_bias', ...WEIGHTS];
const POOLING = ['pool_size', 'strides', 'padding', 'data_format'];
const GLOBAL_POOLING = ['data_format', 'keepdims'];

/** Keyword-only arguments every Keras layer takes. */
const BASE = ['input_shape', 'input_dim', 'batch_input_shape', 'batch_size', 'name', 'dtype', 'trainable'];

const LAYERS: Record<string, LayerSpec> = {
  Dense: {
    factory: 'dense',
    params: ['units', 'activation', 'use_bias', ...WEIGHTS],
    translate(args, config) {
      config.units = required(args, 'units', args.positiveInt('units'));
      return weights(args, config);
    },
  },
  Embedding: {
    factory: 'embedding',
    params: ['input_dim', 'output_dim', 'embeddings_initializer', 'embeddings_regularizer', 'embeddings_constraint', 'mask_zero', 'input_length'],
    translate(args, config) {
      config.inputDim = required(args, 'input_dim', args.positiveInt('input_dim'));
      config.outputDim = required(args, 'output_dim', args.positiveInt('output_dim'));
      const init = args.value('embeddings_initializer');
      if (init !== undefined) config.embeddingsInitializer = toInitializer(init, args.valueRange('embeddings_initializer'));
      if (args.given('embeddings_regularizer')) args.refuse('embeddings_regularizer', 'not translated');
      refuseConstraints(args, ['embeddings_constraint']);
      const mask = args.bool('mask_zero');
      if (mask !== undefined) config.maskZero = mask;
    },
  },
  SimpleRNN: { factory: 'simpleRNN', params: recurrentParams([]), translate: (args, config) => recurrent(args, config, false) },
  LSTM: {
    factory: 'lstm',
    params: recurrentParams(['recurrent_activation'], ['unit_forget_bias']),
    translate: (args, config) => recurrent(args, config, true),
  },
  GRU: { factory: 'gru', params: recurrentParams(['recurrent_activation']), translate: (args, config) => recurrent(args, config, true) },
  Conv1D: { factory: 'conv1d', params: CONV, translate: (args, config) => conv(args, config, 1) },
  Conv2D: { factory: 'conv2d', params: CONV, translate: (args, config) => conv(args, config, 2) },
  MaxPooling1D: { factory: 'maxPooling1d', params: POOLING, translate: (args, config) => pooling(args, config, 1) },
  MaxPooling2D: { factory: 'maxPooling2d', params: POOLING, translate: (args, config) => pooling(args, config, 2) },
  AveragePooling2D: { factory: 'averagePooling2d', params: POOLING, translate: (args, config) => pooling(args, config, 2) },
  GlobalAveragePooling2D: { factory: 'globalAveragePooling2d', params: GLOBAL_POOLING, translate: globalPooling },
  GlobalMaxPooling2D: { factory: 'globalMaxPooling2d', params: GLOBAL_POOLING, translate: globalPooling },
  Flatten: { factory: 'flatten', params: ['data_format'], translate: (args) => channelsLast(args) },
  Reshape: {
    factory: 'reshape',
    params: ['target_shape'],
    translate(args, config) {
      config.targetShape = required(args, 'target_shape', args.shape('target_shape', { free: true }));
    },
  },
  Dropout: {
    factory: 'dropout',
    params: ['rate', 'noise_shape', 'seed'],
    translate(args, config) {
      const rate = required(args, 'rate', args.number('rate'));
      if (rate < 0 || rate >= 1) args.fail('rate', 'a number in [0, 1)');
      config.rate = rate;
      if (args.given('noise_shape')) args.refuse('noise_shape', 'not translated');
      const seed = args.value('seed');
      if (seed !== undefined) config.seed = seed.kind === 'number' && seed.integer ? seed.value : args.fail('seed', 'an integer');
    },
  },
  BatchNormalization: {
    factory: 'batchNormalization',
    params: [
      'axis',
      'momentum',
      'epsilon',
      'center',
      'scale',
      'beta_initializer',
      'gamma_initializer',
      'moving_mean_initializer',
      'moving_variance_initializer',
      'beta_regularizer',
      'gamma_regularizer',
      'beta_constraint',
      'gamma_constraint',
    ],
    translate(args, config) {
      axisOf(args, config);
      copyNumbers(args, config, { momentum: 'momentum', epsilon: 'epsilon' });
      copyBools(args, config, { center: 'center', scale: 'scale' });
      const initializers = {
        beta: 'betaInitializer',
        gamma: 'gammaInitializer',
        moving_mean: 'movingMeanInitializer',
        moving_variance: 'movingVarianceInitializer',
      };
      for (const [which, key] of Object.entries(initializers)) {
        const v = args.value(`${which}_initializer`);
        if (v !== undefined) config[key] = toInitializer(v, args.valueRange(`${which}_initializer`));
      }
      for (const which of ['beta', 'gamma']) {
        const v = args.value(`${which}_regularizer`);
        if (v !== undefined) config[`${which}Regularizer`] = toRegularizer(v, args.valueRange(`${which}_regularizer`));
      }
      refuseConstraints(args, ['beta_constraint', 'gamma_constraint']);
    },
  },
  Activation: {
    factory: 'activation',
    params: ['activation'],
    translate(args, config) {
      const choice = activationOf(required(args, 'activation', args.value('activation')), args.valueRange('activation'), args.ev);
      if (choice.kind === 'custom') {
        config.activation = choice.activation.name;
        return choice;
      }
      if (choice.kind !== 'name') return args.refuse('activation', 'use the LeakyReLU layer');
      config.activation = choice.name;
    },
  },
  ReLU: {
    factory: 'reLU',
    params: ['max_value', 'negative_slope', 'threshold'],
    translate(args, config) {
      if (args.number('threshold', 0) !== 0) args.refuse('threshold', 'tfjs ReLU has no threshold');
      if (args.number('negative_slope', 0) !== 0) args.refuse('negative_slope', 'use LeakyReLU');
      copyNumbers(args, config, { max_value: 'maxValue' });
    },
  },
  LeakyReLU: {
    factory: 'leakyReLU',
    params: ['alpha', 'negative_slope'],
    translate(args, config) {
      if (args.has('alpha') && args.has('negative_slope')) args.refuse('negative_slope', 'alpha is given too');
      config.alpha = args.number(args.has('negative_slope') ? 'negative_slope' : 'alpha', 0.3);
    },
  },
  ELU: {
    factory: 'elu',
    params: ['alpha'],
    translate(args, config) {
      config.alpha = args.number('alpha', 1);
    },
  },
  Softmax: { factory: 'softmax', params: ['axis'], translate: axisOf },
  Bidirectional: {
    factory: 'bidirectional',
    params: ['layer', 'merge_mode', 'weights', 'backward_layer'],
    translate(args, config) {
      const [plan] = wrappedLayer(args).plans;
      config.layer = { factory: plan.factory, config: plan.config };
      // None (two outputs) reads as given here, not as the default.
      const mode = args.has('merge_mode') ? known(args.raw('merge_mode')!) : { kind: 'string', value: 'concat' };
      config.mergeMode =
        mode.kind === 'string' && MERGE_MODES.includes(mode.value) ? mode.value : args.fail('merge_mode', MERGE_MODES.map((m) => `'${m}'`).join(', '));
      if (args.given('backward_layer')) args.refuse('backward_layer', 'tfjs builds the backward layer from the forward one');
      if (args.given('weights')) args.refuse('weights', "the scan trains from Keras's initialisation");
    },
  },
  Concatenate: { factory: 'concatenate', params: ['axis'], translate: axisOf },
  Add: { factory: 'add', params: [], translate: () => undefined },
  Multiply: { factory: 'multiply', params: [], translate: () => undefined },
  Average: { factory: 'average', params: [], translate: () => undefined },
  Maximum: { factory: 'maximum', params: [], translate: () => undefined },
  Minimum: { factory: 'minimum', params: [], translate: () => undefined },
};

/** Bidirectional's recurrent layer. */
function wrappedLayer(args: Args): LayerValue {
  const inner = required(args, 'layer', args.value('layer'));
  return inner.kind === 'layer' && ['SimpleRNN', 'LSTM', 'GRU'].includes(inner.layer.className)
    ? inner.layer
    : args.fail('layer', 'a SimpleRNN, LSTM or GRU layer');
}

/** Keras's merge modes of Bidirectional that tfjs has (None, two outputs, is not). */
const MERGE_MODES = ['concat', 'sum', 'mul', 'ave'];

export function isLayerClass(name: string): boolean {
  return name in LAYERS;
}

/**
 * `keras.layers.concatenate(inputs, ...)` and its kind → the class of the merge layer applied to
 * `inputs` (Keras's function names are tfjs's factory names).
 */
export const MERGE_FUNCTIONS: Record<string, string> = Object.fromEntries([...MERGE_FACTORIES].map((f) => [f, KERAS_CLASS[f]]));

/** Layers called on a list of tensors. */
export const isMergeLayer = (className: string): boolean => Object.values(MERGE_FUNCTIONS).includes(className);

export const SUPPORTED_LAYERS = Object.keys(LAYERS);

export function layerSignature(className: string): { params: string[]; positional: number } {
  const spec = LAYERS[className];
  // Embedding's own input_dim is its vocabulary, not the input shape.
  return { params: [...spec.params, ...BASE.filter((b) => !spec.params.includes(b))], positional: spec.params.length };
}

/**
 * Translates `keras.layers.<className>(...)`; `location` is that call. The layer takes its
 * `name=` or, like in Keras, the next name of its class once its arguments are evaluated.
 */
export function makeLayer(className: string, args: Args, location: SourceRange, callers: SourceFrame[], names: LayerNames): LayerValue {
  const spec = LAYERS[className];
  const config: Config = {};
  const activation = spec.translate(args, config);
  config.name = args.string('name') ?? names.next(className);
  // A Bidirectional layer's units are its recurrent layer's: the findings and their fixes (units,
  // activation, initializers) belong to that layer's constructor, which is where they are placed.
  const wrapped = className === 'Bidirectional' ? wrappedLayer(args) : null;
  const site = wrapped ? { location: wrapped.location, callers: wrapped.plans[0].callers } : { location, callers };
  const custom = activation?.kind === 'custom' ? { customActivation: activation.activation } : {};
  const plans = [{ factory: spec.factory, config, ...site, ...custom }, ...activationLayers(activation, location, callers, names)];
  const trainable = args.bool('trainable');
  if (trainable !== undefined) config.trainable = trainable;
  const dtype = args.value('dtype');
  if (dtype !== undefined && !isFloat32(dtype)) args.refuse('dtype', 'the scan trains in float32');
  if (args.given('batch_size')) args.refuse('batch_size', "set fit's batch_size instead");
  const inputShape = className === 'Embedding' ? embeddingInput(args) : (inputShapeOf(args) ?? wrapped?.inputShape ?? null);
  return { className, plans, inputShape, location };
}

/** An Embedding's input is its sequence: `input_length` steps when given (Keras 2), else `input_shape`. */
function embeddingInput(args: Args): number[] | null {
  if (args.has('input_length') && args.has('input_shape')) args.refuse('input_length', 'input_shape is given too');
  if (args.has('input_length')) return [required(args, 'input_length', args.positiveInt('input_length'))];
  return args.shape('input_shape', { unknown: true }) ?? null;
}

/** Keras's positional order of SimpleRNN, LSTM and GRU (`gates`: after activation; `forget`: after bias_initializer). */
function recurrentParams(gates: string[], forget: string[] = []): string[] {
  return [
    'units',
    'activation',
    ...gates,
    'use_bias',
    'kernel_initializer',
    'recurrent_initializer',
    'bias_initializer',
    ...forget,
    'kernel_regularizer',
    'recurrent_regularizer',
    'bias_regularizer',
    'activity_regularizer',
    'kernel_constraint',
    'recurrent_constraint',
    'bias_constraint',
    'dropout',
    'recurrent_dropout',
    'return_sequences',
    'return_state',
    'go_backwards',
    'stateful',
    'unroll',
  ];
}

/** SimpleRNN, LSTM and GRU with Keras's defaults (tanh, and sigmoid gates where tfjs defaults to hard_sigmoid). */
function recurrent(args: Args, config: Config, gated: boolean): void {
  config.units = required(args, 'units', args.positiveInt('units'));
  const choice = activationOf(args.value('activation') ?? { kind: 'string', value: 'tanh' }, args.valueRange('activation'), args.ev);
  if (choice.kind !== 'name') args.refuse('activation', 'a recurrent layer takes an activation by name');
  config.activation = choice.name;
  if (gated) {
    const gate = activationOf(args.value('recurrent_activation') ?? { kind: 'string', value: 'sigmoid' }, args.valueRange('recurrent_activation'), args.ev);
    if (gate.kind !== 'name') args.refuse('recurrent_activation', 'a gate activation by name');
    config.recurrentActivation = gate.name;
  }
  const useBias = args.bool('use_bias');
  if (useBias !== undefined) config.useBias = useBias;
  for (const [arg, key] of [
    ['kernel_initializer', 'kernelInitializer'],
    ['recurrent_initializer', 'recurrentInitializer'],
    ['bias_initializer', 'biasInitializer'],
  ]) {
    const v = args.value(arg);
    if (v !== undefined) config[key] = toInitializer(v, args.valueRange(arg));
  }
  for (const arg of ['kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer', 'activity_regularizer']) {
    if (args.given(arg)) args.refuse(arg, 'regularizers of recurrent layers are not translated');
  }
  refuseConstraints(args, ['kernel_constraint', 'recurrent_constraint', 'bias_constraint']);
  copyNumbers(args, config, { dropout: 'dropout', recurrent_dropout: 'recurrentDropout' });
  copyBools(args, config, { return_sequences: 'returnSequences', go_backwards: 'goBackwards', unit_forget_bias: 'unitForgetBias' });
  for (const arg of ['return_state', 'stateful']) if (args.bool(arg)) args.refuse(arg, 'the scan trains a model with one output per sample');
}

function isFloat32(v: ReturnType<Args['value']>): boolean {
  if (v?.kind === 'string') return v.value === 'float32';
  return v?.kind === 'symbol' && v.path[v.path.length - 1] === 'float32';
}

function inputShapeOf(args: Args): number[] | null {
  const given = ['input_shape', 'input_dim', 'batch_input_shape'].filter((a) => args.has(a));
  if (given.length > 1) args.refuse(given[1], `${given[0]} is given too`);
  if (args.has('input_dim')) return [required(args, 'input_dim', args.positiveInt('input_dim'))];
  if (args.has('batch_input_shape')) return args.shape('batch_input_shape', { batch: true, unknown: true })?.slice(1) ?? null;
  return args.shape('input_shape', { unknown: true }) ?? null;
}

/**
 * The layers that apply an activation tfjs has no name for, right after the layer. Each is a
 * layer of its own in tfjs only, named afresh: an activation layer object may apply to several.
 */
function activationLayers(choice: ActivationChoice | void, location: SourceRange, callers: SourceFrame[], names: LayerNames): LayerPlan[] {
  if (!choice || choice.kind === 'name' || choice.kind === 'custom') return [];
  if (choice.kind === 'leakyRelu') return [{ factory: 'leakyReLU', config: { alpha: choice.alpha, name: names.next('LeakyReLU') }, location, callers }];
  if (choice.value.kind !== 'layer') return [];
  return choice.value.layer.plans.map((p) => ({ ...p, config: { ...p.config, name: names.next(KERAS_CLASS[p.factory] ?? p.factory) } }));
}

/** activation, use_bias, initializers, regularizers and constraints of Dense and Conv. */
function weights(args: Args, config: Config): ActivationChoice {
  const choice = activationOf(args.value('activation'), args.valueRange('activation'), args.ev);
  config.activation = choice.kind === 'name' ? choice.name : choice.kind === 'custom' ? choice.activation.name : 'linear';
  const useBias = args.bool('use_bias');
  if (useBias !== undefined) config.useBias = useBias;
  if (args.has('init') && args.has('kernel_initializer')) args.refuse('init', 'kernel_initializer is given too');
  const kernelArg = args.has('init') ? 'init' : 'kernel_initializer';
  const kernel = args.value(kernelArg);
  config.kernelInitializer = kernel === undefined ? KERAS_DEFAULT_KERNEL : toInitializer(kernel, args.valueRange(kernelArg));
  const bias = args.value('bias_initializer');
  config.biasInitializer = bias === undefined ? KERAS_DEFAULT_BIAS : toInitializer(bias, args.valueRange('bias_initializer'));
  for (const which of ['kernel', 'bias', 'activity']) {
    const arg = `${which}_regularizer`;
    const v = args.value(arg);
    if (v !== undefined) config[`${which}Regularizer`] = toRegularizer(v, args.valueRange(arg));
  }
  refuseConstraints(args, ['kernel_constraint', 'bias_constraint']);
  return choice;
}

function conv(args: Args, config: Config, rank: number): ActivationChoice {
  config.filters = required(args, 'filters', args.positiveInt('filters'));
  config.kernelSize = required(args, 'kernel_size', args.intOrTuple('kernel_size', rank));
  const strides = args.intOrTuple('strides', rank);
  if (strides !== undefined) config.strides = strides;
  padding(args, config, rank === 1 ? ['valid', 'same', 'causal'] : ['valid', 'same']);
  channelsLast(args);
  const dilation = args.intOrTuple('dilation_rate', rank);
  if (dilation !== undefined) config.dilationRate = dilation;
  if (args.number('groups', 1) !== 1) args.refuse('groups', 'tfjs has no grouped convolution');
  return weights(args, config);
}

function pooling(args: Args, config: Config, rank: number): void {
  const pool = args.intOrTuple('pool_size', rank);
  if (pool !== undefined) config.poolSize = pool;
  const strides = args.intOrTuple('strides', rank);
  if (strides !== undefined) config.strides = strides;
  padding(args, config, ['valid', 'same']);
  channelsLast(args);
}

function globalPooling(args: Args): void {
  channelsLast(args);
  if (args.bool('keepdims')) args.refuse('keepdims', 'tfjs global pooling drops the spatial axes');
}

function padding(args: Args, config: Config, allowed: string[]): void {
  const given = args.string('padding');
  if (given === undefined) return;
  const value = given.toLowerCase();
  config.padding = allowed.includes(value) ? value : args.fail('padding', allowed.map((p) => `'${p}'`).join(' or '));
}

/** An `axis=` argument (Keras's count, the batch axis 0), as tfjs takes it. */
function axisOf(args: Args, config: Config): void {
  const axis = args.value('axis');
  if (axis !== undefined) config.axis = axis.kind === 'number' && axis.integer ? axis.value : args.fail('axis', 'an integer');
}

function channelsLast(args: Args): void {
  const format = args.string('data_format');
  if (format !== undefined && format !== 'channels_last') args.refuse('data_format', "only 'channels_last' is translated");
}

function refuseConstraints(args: Args, names: string[]): void {
  for (const name of names) if (args.given(name)) args.refuse(name, 'constraints are not translated');
}

function copyNumbers(args: Args, config: Config, keys: Record<string, string>): void {
  for (const [arg, key] of Object.entries(keys)) {
    const v = args.number(arg);
    if (v !== undefined) config[key] = v;
  }
}

function copyBools(args: Args, config: Config, keys: Record<string, string>): void {
  for (const [arg, key] of Object.entries(keys)) {
    const v = args.bool(arg);
    if (v !== undefined) config[key] = v;
  }
}

function required<T>(args: Args, name: string, value: T | undefined): T {
  if (value === undefined) args.fail(name, 'given');
  return value;
}
