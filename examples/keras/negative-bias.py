# Dead at initialisation: a strongly negative bias initialiser keeps most ReLU units of the first
# hidden layer below zero for every input, so they never fire and never learn. A scan reports
# them before the first training step. Keras twin of examples/tfjs/negative-bias.ts.
#   dying-neurons scan examples/keras/negative-bias.py
from tensorflow import keras
from tensorflow.keras import initializers, layers

(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train, y_train = x_train[:10000].reshape(-1, 784).astype("float32") / 255.0, y_train[:10000]

# glorot_normal is TensorFlow.js's default kernel initialiser: the twin draws the same weights.
model = keras.Sequential()
model.add(
    layers.Dense(
        128,
        activation="relu",
        input_shape=(784,),
        kernel_initializer="glorot_normal",
        bias_initializer=initializers.Constant(-1.5),
    )
)
model.add(layers.Dense(64, activation="relu", kernel_initializer="glorot_normal"))
model.add(layers.Dense(10, activation="softmax", kernel_initializer="glorot_normal"))
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="sparse_categorical_crossentropy", metrics=["accuracy"])

model.fit(x_train, y_train, epochs=5, batch_size=64, validation_split=0.1)
