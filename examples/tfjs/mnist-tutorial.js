// The tutorial's workload in TensorFlow.js: MNIST digits, Dense(64, relu) → Dense(10, softmax),
// adam, 10 epochs. A healthy model: a scan finds no dead units.
//   dying-neurons scan examples/tfjs/mnist-tutorial.js
const tf = require('@tensorflow/tfjs');
const { loadMnist, pixelData, labelData } = require('dying-neurons/data');

const train = loadMnist('train');
const test = loadMnist('test');
const tensor = ({ values, shape }) => tf.tensor(values, shape);
const [xTrain, yTrain] = [tensor(pixelData(train)), tensor(labelData(train))];
const [xTest, yTest] = [tensor(pixelData(test)), tensor(labelData(test))];

const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 64, activation: 'relu', inputShape: [784] }),
    tf.layers.dense({ units: 10, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });

async function main() {
  const history = await model.fit(xTrain, yTrain, { epochs: 10, batchSize: 32, validationData: [xTest, yTest] });
  console.log('final accuracy', history.history.val_acc.at(-1));
}

main();
