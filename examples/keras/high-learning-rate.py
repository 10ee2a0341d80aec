# Killed by training: the same healthy architecture as the tutorial, but SGD with a learning rate
# far too high. The first large updates push many ReLU units' weights and biases so far negative
# that they stop firing for every input — alive at initialisation, dead after a few batches.
# Keras twin of examples/tfjs/high-learning-rate.mjs.
#   dying-neurons scan examples/keras/high-learning-rate.py
import tensorflow as tf

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train, y_train = x_train[:10000].reshape(-1, 784) / 255.0, y_train[:10000]

# glorot_normal is TensorFlow.js's default kernel initialiser: the twin draws the same weights.
model = tf.keras.Sequential([
    tf.keras.layers.Dense(128, activation="relu", input_shape=(784,), kernel_initializer="glorot_normal"),
    tf.keras.layers.Dense(64, activation="relu", kernel_initializer="glorot_normal"),
    tf.keras.layers.Dense(10, activation="softmax", kernel_initializer="glorot_normal"),
])
# SGD's usual learning rate is 0.01; 1.0 is a hundred times too high.
model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=1.0), loss="sparse_categorical_crossentropy", metrics=["accuracy"])

model.fit(x_train, y_train, epochs=5, batch_size=32)
