// Dense(256) → PReLU, then Dense(128, softplus), Adam, on Fashion-MNIST.
import * as tf from '@tensorflow/tfjs';
import { train, trainingData } from './data.mjs';

const model = tf.sequential();
model.add(tf.layers.dense({ units: 256, inputShape: [784] }));
model.add(tf.layers.prelu());
model.add(tf.layers.dense({ units: 128, activation: 'softplus' }));
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
await train(model, trainingData('fashion'), 'adam', 1);
