// Dense(256, sigmoid) → Dense(128, sigmoid) with Glorot init (the default), Adam, on Fashion-MNIST.
import * as tf from '@tensorflow/tfjs';
import { train, trainingData } from './data.mjs';

const model = tf.sequential();
model.add(tf.layers.dense({ units: 256, activation: 'sigmoid', inputShape: [784] }));
model.add(tf.layers.dense({ units: 128, activation: 'sigmoid' }));
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
await train(model, trainingData('fashion'), 'adam', 1);
