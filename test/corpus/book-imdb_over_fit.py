# Source: github.com/ducksfrogs/tens_first book/keras/chap3/code/over_fit.py (commit 2212dd87dcc9c5d81683dc1ea26b075b99933cc0); Deep Learning with Python 3.5
from keras.datasets import imdb

(train_data, train_labels), (test_data, test_labels) = imdb.load_data(num_words=10000)

import numpy as np

def vectorize_sequences(sequences, dimension=10000):

    results = np.zeros((len(sequences), dimension))

    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.
    return results


X_train = vectorize_sequences(train_data)
X_test = vectorize_sequences(test_data)

from keras import models
from keras import layers
from keras import optimizers
from keras import losses
from keras import metrics


model = models.Sequential()
model.add(layers.Dense(16, activation='relu', input_shape=(10000,)))
model.add(layers.Dense(16, activation='relu'))
model.add(layers.Dense(1, activation='sigmoid'))

model.compile(optimizer=optimizers.rmsprop(lr=0.001),
            loss=losses.binary_crossentropy,metrics=[metrics.binary_accuracy])

x_val = X_train[:10000]
partial_X_train = X_train[10000:]

y_val = y_train[:10000]
partial_y_train = y_train[10000:]
