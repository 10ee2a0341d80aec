// ReDo in place (Sokar et al., ICML 2023): a dead unit of a Dense or Conv layer gets fresh
// incoming weights drawn from the layer's own kernel initializer and a zero bias; its outgoing
// weights in the next weighted layer(s) are zeroed, so the model's output is unchanged at the
// moment of the reset; and the optimiser's per-weight state (Adam's m and v, RMSProp's and
// momentum's accumulators …) is zeroed for every weight reset — else the old moments push the
// unit straight back where it died. Stateless optimisers (SGD) have nothing to reset.

import type { Layer, LayersModel, Tensor, Tf } from './tfjs';

type LayerVariable = import('@tensorflow/tfjs-layers/dist/variables').LayerVariable;
type Variable = import('@tensorflow/tfjs').Variable;

/** The parts of a Dense / Conv layer the reset needs (set by tfjs at build time, private in its types). */
interface WeightedLayer {
  kernel?: LayerVariable;
  bias?: LayerVariable | null;
  kernelInitializer?: { apply(shape: number[], dtype?: 'float32'): Tensor };
  dataFormat?: string;
}

/** Layers whose units the reset handles, and that are the "next weighted layer" of another. */
const WEIGHTED = new Set(['Dense', 'Conv1D', 'Conv2D', 'Conv3D']);
/** Layers that map unit i of their input to unit i of their output (per position). */
const UNIT_WISE = new Set([
  'Activation',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'PReLU',
  'ThresholdedReLU',
  'Dropout',
  'SpatialDropout1D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
  'BatchNormalization',
]);
const POOLING = new Set(['MaxPooling1D', 'MaxPooling2D', 'MaxPooling3D', 'AveragePooling1D', 'AveragePooling2D', 'AveragePooling3D']);
const GLOBAL_POOLING = new Set(['GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling1D', 'GlobalMaxPooling2D']);

/** Where a layer's units sit in a tensor on its way to the next weighted layer (per sample). */
interface Layout {
  shape: (number | null)[];
  /** The axis that indexes units. */
  axis: number;
  /** Flattened: the features are `shape` flattened in row-major order. */
  flat: boolean;
}

/** Positions `indices` along `axis` of a weight are reset: to `fresh`'s values, or to zero. */
interface Reset {
  variable: LayerVariable;
  axis: number;
  indices: readonly number[];
  fresh?: Tensor;
}

export interface ReviveOutcome {
  /** Units reinitialised, per layer name, ascending. */
  revived: Map<string, number[]>;
  /** Layers whose dead units were left alone, and why. */
  skipped: { layer: string; reason: string }[];
}

const weighted = (layer: Layer): WeightedLayer => layer as unknown as WeightedLayer;

const perSample = (layer: Layer): (number | null)[] => {
  const shape = layer.outputShape;
  return ((Array.isArray(shape[0]) ? shape[0] : shape) as (number | null)[]).slice(1);
};

const channelsFirst = (layer: Layer): boolean => weighted(layer).dataFormat === 'channelsFirst';

/** The flat feature indices whose coordinate along `axis` of `shape` is one of `units`. */
function flatIndices(shape: readonly number[], axis: number, units: ReadonlySet<number>): number[] {
  const stride = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const size = shape.reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let i = 0; i < size; i++) if (units.has(Math.floor(i / stride) % shape[axis])) out.push(i);
  return out;
}

/** The layout after a layer that is neither weighted nor the model's end; a reason when it mixes units. */
function through(layer: Layer, layout: Layout): Layout | string {
  const kind = layer.getClassName();
  if (UNIT_WISE.has(kind)) return layout;
  if (kind === 'Flatten') return { ...layout, flat: true };
  if (layout.flat) return `a ${kind} layer after a Flatten`;
  if (POOLING.has(kind)) return { shape: perSample(layer), axis: layout.axis, flat: false };
  if (GLOBAL_POOLING.has(kind)) return { shape: perSample(layer), axis: 0, flat: false };
  return `a ${kind} layer follows it`;
}

/** The reset of the next weighted layer's input weights that read the units. */
function outgoingReset(next: Layer, layout: Layout, units: readonly number[]): Reset | string {
  const kernel = weighted(next).kernel;
  if (!kernel) return `${next.name} has no kernel`;
  const inputAxis = kernel.shape.length - 2;
  let indices: readonly number[];
  if (layout.flat) {
    const shape = layout.shape;
    if (next.getClassName() !== 'Dense' || shape.some((d) => d === null)) return `${next.name} reads them flattened with an unknown shape`;
    indices = flatIndices(shape as number[], layout.axis, new Set(units));
  } else {
    const channelAxis = next.getClassName() !== 'Dense' && channelsFirst(next) ? 0 : layout.shape.length - 1;
    if (layout.axis !== channelAxis) return `${next.name} reads another axis than its units`;
    indices = units;
  }
  if (indices.some((i) => i >= (kernel.shape[inputAxis] ?? 0))) return `${next.name}'s kernel does not match its units`;
  return { variable: kernel, axis: inputAxis, indices };
}

/** Every reset of weights that read the units, following the layers after `from`; a reason when one is not possible. */
function outgoingResets(model: LayersModel, from: Layer, layout: Layout, units: readonly number[]): Reset[] | string {
  if (model.outputLayers.includes(from)) return "its units are the model's output";
  const consumers = from.outboundNodes.map((n) => n.outboundLayer).filter((l) => model.layers.includes(l));
  if (consumers.length === 0) return "its units are the model's output";
  const resets: Reset[] = [];
  for (const next of consumers) {
    const found = WEIGHTED.has(next.getClassName())
      ? outgoingReset(next, layout, units)
      : ((after) => (typeof after === 'string' ? after : outgoingResets(model, next, after, units)))(through(next, layout));
    if (typeof found === 'string') return found;
    resets.push(...(Array.isArray(found) ? found : [found]));
  }
  return resets;
}

/** The optimiser's state variables of one weight (named `<weight>/m`, `<weight>/v`, …). */
function optimizerSlots(optimizer: unknown, variable: LayerVariable): Variable[] {
  if (typeof optimizer !== 'object' || optimizer === null) return [];
  const isSlot = (s: unknown): s is { originalName: string; variable: Variable } =>
    typeof s === 'object' &&
    s !== null &&
    typeof (s as { originalName?: unknown }).originalName === 'string' &&
    typeof (s as { variable?: { assign?: unknown } }).variable?.assign === 'function';
  const sameShape = (shape: readonly number[]) => shape.length === variable.shape.length && shape.every((d, i) => d === variable.shape[i]);
  return Object.values(optimizer)
    .flatMap((v: unknown) => (Array.isArray(v) ? v.filter(isSlot) : []))
    .filter((s) => s.originalName.startsWith(`${variable.name}/`) && sameShape(s.variable.shape))
    .map((s) => s.variable);
}

/** 1 where a weight is kept, 0 where it is reset, shaped to broadcast over the weight. */
function keepMask(tf: Tf, shape: readonly (number | null)[], axis: number, indices: readonly number[]): Tensor {
  const size = shape[axis] ?? 0;
  const keep = new Float32Array(size).fill(1);
  for (const i of indices) keep[i] = 0;
  return tf.tensor(
    keep,
    shape.map((_, i) => (i === axis ? size : 1)),
  );
}

function applyReset(tf: Tf, reset: Reset, slots: Variable[]): void {
  tf.tidy(() => {
    const keep = keepMask(tf, reset.variable.shape, reset.axis, reset.indices);
    // Adding (a zero where kept) also turns the −0 of a negative value × 0 into 0.
    const masked = (t: Tensor, fresh: Tensor | number) => tf.add(tf.mul(t, keep), tf.mul(fresh, tf.sub(1, keep)));
    reset.variable.write(masked(reset.variable.read(), reset.fresh ?? 0));
    for (const slot of slots) slot.assign(masked(slot, 0));
  });
}

/** The resets that revive `units` of `layer`; a reason when they cannot be revived in place. */
function resetsFor(model: LayersModel, layer: Layer, units: readonly number[]): Reset[] | string {
  if (!WEIGHTED.has(layer.getClassName())) return `${layer.getClassName()} layers are not revived`;
  const { kernel, bias, kernelInitializer } = weighted(layer);
  if (!kernel || !kernelInitializer) return 'it has no kernel initializer';
  const unitAxis = channelsFirst(layer) ? 0 : perSample(layer).length - 1;
  const outgoing = outgoingResets(model, layer, { shape: perSample(layer), axis: unitAxis, flat: false }, units);
  if (typeof outgoing === 'string') return outgoing;
  const unitsAxis = kernel.shape.length - 1;
  const fresh = kernelInitializer.apply(kernel.shape as number[], 'float32');
  const incoming: Reset[] = [{ variable: kernel, axis: unitsAxis, indices: units, fresh }];
  if (bias) incoming.push({ variable: bias, axis: 0, indices: units });
  return [...incoming, ...outgoing];
}

/**
 * Revives the dead units given per layer name: fresh incoming weights from the layer's kernel
 * initializer, zero bias, zero outgoing weights, zero optimiser state for all of them. Layers
 * whose units cannot be revived without changing the output (their units feed the model's output
 * or a layer that mixes them, such as Add or Reshape) are skipped with the reason.
 */
export function reviveUnits(tf: Tf, model: LayersModel, dead: ReadonlyMap<string, readonly number[]>): ReviveOutcome {
  const outcome: ReviveOutcome = { revived: new Map(), skipped: [] };
  for (const [name, list] of dead) {
    const units = [...new Set(list)].sort((a, b) => a - b);
    if (units.length === 0) continue;
    const layer = model.layers.find((l) => l.name === name);
    const resets = layer ? resetsFor(model, layer, units) : 'the model has no such layer';
    if (typeof resets === 'string') {
      outcome.skipped.push({ layer: name, reason: resets });
      continue;
    }
    for (const reset of resets) applyReset(tf, reset, optimizerSlots(model.optimizer, reset.variable));
    tf.dispose(resets.flatMap((r) => (r.fresh ? [r.fresh] : [])));
    outcome.revived.set(name, units);
  }
  return outcome;
}
