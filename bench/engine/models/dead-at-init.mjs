// The bench's model dead at initialisation, without a dataset to load: 1,024 random samples and
// a bias so negative that every unit of the first layer is dead before the first step. Its time
// to the first report is the scan's own start-up (worker, bundling, tfjs, backend, init check).
//   dying-neurons scan bench/engine/models/dead-at-init.mjs
import * as tf from '@tensorflow/tfjs';

const xs = tf.randomUniform([1024, 784], 0, 1, 'float32', 1);
const ys = tf.randomUniform([1024], 0, 10, 'int32', 2).cast('float32');

const model = tf.sequential();
model.add(tf.layers.dense({ units: 128, activation: 'relu', inputShape: [784], biasInitializer: tf.initializers.constant({ value: -1000 }) }));
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });

await model.fit(xs, ys, { epochs: 1, batchSize: 32 });
