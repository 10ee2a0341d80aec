// Shared by the keras-*.test.ts files: translate a script, or catch the ScanError it raises.

import assert from 'node:assert/strict';
import { ScanError } from '../../src/engine/errors';
import { translateKeras } from '../../src/engine/keras/index';
import type { LayerPlan, TrainingPlan } from '../../src/engine/plan';
import { DEFAULT_THRESHOLDS, type WorkerMessage } from '../../src/shared/protocol';
import { runPlan } from '../../src/worker/planRunner';
import { WorkerScan } from '../../src/worker/workerScan';

export const FILE = '/work/model.py';

export function translate(source: string): TrainingPlan {
  return translateKeras(source, FILE);
}

/** The ScanError a script raises, as [code, message, line, column, endLine, endColumn]. */
export function failure(source: string): [string, string, number, number, number, number] {
  try {
    translateKeras(source, FILE);
  } catch (e) {
    if (!(e instanceof ScanError)) throw e;
    assert.ok(e.range, 'a ScanError from the translator always has a range');
    assert.equal(e.range.file, FILE);
    return [e.code, e.message, e.range.line, e.range.column, e.range.endLine, e.range.endColumn];
  }
  assert.fail('expected a ScanError');
}

/** Trains a translated plan with the worker's plan runner in this process (cpu): its report and model summary. */
export async function scanPlan(plan: TrainingPlan, probe: number, seed: number) {
  const messages: WorkerMessage[] = [];
  const run = new WorkerScan({ file: FILE, probe, seed, backend: 'cpu', thresholds: DEFAULT_THRESHOLDS }, (m) => messages.push(m));
  await runPlan(run, plan).catch((error: unknown) => run.fail(run.explainError(error)));
  const report = await run.done;
  const started = messages.find((m) => m.type === 'started');
  return { report, model: started?.type === 'started' ? started.model : [] };
}

/** A layer's place as [line, column, endLine, endColumn]. */
export const place = (layer: LayerPlan): number[] => [layer.location.line, layer.location.column, layer.location.endLine, layer.location.endColumn];

/** The layers of a Sequential or functional plan, in model order. */
export function layersOf(plan: TrainingPlan): LayerPlan[] {
  return plan.model.kind === 'sequential' ? plan.model.layers : plan.model.nodes.map((n) => n.layer);
}

/**
 * The translated configs of `layers` (Keras constructor calls, comma-separated) in a
 * Sequential model fed random data of shape `xShape`, followed by Flatten and Dense(1).
 */
export function configs(layers: string, xShape = '16, 8, 8, 3'): Record<string, unknown>[] {
  const plan = translate(
    [
      'import numpy as np',
      'from tensorflow import keras',
      'from tensorflow.keras import layers',
      `x = np.random.rand(${xShape})`,
      'y = np.random.rand(16, 1)',
      `model = keras.Sequential([${layers}, layers.Flatten(), layers.Dense(1)])`,
      "model.compile(optimizer='sgd', loss='mse')",
      'model.fit(x, y)',
    ].join('\n'),
  );
  const all = layersOf(plan);
  return all.slice(0, -2).map((l, i) => {
    const { inputShape, ...rest } = l.config;
    if (i === 0) assert.ok(inputShape, 'the first layer carries the input shape');
    return { factory: l.factory, ...rest };
  });
}

/** Keras's defaults for a Dense or Conv layer's initializers, as the plan spells them. */
export const GLOROT = { className: 'GlorotUniform', config: { seed: null } };
export const ZEROS = { className: 'Zeros', config: {} };

/** An MNIST script header: imports and the dataset unpacked into x_train, y_train, x_test, y_test. */
export const MNIST = [
  'import tensorflow as tf',
  'from tensorflow import keras',
  'from tensorflow.keras import layers',
  '(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()',
].join('\n');
