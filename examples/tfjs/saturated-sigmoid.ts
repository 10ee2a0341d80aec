// Saturated from the start: a sigmoid layer initialised with huge weights puts almost every
// pre-activation far out on the flat tails, where the derivative a(1 − a) is nearly zero, so
// gradients stop flowing through those units. A scan reports them as saturated.
//   dying-neurons scan examples/tfjs/saturated-sigmoid.ts
import * as tf from '@tensorflow/tfjs';
import { loadFashionMnist, pixelData, labelData, type TensorData } from 'dying-neurons/data';

const tensor = ({ values, shape }: TensorData): tf.Tensor => tf.tensor(values, shape);
const train = loadFashionMnist('train', { limit: 20000 });
const xs: tf.Tensor = tensor(pixelData(train));
const ys: tf.Tensor = tensor(labelData(train));

const model = tf.sequential();
model.add(
  tf.layers.dense({
    units: 64,
    activation: 'sigmoid',
    inputShape: [784],
    kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 10 }),
  }),
);
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });

const history = await model.fit(xs, ys, { epochs: 5, batchSize: 32 });
console.log(`loss after ${history.epoch.length} epochs: ${history.history.loss.at(-1)}`);
