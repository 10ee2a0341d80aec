// A self-normalising MLP: three Dense(256, selu) with LeCun normal init, SGD (0.01), on MNIST.
import * as tf from '@tensorflow/tfjs';
import { train, trainingData } from './data.mjs';

const model = tf.sequential();
model.add(tf.layers.dense({ units: 256, activation: 'selu', kernelInitializer: 'leCunNormal', inputShape: [784] }));
model.add(tf.layers.dense({ units: 256, activation: 'selu', kernelInitializer: 'leCunNormal' }));
model.add(tf.layers.dense({ units: 256, activation: 'selu', kernelInitializer: 'leCunNormal' }));
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
await train(model, trainingData('mnist'), tf.train.sgd(0.01), 1);
