// Source: github.com/OpenFPGAduino/machinelearning tensorflow.js/server.js (commit 3088e89df40d806fd714076e257ec5067ea1a2c6); the tfjs-node README example
const tf = require('@tensorflow/tfjs');

// Load the binding:
require('@tensorflow/tfjs-node');  // Use '@tensorflow/tfjs-node-gpu' if running with GPU.

// Set the backend to TensorFlow:
tf.setBackend('tensorflow');

// Train a simple model:
const model = tf.sequential();
model.add(tf.layers.dense({units: 100, activation: 'relu', inputShape: [10]}));
model.add(tf.layers.dense({units: 1, activation: 'linear'}));
model.compile({optimizer: 'sgd', loss: 'meanSquaredError'});

const xs = tf.randomNormal([100, 10]);
const ys = tf.randomNormal([100, 1]);

model.fit(xs, ys, {
  epochs: 100,
  callbacks: {
    onEpochEnd: function (epoch, log) {
      console.log(`Epoch ${epoch}: loss = ${log.loss}`);
    }
  }
});
