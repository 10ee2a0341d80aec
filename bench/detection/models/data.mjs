// The training data the detection models share: a whole training split of MNIST or
// Fashion-MNIST (60,000 images each) as tensors, flat or as 28×28×1 images.
import * as tf from '@tensorflow/tfjs';
import { loadFashionMnist, loadMnist, labelData, pixelData } from 'dying-neurons/data';

const tensor = ({ values, shape }) => tf.tensor(values, shape);

/** [images, labels] of the training split; `dataset` 'mnist' or 'fashion', `layout` 'flat' or 'channels'. */
export function trainingData(dataset, layout = 'flat') {
  const set = dataset === 'fashion' ? loadFashionMnist('train') : loadMnist('train');
  return [tensor(pixelData(set, layout)), tensor(labelData(set))];
}

/** Compiles for sparse labels with accuracy and trains on `data`. */
export async function train(model, data, optimizer, epochs, batchSize = 64) {
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model.fit(data[0], data[1], { epochs, batchSize, shuffle: true });
}
