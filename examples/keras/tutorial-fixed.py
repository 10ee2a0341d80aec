# The tutorial's model made correct. He initialisation suits the ReLU layer (Keras's default,
# glorot_uniform, is meant for symmetric activations), and batch normalisation before the ReLU
# keeps every unit's pre-activation centred, so no unit is left below zero for every input.
# Pixels are float32 in [0, 1], and there is no callback reading symbolic tensors:
# `dying-neurons scan` measures every unit instead — and finds none dead or dying.
#   dying-neurons scan examples/keras/tutorial-fixed.py
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
x_test = x_test.reshape(-1, 784).astype("float32") / 255.0

model = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(64, use_bias=False, kernel_initializer="he_normal"),
    layers.BatchNormalization(),
    layers.Activation("relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])

model.fit(x_train, y_train, epochs=10, batch_size=32, validation_data=(x_test, y_test))
