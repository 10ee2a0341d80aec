# A deep, narrow ReLU stack collapses: with only two units per layer, the chance that every unit
# of some layer is negative for every input is high, and once one layer is fully dead every layer
# after it sees only zeros. A scan warns on the layer where the collapse starts and marks the
# later layers as "input is dead" pointing back to it. Keras twin of examples/tfjs/deep-narrow-relu.js.
#   dying-neurons scan examples/keras/deep-narrow-relu.py
from keras import layers, models
from keras.datasets import mnist

(x_train, y_train), _ = mnist.load_data()
x_train, y_train = x_train[:10000].reshape(10000, 28 * 28) / 255, y_train[:10000]

DEPTH = 10


def narrow_block(units):
    # glorot_normal is TensorFlow.js's default kernel initialiser: the twin draws the same weights.
    return layers.Dense(units, activation="relu", kernel_initializer="glorot_normal")


model = models.Sequential()
model.add(layers.Dense(16, activation="relu", input_shape=(784,), kernel_initializer="glorot_normal"))
for _ in range(DEPTH):
    model.add(narrow_block(2))
model.add(layers.Dense(10, activation="softmax", kernel_initializer="glorot_normal"))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

history = model.fit(x_train, y_train, epochs=5, batch_size=32)
print("final loss", history.history["loss"][-1])
