// Sequential and functional models → ModelPlan, checked against the training data the way
// Keras checks them when fit starts: input shape, every layer's shape, labels against the loss.

import type { SourceRange } from '../../shared/protocol';
import { ScanError } from '../errors';
import type { InputPlan, LayerPlan, ModelPlan } from '../plan';
import type { LayerNames } from './names';
import { batchShape, outputShape } from './shapes';
import {
  shapeText,
  Unsupported,
  type ArrayValue,
  type FunctionalModel,
  type LayerValue,
  type ModelValue,
  type SequentialModel,
  type TensorValue,
} from './values';

/** The functional API's layer graph, shared by every model the script builds. */
export class Graph {
  readonly inputs = new Map<string, InputPlan>();
  readonly nodes = new Map<string, { id: string; layer: LayerPlan; inputs: string[] }>();
  /** Layer instances already placed in a model: Keras would share their weights. */
  private readonly placed = new Set<LayerValue>();

  input(shape: number[], location: SourceRange): TensorValue {
    const id = `input_${this.inputs.size + 1}`;
    this.inputs.set(id, { id, shape, location });
    return { id, shape };
  }

  /** `layer(tensor)`; a shape Keras would refuse is a shape-mismatch at the layer. */
  apply(layer: LayerValue, input: TensorValue): TensorValue {
    this.place(layer);
    let current = input;
    for (const plan of layer.plans) {
      const id = `node_${this.nodes.size + 1}`;
      this.nodes.set(id, { id, layer: plan, inputs: [current.id] });
      current = { id, shape: shapeAfter(plan, current.shape) };
    }
    return current;
  }

  /** Marks a layer instance as used; a second use would share weights, which is not translated. */
  place(layer: LayerValue): void {
    if (this.placed.has(layer)) {
      throw new Unsupported(new ScanError('unsupported', `this ${layer.className} layer is used twice (shared weights are not supported)`, layer.location));
    }
    this.placed.add(layer);
  }
}

function shapeAfter(plan: LayerPlan, input: number[]): number[] {
  const result = outputShape(plan, input);
  if (!result.ok) throw new Unsupported(new ScanError('shape-mismatch', `${result.message}`, plan.location));
  return result.shape;
}

/** The data fit trains on: its array and how the script names it. */
export interface FitArgument {
  array: ArrayValue;
  text: string;
}

/** The model as tfjs will build it, and its output shape, after Keras's checks against `x`. */
export function modelPlan(model: ModelValue, graph: Graph, x: FitArgument): { plan: ModelPlan; output: number[] } {
  try {
    return model.kind === 'sequential' ? sequentialPlan(model, x) : functionalPlan(model, graph, x);
  } catch (e) {
    if (e instanceof Unsupported) throw e.error;
    throw e;
  }
}

function sequentialPlan(model: SequentialModel, x: FitArgument): { plan: ModelPlan; output: number[] } {
  if (model.layers.length === 0) throw new ScanError('unsupported', 'the model has no layers', model.location);
  const first = model.layers[0];
  const declared = model.input
    ? { ...model.input, by: 'the Input' }
    : first.inputShape
      ? { shape: first.inputShape, location: first.location, by: first.className }
      : null;
  const samples = x.array.shape.slice(1);
  if (declared) checkInput(declared.shape, declared.location, declared.by, x);
  const layers = model.layers.flatMap((l) => l.plans.map((p) => ({ ...p, config: { ...p.config } })));
  // tfjs needs the input shape on the first layer; Keras takes it from the data when none is declared.
  layers[0].config.inputShape = declared?.shape ?? samples;
  let shape = declared?.shape ?? samples;
  for (const layer of layers) shape = shapeAfter(layer, shape);
  return { plan: { kind: 'sequential', layers }, output: shape };
}

function functionalPlan(model: FunctionalModel, graph: Graph, x: FitArgument): { plan: ModelPlan; output: number[] } {
  const input = graph.inputs.get(model.input.id)!;
  checkInput(input.shape, input.location, 'the Input', x);
  const needed = new Set<string>();
  const visit = (id: string): void => {
    const node = graph.nodes.get(id);
    if (!node || needed.has(id)) return;
    needed.add(id);
    node.inputs.forEach(visit);
  };
  visit(model.output.id);
  const nodes = [...graph.nodes.values()].filter((n) => needed.has(n.id));
  const roots = new Set(nodes.flatMap((n) => n.inputs).filter((id) => graph.inputs.has(id)));
  if (nodes.length === 0 || roots.size !== 1 || !roots.has(input.id)) {
    throw new ScanError('unsupported', "the model's outputs must be computed from its one input by layers", model.location);
  }
  return {
    plan: {
      kind: 'functional',
      inputs: [input],
      nodes: nodes.map((n) => ({ ...n, layer: { ...n.layer, config: { ...n.layer.config } } })),
      outputs: [model.output.id],
    },
    output: model.output.shape,
  };
}

function checkInput(declared: number[], location: SourceRange, by: string, x: FitArgument): void {
  const samples = x.array.shape.slice(1);
  if (declared.length === samples.length && declared.every((d, i) => d === samples[i])) return;
  throw new ScanError(
    'shape-mismatch',
    `${by} expects input of shape ${batchShape(declared)} but ${x.text} has shape ${shapeText(x.array.shape)} ` +
      `(samples of shape ${shapeText(samples)}): Keras refuses to train on it`,
    location,
  );
}

/**
 * A loss given `from_logits=True` applies softmax (sigmoid for binary crossentropy) to the
 * model's output itself; tfjs losses take probabilities, so the plan ends with that activation,
 * placed at the loss argument. Its gradients are the same.
 */
export function withLogitsActivation(plan: ModelPlan, loss: string, location: SourceRange, names: LayerNames): ModelPlan {
  const activation = loss === 'binaryCrossentropy' ? 'sigmoid' : 'softmax';
  const layer: LayerPlan = { factory: 'activation', config: { activation, name: names.next('Activation') }, location, callers: [] };
  if (plan.kind === 'sequential') return { ...plan, layers: [...plan.layers, layer] };
  return { ...plan, nodes: [...plan.nodes, { id: 'logits', layer, inputs: plan.outputs }], outputs: ['logits'] };
}

/** Keras refuses a model two of whose layers have the same name (the report tells layers apart by name). */
export function checkUniqueNames(plan: ModelPlan): void {
  const seen = new Map<unknown, LayerPlan>();
  for (const layer of plan.kind === 'sequential' ? plan.layers : plan.nodes.map((n) => n.layer)) {
    const first = seen.get(layer.config.name);
    if (first) {
      throw new ScanError(
        'script-error',
        `the name '${String(layer.config.name)}' is already the name of the layer at line ${first.location.line}: Keras refuses a model whose layer names repeat`,
        layer.location,
      );
    }
    seen.set(layer.config.name, layer);
  }
}

/** Keras's refusals of labels that do not fit the loss and the model's output. */
export function checkLabels(loss: string, lossLocation: SourceRange, output: number[], y: FitArgument): void {
  const labels = y.array.shape.slice(1);
  const refuse = (why: string): never => {
    throw new ScanError('shape-mismatch', `${y.text} has shape ${shapeText(y.array.shape)} but ${why}`, lossLocation);
  };
  const units = output[output.length - 1];
  if (loss === 'sparseCategoricalCrossentropy') {
    if (y.array.oneHot || labels.length > 1 || (labels.length === 1 && labels[0] !== 1)) {
      refuse('sparse_categorical_crossentropy expects integer class labels, one per sample (for one-hot labels use categorical_crossentropy)');
    }
    if (output.length !== 1) refuse(`the model outputs ${batchShape(output)}: a class score vector per sample is expected`);
    if (y.array.classes !== null && y.array.classes > units) {
      refuse(`its labels go up to ${y.array.classes - 1} while the output layer has ${units} units`);
    }
    return;
  }
  if (loss === 'categoricalCrossentropy' && (labels.length !== 1 || labels[0] === 1)) {
    refuse(
      `categorical_crossentropy expects one-hot labels of shape ${batchShape(output)} (for integer labels use sparse_categorical_crossentropy or keras.utils.to_categorical)`,
    );
  }
  const target = labels.length === 0 ? [1] : labels;
  if (target.length !== output.length || target.some((d, i) => d !== output[i])) {
    refuse(`the model outputs ${batchShape(output)}, and the loss compares them element by element`);
  }
}
