// Keras activations, initializers and regularizers, mapped to their TensorFlow.js equivalents.

import type { SourceRange } from '../../shared/protocol';
import type { CustomActivation, SerializedObject } from '../plan';
import type { Args, Evaluator } from './args';
import { activationFamily } from '../stats';
import { customActivation } from './customActivation';
import { describe, unsupported, type Value } from './values';

/** Keras activation name → tfjs activation name. */
const ACTIVATIONS: Record<string, string> = {
  relu: 'relu',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
  elu: 'elu',
  selu: 'selu',
  softplus: 'softplus',
  softsign: 'softsign',
  linear: 'linear',
  swish: 'swish',
  silu: 'swish',
  gelu: 'gelu',
  mish: 'mish',
  relu6: 'relu6',
  hard_sigmoid: 'hardSigmoid',
};

/** Keras's `leaky_relu` activation (and tf.nn.leaky_relu) uses this negative slope. */
const LEAKY_RELU_SLOPE = 0.2;

/**
 * An activation as tfjs applies it: a built-in activation name, or — for activations tfjs
 * has no name for (leaky_relu, an activation layer passed as `activation=`) — a separate
 * layer placed right after, which the monitor attributes to the layer holding the weights,
 * or the script's own def of elementwise operations, registered with tfjs by the worker.
 */
export type ActivationChoice =
  { kind: 'name'; name: string } | { kind: 'leakyRelu'; alpha: number } | { kind: 'layer'; value: Value } | { kind: 'custom'; activation: CustomActivation };

/** `ev` reads a def passed as the activation. */
export function activationOf(value: Value | undefined, range: SourceRange, ev: Evaluator): ActivationChoice {
  if (value === undefined || value.kind === 'none') return { kind: 'name', name: 'linear' };
  if (value.kind === 'function') return ownActivation(customActivation(ev, value.fn));
  const name = activationName(value);
  if (name === 'leaky_relu') return { kind: 'leakyRelu', alpha: LEAKY_RELU_SLOPE };
  if (name !== null && name in ACTIVATIONS) return { kind: 'name', name: ACTIVATIONS[name] };
  if (value.kind === 'layer' && ['LeakyReLU', 'ReLU', 'ELU', 'Activation'].includes(value.layer.className)) {
    return { kind: 'layer', value };
  }
  throw unsupported(`activation ${describe(value)} is not supported (supported: ${[...Object.keys(ACTIVATIONS), 'leaky_relu'].join(', ')})`, range);
}

/**
 * A def named like an activation tfjs or the engine knows (a user's own `mish`) is named
 * custom_<name>: the monitor judges it as an unknown elementwise activation, never by the rule of
 * the activation whose name it shares.
 */
function ownActivation(choice: ActivationChoice): ActivationChoice {
  if (choice.kind !== 'custom') return choice;
  const name = choice.activation.name;
  const taken =
    name in ACTIVATIONS ||
    Object.values(ACTIVATIONS).includes(name) ||
    ['leaky_relu', 'logSoftmax', 'gelu_new'].includes(name) ||
    activationFamily(name) !== null;
  return taken ? { kind: 'custom', activation: { ...choice.activation, name: `custom_${name}` } } : choice;
}

function activationName(value: Value): string | null {
  if (value.kind === 'string') return value.value;
  if (value.kind !== 'symbol') return null;
  const [root, group, name] = value.path;
  const isKeras = root === 'keras' && group === 'activations';
  const isTf = root === 'tensorflow' && (group === 'nn' || group === 'math');
  if ((isKeras || isTf) && value.path.length === 3) return name;
  if (root === 'tensorflow' && value.path.length === 2 && ['sigmoid', 'tanh'].includes(group)) return group;
  return null;
}

// ---------------------------------------------------------------------------
// Initializers
// ---------------------------------------------------------------------------

interface InitializerSpec {
  className: string;
  /** Keras parameters in positional order, with their Keras defaults. */
  params: [string, number | string | null][];
}

const seeded = (className: string): InitializerSpec => ({ className, params: [['seed', null]] });

/** By Keras name with underscores removed and lower-cased: 'he_normal' and 'HeNormal' both read 'henormal'. */
const RANDOM_NORMAL: InitializerSpec = {
  className: 'RandomNormal',
  params: [
    ['mean', 0],
    ['stddev', 0.05],
    ['seed', null],
  ],
};
const RANDOM_UNIFORM: InitializerSpec = {
  className: 'RandomUniform',
  params: [
    ['minval', -0.05],
    ['maxval', 0.05],
    ['seed', null],
  ],
};

const INITIALIZERS: Record<string, InitializerSpec> = {
  glorotuniform: seeded('GlorotUniform'),
  glorotnormal: seeded('GlorotNormal'),
  henormal: seeded('HeNormal'),
  heuniform: seeded('HeUniform'),
  lecunnormal: seeded('LeCunNormal'),
  lecununiform: seeded('LeCunUniform'),
  zeros: { className: 'Zeros', params: [] },
  zero: { className: 'Zeros', params: [] },
  ones: { className: 'Ones', params: [] },
  one: { className: 'Ones', params: [] },
  constant: { className: 'Constant', params: [['value', 0]] },
  randomnormal: RANDOM_NORMAL,
  randomuniform: RANDOM_UNIFORM,
  // Keras's short aliases (keras.initializers.get('uniform'), Keras 1's init='uniform').
  uniform: RANDOM_UNIFORM,
  normal: RANDOM_NORMAL,
  truncatednormal: {
    className: 'TruncatedNormal',
    params: [
      ['mean', 0],
      ['stddev', 0.05],
      ['seed', null],
    ],
  },
  variancescaling: {
    className: 'VarianceScaling',
    params: [
      ['scale', 1],
      ['mode', 'fan_in'],
      ['distribution', 'truncated_normal'],
      ['seed', null],
    ],
  },
  orthogonal: {
    className: 'Orthogonal',
    params: [
      ['gain', 1],
      ['seed', null],
    ],
  },
  identity: { className: 'Identity', params: [['gain', 1]] },
};

const initializerKey = (name: string) => name.split('_').join('').toLowerCase();

export const KERAS_DEFAULT_KERNEL: SerializedObject = { className: 'GlorotUniform', config: { seed: null } };
export const KERAS_DEFAULT_BIAS: SerializedObject = { className: 'Zeros', config: {} };

export function isInitializerName(name: string): boolean {
  return initializerKey(name) in INITIALIZERS;
}

export function initializerSignature(name: string): string[] {
  return INITIALIZERS[initializerKey(name)].params.map(([p]) => p);
}

/**
 * `keras.initializers.X(...)` (with `args`) or the name `'x'` (without) → the tfjs initializer,
 * with Keras's defaults filled in.
 */
export function makeInitializer(name: string, args?: Args): SerializedObject {
  const spec = INITIALIZERS[initializerKey(name)];
  const config: SerializedObject['config'] = {};
  for (const [param, fallback] of spec.params) {
    if (param === 'mode' || param === 'distribution') {
      const table = param === 'mode' ? FAN_MODES : DISTRIBUTIONS;
      const given = args?.string(param) ?? (fallback as string);
      config[param] =
        given in table
          ? table[given]
          : args!.fail(
              param,
              `one of ${Object.keys(table)
                .map((k) => `'${k}'`)
                .join(', ')}`,
            );
    } else if (param === 'seed') {
      const seed = args?.value('seed');
      config.seed = seed === undefined ? null : seed.kind === 'number' && seed.integer ? seed.value : args!.fail('seed', 'an integer');
    } else {
      config[param] = args ? args.number(param, fallback as number) : fallback;
    }
  }
  return { className: spec.className, config };
}

// tfjs spells the modes in camelCase; its 'normal' is Keras's truncated normal (its own
// 'truncatedNormal' value falls through to a uniform draw, so it is never emitted).
const FAN_MODES: Record<string, string> = { fan_in: 'fanIn', fan_out: 'fanOut', fan_avg: 'fanAvg' };
const DISTRIBUTIONS: Record<string, string> = { truncated_normal: 'normal', normal: 'normal', untruncated_normal: 'normal', uniform: 'uniform' };

/** A kernel_initializer / bias_initializer argument: a name, an initializer object or function. */
export function toInitializer(value: Value, range: SourceRange): SerializedObject {
  if (value.kind === 'object' && value.object.type === 'initializer') return value.object.value;
  const name = value.kind === 'string' ? value.value : value.kind === 'symbol' && value.path[1] === 'initializers' ? value.path[value.path.length - 1] : null;
  if (name !== null && isInitializerName(name)) return makeInitializer(name);
  throw unsupported(`initializer ${describe(value)} is not supported (supported: glorot_uniform, he_normal, RandomNormal(...), Constant(...), …)`, range);
}

// ---------------------------------------------------------------------------
// Regularizers
// ---------------------------------------------------------------------------

/** Keras regularizer (function or class) → which penalties it sets, with their defaults. */
const REGULARIZERS: Record<string, { params: ('l1' | 'l2')[]; defaults: { l1: number; l2: number } }> = {
  l1: { params: ['l1'], defaults: { l1: 0.01, l2: 0 } },
  l2: { params: ['l2'], defaults: { l1: 0, l2: 0.01 } },
  l1_l2: { params: ['l1', 'l2'], defaults: { l1: 0.01, l2: 0.01 } },
  L1: { params: ['l1'], defaults: { l1: 0.01, l2: 0 } },
  L2: { params: ['l2'], defaults: { l1: 0, l2: 0.01 } },
  L1L2: { params: ['l1', 'l2'], defaults: { l1: 0, l2: 0 } },
};

export function isRegularizerName(name: string): boolean {
  return name in REGULARIZERS;
}

export function regularizerSignature(name: string): string[] {
  return REGULARIZERS[name].params;
}

export function makeRegularizer(name: string, args: Args): SerializedObject {
  const spec = REGULARIZERS[name];
  const config = { ...spec.defaults };
  for (const p of spec.params) config[p] = args.number(p, spec.defaults[p]);
  return { className: 'L1L2', config };
}

export function toRegularizer(value: Value, range: SourceRange): SerializedObject {
  if (value.kind === 'object' && value.object.type === 'regularizer') return value.object.value;
  if (value.kind === 'string' && ['l1', 'l2', 'l1_l2'].includes(value.value)) {
    return { className: 'L1L2', config: { ...REGULARIZERS[value.value].defaults } };
  }
  throw unsupported(`regularizer ${describe(value)} is not supported (use keras.regularizers.l1, l2 or l1_l2)`, range);
}
