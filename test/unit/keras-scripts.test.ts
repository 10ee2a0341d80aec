// Well-known Keras scripts, as their authors wrote them, translate whole.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layersOf, translate } from './keras-helpers';

const summary = (source: string) => {
  const plan = translate(source);
  return {
    layers: layersOf(plan).map((l) => [l.factory, l.config.units ?? l.config.filters ?? l.config.rate ?? null, l.config.activation ?? null, l.location.line]),
    input: layersOf(plan)[0].config.inputShape ?? (plan.model.kind === 'functional' ? plan.model.inputs[0].shape : null),
    optimizer: plan.compile.optimizer,
    loss: plan.compile.loss,
    fit: [plan.fit.epochs, plan.fit.batchSize, plan.fit.validationData !== null],
    x: plan.fit.x.ops.map((o) => o.op),
    y: plan.fit.y.ops.map((o) => o.op),
  };
};

describe('well-known Keras scripts', () => {
  it("Keras's mnist_mlp.py", () => {
    const source = `'''Trains a simple deep NN on the MNIST dataset.'''
from __future__ import print_function

import keras
from keras.datasets import mnist
from keras.models import Sequential
from keras.layers import Dense, Dropout
from keras.optimizers import RMSprop

batch_size = 128
num_classes = 10
epochs = 20

# the data, split between train and test sets
(x_train, y_train), (x_test, y_test) = mnist.load_data()

x_train = x_train.reshape(60000, 784)
x_test = x_test.reshape(10000, 784)
x_train = x_train.astype('float32')
x_test = x_test.astype('float32')
x_train /= 255
x_test /= 255
print(x_train.shape[0], 'train samples')
print(x_test.shape[0], 'test samples')

# convert class vectors to binary class matrices
y_train = keras.utils.to_categorical(y_train, num_classes)
y_test = keras.utils.to_categorical(y_test, num_classes)

model = Sequential()
model.add(Dense(512, activation='relu', input_shape=(784,)))
model.add(Dropout(0.2))
model.add(Dense(512, activation='relu'))
model.add(Dropout(0.2))
model.add(Dense(num_classes, activation='softmax'))

model.summary()

model.compile(loss='categorical_crossentropy',
              optimizer=RMSprop(),
              metrics=['accuracy'])

history = model.fit(x_train, y_train,
                    batch_size=batch_size,
                    epochs=epochs,
                    verbose=1,
                    validation_data=(x_test, y_test))
score = model.evaluate(x_test, y_test, verbose=0)
print('Test loss:', score[0])
print('Test accuracy:', score[1])
`;
    assert.deepEqual(summary(source), {
      layers: [
        ['dense', 512, 'relu', 31],
        ['dropout', 0.2, null, 32],
        ['dense', 512, 'relu', 33],
        ['dropout', 0.2, null, 34],
        ['dense', 10, 'softmax', 35],
      ],
      input: [784],
      optimizer: { name: 'rmsprop', learningRate: 0.001 },
      loss: 'categoricalCrossentropy',
      fit: [20, 128, true],
      x: ['reshape', 'astype', 'divide'],
      y: ['toCategorical'],
    });
  });

  it("Keras's mnist_cnn.py, with its channels_first branch", () => {
    const source = `from __future__ import print_function
import keras
from keras.datasets import mnist
from keras.models import Sequential
from keras.layers import Dense, Dropout, Flatten
from keras.layers import Conv2D, MaxPooling2D
from keras import backend as K

batch_size = 128
num_classes = 10
epochs = 12

# input image dimensions
img_rows, img_cols = 28, 28

# the data, split between train and test sets
(x_train, y_train), (x_test, y_test) = mnist.load_data()

if K.image_data_format() == 'channels_first':
    x_train = x_train.reshape(x_train.shape[0], 1, img_rows, img_cols)
    x_test = x_test.reshape(x_test.shape[0], 1, img_rows, img_cols)
    input_shape = (1, img_rows, img_cols)
else:
    x_train = x_train.reshape(x_train.shape[0], img_rows, img_cols, 1)
    x_test = x_test.reshape(x_test.shape[0], img_rows, img_cols, 1)
    input_shape = (img_rows, img_cols, 1)

x_train = x_train.astype('float32')
x_test = x_test.astype('float32')
x_train /= 255
x_test /= 255

y_train = keras.utils.to_categorical(y_train, num_classes)
y_test = keras.utils.to_categorical(y_test, num_classes)

model = Sequential()
model.add(Conv2D(32, kernel_size=(3, 3),
                 activation='relu',
                 input_shape=input_shape))
model.add(Conv2D(64, (3, 3), activation='relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dropout(0.25))
model.add(Flatten())
model.add(Dense(128, activation='relu'))
model.add(Dropout(0.5))
model.add(Dense(num_classes, activation='softmax'))

model.compile(loss=keras.losses.categorical_crossentropy,
              optimizer=keras.optimizers.Adadelta(),
              metrics=['accuracy'])

model.fit(x_train, y_train,
          batch_size=batch_size,
          epochs=epochs,
          verbose=1,
          validation_data=(x_test, y_test))
score = model.evaluate(x_test, y_test, verbose=0)
`;
    assert.deepEqual(summary(source), {
      layers: [
        ['conv2d', 32, 'relu', 37],
        ['conv2d', 64, 'relu', 40],
        ['maxPooling2d', null, null, 41],
        ['dropout', 0.25, null, 42],
        ['flatten', null, null, 43],
        ['dense', 128, 'relu', 44],
        ['dropout', 0.5, null, 45],
        ['dense', 10, 'softmax', 46],
      ],
      input: [28, 28, 1],
      optimizer: { name: 'adadelta', learningRate: 0.001 },
      loss: 'categoricalCrossentropy',
      fit: [12, 128, true],
      x: ['reshape', 'astype', 'divide'],
      y: ['toCategorical'],
    });
  });

  it("TensorFlow's beginner quickstart, logits and all", () => {
    const source = `import tensorflow as tf
print("TensorFlow version:", tf.__version__)

mnist = tf.keras.datasets.mnist

(x_train, y_train), (x_test, y_test) = mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0

model = tf.keras.models.Sequential([
  tf.keras.layers.Flatten(input_shape=(28, 28)),
  tf.keras.layers.Dense(128, activation='relu'),
  tf.keras.layers.Dropout(0.2),
  tf.keras.layers.Dense(10)
])

predictions = model(x_train[:1]).numpy()
tf.nn.softmax(predictions).numpy()
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
loss_fn(y_train[:1], predictions).numpy()

model.compile(optimizer='adam',
              loss=loss_fn,
              metrics=['accuracy'])
model.fit(x_train, y_train, epochs=5)
model.evaluate(x_test,  y_test, verbose=2)

probability_model = tf.keras.Sequential([
  model,
  tf.keras.layers.Softmax()
])
probability_model(x_test[:5])
`;
    assert.deepEqual(summary(source), {
      layers: [
        ['flatten', null, null, 10],
        ['dense', 128, 'relu', 11],
        ['dropout', 0.2, null, 12],
        ['dense', 10, 'linear', 13],
        ['activation', null, 'softmax', 22],
      ],
      input: [28, 28],
      optimizer: { name: 'adam', learningRate: 0.001 },
      loss: 'sparseCategoricalCrossentropy',
      fit: [5, 32, false],
      x: ['divide'],
      y: [],
    });
  });

  it('the functional API with a shared helper', () => {
    const source = `import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train = np.expand_dims(x_train, -1).astype("float32") / 255
x_test = np.expand_dims(x_test, -1).astype("float32") / 255

def conv_block(x, filters):
    x = layers.Conv2D(filters, 3, padding="same", kernel_initializer="he_normal")(x)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)
    return layers.MaxPooling2D()(x)

inputs = keras.Input(shape=(28, 28, 1))
x = conv_block(inputs, 16)
x = conv_block(x, 32)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs=inputs, outputs=outputs, name="fashion")
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=64, epochs=3, validation_split=0.1)
`;
    assert.deepEqual(summary(source), {
      layers: [
        ['conv2d', 16, 'linear', 11],
        ['batchNormalization', null, null, 12],
        ['activation', null, 'relu', 13],
        ['maxPooling2d', null, null, 14],
        ['conv2d', 32, 'linear', 11],
        ['batchNormalization', null, null, 12],
        ['activation', null, 'relu', 13],
        ['maxPooling2d', null, null, 14],
        ['globalAveragePooling2d', null, null, 19],
        ['dense', 10, 'softmax', 20],
      ],
      input: [28, 28, 1],
      optimizer: { name: 'adam', learningRate: 0.001 },
      loss: 'sparseCategoricalCrossentropy',
      fit: [3, 64, false],
      x: ['expandDims', 'astype', 'divide'],
      y: [],
    });
  });
});
