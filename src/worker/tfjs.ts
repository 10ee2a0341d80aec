// The TensorFlow.js instance a scan trains with. A script brings its own (whichever
// `@tensorflow/tfjs` it resolves); a training plan uses ours. Only types come from our copy.

import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './packageRoot';

export type Tf = typeof import('@tensorflow/tfjs');
export type LayersModel = import('@tensorflow/tfjs').LayersModel;
export type Tensor = import('@tensorflow/tfjs').Tensor;
export type Scalar = import('@tensorflow/tfjs').Scalar;
export type SymbolicTensor = import('@tensorflow/tfjs').SymbolicTensor;
export type Layer = import('@tensorflow/tfjs-layers/dist/engine/topology').Layer;
export type ModelFitArgs = import('@tensorflow/tfjs').ModelFitArgs;
export type ModelCompileArgs = import('@tensorflow/tfjs').ModelCompileArgs;
export type TensorContainer = import('@tensorflow/tfjs').TensorContainer;
export type ModelFitDatasetArgs = import('@tensorflow/tfjs').ModelFitDatasetArgs<TensorContainer>;
export type Dataset = import('@tensorflow/tfjs').data.Dataset<TensorContainer>;
export type Logs = import('@tensorflow/tfjs').Logs;
export type History = import('@tensorflow/tfjs').History;
export type CustomCallbackArgs = import('@tensorflow/tfjs').CustomCallbackArgs;
export type BaseCallback = import('@tensorflow/tfjs-layers/dist/base_callbacks').BaseCallback;

/** Data as `fit` takes it: one tensor, one per input, or one per input name. */
export type FitData = Tensor | Tensor[] | { [name: string]: Tensor };

const ourRequire = createRequire(join(PACKAGE_ROOT, 'package.json'));

/** Requires a module from `from` (a file), falling back to our own node_modules. */
export function requireNear(from: string, specifier: string): unknown {
  let path: string;
  try {
    path = createRequire(from).resolve(specifier);
  } catch {
    path = ourRequire.resolve(specifier);
  }
  return ourRequire(path);
}

/** Loads the tfjs module at `path` (an entry of @tensorflow/tfjs or tfjs-node) and checks it is one. */
export function loadTfjs(path: string): Tf {
  const tf = ourRequire(path) as Partial<Tf>;
  if (typeof tf.sequential !== 'function' || typeof tf.LayersModel !== 'function' || typeof tf.layers !== 'object') {
    throw new Error(`${path} is not a TensorFlow.js entry point`);
  }
  return tf as Tf;
}

/** Our own tfjs: plans train with it, and scripts whose tfjs cannot be found. */
export const ownTfjsEntry = (): string => ourRequire.resolve('@tensorflow/tfjs');
