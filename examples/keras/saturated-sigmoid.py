# Saturated from the start: a sigmoid layer initialised with huge weights puts almost every
# pre-activation far out on the flat tails, where the derivative a(1 - a) is nearly zero, so
# gradients stop flowing through those units. A scan reports them as saturated.
# Keras twin of examples/tfjs/saturated-sigmoid.ts.
#   dying-neurons scan examples/keras/saturated-sigmoid.py
import tensorflow as tf
from tensorflow.keras.initializers import RandomNormal
from tensorflow.keras.layers import Dense

(x_train, y_train), _ = tf.keras.datasets.fashion_mnist.load_data()
x_train, y_train = x_train[:20000], y_train[:20000]
x_train = x_train.reshape((-1, 784)).astype("float32") / 255

model = tf.keras.Sequential([
    Dense(64, activation="sigmoid", input_shape=(784,), kernel_initializer=RandomNormal(mean=0.0, stddev=10.0)),
    # glorot_normal is TensorFlow.js's default kernel initialiser: the twin draws the same weights.
    Dense(10, activation="softmax", kernel_initializer="glorot_normal"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

history = model.fit(x_train, y_train, epochs=5, batch_size=32)
print(f"loss after {len(history.epoch)} epochs: {history.history['loss'][-1]}")
