// LeakyReLU with a small slope (α 0.01) behind a strongly negative bias (−1.5, as in the
// negative-bias example): most units start below zero on every input. Do they come back?
import * as tf from '@tensorflow/tfjs';
import { train, trainingData } from './data.mjs';

const model = tf.sequential();
model.add(tf.layers.dense({ units: 128, inputShape: [784], biasInitializer: tf.initializers.constant({ value: -1.5 }) }));
model.add(tf.layers.leakyReLU({ alpha: 0.01 }));
model.add(tf.layers.dense({ units: 64, activation: 'relu' }));
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
await train(model, trainingData('mnist'), 'adam', 3);
