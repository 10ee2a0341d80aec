// A deep, narrow ReLU stack collapses: with only two units per layer, the chance that every unit
// of some layer is negative for every input is high, and once one layer is fully dead every layer
// after it sees only zeros. A scan warns on the layer where the collapse starts and marks the
// later layers as "input is dead" pointing back to it.
//   dying-neurons scan examples/tfjs/deep-narrow-relu.js
const tf = require('@tensorflow/tfjs');
const { loadMnist, pixelData, labelData } = require('dying-neurons/data');

const tensor = ({ values, shape }) => tf.tensor(values, shape);
const train = loadMnist('train', { limit: 10000 });
const xs = tensor(pixelData(train));
const ys = tensor(labelData(train));

const DEPTH = 10;

function narrowBlock(units) {
  return tf.layers.dense({ units, activation: 'relu' });
}

const model = tf.sequential();
model.add(tf.layers.dense({ units: 16, activation: 'relu', inputShape: [784] }));
for (let i = 0; i < DEPTH; i++) {
  model.add(narrowBlock(2));
}
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });

model.fit(xs, ys, { epochs: 5, batchSize: 32 }).then((history) => {
  console.log('final loss', history.history.loss.at(-1));
});
