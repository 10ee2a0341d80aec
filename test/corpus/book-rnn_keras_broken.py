# Source: github.com/uli-rizki/mona rnn_keras.py; Deep Learning with Python 6.2 (as published: input_train is never defined)
#!/usr/bin/python

from keras.models import Sequential
from keras.layers import Embedding, SimpleRNN, Dense
from keras.datasets import imdb

max_features = 10000
maxlen = 500
batch_size = 32

model = Sequential()
model.add(Embedding(max_features, 32))
model.add(SimpleRNN(32))
model.add(Dense(1, activation='sigmoid'))

model.compile(optimizer='rmsprop', loss='binary_crossentrpy', metrics=['acc'])
history = model.fit(input_train, y_train, epochs=10, batch_size=128, validation_split=0.2)
