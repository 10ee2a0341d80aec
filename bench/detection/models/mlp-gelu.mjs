// Dense(256, gelu) → Dense(128, gelu), Adam, on MNIST.
import * as tf from '@tensorflow/tfjs';
import { train, trainingData } from './data.mjs';

const model = tf.sequential();
model.add(tf.layers.dense({ units: 256, activation: 'gelu', inputShape: [784] }));
model.add(tf.layers.dense({ units: 128, activation: 'gelu' }));
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
await train(model, trainingData('mnist'), 'adam', 1);
