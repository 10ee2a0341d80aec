"""Sequential, functional (two inputs), subclassed models and a custom layer, on arrays and on a
CSV file: the model the scan describes and the exact raw counts of constructed cases."""

from __future__ import annotations

import unittest

import harness
from scripts import ScriptTest

DEAD_AND_SATURATED = """
import numpy as np
import keras
from keras import layers

data = np.load("data.npz")
x, y = data["x"], data["y"]
model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(16, activation="relu", bias_initializer=keras.initializers.Constant(-10.0)),
    layers.Dense(4, activation="sigmoid", kernel_initializer=keras.initializers.Constant(50.0)),
    layers.Dense(3, activation="relu", kernel_initializer="ones"),
    layers.Dense(2, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=1, batch_size=32, verbose=0)
"""


class SequentialTest(ScriptTest):
    def test_dead_saturated_and_exact_values_at_init(self) -> None:
        self.write_arrays()
        script = self.write("dead.py", DEAD_AND_SATURATED)
        run = harness.scan(script, probe=64)
        self.assertEqual(run.last["type"], "done", run.summary())
        started = run.one("started")
        self.assertEqual(
            [(l["name"], l["className"], l["activation"], l["family"], l["units"], l["outputShape"]) for l in started["model"]],
            [
                ("dense", "Dense", "relu", "relu", 16, [None, 16]),
                ("dense_1", "Dense", "sigmoid", "sigmoid", 4, [None, 4]),
                ("dense_2", "Dense", "relu", "relu", 3, [None, 3]),
                ("dense_3", "Dense", "softmax", None, 2, [None, 2]),
            ],
        )
        self.assertEqual([l["inbound"] for l in started["model"]], [[], ["dense"], ["dense_1"], ["dense_2"]])
        init = run.measures("init")
        self.assertEqual(list(init), ["dense", "dense_1", "dense_2"])
        # Bias −10 under glorot weights and inputs in [0, 1): no unit is ever positive.
        self.assertEqual(init["dense"]["active"], [0] * 16)
        self.assertEqual(init["dense"]["samples"], 64)
        self.assertEqual(init["dense"]["max"], [0.0] * 16)
        self.assertIsNone(init["dense"]["saturated"])
        # dense_1 sees only zeros: sigmoid(0) = 0.5 on every sample, the derivative at its peak.
        self.assertEqual(init["dense_1"]["saturated"], [0, 0, 0, 0])
        self.assertEqual(init["dense_1"]["meanAbs"], [0.5] * 4)
        # dense_2: all-ones kernel over four 0.5 inputs, zero bias → exactly 2.0 everywhere.
        self.assertEqual(init["dense_2"]["active"], [64, 64, 64])
        self.assertEqual(init["dense_2"]["meanAbs"], [2.0, 2.0, 2.0])
        self.assertEqual(init["dense_2"]["max"], [2.0, 2.0, 2.0])

    def test_sigmoid_with_big_weights_is_saturated_on_every_sample(self) -> None:
        self.write_arrays()
        script = self.write(
            "saturated.py",
            """
            import numpy as np
            import keras
            from keras import layers

            data = np.load("data.npz")
            x, y = data["x"] + 0.5, data["y"]
            model = keras.Sequential([
                keras.Input(shape=(8,)),
                layers.Dense(4, activation="sigmoid", kernel_initializer=keras.initializers.Constant(50.0)),
                layers.Dense(5, activation="tanh", kernel_initializer=keras.initializers.Constant(-20.0)),
                layers.Dense(2, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            model.fit(x, y, epochs=1, verbose=0)
            """,
        )
        run = harness.scan(script, probe=50)
        self.assertEqual(run.last["type"], "done", run.summary())
        init = run.measures("init")
        self.assertEqual(init["dense"]["saturated"], [50] * 4)
        self.assertEqual(init["dense"]["active"], [50] * 4)
        self.assertEqual(init["dense_1"]["saturated"], [50] * 5)
        self.assertEqual(init["dense_1"]["active"], [0] * 5)


class NothingToMonitorTest(ScriptTest):
    def test_a_model_without_monitored_activations_does_not_train(self) -> None:
        self.write_arrays()
        script = self.write(
            "linear.py",
            """
            import numpy as np
            import keras

            data = np.load("data.npz")
            model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(4), keras.layers.Dense(2, activation="softmax")])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            model.fit(data["x"], data["y"], epochs=3, verbose=0)
            """,
        )
        run = harness.scan(script)
        self.assertEqual([m["type"] for m in run.messages], ["started", "note", "done"], run.summary())
        self.assertEqual((run.messages[1]["code"], run.messages[1]["position"]["line"]), ("no-monitored-layers", 7))
        self.assertEqual((run.last["status"], run.last["epochsRun"]), ("completed", 0))


class ConvTest(ScriptTest):
    def test_a_channel_is_one_unit_measured_a_few_samples_at_a_time(self) -> None:
        script = self.write(
            "conv.py",
            """
            import numpy as np
            import keras
            from keras import layers

            rng = np.random.default_rng(1)
            x = rng.random((300, 40, 40, 1)).astype("float32")
            y = rng.integers(0, 2, 300)
            model = keras.Sequential([
                keras.Input(shape=(40, 40, 1)),
                layers.Conv2D(12, 3, activation="relu", kernel_initializer=keras.initializers.Constant(1 / 9)),
                layers.Flatten(),
                layers.Dense(2, activation="softmax"),
            ])
            model.layers[0].set_weights([model.layers[0].get_weights()[0], np.array([-6.0, 0.0] + [-0.5] * 10, "float32")])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            model.fit(x, y, epochs=1, verbose=0)
            """,
        )
        # 38 × 38 × 12 values per image: the probe's 250 images are measured 242 at a time.
        run = harness.scan(script, probe=250)
        self.assertEqual(run.last["type"], "done", run.summary())
        conv = run.layer("conv2d")
        self.assertEqual((conv["units"], conv["outputShape"], conv["family"]), (12, [None, 38, 38, 12], "relu"))
        init = run.measures("init")["conv2d"]
        # A 3×3 mean of pixels in [0, 1) is below 1: bias −6 never fires; bias 0 fires on every image.
        self.assertEqual((init["samples"], init["active"][0], init["active"][1]), (250, 0, 250))


class FunctionalTest(ScriptTest):
    def test_two_inputs_and_a_separate_activation_layer(self) -> None:
        script = self.write(
            "two_inputs.py",
            """
            import numpy as np
            import keras
            from keras import layers

            rng = np.random.default_rng(2)
            a, b = rng.random((200, 5)).astype("float32"), rng.random((200, 3)).astype("float32")
            y = rng.integers(0, 2, 200)
            left = keras.Input(shape=(5,), name="left")
            right = keras.Input(shape=(3,), name="right")
            h = layers.Dense(6, name="mix")(layers.Concatenate()([left, right]))
            h = layers.BatchNormalization()(h)
            h = layers.Activation("relu")(h)
            other = layers.Dense(4, activation="tanh", name="side")(right)
            out = layers.Dense(2, activation="softmax")(layers.Concatenate()([h, other]))
            model = keras.Model([left, right], out)
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            model.fit([a, b], y, epochs=2, batch_size=50, verbose=0)
            """,
        )
        run = harness.scan(script, probe=30)
        self.assertEqual(run.last["type"], "done", run.summary())
        model = {l["name"]: l for l in run.one("started")["model"]}
        # The ReLU after BatchNormalization measures the units of the Dense that holds the weights.
        self.assertEqual((model["mix"]["activation"], model["mix"]["family"], model["mix"]["units"]), ("relu", "relu", 6))
        self.assertIsNone(model["activation"]["family"])
        self.assertEqual(model["mix"]["inbound"], ["concatenate"])
        self.assertEqual(model["activation"]["inbound"], ["batch_normalization"])
        self.assertEqual(model["concatenate_1"]["inbound"], ["activation", "side"])
        self.assertEqual(list(run.measures("epoch 2")), ["mix", "side"])
        self.assertEqual(run.measures("init")["side"]["samples"], 30)
        self.assertEqual(run.one("done")["epochsRun"], 2)


class SubclassedTest(ScriptTest):
    def test_subclassed_model_with_a_custom_layer(self) -> None:
        self.write_arrays()
        script = self.write(
            "subclassed.py",
            """
            import numpy as np
            import keras
            from keras import layers


            class Scaled(layers.Layer):
                def __init__(self, units, **kwargs):
                    super().__init__(**kwargs)
                    self.units = units
                    self.activation = keras.activations.get("relu")

                def build(self, input_shape):
                    self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="glorot_uniform")
                    self.b = self.add_weight(shape=(self.units,), initializer=keras.initializers.Constant(-10.0))

                def call(self, x):
                    return self.activation(x @ self.w + self.b)


            class Net(keras.Model):
                def __init__(self):
                    super().__init__()
                    self.hidden = Scaled(7)
                    self.gate = layers.Dense(3, activation="sigmoid")
                    self.out = layers.Dense(2, activation="softmax")

                def call(self, x, training=False):
                    return self.out(self.gate(self.hidden(x)))


            data = np.load("data.npz")
            model = Net()
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            model.fit(data["x"], data["y"], epochs=1, verbose=0)
            """,
        )
        run = harness.scan(script, probe=20)
        self.assertEqual(run.last["type"], "done", run.summary())
        model = run.one("started")["model"]
        self.assertEqual(
            [(l["name"], l["className"], l["family"], l["units"], l["inbound"]) for l in model],
            [("scaled", "Scaled", "relu", 7, []), ("dense", "Dense", "sigmoid", 3, ["scaled"]), ("dense_1", "Dense", None, 2, ["dense"])],
        )
        hidden_line = self.line_of(script, "self.hidden = Scaled(7)")
        self.assertEqual(model[0]["location"]["line"], hidden_line)
        self.assertEqual(model[0]["location"]["column"], self.position(script, hidden_line, "Scaled(7)")["column"])
        self.assertEqual(run.measures("init")["scaled"]["active"], [0] * 7)


class CsvTest(ScriptTest):
    def test_a_dataset_read_from_a_csv_file(self) -> None:
        rows = ["f1,f2,f3,label"] + [f"{i % 7 / 7:.3f},{i % 5 / 5:.3f},{i % 3 / 3:.3f},{i % 2}" for i in range(120)]
        with open(f"{self.folder}/table.csv", "w") as handle:
            handle.write("\n".join(rows) + "\n")
        script = self.write(
            "csv_data.py",
            """
            import numpy as np
            import keras

            table = np.loadtxt("table.csv", delimiter=",", skiprows=1, dtype="float32")
            x, y = table[:, :3], table[:, 3].astype("int32")
            model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(5, activation="relu"), keras.layers.Dense(2, activation="softmax")])
            model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
            model.fit(x, y, epochs=1, batch_size=10, verbose=0)
            """,
        )
        run = harness.scan(script, probe=100)
        self.assertEqual(run.last["type"], "done", run.summary())
        started = run.one("started")
        self.assertEqual((started["samples"], started["batchesPerEpoch"], started["epochs"]), (120, 12, 1))
        self.assertEqual(run.measures("init")["dense"]["samples"], 100)


if __name__ == "__main__":
    unittest.main()
