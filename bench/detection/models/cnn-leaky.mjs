// A small convnet with LeakyReLU (α 0.1) after each convolution and the hidden Dense, Adam, on Fashion-MNIST.
import * as tf from '@tensorflow/tfjs';
import { train, trainingData } from './data.mjs';

const model = tf.sequential();
model.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, inputShape: [28, 28, 1] }));
model.add(tf.layers.leakyReLU({ alpha: 0.1 }));
model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
model.add(tf.layers.conv2d({ filters: 32, kernelSize: 3 }));
model.add(tf.layers.leakyReLU({ alpha: 0.1 }));
model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
model.add(tf.layers.flatten());
model.add(tf.layers.dense({ units: 64 }));
model.add(tf.layers.leakyReLU({ alpha: 0.1 }));
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
await train(model, trainingData('fashion', 'channels'), 'adam', 1);
