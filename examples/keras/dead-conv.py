# Dead conv channels: a convolution whose biases start far below zero for some channels. A
# channel is one unit; it is dead when it is not positive at any position of any probe image.
# The 3x3 filters see pixels in [0, 1], so a channel whose bias is below minus its largest
# response never fires — and a ReLU that never fires gets no gradient to recover.
# Keras twin of examples/tfjs/dead-conv.mjs.
#   dying-neurons scan examples/keras/dead-conv.py
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = np.expand_dims(x_train[:20000] / 255.0, -1)
y_train = y_train[:20000]

# glorot_normal is TensorFlow.js's default kernel initialiser: the twin draws the same weights.
model = keras.Sequential([
    layers.Conv2D(
        16,
        3,
        activation="relu",
        input_shape=(28, 28, 1),
        kernel_initializer="glorot_normal",
        bias_initializer=keras.initializers.RandomUniform(minval=-2.0, maxval=0.0),
    ),
    layers.MaxPooling2D(pool_size=2),
    layers.Conv2D(32, 3, activation="relu", kernel_initializer="glorot_normal"),
    layers.Flatten(),
    layers.Dense(10, activation="softmax", kernel_initializer="glorot_normal"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

model.fit(x_train, y_train, epochs=3, batch_size=64)
