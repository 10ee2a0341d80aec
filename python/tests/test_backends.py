"""Beyond arrays on TensorFlow: a tf.data.Dataset, Keras 3 on the PyTorch backend (with a
channels-first convolution), and separate LeakyReLU layers."""

from __future__ import annotations

import os
import sys
import unittest

import harness
from scripts import ScriptTest


class DatasetTest(ScriptTest):
    def test_a_tf_data_dataset_capped_by_samples(self) -> None:
        self.write_arrays(rows=200)
        script = self.write(
            "dataset.py",
            """
            import numpy as np
            import tensorflow as tf

            data = np.load("data.npz")
            dataset = tf.data.Dataset.from_tensor_slices((data["x"], data["y"])).batch(20)
            model = tf.keras.Sequential([
                tf.keras.Input(shape=(8,)),
                tf.keras.layers.Dense(5, activation="relu", bias_initializer=tf.keras.initializers.Constant(-10.0)),
                tf.keras.layers.Dense(2, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            model.fit(dataset, epochs=3, verbose=0)
            """,
        )
        run = harness.scan(script, probe=50, samples=100)
        self.assertEqual(run.last["type"], "done", run.summary())
        started = run.one("started")
        self.assertEqual((started["epochs"], started["batchesPerEpoch"], started["samples"]), (3, 5, 100))
        self.assertEqual(run.measures("init")["dense"]["samples"], 50)
        self.assertEqual(run.measures("init")["dense"]["active"], [0] * 5)
        self.assertEqual([m["check"]["step"] for m in run.of("measures") if m["check"]["kind"] == "epoch"], [5, 10, 15])
        self.assertEqual(
            (started["runner"], started["device"], started["python"]["executable"], started["python"]["version"].split(".")[:2]),
            ("python", "CPU", os.path.abspath(sys.executable), [str(v) for v in sys.version_info[:2]]),
        )


class BatchesTest(ScriptTest):
    def test_a_py_dataset_and_a_generator(self) -> None:
        self.write_arrays(rows=200)
        script = self.write(
            "batches.py",
            """
            import sys
            import numpy as np
            import keras

            data = np.load("data.npz")


            class Batches(keras.utils.PyDataset):
                def __len__(self):
                    return 10

                def __getitem__(self, i):
                    return data["x"][i * 20:(i + 1) * 20], data["y"][i * 20:(i + 1) * 20]


            def generate():
                while True:
                    for i in range(10):
                        yield data["x"][i * 20:(i + 1) * 20], data["y"][i * 20:(i + 1) * 20]


            model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(3, activation="relu"), keras.layers.Dense(2, activation="softmax")])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            if sys.argv[1] == "pydataset":
                model.fit(Batches(), epochs=2, verbose=0)
            else:
                model.fit(generate(), steps_per_epoch=10, epochs=2, verbose=0)
            """,
        )
        for kind in ("pydataset", "generator"):
            run = harness.scan(script, args=[kind], probe=30, samples=60)
            self.assertEqual(run.last["type"], "done", run.summary())
            started = run.one("started")
            self.assertEqual((started["epochs"], started["batchesPerEpoch"], started["samples"]), (2, 3, 60))
            self.assertEqual(run.measures("init")["dense"]["samples"], 30)
            self.assertEqual([m["check"]["step"] for m in run.of("measures") if m["check"]["kind"] == "epoch"], [3, 6])


class TorchBackendTest(ScriptTest):
    def test_keras_on_torch_with_a_channels_first_convolution_and_revive(self) -> None:
        script = self.write(
            "torch_backend.py",
            """
            import numpy as np
            import keras
            from keras import layers

            rng = np.random.default_rng(3)
            x = rng.random((60, 1, 6, 6)).astype("float32")
            y = rng.integers(0, 2, 60)
            model = keras.Sequential([
                keras.Input(shape=(1, 6, 6)),
                layers.Conv2D(3, 3, data_format="channels_first", kernel_initializer=keras.initializers.Constant(1 / 9)),
                layers.LeakyReLU(negative_slope=0.1),
                layers.Flatten(),
                layers.Dense(2, activation="softmax"),
            ])
            model.layers[0].set_weights([model.layers[0].get_weights()[0], np.array([0.0, -6.0, 0.0], "float32")])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            model.fit(x, y, epochs=1, batch_size=20, verbose=0)
            """,
        )
        def revive_channel(message: harness.Message, send: harness.Send) -> None:
            if message["type"] == "started":
                send({"type": "revive", "layers": {"conv2d": [1]}})

        run = harness.scan(script, probe=30, env={"KERAS_BACKEND": "torch"}, on_message=revive_channel)
        self.assertEqual(run.last["type"], "done", run.summary())
        started = run.one("started")
        self.assertEqual(started["kerasBackend"], "torch")
        conv = run.layer("conv2d")
        self.assertEqual((conv["activation"], conv["family"], conv["units"], conv["outputShape"]), ("leaky_relu", "relu", 3, [None, 3, 4, 4]))
        self.assertIsNone(run.layer("leaky_re_lu")["family"])
        self.assertEqual(run.measures("init")["conv2d"]["active"], [30, 0, 30])
        # Revived through LeakyReLU and Flatten into the Dense: its kernel initializer again, a zero bias.
        self.assertEqual(run.one("revived")["layers"], {"conv2d": [1]})
        self.assertEqual(run.measures("epoch 1")["conv2d"]["active"][1], 30)


if __name__ == "__main__":
    unittest.main()
