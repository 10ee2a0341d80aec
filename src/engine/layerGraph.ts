// The model's layer graph as the report needs it: which layers are the model's outputs, and
// which monitored layers only see the output of a fully dead layer upstream, which see only the
// model's input, and which monitored layers feed which.

import type { LayerSummary } from '../shared/protocol';

/** Layers that only apply an activation to their input: the weights sit in the layer before. */
const ACTIVATION_ONLY = new Set(['Activation', 'ReLU', 'LeakyReLU', 'ELU', 'PReLU', 'Softmax', 'ThresholdedReLU']);

/**
 * Names of the layers that produce the model's outputs and are therefore never flagged: the last
 * layer and every other layer no one consumes (functional models with several heads), each
 * followed back through activation-only layers to the layer that holds the weights.
 */
export function outputLayers(model: readonly LayerSummary[]): Set<string> {
  const byName = new Map(model.map((l) => [l.name, l]));
  const consumed = new Set(model.flatMap((l) => l.inbound));
  const sinks = model.filter((l, i) => i === model.length - 1 || (!consumed.has(l.name) && l.inbound.length > 0));
  const outputs = new Set<string>();
  for (const sink of sinks) {
    for (let layer: LayerSummary | undefined = sink; layer;) {
      outputs.add(layer.name);
      layer = ACTIVATION_ONLY.has(layer.className) && layer.inbound.length === 1 ? byName.get(layer.inbound[0]) : undefined;
    }
  }
  return outputs;
}

/**
 * The fraction of dead units from which a layer is the root cause of the layers it feeds: with
 * 90% of its outputs constant zero, what comes after it learns from a handful of inputs, and the
 * fix belongs to it (the detection benchmark: negative-bias's second layer, BENCHMARKS.md).
 */
export const MOSTLY_DEAD = 0.9;

/**
 * Finds, for each monitored layer, the (at least MOSTLY_DEAD) dead monitored layer that makes its whole input dead.
 * The walk goes back through non-monitored layers (Flatten, pooling, Dropout, a linear Dense…):
 * fed a dead input they output a constant, so the layer after them still learns nothing from its
 * data. Every inbound branch must be dead. A dead layer whose own input is dead passes on its root,
 * so in a collapsed stack every later layer names the first one.
 */
export class RootCauseFinder {
  private readonly byName: Map<string, LayerSummary>;
  /** Per non-monitored layer: the root that makes its output dead, or null. */
  private readonly throughMemo = new Map<string, string | null>();

  constructor(
    model: readonly LayerSummary[],
    /** For a monitored layer: true when at least MOSTLY_DEAD of its units are dead at the latest check. */
    private readonly mostlyDead: (layer: string) => boolean,
    /** For a monitored layer already visited in model order: its own root cause. */
    private readonly rootCauseOf: (layer: string) => string | null,
  ) {
    this.byName = new Map(model.map((l) => [l.name, l]));
  }

  /** The root layer when the whole input of `layer` is dead, else null. Visit layers in model order. */
  inputDeadRoot(layer: LayerSummary): string | null {
    if (layer.inbound.length === 0) return null;
    let root: string | null = null;
    for (const name of layer.inbound) {
      const source = this.deadSource(name);
      if (source === null) return null;
      root ??= source;
    }
    return root;
  }

  private deadSource(name: string): string | null {
    const layer = this.byName.get(name);
    if (!layer) return null;
    if (layer.family !== null) return this.mostlyDead(name) ? (this.rootCauseOf(name) ?? name) : null;
    const memo = this.throughMemo.get(name);
    if (memo !== undefined) return memo;
    this.throughMemo.set(name, null); // a malformed cyclic graph ends here
    const root = this.inputDeadRoot(layer);
    this.throughMemo.set(name, root);
    return root;
  }
}

/**
 * Layers that learn nothing and act alike in training and on the probe set: between the input and
 * a layer they leave its input fixed. (Not Dropout or noise: in training they change what a unit
 * sees, so a unit silent on the probe set may fire on a dropped-out input.)
 */
const FIXED_LAYERS = new Set([
  'Flatten',
  'Reshape',
  'Permute',
  'Rescaling',
  'ZeroPadding1D',
  'ZeroPadding2D',
  'Cropping1D',
  'Cropping2D',
  'MaxPooling1D',
  'MaxPooling2D',
  'AveragePooling1D',
  'AveragePooling2D',
]);

/**
 * Whether `layer`'s input is the model's input itself, or comes from it through layers that learn
 * nothing (Flatten, Reshape, padding, pooling, …): its input never changes during training, so a unit that
 * gets no gradient from it now never will.
 */
export function seesOnlyTheInput(layer: LayerSummary, model: readonly LayerSummary[]): boolean {
  const byName = new Map(model.map((l) => [l.name, l]));
  const seen = new Set<string>();
  const fixed = (name: string): boolean => {
    const source = byName.get(name);
    if (!source || seen.has(name) || !FIXED_LAYERS.has(source.className)) return false;
    seen.add(name);
    return source.inbound.every(fixed);
  };
  return layer.inbound.every(fixed);
}

/**
 * The monitored layers that feed `layer`: its inbound layers, each followed back through
 * non-monitored layers (Flatten, Dropout, BatchNormalization, a linear Dense, …) to the monitored
 * layers whose output reaches it.
 */
export function monitoredInputs(layer: LayerSummary, model: readonly LayerSummary[]): string[] {
  const byName = new Map(model.map((l) => [l.name, l]));
  const found = new Set<string>();
  const seen = new Set<string>();
  const walk = (name: string): void => {
    const source = byName.get(name);
    if (!source || seen.has(name)) return;
    seen.add(name);
    if (source.family !== null) found.add(name);
    else source.inbound.forEach(walk);
  };
  layer.inbound.forEach(walk);
  return [...found];
}
