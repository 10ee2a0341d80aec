// Builds the tfjs model of a training plan (sequential or functional), recording each layer's
// place in the user's file as the script hooks do for a script.

import type { LayerPlan, ModelPlan, SerializedObject } from '../engine/plan';
import { ScanError } from '../engine/errors';
import { registerCustomActivation } from './customActivations';
import { recordOrigin } from './layerOrigins';
import { errorText, tfjsFailure } from './tfjsFailure';
import type { Layer, LayersModel, SymbolicTensor, Tf } from './tfjs';

const isSerialized = (v: unknown): v is SerializedObject =>
  typeof v === 'object' && v !== null && typeof (v as SerializedObject).className === 'string' && typeof (v as SerializedObject).config === 'object';

/** An initializer, regularizer or constraint from its class name, through tfjs's serialization registry. */
function deserialize(tf: Tf, object: SerializedObject, plan: LayerPlan): unknown {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[object.className];
  if (!entry) throw new ScanError('unsupported', `TensorFlow.js has no ${object.className}`, plan.location);
  const [cls, fromConfig] = entry;
  return fromConfig(cls, object.config);
}

/** A wrapper's layer (Bidirectional's recurrent layer): `{ factory, config }` in the plan. */
const isWrapped = (v: unknown): v is Pick<LayerPlan, 'factory' | 'config'> =>
  typeof v === 'object' && v !== null && typeof (v as LayerPlan).factory === 'string' && typeof (v as LayerPlan).config === 'object';

function makeLayer(tf: Tf, plan: LayerPlan): Layer {
  if (plan.customActivation) {
    try {
      registerCustomActivation(tf, plan.customActivation);
    } catch (error) {
      throw new ScanError('unsupported', errorText(error), plan.location);
    }
  }
  const factory = (tf.layers as unknown as Record<string, unknown>)[plan.factory];
  if (typeof factory !== 'function') throw new ScanError('unsupported', `TensorFlow.js has no layer tf.layers.${plan.factory}`, plan.location);
  const value = (v: unknown): unknown => (isSerialized(v) ? deserialize(tf, v, plan) : isWrapped(v) ? makeLayer(tf, { ...plan, ...v }) : v);
  const config = Object.fromEntries(Object.entries(plan.config).map(([key, v]) => [key, value(v)]));
  let layer: Layer;
  try {
    layer = (factory as (config: unknown) => Layer)(config);
  } catch (error) {
    throw tfjsFailure(errorText(error), 'unsupported', plan.location);
  }
  recordOrigin(layer, { location: plan.location, callers: plan.callers });
  return layer;
}

/** Applies a layer to symbolic inputs; a shape tfjs refuses (or a layer too big to hold) is the user's mistake at that layer. */
function applyLayer(layer: Layer, inputs: SymbolicTensor | SymbolicTensor[], plan: LayerPlan): SymbolicTensor {
  try {
    const output = layer.apply(inputs);
    if (Array.isArray(output)) throw new Error(`${layer.getClassName()} has several outputs`);
    return output as SymbolicTensor;
  } catch (error) {
    throw tfjsFailure(errorText(error), 'shape-mismatch', plan.location);
  }
}

export function buildModel(tf: Tf, plan: ModelPlan): LayersModel {
  if (plan.kind === 'sequential') {
    const model = tf.sequential();
    for (const layerPlan of plan.layers) {
      const layer = makeLayer(tf, layerPlan);
      try {
        model.add(layer);
      } catch (error) {
        throw tfjsFailure(errorText(error), 'shape-mismatch', layerPlan.location);
      }
    }
    return model;
  }
  const tensors = new Map<string, SymbolicTensor>();
  const inputs = plan.inputs.map((input) => {
    const tensor = tf.input({ shape: input.shape });
    tensors.set(input.id, tensor);
    return tensor;
  });
  // A node that calls a layer again (shared weights) applies the layer its first call built.
  const layers = new Map<string, Layer>();
  for (const node of plan.nodes) {
    const layer = (node.shares && layers.get(node.shares)) || makeLayer(tf, node.layer);
    layers.set(node.shares ?? node.id, layer);
    const args = node.inputs.map((id) => {
      const tensor = tensors.get(id);
      if (!tensor) throw new ScanError('unsupported', `unknown model input '${id}'`, node.layer.location);
      return tensor;
    });
    tensors.set(node.id, applyLayer(layer, args.length === 1 ? args[0] : args, node.layer));
  }
  const outputs = plan.outputs.map((id) => {
    const tensor = tensors.get(id);
    if (!tensor) throw new Error(`training plan: unknown output '${id}'`);
    return tensor;
  });
  return tf.model({ inputs, outputs });
}
