// Dense(256, tanh) → Dense(128, tanh) with Glorot init (the default), SGD with momentum, on MNIST.
import * as tf from '@tensorflow/tfjs';
import { train, trainingData } from './data.mjs';

const model = tf.sequential();
model.add(tf.layers.dense({ units: 256, activation: 'tanh', inputShape: [784] }));
model.add(tf.layers.dense({ units: 128, activation: 'tanh' }));
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
await train(model, trainingData('mnist'), tf.train.momentum(0.01, 0.9), 1);
