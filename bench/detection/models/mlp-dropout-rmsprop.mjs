// Keras's mnist_mlp: Dense(512, relu) → Dropout(0.2) → Dense(512, relu) → Dropout(0.2), RMSprop.
import * as tf from '@tensorflow/tfjs';
import { train, trainingData } from './data.mjs';

const model = tf.sequential();
model.add(tf.layers.dense({ units: 512, activation: 'relu', inputShape: [784] }));
model.add(tf.layers.dropout({ rate: 0.2 }));
model.add(tf.layers.dense({ units: 512, activation: 'relu' }));
model.add(tf.layers.dropout({ rate: 0.2 }));
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
await train(model, trainingData('mnist'), tf.train.rmsprop(0.001), 1, 128);
