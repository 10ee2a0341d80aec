// Static output shapes of the translated layers (batch axis left out), and the refusals
// Keras itself makes when a layer cannot take its input.

import type { LayerPlan } from '../plan';
import { shapeText } from './values';

export type ShapeResult = { ok: true; shape: number[] } | { ok: false; message: string };

const ok = (shape: number[]): ShapeResult => ({ ok: true, shape });
const fail = (message: string): ShapeResult => ({ ok: false, message });

/**
 * An axis of unknown length (`None` in `keras.Input(shape=(None,))`): it stays unknown through
 * the layers until fit, where the data fixes it and every shape is worked out again.
 */
export const UNKNOWN = -1;

/** The batch-less output shape of a layer fed `input`, or why Keras would refuse it. */
export function outputShape(layer: LayerPlan, input: number[]): ShapeResult {
  const c = layer.config;
  const where = `expected by ${layerLabel(layer)}`;
  switch (layer.factory) {
    case 'dense':
      if (input.length < 1) return fail(`a Dense layer needs inputs with at least 2 axes ${where}`);
      if (input[input.length - 1] === UNKNOWN)
        return fail(`the last axis of the input must have a known length for ${layerLabel(layer)}, got ${batchShape(input)}`);
      return ok([...input.slice(0, -1), c.units as number]);
    case 'bidirectional': {
      const inner = c.layer as { factory: string; config: Record<string, unknown> };
      const result = outputShape({ ...layer, factory: inner.factory, config: inner.config }, input);
      if (!result.ok || c.mergeMode !== 'concat') return result;
      return ok([...result.shape.slice(0, -1), 2 * result.shape[result.shape.length - 1]]);
    }
    case 'conv1d':
    case 'conv2d':
    case 'maxPooling1d':
    case 'maxPooling2d':
    case 'averagePooling2d':
      return windowed(layer, input);
    case 'globalAveragePooling2d':
    case 'globalMaxPooling2d':
      if (input.length !== 3) return fail(`4-D input (batch, height, width, channels) ${where}, got ${batchShape(input)}`);
      return ok([input[2]]);
    case 'flatten':
      return ok([input.includes(UNKNOWN) ? UNKNOWN : product(input)]);
    case 'embedding':
      if (input.length !== 1) return fail(`2-D input (batch, steps) ${where}, got ${batchShape(input)}`);
      return ok([input[0], c.outputDim as number]);
    case 'simpleRNN':
    case 'lstm':
    case 'gru':
      if (input.length !== 2) return fail(`3-D input (batch, steps, features) ${where}, got ${batchShape(input)}`);
      if (input[1] === UNKNOWN) return fail(`the features axis must have a known length for ${layerLabel(layer)}, got ${batchShape(input)}`);
      return ok(c.returnSequences ? [input[0], c.units as number] : [c.units as number]);
    case 'reshape':
      // Keras reshapes an input of unknown length when it runs; the data decides at fit.
      if (input.includes(UNKNOWN)) return ok((c.targetShape as number[]).map((d) => (d === -1 ? UNKNOWN : d)));
      return reshaped(c.targetShape as number[], input, `the Reshape ${where}`);
    default:
      // dropout, batchNormalization, activation, reLU, leakyReLU, elu, softmax keep their input's shape.
      return ok(input);
  }
}

/** Merge layers: the batch-less output shape of a layer fed several tensors, or why Keras would refuse them. */
export function mergedShape(layer: LayerPlan, inputs: number[][]): ShapeResult {
  const label = layerLabel(layer);
  if (inputs.length < 2) return fail(`${label} needs a list of at least 2 tensors, got ${inputs.length}`);
  const list = inputs.map(batchShape).join(', ');
  const rank = inputs[0].length;
  if (inputs.some((s) => s.length !== rank)) return fail(`${label} needs inputs of the same rank, got ${list}`);
  if (layer.factory !== 'concatenate') {
    const same = inputs.every((s) => s.every((d, i) => d === inputs[0][i] || d === UNKNOWN || inputs[0][i] === UNKNOWN));
    return same
      ? ok(inputs[0].map((d, i) => (d === UNKNOWN ? (inputs.find((s) => s[i] !== UNKNOWN)?.[i] ?? UNKNOWN) : d)))
      : fail(`${label} needs inputs of the same shape, got ${list}`);
  }
  // Keras's axis counts the batch axis: -1 is the last axis, 1 the first after the batch.
  const given = (layer.config.axis as number | undefined) ?? -1;
  const axis = given < 0 ? rank + given + 1 : given;
  if (axis < 1 || axis > rank) return fail(`${label} cannot join along axis ${given} inputs of shapes ${list}`);
  const at = axis - 1;
  const fits = inputs.every((s) => s.every((d, i) => i === at || d === inputs[0][i] || d === UNKNOWN || inputs[0][i] === UNKNOWN));
  if (!fits) return fail(`${label} needs inputs that match except along axis ${given}, got ${list}`);
  const joined = inputs.some((s) => s[at] === UNKNOWN) ? UNKNOWN : inputs.reduce((sum, s) => sum + s[at], 0);
  return ok(inputs[0].map((d, i) => (i === at ? joined : d)));
}

/** Convolutions and poolings: `rank` spatial axes then channels. */
function windowed(layer: LayerPlan, input: number[]): ShapeResult {
  const c = layer.config;
  const isConv = layer.factory.startsWith('conv');
  const rank = layer.factory.endsWith('1d') ? 1 : 2;
  if (input.length !== rank + 1) {
    const axes = rank === 1 ? '(batch, steps, channels)' : '(batch, height, width, channels)';
    return fail(`${rank + 2}-D input ${axes} expected by ${layerLabel(layer)}, got ${batchShape(input)}`);
  }
  const window = perAxis(isConv ? c.kernelSize : (c.poolSize ?? 2), rank);
  const strides = perAxis(c.strides ?? (isConv ? 1 : window), rank);
  const dilation = perAxis(c.dilationRate ?? 1, rank);
  const padding = (c.padding as string | undefined) ?? 'valid';
  if (input[rank] === UNKNOWN) return fail(`the channels axis must have a known length for ${layerLabel(layer)}, got ${batchShape(input)}`);
  const spatial = input.slice(0, rank).map((size, i) => {
    if (padding === 'same') return Math.ceil(size / strides[i]);
    const span = (window[i] - 1) * dilation[i] + 1;
    const extra = padding === 'causal' ? span - 1 : 0;
    return Math.floor((size + extra - span) / strides[i]) + 1;
  });
  if (spatial.some((d, i) => d < 1 && input[i] !== UNKNOWN)) {
    return fail(
      `${layerLabel(layer)} with window ${shapeText(window)} cannot take input ${batchShape(input)}: the output would have ${shapeText(spatial)} positions`,
    );
  }
  return ok([...spatial.map((d, i) => (input[i] === UNKNOWN ? UNKNOWN : d)), isConv ? (c.filters as number) : input[rank]]);
}

function reshaped(target: number[], input: number[], what: string): ShapeResult {
  const size = product(input);
  const known = product(target.filter((d) => d !== -1));
  const free = target.filter((d) => d === -1).length;
  if (free > 1 || (free === 0 && known !== size) || (free === 1 && size % known !== 0)) {
    return fail(`${what} turns ${size} values per sample into ${shapeText(target)}, which does not hold them`);
  }
  return ok(target.map((d) => (d === -1 ? size / known : d)));
}

const perAxis = (v: unknown, rank: number): number[] => (Array.isArray(v) ? (v as number[]) : Array(rank).fill(v as number));

export const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

/** A batch-less shape as Keras prints it: `(None, 28, 28)`. */
export const batchShape = (shape: readonly number[]): string => shapeText([null, ...shape.map((d) => (d === UNKNOWN ? null : d))]);

function layerLabel(layer: LayerPlan): string {
  const name = typeof layer.config.name === 'string' ? ` '${layer.config.name}'` : '';
  return `${KERAS_CLASS[layer.factory] ?? layer.factory}${name}`;
}

/** tfjs factory → Keras class name, for messages. */
export const KERAS_CLASS: Record<string, string> = {
  dense: 'Dense',
  conv1d: 'Conv1D',
  conv2d: 'Conv2D',
  maxPooling1d: 'MaxPooling1D',
  maxPooling2d: 'MaxPooling2D',
  averagePooling2d: 'AveragePooling2D',
  globalAveragePooling2d: 'GlobalAveragePooling2D',
  globalMaxPooling2d: 'GlobalMaxPooling2D',
  flatten: 'Flatten',
  embedding: 'Embedding',
  simpleRNN: 'SimpleRNN',
  lstm: 'LSTM',
  gru: 'GRU',
  reshape: 'Reshape',
  dropout: 'Dropout',
  batchNormalization: 'BatchNormalization',
  activation: 'Activation',
  reLU: 'ReLU',
  leakyReLU: 'LeakyReLU',
  elu: 'ELU',
  softmax: 'Softmax',
  bidirectional: 'Bidirectional',
  concatenate: 'Concatenate',
  add: 'Add',
  multiply: 'Multiply',
  average: 'Average',
  maximum: 'Maximum',
  minimum: 'Minimum',
};

/** The tfjs merge layers: they take a list of tensors. */
export const MERGE_FACTORIES = new Set(['concatenate', 'add', 'multiply', 'average', 'maximum', 'minimum']);
