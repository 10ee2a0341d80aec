// A TensorFlow.js script for the tests of what a run must not lose: it prints many lines, trains
// (printing once more at the end of training), then writes 64 MB over saved.bin beside it — code
// after fit, which a scan must never run.

export const TALKATIVE_LINES = 200_000;

export const TALKATIVE = `const tf = require('@tensorflow/tfjs');
const fs = require('fs');
for (let i = 0; i < ${TALKATIVE_LINES}; i++) console.log('line ' + i);
const model = tf.sequential();
model.add(tf.layers.dense({ units: 4, activation: 'relu', inputShape: [3] }));
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
model
  .fit(tf.randomNormal([32, 3]), tf.randomNormal([32, 4]), { epochs: 1, callbacks: { onTrainEnd: () => console.error('training ended') } })
  .then(() => fs.writeFileSync(__dirname + '/saved.bin', Buffer.alloc(64 * 1024 * 1024, 1)));
`;
