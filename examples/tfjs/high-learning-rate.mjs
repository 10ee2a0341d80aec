// Killed by training: the same healthy architecture as the tutorial, but SGD with a learning rate
// far too high. The first large updates push many ReLU units' weights and biases so far negative
// that they stop firing for every input — alive at initialisation, dead after a few batches.
//   dying-neurons scan examples/tfjs/high-learning-rate.mjs
import * as tf from '@tensorflow/tfjs';
import { loadMnist, pixelData, labelData } from 'dying-neurons/data';

const tensor = ({ values, shape }) => tf.tensor(values, shape);
const train = loadMnist('train', { limit: 10000 });
const [xs, ys] = [tensor(pixelData(train)), tensor(labelData(train))];

const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }),
    tf.layers.dense({ units: 64, activation: 'relu' }),
    tf.layers.dense({ units: 10, activation: 'softmax' }),
  ],
});
// SGD's usual learning rate is 0.01; 1.0 is a hundred times too high.
model.compile({ optimizer: tf.train.sgd(1.0), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });

await model.fit(xs, ys, { epochs: 5, batchSize: 32 });
