# The tutorial's model fed the images as they load: 28x28, not the 784 values per sample that
# input_shape=(784,) declares. Keras refuses to train on it, and so does the scan — an error at
# the Dense layer naming both shapes, never a silent reshape.
#   dying-neurons scan examples/keras/shape-mismatch.py
import tensorflow as tf

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0

model = tf.keras.models.Sequential([
    tf.keras.layers.Dense(64, activation="relu", input_shape=(784,)),
    tf.keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, validation_data=(x_test, y_test))
