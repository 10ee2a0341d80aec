// Held out (added after the default rule was chosen): six Dense(128, relu, He) layers, SGD with momentum, MNIST.
import * as tf from '@tensorflow/tfjs';
import { train, trainingData } from './data.mjs';

const model = tf.sequential();
model.add(tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: 'heNormal', inputShape: [784] }));
for (let i = 0; i < 5; i++) model.add(tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: 'heNormal' }));
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
await train(model, trainingData('mnist'), tf.train.momentum(0.05, 0.9), 1);
