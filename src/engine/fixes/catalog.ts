// The fixes, each written once for both languages against a Dialect: what it changes, when it
// applies to a layer, and when it has already been applied (then it is not offered).

import type { ActivationFamily, FixId } from '../../shared/protocol';
import { canonical, type Dialect } from './dialect';
import type { SyntaxNode } from './document';
import { bracketedItems } from './items';
import { numberValue } from './numbers';
import { lowerLearningRate, sgdToAdam, type Built } from './optimizer';

export type { Built };

type Builder = (d: Dialect, layer: SyntaxNode, family: ActivationFamily) => Built | undefined;

/** A bias initialiser whose mean is at or below this is strongly negative. */
const NEGATIVE_BIAS = -0.1;
const L2_FACTOR = '1e-4';
const DROPOUT_RATE = 0.2;

/** Layers that belong to the activation of the layer before them. */
const ACTIVATION_LAYERS = new Set(['batchnormalization', 'activation', 'relu', 'leakyrelu', 'elu', 'prelu', 'thresholdedrelu', 'softmax']);

/** The activation an `activation` value names: `'relu'`, `tf.nn.relu` and `activations.relu` all read 'relu'. */
function activationName(d: Dialect, value: SyntaxNode): string | undefined {
  const text = d.doc.text(value);
  if (text === 'None' || text === 'null' || text === 'undefined') return 'linear';
  const path = d.doc.path(value);
  return d.doc.stringValue(value) ?? path?.[path.length - 1];
}

/** An initializer's name, canonical: `'he_normal'`, `HeNormal()` and `tf.initializers.heNormal({})` read 'henormal'. */
function initializerName(d: Dialect, value: SyntaxNode): string | undefined {
  const text = d.doc.stringValue(value);
  if (text !== undefined) return canonical(text);
  const path = value.name === 'CallExpression' ? d.doc.calleePath(value) : d.doc.path(value);
  return path && canonical(path[path.length - 1]);
}

/** The mean of the values an initializer draws, when it is written out literally. */
function initializerMean(d: Dialect, value: SyntaxNode): number | undefined {
  const name = initializerName(d, value);
  if (name === 'zeros') return 0;
  if (name === 'ones') return 1;
  const options = value.name === 'CallExpression' ? d.options(value) : undefined;
  if (!options) return undefined;
  const literal = (option: string, fallback?: number): number | undefined => {
    const set = options.get(option);
    return set ? numberValue(d.doc, set.value) : fallback;
  };
  switch (name) {
    case 'constant':
      return literal('value');
    case 'randomnormal':
    case 'truncatednormal':
      return literal('mean', 0);
    case 'randomuniform': {
      const [low, high] = [literal('minval', -0.05), literal('maxval', 0.05)];
      return low === undefined || high === undefined ? undefined : (low + high) / 2;
    }
    default:
      return undefined;
  }
}

function initializerFix(kind: 'He' | 'Glorot'): Builder {
  const identifier = kind === 'He' ? 'he_normal' : 'glorot_uniform';
  const already = kind === 'He' ? ['henormal', 'heuniform'] : ['glorotnormal', 'glorotuniform'];
  return (d, layer) => {
    const options = d.options(layer);
    const key = d.name('kernel_initializer');
    const current = options?.get(key);
    const name = current && initializerName(d, current.value);
    // Glorot is the default (uniform in Keras, normal in tfjs): without an initializer there is nothing to change.
    if (!options || (current ? name !== undefined && already.includes(name) : kind === 'Glorot')) return undefined;
    const value = d.doc.str(d.name(identifier));
    const edits = current ? [options.set(current, value)] : options.add(key, value);
    return edits && { title: `Use ${kind} initialisation (${d.show('kernel_initializer', value)})`, edits };
  };
}

const zeroBias: Builder = (d, layer) => {
  const options = d.options(layer);
  const current = options?.get(d.name('bias_initializer'));
  const mean = current && initializerMean(d, current.value);
  if (!options || !current || mean === undefined || mean > NEGATIVE_BIAS) return undefined;
  return { title: 'Reset the bias initialiser to zeros', edits: [options.set(current, d.doc.str('zeros'))] };
};

const batchNorm: Builder = (d, layer) => {
  const options = d.options(layer);
  const chain = d.chain(layer);
  const next = chain?.layers[1];
  if (!options || !chain || (next && d.kind(next) === 'batchnormalization')) return undefined;
  const activation = options.get(d.name('activation'));
  const name = activation && activationName(d, activation.value);
  const batchNormalization = d.layer(layer, { kind: 'batch-norm' });
  if (batchNormalization === undefined) return undefined;
  if (!activation || name === 'linear') {
    const edits = chain.insertAfter(0, [batchNormalization]);
    return edits && { title: 'Insert BatchNormalization after the layer', edits };
  }
  const separate = d.layer(layer, { kind: 'activation', value: d.doc.text(activation.value) });
  const edits = separate === undefined ? undefined : chain.insertAfter(0, [batchNormalization, separate]);
  return (
    edits && {
      title: `Insert BatchNormalization before the ${name ? `${name} ` : ''}activation`,
      edits: [options.remove(activation, d.none), ...edits],
    }
  );
};

/** `ReLU()` or `Activation('relu')` as a layer of its own. */
function isReluLayer(d: Dialect, call: SyntaxNode): boolean {
  const kind = d.kind(call);
  const args = call.getChild('ArgList');
  if (kind === 'relu') return !!args && bracketedItems(d.doc, args).items.length === 0;
  const activation = kind === 'activation' ? d.options(call)?.get('activation') : undefined;
  return !!activation && activationName(d, activation.value) === 'relu';
}

const leakyRelu: Builder = (d, layer, family) => {
  const options = d.options(layer);
  const chain = d.chain(layer);
  if (family !== 'relu' || !options || !chain) return undefined;
  const title = 'Replace ReLU with LeakyReLU';
  const activation = options.get(d.name('activation'));
  const name = activation && activationName(d, activation.value);
  if (activation && name === 'relu') {
    const leaky = d.layer(layer, { kind: 'leaky-relu' });
    const edits = leaky === undefined ? undefined : chain.insertAfter(0, [leaky]);
    return edits && { title, edits: [options.remove(activation, d.none), ...edits] };
  }
  if (activation && name !== 'linear') return undefined;
  // The activation is a layer of its own, possibly after a BatchNormalization.
  const separate = chain.layers.slice(1).find((l) => d.kind(l) !== 'batchnormalization');
  const leaky = separate && isReluLayer(d, separate) ? d.layer(separate, { kind: 'leaky-relu' }) : undefined;
  return separate && leaky !== undefined ? { title, edits: [{ start: separate.from, end: separate.to, newText: leaky }] } : undefined;
};

const l2: Builder = (d, layer) => {
  const options = d.options(layer);
  const key = d.name('kernel_regularizer');
  const regularizer = options && !options.get(key) ? d.l2(layer, L2_FACTOR) : undefined;
  const edits = regularizer === undefined ? undefined : options?.add(key, regularizer);
  return edits && { title: `Add L2 kernel regularisation (${L2_FACTOR})`, edits };
};

const dropout: Builder = (d, layer) => {
  const chain = d.chain(layer);
  if (!chain) return undefined;
  let last = 0;
  while (last + 1 < chain.layers.length && ACTIVATION_LAYERS.has(d.kind(chain.layers[last + 1]) ?? '')) last++;
  const next = chain.layers[last + 1];
  const text = next && d.kind(next) === 'dropout' ? undefined : d.layer(layer, { kind: 'dropout', rate: DROPOUT_RATE });
  const edits = text === undefined ? undefined : chain.insertAfter(last, [text]);
  return edits && { title: `Add Dropout(${DROPOUT_RATE}) after the layer`, edits };
};

export const BUILDERS: Record<FixId, Builder> = {
  'zero-bias': zeroBias,
  'he-init': initializerFix('He'),
  'glorot-init': initializerFix('Glorot'),
  'batch-norm': batchNorm,
  'leaky-relu': leakyRelu,
  'lower-lr': lowerLearningRate,
  'sgd-to-adam': sgdToAdam,
  l2,
  dropout,
};

/** The fixes worth trying for a layer of this family, best first. */
export function ranking(family: ActivationFamily): FixId[] {
  const specific: FixId[] = family === 'relu' ? ['he-init', 'batch-norm', 'leaky-relu'] : ['glorot-init', 'batch-norm'];
  return ['zero-bias', ...specific, 'lower-lr', 'sgd-to-adam', 'l2', 'dropout'];
}
