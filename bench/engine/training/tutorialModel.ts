// The tutorial's model: Dense(64, relu) → Dense(10, softmax) on flat MNIST, adam,
// sparse categorical cross-entropy with accuracy (as examples/tfjs/mnist-tutorial.js).

import type { LayersModel, Tensor, Tf } from '../../../src/worker/tfjs';

export const BATCH_SIZE = 32;

/** A freshly compiled tutorial model starting from `weights` (so every run starts alike). */
export function tutorialModel(tf: Tf, weights?: Tensor[]): LayersModel {
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 64, activation: 'relu', inputShape: [784] }), tf.layers.dense({ units: 10, activation: 'softmax' })],
  });
  if (weights) model.setWeights(weights);
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}
