// Sequential and functional models → ModelPlan, checked against the training data the way
// Keras checks them when fit starts: input shape, every layer's shape, labels against the loss.

import type { SourceRange } from '../../shared/protocol';
import { ScanError } from '../errors';
import type { InputPlan, LayerPlan, ModelPlan } from '../plan';
import type { LayerNames } from './names';
import { batchShape, MERGE_FACTORIES, mergedShape, outputShape, UNKNOWN } from './shapes';
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
  readonly nodes = new Map<string, { id: string; layer: LayerPlan; inputs: string[]; shares?: string }>();
  /** Keras's name of each Input and of the layer producing each tensor: fit's and compile's dicts are keyed by them. */
  readonly names = new Map<string, string>();
  /** Layer instances already called on a tensor: the nodes of their first call, one per plan. */
  private readonly applied = new Map<LayerValue, string[]>();
  /** Layer instances added to a Sequential model. */
  private readonly placed = new Set<LayerValue>();

  input(shape: number[], location: SourceRange, name: string): TensorValue {
    const id = `input_${this.inputs.size + 1}`;
    this.inputs.set(id, { id, shape, location });
    this.names.set(id, name);
    return { id, shape };
  }

  /**
   * `layer(tensor)` or, for a merge layer, `layer([a, b, …])`; a shape Keras would refuse is a
   * shape-mismatch at the layer. A layer called again shares its weights: its new nodes say so.
   */
  apply(layer: LayerValue, input: TensorValue | TensorValue[]): TensorValue {
    if (this.placed.has(layer)) this.refuseShared(layer);
    const first = this.applied.get(layer);
    const ids: string[] = [];
    let sources = Array.isArray(input) ? input : [input];
    let current = sources[0];
    for (const [i, plan] of layer.plans.entries()) {
      const id = `node_${this.nodes.size + 1}`;
      ids.push(id);
      this.nodes.set(id, { id, layer: plan, inputs: sources.map((t) => t.id), ...(first && { shares: first[i] }) });
      const shapes = sources.map((t) => t.shape);
      current = { id, shape: shapeAfter(plan, shapes) };
      sources = [current];
    }
    if (!first) this.applied.set(layer, ids);
    this.names.set(current.id, String(layer.plans[0].config.name));
    return current;
  }

  /** Marks a layer instance as added to a Sequential model; a layer used twice so is not translated. */
  place(layer: LayerValue): void {
    if (this.placed.has(layer) || this.applied.has(layer)) this.refuseShared(layer);
    this.placed.add(layer);
  }

  private refuseShared(layer: LayerValue): never {
    const why = `this ${layer.className} layer is used twice in a Sequential model (shared weights are translated in the functional API only)`;
    throw new Unsupported(new ScanError('unsupported', why, layer.location));
  }
}

function shapeAfter(plan: LayerPlan, inputs: number[][]): number[] {
  const result = MERGE_FACTORIES.has(plan.factory) ? mergedShape(plan, inputs) : outputShape(plan, inputs[0]);
  if (!result.ok) throw new Unsupported(new ScanError('shape-mismatch', `${result.message}`, plan.location));
  return result.shape;
}

/** The data fit trains on: its array and how the script names it. */
export interface FitArgument {
  array: ArrayValue;
  text: string;
}

/** The model as tfjs will build it, and its output shapes, after Keras's checks against `x` (one array per model input). */
export function modelPlan(model: ModelValue, graph: Graph, x: FitArgument[]): { plan: ModelPlan; outputs: number[][] } {
  try {
    return model.kind === 'sequential' ? sequentialPlan(model, x[0]) : functionalPlan(model, graph, x);
  } catch (e) {
    if (e instanceof Unsupported) throw e.error;
    throw e;
  }
}

function sequentialPlan(model: SequentialModel, x: FitArgument): { plan: ModelPlan; outputs: number[][] } {
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
  // tfjs needs the input shape on the first layer; Keras takes it from the data when none is declared
  // (and the data fixes an axis declared None).
  layers[0].config.inputShape = samples;
  let shape = samples;
  for (const layer of layers) shape = shapeAfter(layer, [shape]);
  return { plan: { kind: 'sequential', layers }, outputs: [shape] };
}

function functionalPlan(model: FunctionalModel, graph: Graph, x: FitArgument[]): { plan: ModelPlan; outputs: number[][] } {
  const inputs = model.inputs.map((t) => graph.inputs.get(t.id)!);
  inputs.forEach((input, i) => checkInput(input.shape, input.location, inputs.length === 1 ? 'the Input' : `the Input '${graph.names.get(input.id)}'`, x[i]));
  const needed = new Set<string>();
  const visit = (id: string): void => {
    const node = graph.nodes.get(id);
    if (!node || needed.has(id)) return;
    needed.add(id);
    node.inputs.forEach(visit);
  };
  model.outputs.forEach((o) => visit(o.id));
  const nodes = [...graph.nodes.values()].filter((n) => needed.has(n.id));
  const roots = new Set(nodes.flatMap((n) => n.inputs).filter((id) => graph.inputs.has(id)));
  const unused = inputs.find((input) => !roots.has(input.id));
  const foreign = [...roots].find((id) => !inputs.some((input) => input.id === id));
  if (foreign)
    throw new ScanError('unsupported', "the model's outputs are computed from an Input that is not among its inputs", graph.inputs.get(foreign)!.location);
  if (nodes.length === 0 || unused) {
    throw new ScanError('unsupported', "the model's outputs must be computed from its inputs by layers", unused?.location ?? model.location);
  }
  // The data fixes every axis an Input leaves unknown; the shapes are worked out again with it.
  const shapes = new Map(inputs.map((input, i) => [input.id, x[i].array.shape.slice(1)]));
  for (const node of nodes)
    shapes.set(
      node.id,
      shapeAfter(
        node.layer,
        node.inputs.map((id) => shapes.get(id)!),
      ),
    );
  return {
    plan: {
      kind: 'functional',
      inputs: inputs.map((input) => ({ ...input, shape: shapes.get(input.id)! })),
      nodes: nodes.map((n) => ({ ...n, layer: { ...n.layer, config: { ...n.layer.config } } })),
      outputs: model.outputs.map((o) => o.id),
    },
    outputs: model.outputs.map((o) => shapes.get(o.id)!),
  };
}

function checkInput(declared: number[], location: SourceRange, by: string, x: FitArgument): void {
  const samples = x.array.shape.slice(1);
  if (declared.length === samples.length && declared.every((d, i) => d === samples[i] || d === UNKNOWN)) return;
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
 * placed at the loss argument. Its gradients are the same. `output`: which output (functional).
 */
export function withLogitsActivation(plan: ModelPlan, loss: string, location: SourceRange, names: LayerNames, output = 0): ModelPlan {
  const activation = loss === 'binaryCrossentropy' ? 'sigmoid' : 'softmax';
  const layer: LayerPlan = { factory: 'activation', config: { activation, name: names.next('Activation') }, location, callers: [] };
  if (plan.kind === 'sequential') return { ...plan, layers: [...plan.layers, layer] };
  const id = `logits_${output + 1}`;
  return { ...plan, nodes: [...plan.nodes, { id, layer, inputs: [plan.outputs[output]] }], outputs: plan.outputs.map((o, i) => (i === output ? id : o)) };
}

/** Keras refuses a model two of whose layers have the same name (the report tells layers apart by name). */
export function checkUniqueNames(plan: ModelPlan): void {
  const seen = new Map<unknown, LayerPlan>();
  // A layer called again (its node shares an earlier one's) is the same layer, under its one name.
  const ids = new Set(plan.kind === 'functional' ? plan.nodes.map((n) => n.id) : []);
  const layers = plan.kind === 'sequential' ? plan.layers : plan.nodes.filter((n) => !(n.shares && ids.has(n.shares))).map((n) => n.layer);
  for (const layer of layers) {
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
