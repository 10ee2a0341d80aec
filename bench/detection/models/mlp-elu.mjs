// Dense(256, elu) → Dense(128, elu), Adam, on Fashion-MNIST.
import * as tf from '@tensorflow/tfjs';
import { train, trainingData } from './data.mjs';

const model = tf.sequential();
model.add(tf.layers.dense({ units: 256, activation: 'elu', inputShape: [784] }));
model.add(tf.layers.dense({ units: 128, activation: 'elu' }));
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
await train(model, trainingData('fashion'), 'adam', 3);
