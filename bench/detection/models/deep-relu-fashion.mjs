// Held out (added after the default rule was chosen): eight Dense(64, relu, He) layers, Adam, Fashion-MNIST.
import * as tf from '@tensorflow/tfjs';
import { train, trainingData } from './data.mjs';

const model = tf.sequential();
model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: 'heNormal', inputShape: [784] }));
for (let i = 0; i < 7; i++) model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: 'heNormal' }));
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
await train(model, trainingData('fashion'), 'adam', 1);
