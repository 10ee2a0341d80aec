// Dead conv channels: a convolution whose biases start far below zero for some channels. A
// channel is one unit; it is dead when it is not positive at any position of any probe image.
// The 3×3 filters see pixels in [0, 1], so a channel whose bias is below minus its largest
// response never fires — and a ReLU that never fires gets no gradient to recover.
//   dying-neurons scan examples/tfjs/dead-conv.mjs
import * as tf from '@tensorflow/tfjs';
import { loadMnist, pixelData, labelData } from 'dying-neurons/data';

const tensor = ({ values, shape }) => tf.tensor(values, shape);
const train = loadMnist('train', { limit: 20000 });
const xs = tensor(pixelData(train, 'channels'));
const ys = tensor(labelData(train));

const model = tf.sequential();
model.add(
  tf.layers.conv2d({
    inputShape: [28, 28, 1],
    filters: 16,
    kernelSize: 3,
    activation: 'relu',
    biasInitializer: tf.initializers.randomUniform({ minval: -2, maxval: 0 }),
  }),
);
model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
model.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }));
model.add(tf.layers.flatten());
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });

await model.fit(xs, ys, { epochs: 3, batchSize: 64 });
