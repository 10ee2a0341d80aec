// Describes a tfjs model for the scan: every layer's summary (with its source location) and the
// layers whose units are measured. A layer's units are measured on the output of its activation;
// when the activation is a separate layer (Dense → [BatchNormalization] → ReLU) the measurement
// is attributed to the layer that holds the weights, and the activation layer is not monitored.

import type { ActivationFamily, LayerSummary } from '../shared/protocol';
import { activationFamily } from '../engine/stats';
import { isCustomActivation } from './customActivations';
import { originOf } from './layerOrigins';
import type { Layer, LayersModel, SymbolicTensor } from './tfjs';

/** A layer whose units the monitor measures. */
export interface MonitoredLayer {
  /** The layer the report names (the one holding the weights). */
  name: string;
  /** The activation measured (its name decides dead or inactive: engine/stats.ts). */
  activation: string;
  family: ActivationFamily;
  units: number;
  /** The activation output measured (the layer's own, or that of its separate activation layer). */
  output: SymbolicTensor;
  /** Conv layers with dataFormat 'channelsFirst' put units on axis 1 instead of the last. */
  channelsFirst: boolean;
}

export interface ModelDescription {
  layers: LayerSummary[];
  monitored: MonitoredLayer[];
}

/** Layers that only apply an activation to their input. */
const ACTIVATION_LAYERS: Record<string, string> = {
  ReLU: 'relu',
  LeakyReLU: 'leakyRelu',
  ELU: 'elu',
  PReLU: 'prelu',
  ThresholdedReLU: 'thresholdedRelu',
  Softmax: 'softmax',
};

/** Layers between the weights and a separate activation that keep the units one to one. */
const PASS_THROUGH = new Set(['BatchNormalization', 'LayerNormalization', 'Dropout', 'SpatialDropout1D', 'GaussianNoise']);

function config(layer: Layer): Record<string, unknown> {
  try {
    return layer.getConfig() as Record<string, unknown>;
  } catch {
    return {};
  }
}

function activationOf(layer: Layer): string {
  const named = ACTIVATION_LAYERS[layer.getClassName()];
  if (named) return named;
  const own = config(layer);
  // A Bidirectional layer concatenates its two recurrent layers' outputs, unit by unit (other
  // merge modes sum or multiply them: no longer that activation's outputs).
  const wrapped = own.layer as { config?: Record<string, unknown> } | undefined;
  const activation = layer.getClassName() === 'Bidirectional' ? (own.mergeMode === 'concat' ? wrapped?.config?.activation : 'linear') : own.activation;
  return typeof activation === 'string' ? activation : 'linear';
}

const isActivationLayer = (layer: Layer): boolean => layer.getClassName() === 'Activation' || layer.getClassName() in ACTIVATION_LAYERS;

const isInput = (layer: Layer): boolean => layer.getClassName() === 'InputLayer';

function inboundOf(layer: Layer): Layer[] {
  return layer.inboundNodes[0]?.inboundLayers ?? [];
}

function singleInbound(layer: Layer): Layer | null {
  const inbound = inboundOf(layer);
  return layer.inboundNodes.length === 1 && inbound.length === 1 ? inbound[0] : null;
}

/** The weights layer a separate activation layer measures, or null when it stands alone. */
function weightsBehind(activation: Layer): Layer | null {
  let layer = singleInbound(activation);
  while (layer && PASS_THROUGH.has(layer.getClassName())) layer = singleInbound(layer);
  if (!layer || isInput(layer) || isActivationLayer(layer) || layer.weights.length === 0) return null;
  return activationOf(layer) === 'linear' ? layer : null;
}

/** The layer's (first) output shape; empty when tfjs cannot tell (a layer shared with different shapes). */
function firstShape(layer: Layer): (number | null)[] {
  try {
    const shape = layer.outputShape;
    return (Array.isArray(shape[0]) ? shape[0] : shape) as (number | null)[];
  } catch {
    return [];
  }
}

function singleOutput(layer: Layer): SymbolicTensor | null {
  const output = layer.getOutputAt(0);
  return Array.isArray(output) ? null : output;
}

export function describeModel(model: LayersModel): ModelDescription {
  const layers = model.layers.filter((l) => !isInput(l));
  // Weights layer → the separate activation layer whose output measures its units.
  const activationFor = new Map<Layer, Layer>();
  for (const layer of layers) {
    if (!isActivationLayer(layer)) continue;
    const weights = weightsBehind(layer);
    if (weights && !activationFor.has(weights)) activationFor.set(weights, layer);
  }
  const attributed = new Set(activationFor.values());

  const monitored: MonitoredLayer[] = [];
  const summaries = layers.map((layer, index): LayerSummary => {
    const measuredBy = activationFor.get(layer) ?? layer;
    const activation = activationOf(measuredBy);
    const output = singleOutput(measuredBy);
    // The script's own activation functions are measured like the ReLU family (active: output > 0);
    // the engine judges them by their unknown name: never-positive units inactive, dead only when
    // their output is exactly 0 on every probe sample (no gradient through it).
    const family = attributed.has(layer) || !output ? null : (activationFamily(activation) ?? (isCustomActivation(activation) ? 'relu' : null));
    const channelsFirst = config(layer).dataFormat === 'channelsFirst';
    const shape = firstShape(measuredBy);
    const units = (channelsFirst ? shape[1] : shape.at(-1)) ?? 0;
    if (family && output && units > 0) monitored.push({ name: layer.name, activation, family, units, output, channelsFirst });
    const { location, callers } = originOf(layer);
    return {
      index,
      name: layer.name,
      className: layer.getClassName(),
      activation,
      family: family && units > 0 ? family : null,
      units,
      outputShape: firstShape(layer),
      location,
      callers,
      inbound: inboundOf(layer)
        .filter((l) => !isInput(l))
        .map((l) => l.name),
    };
  });
  return { layers: summaries, monitored };
}
