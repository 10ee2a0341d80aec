// model.compile(...) and model.fit(...) → the plan's compile and fit settings, after Keras's
// own checks of the data against the model.

import type { SourceRange } from '../../shared/protocol';
import { ScanError } from '../errors';
import type { ArrayPlan } from '../plan';
import { Args } from './args';
import { ARRAY_OF_SEQUENCES } from './sequences';
import type { ScriptContext } from './context';
import { noteTrainedFurther, translateFit, type TrainedModel } from './fits';
import { modelPlan, type FitArgument } from './model';
import { checkSampleCounts, fitArrays, outputLosses, severalValidation, trainedModel } from './several';
import { namedChildren, type SyntaxNode } from './source';
import { optimizerByName, toLoss, toMetric } from './training';
import { describe, NONE, shapeText, strictly, unsupported, type ArrayValue, type ModelValue, type Value } from './values';

const COMPILE_PARAMS = [
  'optimizer',
  'loss',
  'metrics',
  'loss_weights',
  'weighted_metrics',
  'run_eagerly',
  'steps_per_execution',
  'jit_compile',
  'auto_scale_loss',
];

const FIT_PARAMS = [
  'x',
  'y',
  'batch_size',
  'epochs',
  'verbose',
  'callbacks',
  'validation_split',
  'validation_data',
  'shuffle',
  'class_weight',
  'sample_weight',
  'initial_epoch',
  'steps_per_epoch',
  'validation_steps',
  'validation_batch_size',
  'validation_freq',
  'max_queue_size',
  'workers',
  'use_multiprocessing',
  // Keras 1's spelling of epochs.
  'nb_epoch',
];

/** Keras's default optimizer when compile names none. */
const KERAS_DEFAULT_OPTIMIZER: Value = { kind: 'string', value: 'rmsprop' };

export function compile(it: ScriptContext, model: ModelValue, node: SyntaxNode): Value {
  strictly(() => {
    const args = new Args(it, 'compile', node, COMPILE_PARAMS);
    const optimizer = optimizerByName(args.value('optimizer') ?? KERAS_DEFAULT_OPTIMIZER, args.valueRange('optimizer'));
    const lossValue = args.value('loss');
    if (lossValue === undefined) throw unsupported('compile needs a loss (Keras cannot train without one)', it.source.rangeOf(node));
    const outputs = outputLosses(it, model, args, lossValue);
    const loss = outputs ? outputs[0].loss : toLoss(lossValue, args.valueRange('loss'));
    if (args.given('weighted_metrics')) args.refuse('weighted_metrics', 'not translated');
    const lossLocation = outputs ? outputs[0].lossLocation : args.valueRange('loss');
    model.compiled = { optimizer, loss, lossLocation, metrics: metrics(it, args), location: it.source.rangeOf(node), outputs };
  });
  return NONE;
}

function metrics(it: ScriptContext, args: Args): string[] {
  const value = args.value('metrics');
  if (value === undefined) return [];
  if (value.kind !== 'sequence') return [toMetric(value, args.valueRange('metrics'))];
  const node = args.node('metrics')!;
  const literal = node.name === 'ArrayExpression' || node.name === 'TupleExpression';
  const elements = literal ? namedChildren(node) : [];
  return value.items.map((item, i) => toMetric(item, elements[i] ? it.source.rangeOf(elements[i]) : args.valueRange('metrics')));
}

export function fit(it: ScriptContext, model: ModelValue, node: SyntaxNode): Value {
  const location = it.source.rangeOf(node);
  translateFit(it, location, () => {
    const args = new Args(it, 'fit', node, FIT_PARAMS);
    // Python evaluates the arguments before the call: a NameError in them comes before any refusal of fit's.
    for (const name of args.names()) args.raw(name);
    const before = it.fits.trained(model);
    if (before) return continueFit(it, before, args, location);
    const compiled = model.compiled;
    if (!compiled) throw new ScanError('script-error', 'the model must be compiled before fit: call model.compile(...) first', location);
    const xs = fitArrays(it, args, model, 'x', data);
    const ys = fitArrays(it, args, model, 'y', data);
    const [x, y] = [xs[0], ys[0]];
    checkSampleCounts(args, xs, ys);
    const epochs = epochsOf(args);
    const batchSize = args.positiveInt('batch_size') ?? 32;
    const validationSplit = args.number('validation_split', 0);
    if (validationSplit < 0 || validationSplit >= 1) args.fail('validation_split', 'a fraction in [0, 1)');
    const shuffle = args.value('shuffle');
    if (shuffle !== undefined && shuffle.kind !== 'bool') args.refuse('shuffle', 'only True or False are translated');
    for (const p of ['class_weight', 'sample_weight', 'steps_per_epoch', 'validation_steps']) if (args.given(p)) args.refuse(p, 'not translated');
    if (args.number('initial_epoch', 0) !== 0) args.refuse('initial_epoch', 'the scan trains from the first epoch');

    const { plan, outputs } = modelPlan(model, it.graph, xs);
    const trained = trainedModel(it, compiled, plan, outputs, ys);
    const several = xs.length > 1 || ys.length > 1;
    const validation = several ? null : validationData(args, x, y);
    const validations = several ? severalValidation(args, xs, ys) : null;
    noteCallbacks(it, args);
    const perOutput = compiled.outputs && { outputs: compiled.outputs.map((o) => ({ loss: o.loss.name, weight: o.weight })) };
    it.fits.record(it, model, {
      file: it.source.file,
      model: trained,
      compile: { optimizer: compiled.optimizer, loss: compiled.loss.name, metrics: compiled.metrics, location: compiled.location, ...perOutput },
      fit: {
        x: x.array.plan,
        y: y.array.plan,
        epochs,
        batchSize,
        // Keras ignores validation_split when validation_data is given.
        validationData: validation,
        validationSplit: validation || validations ? 0 : validationSplit,
        shuffle: shuffle?.kind === 'bool' ? shuffle.value : true,
        location,
        ...(several && { several: { x: xs.map((a) => a.array.plan), y: ys.map((a) => a.array.plan), validation: validations } }),
      },
      notes: it.notes,
    });
  });
  return { kind: 'unsupported', error: new ScanError('unsupported', 'the History returned by fit is not followed', location) };
}

/** `epochs=`, or Keras 1's `nb_epoch=` (one of them). */
function epochsOf(args: Args): number {
  if (args.has('nb_epoch') && args.has('epochs')) args.refuse('nb_epoch', 'epochs is given too');
  return args.positiveInt(args.has('nb_epoch') ? 'nb_epoch' : 'epochs') ?? 1;
}

/**
 * A fit of a model fitted before. The same call run again, as in `for epoch in range(n):
 * model.fit(x, y, epochs=1)`, continues training where it stopped, so the plan trains the epochs
 * of every run. Another fit call of that model is noted and not scanned: the scan trains each
 * model from its initial weights, in one fit.
 */
function continueFit(it: ScriptContext, before: TrainedModel, args: Args, location: SourceRange): void {
  const first = before.location;
  if (first.line === location.line && first.column === location.column) {
    if (before.scanned) before.scanned.plan.fit.epochs += epochsOf(args);
    return;
  }
  noteTrainedFurther(it, first, location);
}

function data(args: Args, name: 'x' | 'y'): FitArgument {
  const value = args.value(name);
  if (value === undefined) throw unsupported(`fit needs ${name}`, args.range(name));
  if (value.kind !== 'array') args.fail(name, 'a numpy array (keras.datasets.mnist / fashion_mnist or np.random)');
  if (value.array.shape[0] === 0) throw unsupported(`${args.text(name)} has no samples: it is empty where it is made`, value.array.plan.location);
  if (value.array.sequences) throw unsupported(`fit: ${args.text(name)} is ${ARRAY_OF_SEQUENCES(value.array)}`, args.valueRange(name));
  return { array: value.array, text: args.text(name) };
}

function validationData(args: Args, x: FitArgument, y: FitArgument): [ArrayPlan, ArrayPlan] | null {
  const value = args.value('validation_data');
  if (value === undefined) return null;
  if (value.kind !== 'sequence' || value.items.length !== 2 || value.items.some((v) => v.kind !== 'array')) {
    if (value.kind === 'sequence' && value.items.length === 3) args.refuse('validation_data', 'sample weights are not translated');
    args.fail('validation_data', 'a tuple (x_val, y_val) of numpy arrays');
  }
  const [vx, vy] = value.items.map((v) => (v as { array: ArrayValue }).array);
  const range = args.valueRange('validation_data');
  sameSamples(vx, x, range);
  sameSamples(vy, y, range);
  if (vx.shape[0] !== vy.shape[0]) throw new ScanError('shape-mismatch', `validation_data has ${vx.shape[0]} inputs but ${vy.shape[0]} labels`, range);
  return [vx.plan, vy.plan];
}

function sameSamples(validation: ArrayValue, training: FitArgument, range: SourceRange): void {
  const a = validation.shape.slice(1);
  const b = training.array.shape.slice(1);
  if (a.length === b.length && a.every((d, i) => d === b[i]) && validation.oneHot === training.array.oneHot) return;
  throw new ScanError(
    'shape-mismatch',
    `validation_data has an array of shape ${shapeText(validation.shape)} where ${training.text} has samples of shape ${shapeText(b)}`,
    range,
  );
}

function noteCallbacks(it: ScriptContext, args: Args): void {
  const value = args.raw('callbacks');
  if (value === undefined || value.kind === 'none' || (value.kind === 'sequence' && value.items.length === 0)) return;
  const names =
    value.kind === 'sequence'
      ? value.items.map((v) => (v.kind === 'object' && v.object.type === 'callback' ? v.object.name : describe(v))).join(', ')
      : args.text('callbacks');
  it.note(
    {
      severity: 'information',
      code: 'callbacks-skipped',
      message: `The scan skips fit's callbacks (${names}): it monitors every unit itself, from before the first step.`,
    },
    args.range('callbacks'),
  );
}
