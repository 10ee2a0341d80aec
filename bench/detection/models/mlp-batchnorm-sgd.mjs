// Dense → BatchNormalization → ReLU, twice, SGD with momentum 0.9, on MNIST.
import * as tf from '@tensorflow/tfjs';
import { train, trainingData } from './data.mjs';

const model = tf.sequential();
model.add(tf.layers.dense({ units: 256, useBias: false, inputShape: [784] }));
model.add(tf.layers.batchNormalization());
model.add(tf.layers.reLU());
model.add(tf.layers.dense({ units: 128, useBias: false }));
model.add(tf.layers.batchNormalization());
model.add(tf.layers.reLU());
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
await train(model, trainingData('mnist'), tf.train.momentum(0.01, 0.9), 3);
