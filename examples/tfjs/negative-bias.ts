// Dead at initialisation: a strongly negative bias initialiser keeps most ReLU units of the first
// hidden layer below zero for every input, so they never fire and never learn. A scan reports
// them before the first training step.
//   dying-neurons scan examples/tfjs/negative-bias.ts
import * as tf from '@tensorflow/tfjs';
import { loadMnist, pixelData, labelData, type TensorData } from 'dying-neurons/data';

const tensor = ({ values, shape }: TensorData): tf.Tensor => tf.tensor(values, shape);
const train = loadMnist('train', { limit: 10000 });
const xs = tensor(pixelData(train));
const ys = tensor(labelData(train));

const model = tf.sequential();
model.add(
  tf.layers.dense({
    units: 128,
    activation: 'relu',
    inputShape: [784],
    biasInitializer: tf.initializers.constant({ value: -1.5 }),
  }),
);
model.add(tf.layers.dense({ units: 64, activation: 'relu' }));
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
model.compile({ optimizer: tf.train.adam(0.001), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });

await model.fit(xs, ys, { epochs: 5, batchSize: 64, validationSplit: 0.1 });
