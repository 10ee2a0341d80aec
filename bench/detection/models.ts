// The detection suite's models: the dying examples (TensorFlow.js and their Keras twins, run
// translated) and healthy, standard architectures people train, with two LeakyReLU slope probes.
// (The tutorial example is left out: its own 10 epochs take over an hour on the shared machine;
// test/unit/examples-tfjs-dense.test.ts checks a scan of it warns about nothing.)

import { join } from 'node:path';
import { EXAMPLES } from '../fixesEvidence';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';

export type ModelGroup = 'dying' | 'healthy' | 'slope';

export interface DetectionModel {
  file: string;
  group: ModelGroup;
}

const bench = (name: string) => join(PACKAGE_ROOT, 'bench', 'detection', 'models', `${name}.mjs`);

const HEALTHY = [
  'mlp-elu', 'mlp-gelu', 'mlp-prelu-softplus', 'mlp-sigmoid-glorot', 'mlp-tanh-glorot', 'mlp-selu', 'deep-relu-he',
  'mlp-batchnorm-sgd', 'mlp-sgd-fashion', 'mlp-dropout-rmsprop', 'cnn-leaky', 'cnn-batchnorm', 'mnist-convnet',
];

/** Healthy models added after the default warning rule was chosen: a check of it on models it was not chosen on. */
export const HELD_OUT = ['deep-relu-fashion', 'deep-relu-sgd'];

/** Cheapest first within each group, so a partial run still covers every group. */
export const MODELS: DetectionModel[] = [
  ...EXAMPLES.map((file) => ({ file, group: 'dying' as const })),
  ...['leaky-slope-001', 'leaky-slope-0001'].map((name) => ({ file: bench(name), group: 'slope' as const })),
  ...[...HEALTHY, ...HELD_OUT].map((name) => ({ file: bench(name), group: 'healthy' as const })),
];
