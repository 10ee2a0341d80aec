# BENCH ONLY: a model dead at initialisation on data made in place (no dataset to load), printing a
# marker just before fit so that the bench times the init check from the fit call.
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(0)
x = rng.random((4096, 784), dtype=np.float32)
y = rng.integers(0, 10, 4096)

model = keras.Sequential([
    keras.Input(shape=(784,)),
    keras.layers.Dense(128, activation="relu", bias_initializer=keras.initializers.Constant(-8.0)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
print("dn-bench: fit called", flush=True)
model.fit(x, y, epochs=1, batch_size=64)
