# The tutorial this product grew from: a dense MNIST classifier whose callback logs one
# mean activation per layer per epoch. It cannot name a dead unit (and it reads symbolic
# tensors that hold no values); `dying-neurons scan` measures every unit instead.
import numpy as np
import tensorflow as tf
from tensorflow.keras.layers import Dense
from tensorflow.keras.models import Sequential

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784) / 255.0
x_test = x_test.reshape(-1, 784) / 255.0


class ActivationLogger(tf.keras.callbacks.Callback):
    """Logs the mean activation of every layer at the end of each epoch."""

    def on_epoch_end(self, epoch, logs=None):
        for layer in self.model.layers:
            mean = tf.reduce_mean(layer.output)
            print(f"epoch {epoch}: {layer.name} mean activation {mean}")


model = Sequential([
    Dense(64, activation='relu', input_shape=(784,)),
    Dense(10, activation='softmax'),
])

model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
model.fit(x_train, y_train, epochs=10, validation_data=(x_test, y_test), callbacks=[ActivationLogger()])
