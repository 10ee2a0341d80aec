// Functional models with several inputs or outputs: compile's loss per output (a list, or one
// for all) and loss_weights, fit's arrays per input and per output (lists), checked as Keras
// checks them when fit starts.

import type { SourceRange } from '../../shared/protocol';
import { ScanError } from '../errors';
import type { ArrayPlan, ModelPlan } from '../plan';
import type { Args } from './args';
import type { ScriptContext } from './context';
import { checkLabels, checkUniqueNames, withLogitsActivation, type FitArgument } from './model';
import { namedChildren } from './source';
import { toLoss } from './training';
import { shapeText, type CompileState, type ModelValue, type Value } from './values';

type OutputLoss = NonNullable<CompileState['outputs']>[number];

/** The model's output names (its output layers' names), in order: what Keras's messages and dicts use. */
function outputNames(it: ScriptContext, model: ModelValue): string[] {
  if (model.kind === 'sequential') return ['the output'];
  return model.outputs.map((o) => it.graph.names.get(o.id) ?? o.id);
}

/** The items of a list or tuple argument with where each is written (the whole argument when it is not a literal). */
function itemsOf(it: ScriptContext, args: Args, name: string, value: Extract<Value, { kind: 'sequence' }>): { value: Value; range: SourceRange }[] {
  const node = args.node(name)!;
  const literal = node.name === 'ArrayExpression' || node.name === 'TupleExpression';
  const elements = literal ? namedChildren(node) : [];
  return value.items.map((item, i) => ({ value: item, range: elements[i] ? it.source.rangeOf(elements[i]) : args.valueRange(name) }));
}

/**
 * compile's `loss` and `loss_weights` per output, or null for one loss on a model with one output
 * (the usual case, kept in CompileState.loss alone). A single loss applies to every output, as in Keras.
 */
export function outputLosses(it: ScriptContext, model: ModelValue, args: Args, loss: Value): OutputLoss[] | null {
  const names = outputNames(it, model);
  const weights = args.value('loss_weights');
  if (names.length === 1 && loss.kind !== 'sequence' && weights === undefined) return null;
  const count = (what: string, n: number, name: string): void => {
    if (n !== names.length) {
      const outputs = names.length === 1 ? '1 output' : `${names.length} outputs (${names.join(', ')})`;
      throw new ScanError(
        'script-error',
        `compile's ${what} has ${n} item${n === 1 ? '' : 's'} but the model has ${outputs}: Keras expects one per output`,
        args.valueRange(name),
      );
    }
  };
  let losses: { loss: OutputLoss['loss']; lossLocation: SourceRange }[];
  if (loss.kind === 'sequence') {
    const items = itemsOf(it, args, 'loss', loss);
    count('loss', items.length, 'loss');
    losses = items.map((item) => ({ loss: toLoss(item.value, item.range), lossLocation: item.range }));
  } else {
    const one = { loss: toLoss(loss, args.valueRange('loss')), lossLocation: args.valueRange('loss') };
    losses = names.map(() => one);
  }
  let factors = names.map(() => 1);
  if (weights !== undefined) {
    const items = weights.kind === 'sequence' ? itemsOf(it, args, 'loss_weights', weights) : [{ value: weights, range: args.valueRange('loss_weights') }];
    count('loss_weights', items.length, 'loss_weights');
    factors = items.map((item) => {
      if (item.value.kind !== 'number' || item.value.value < 0) throw new ScanError('unsupported', 'a loss weight must be a number ≥ 0', item.range);
      return item.value.value;
    });
  }
  return losses.map((l, i) => ({ ...l, weight: factors[i] }));
}

/** fit's `x` or `y`: an array, or a list (tuple) of arrays, one per model input or output, as many as the model has. */
export function fitArrays(it: ScriptContext, args: Args, model: ModelValue, name: 'x' | 'y', one: (args: Args, name: 'x' | 'y') => FitArgument): FitArgument[] {
  const value = args.value(name);
  const arrays = value?.kind === 'sequence' ? several(it, args, name, value) : [one(args, name)];
  const [what, count] = name === 'x' ? ['input', model.kind === 'functional' ? model.inputs.length : 1] : ['output', outputNames(it, model).length];
  if (arrays.length !== count) {
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    throw new ScanError('shape-mismatch', `the model has ${plural(count, what)} but ${name} gives ${plural(arrays.length, 'array')}`, args.valueRange(name));
  }
  return arrays;
}

function several(it: ScriptContext, args: Args, name: 'x' | 'y', value: Extract<Value, { kind: 'sequence' }>): FitArgument[] {
  if (value.items.length === 0 || value.items.some((v) => v.kind !== 'array'))
    args.fail(name, 'a numpy array or a list of numpy arrays, one per model input or output');
  const node = args.node(name)!;
  const literal = node.name === 'ArrayExpression' || node.name === 'TupleExpression';
  const texts = literal ? namedChildren(node).map((n) => it.source.textOf(n)) : [];
  return value.items.map((v, i) => ({ array: (v as { array: FitArgument['array'] }).array, text: texts[i] ?? `${args.text(name)}[${i}]` }));
}

/** Keras's check that every array of x and y has the same number of samples. */
export function checkSampleCounts(args: Args, xs: FitArgument[], ys: FitArgument[]): void {
  const first = xs[0];
  for (const [name, list] of [
    ['x', xs],
    ['y', ys],
  ] as const) {
    const other = list.find((a) => a.array.shape[0] !== first.array.shape[0]);
    if (other)
      throw new ScanError(
        'shape-mismatch',
        `${first.text} has ${first.array.shape[0]} samples but ${other.text} has ${other.array.shape[0]}`,
        args.valueRange(name),
      );
  }
}

/**
 * The model as trained: a softmax/sigmoid after each output whose loss takes logits, unique layer
 * names, and each output's labels against its loss (Keras's checks at fit).
 */
export function trainedModel(it: ScriptContext, compiled: CompileState, plan: ModelPlan, outputs: number[][], ys: FitArgument[]): ModelPlan {
  const losses = compiled.outputs ?? [{ loss: compiled.loss, lossLocation: compiled.lossLocation, weight: 1 }];
  const trained = losses.reduce((p, l, i) => (l.loss.fromLogits ? withLogitsActivation(p, l.loss.name, l.lossLocation, it.layerNames, i) : p), plan);
  checkUniqueNames(trained);
  losses.forEach((l, i) => checkLabels(l.loss.name, l.lossLocation, outputs[i], ys[i]));
  return trained;
}

/** `validation_data=([x1, x2], [y1, y2])` for a model with several inputs or outputs: the arrays, matched to x's and y's. */
export function severalValidation(args: Args, xs: FitArgument[], ys: FitArgument[]): [ArrayPlan[], ArrayPlan[]] | null {
  const value = args.value('validation_data');
  if (value === undefined) return null;
  const range = args.valueRange('validation_data');
  const lists = value.kind === 'sequence' && value.items.length === 2 ? value.items.map((v) => (v.kind === 'sequence' ? v.items : [v])) : null;
  const matches = (list: Value[], training: FitArgument[]) =>
    list.length === training.length &&
    list.every((v, i) => v.kind === 'array' && shapeText(v.array.shape.slice(1)) === shapeText(training[i].array.shape.slice(1)));
  if (!lists || !matches(lists[0], xs) || !matches(lists[1], ys)) {
    const want = (training: FitArgument[]) => `[${training.map((t) => `samples of shape ${shapeText(t.array.shape.slice(1))}`).join(', ')}]`;
    throw new ScanError('shape-mismatch', `validation_data must be (x_val, y_val) with x_val ${want(xs)} and y_val ${want(ys)}, as x and y`, range);
  }
  const plans = lists.map((list) => list.map((v) => (v as { array: FitArgument['array'] }).array.plan));
  return [plans[0], plans[1]];
}
