// Functional models with several inputs or outputs: compile's loss per output (a list, a dict
// by output name, or one for all) and loss_weights, fit's arrays per input and per output (lists
// or dicts by name), checked as Keras checks them when fit starts.

import type { SourceRange } from '../../shared/protocol';
import { ScanError } from '../errors';
import type { ArrayPlan, ModelPlan } from '../plan';
import type { Args } from './args';
import type { ScriptContext } from './context';
import { checkLabels, checkUniqueNames, withLogitsActivation, type FitArgument } from './model';
import { namedChildren } from './source';
import { toLoss } from './training';
import { describe, shapeText, type CompileState, type ModelValue, type Value } from './values';

type OutputLoss = NonNullable<CompileState['outputs']>[number];

/** The model's input or output names (its Inputs' and output layers' names), in order: what Keras's dicts are keyed by. */
function modelNames(it: ScriptContext, model: ModelValue, which: 'input' | 'output'): string[] {
  if (model.kind === 'sequential') return [`the ${which}`];
  return (which === 'input' ? model.inputs : model.outputs).map((t) => it.graph.names.get(t.id) ?? t.id);
}

interface Item {
  value: Value;
  range: SourceRange;
  text: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * One item per model input or output from a list (tuple) or a dict keyed by their names, as
 * Keras matches them; `what` names the argument in messages ("compile's loss", "x").
 */
function perName(it: ScriptContext, args: Args, name: string, value: Value, names: string[], which: 'input' | 'output', what: string): Item[] {
  const range = args.valueRange(name);
  const fail = (message: string): never => {
    throw new ScanError('shape-mismatch', message, range);
  };
  const model = names.length === 1 ? `1 ${which}` : `${plural(names.length, which)} (${names.join(', ')})`;
  if (value.kind === 'dict') {
    const keys = [...value.entries.values()].map((e) => e.key);
    const stranger = keys.find((k) => k.kind !== 'string' || !names.includes(k.value));
    if (stranger)
      fail(`${what} has the key ${describe(stranger)}, which is not the name of one of the model's ${plural(names.length, which)} (${names.join(', ')})`);
    const missing = names.find((n) => !value.entries.has(`s${n}`));
    if (missing) fail(`${what} has no entry for the ${which} '${missing}': the scan trains every ${which}`);
    return names.map((n) => ({ value: value.entries.get(`s${n}`)!.value, range, text: `${args.text(name)}['${n}']` }));
  }
  if (value.kind !== 'sequence') return [{ value, range, text: args.text(name) }];
  const node = args.node(name)!;
  const literal = node.name === 'ArrayExpression' || node.name === 'TupleExpression';
  const elements = literal ? namedChildren(node) : [];
  if (value.items.length !== names.length) fail(`${what} has ${plural(value.items.length, 'item')} but the model has ${model}: Keras expects one per ${which}`);
  return value.items.map((item, i) => ({
    value: item,
    range: elements[i] ? it.source.rangeOf(elements[i]) : range,
    text: elements[i] ? it.source.textOf(elements[i]) : `${args.text(name)}[${i}]`,
  }));
}

/**
 * compile's `loss` and `loss_weights` per output, or null for one loss on a model with one output
 * (the usual case, kept in CompileState.loss alone). A single loss applies to every output, as in Keras.
 */
export function outputLosses(it: ScriptContext, model: ModelValue, args: Args, loss: Value): OutputLoss[] | null {
  const names = modelNames(it, model, 'output');
  const weights = args.value('loss_weights');
  if (names.length === 1 && loss.kind !== 'sequence' && loss.kind !== 'dict' && weights === undefined) return null;
  const given = perName(it, args, 'loss', loss, names, 'output', "compile's loss");
  const losses = (given.length === 1 ? names.map(() => given[0]) : given).map((item) => ({ loss: toLoss(item.value, item.range), lossLocation: item.range }));
  const factors = weights === undefined ? [] : perName(it, args, 'loss_weights', weights, names, 'output', "compile's loss_weights");
  if (factors.length === 1 && names.length > 1)
    throw new ScanError('shape-mismatch', `compile's loss_weights needs one weight per output (${names.join(', ')})`, args.valueRange('loss_weights'));
  return losses.map((l, i) => {
    const factor = factors[i];
    if (factor && (factor.value.kind !== 'number' || factor.value.value < 0))
      throw new ScanError('unsupported', 'a loss weight must be a number ≥ 0', factor.range);
    return { ...l, weight: factor?.value.kind === 'number' ? factor.value.value : 1 };
  });
}

/** fit's `x` or `y`: an array, or a list (tuple) or dict of arrays, one per model input or output. */
export function fitArrays(it: ScriptContext, args: Args, model: ModelValue, name: 'x' | 'y', one: (args: Args, name: 'x' | 'y') => FitArgument): FitArgument[] {
  const value = args.value(name);
  const which = name === 'x' ? 'input' : 'output';
  const names = modelNames(it, model, which);
  if (value?.kind !== 'sequence' && value?.kind !== 'dict') {
    if (names.length > 1)
      throw new ScanError(
        'shape-mismatch',
        `the model has ${plural(names.length, which)} (${names.join(', ')}) but ${name} is one array`,
        args.valueRange(name),
      );
    return [one(args, name)];
  }
  return perName(it, args, name, value, names, which, name).map((item) => {
    if (item.value.kind !== 'array') throw new ScanError('unsupported', `${name}: ${item.text} must be a numpy array, got ${describe(item.value)}`, item.range);
    return { array: item.value.array, text: item.text };
  });
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
