// Trains a TrainingPlan (a Keras script translated by the engine) with our tfjs and the same
// monitor as a script: build the model, load and prepare the arrays, compile, fit under the scan.

import type { CompilePlan, ModelPlan, OptimizerPlan, TrainingPlan } from '../engine/plan';
import { ScanError } from '../engine/errors';
import type { SourceRange } from '../shared/protocol';
import { selectBackend } from './backend';
import { recordCompileSite } from './compileSites';
import { monitoredFit } from './monitoredFit';
import { arrayTensor, DatasetCache } from './planArrays';
import { buildModel } from './planModel';
import type { WorkerScan } from './workerScan';
import { createRandom, seedMathRandom } from './seededRandom';
import { loadTfjs, ownTfjsEntry, type LayersModel, type Tensor, type Tf } from './tfjs';

function makeOptimizer(tf: Tf, o: OptimizerPlan) {
  const e = o.extra ?? {};
  switch (o.name) {
    case 'adam':
      return tf.train.adam(o.learningRate, e.beta1, e.beta2, e.epsilon);
    case 'sgd':
      return o.momentum ? tf.train.momentum(o.learningRate, o.momentum, o.nesterov) : tf.train.sgd(o.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(o.learningRate, e.rho, o.momentum, e.epsilon);
    case 'adagrad':
      return tf.train.adagrad(o.learningRate, e.initialAccumulatorValue);
    case 'adadelta':
      return tf.train.adadelta(o.learningRate, e.rho, e.epsilon);
    case 'adamax':
      return tf.train.adamax(o.learningRate, e.beta1, e.beta2, e.epsilon);
  }
}

function compile(tf: Tf, model: LayersModel, plan: CompilePlan): void {
  try {
    const loss = plan.outputs ? plan.outputs.map((o) => o.loss) : plan.loss;
    model.compile({ optimizer: makeOptimizer(tf, plan.optimizer), loss, metrics: plan.metrics });
  } catch (error) {
    throw new ScanError('unsupported', error instanceof Error ? error.message : String(error), plan.location);
  }
  // tfjs has no loss_weights: each output's loss is scaled where training sums them (its logs then
  // show each output's weighted loss).
  const weights = plan.outputs?.map((o) => o.weight);
  if (weights?.some((w) => w !== 1)) {
    model.lossFunctions = model.lossFunctions.map((fn, i) => (weights[i] === 1 ? fn : (yTrue, yPred) => tf.mul(fn(yTrue, yPred), weights[i])));
  }
}

const pythonShape = (shape: readonly (number | null)[]): string =>
  `(${shape.map((d) => (d === null ? 'None' : d)).join(', ')}${shape.length === 1 ? ',' : ''})`;

/** Keras refuses data whose shape does not fit the model's inputs; so does the scan (never reshaping). */
function checkInputShapes(model: LayersModel, xs: Tensor[], plan: TrainingPlan): void {
  model.inputs.forEach((input, i) => {
    const expected = input.shape;
    const x = xs[i];
    const fits = x !== undefined && expected.length === x.rank && expected.every((d, j) => d === null || d === x.shape[j]);
    if (!fits) {
      const got = x ? `the training data has shape ${pythonShape(x.shape)}` : 'fit gives it no array';
      throw new ScanError('shape-mismatch', `The model expects input of shape ${pythonShape(expected)} but ${got}.`, inputSite(plan, i));
    }
  });
}

/** Where the model's input is declared: the first layer (Sequential) or that Input. */
function inputSite(plan: TrainingPlan, index: number): SourceRange {
  return plan.model.kind === 'sequential' ? (plan.model.layers[0]?.location ?? plan.fit.location) : (plan.model.inputs[index] ?? plan.model.inputs[0]).location;
}

const INPUT_SHAPE_KEYS = ['inputShape', 'batchInputShape', 'inputDim'];

/** Like Keras, a Sequential model without an input shape takes it from the data. */
function withInputShape(model: ModelPlan, shape: number[]): ModelPlan {
  if (model.kind !== 'sequential') return model;
  const [first, ...rest] = model.layers;
  if (!first || INPUT_SHAPE_KEYS.some((key) => key in first.config)) return model;
  return { kind: 'sequential', layers: [{ ...first, config: { ...first.config, inputShape: shape } }, ...rest] };
}

/**
 * `datasets`: shared by a script's fits, so each dataset is decoded and each random array drawn once
 * per scan (as the script makes them once); `repeats`: later fits of the same model and settings the
 * translator counted on this one.
 */
export async function runPlan(run: WorkerScan, plan: TrainingPlan, datasets = new DatasetCache(), repeats = 0): Promise<void> {
  const tfjsEntry = ownTfjsEntry();
  const tf = loadTfjs(tfjsEntry);
  run.backend = await selectBackend(tf, run.options.backend, tfjsEntry, (text) => run.log(text));
  plan.notes.forEach((note) => run.note(note));
  const restoreRandom = seedMathRandom(run.options.seed);
  const tensors: Tensor[] = [];
  try {
    const random = createRandom(run.options.seed);
    // Keras casts what it trains on to float32 (uint8 pixels, integer labels); tfjs needs that done.
    const array = (a: TrainingPlan['fit']['x']) => {
      const t = arrayTensor(tf, a, random, datasets);
      const float = t.dtype === 'float32' ? t : tf.cast(t, 'float32');
      tensors.push(t, float);
      return float;
    };
    const { fit } = plan;
    const several = fit.several;
    const xs = several ? several.x.map(array) : [array(fit.x)];
    const ys = several ? several.y.map(array) : [array(fit.y)];
    const x = several ? xs : xs[0];
    const y = several ? ys : ys[0];
    const validation = several?.validation;
    const validationData = validation
      ? ([validation[0].map(array), validation[1].map(array)] as [Tensor[], Tensor[]])
      : fit.validationData
        ? ([array(fit.validationData[0]), array(fit.validationData[1])] as [Tensor, Tensor])
        : undefined;
    const model = buildModel(tf, withInputShape(plan.model, xs[0].shape.slice(1)));
    checkInputShapes(model, xs, plan);
    compile(tf, model, plan.compile);
    recordCompileSite(model, plan.compile.location);
    await monitoredFit(run, {
      tf,
      repeats,
      model,
      site: fit.location,
      x,
      y,
      args: {
        epochs: fit.epochs,
        batchSize: fit.batchSize,
        validationData,
        validationSplit: fit.validationSplit > 0 ? fit.validationSplit : undefined,
        shuffle: fit.shuffle,
      },
      fit: (x1, y1, args) => model.fit(x1, y1, args),
    });
  } finally {
    tf.dispose(tensors);
    restoreRandom();
  }
}
