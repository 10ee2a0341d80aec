"""What the scan does to the user's training: --epochs/--samples caps, the user's callbacks set
aside (and said where), nothing after the scanned fit runs, checks, revive and cancel."""

from __future__ import annotations

import os
import signal
import unittest

import numpy as np

import harness
from scripts import ScriptTest

TRAIN = """
import numpy as np
import keras
from keras import layers

data = np.load("data.npz")
model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(16, activation="relu", bias_initializer=keras.initializers.Constant(-10.0)),
    layers.Dense(4, activation="relu"),
    layers.Dense(2, activation="softmax"),
])
model.compile(optimizer=OPTIMIZER, loss="sparse_categorical_crossentropy")
model.fit(data["x"], data["y"], epochs=EPOCHS, batch_size=10, verbose=0, callbacks=CALLBACKS)
with open("after.txt", "w") as handle:
    handle.write("code after fit ran")
"""


# A user callback that leaves a trace in a file, and saves the weights when training ends.
RECORDER = """
class Recorder(keras.callbacks.Callback):
    def on_train_batch_end(self, batch, logs=None):
        with open("callback.txt", "a") as handle:
            handle.write("batch\\n")

    def on_train_end(self, logs=None):
        np.savez("weights.npz", *self.model.get_weights())
"""


def training_script(optimizer: str = '"adam"', epochs: int = 3, callbacks: str = "None") -> str:
    head, tail = TRAIN.split("data = np.load", 1)
    text = head + RECORDER + "\ndata = np.load" + tail
    return text.replace("OPTIMIZER", optimizer).replace("EPOCHS", str(epochs)).replace("CALLBACKS", callbacks)


class CapsTest(ScriptTest):
    def setUp(self) -> None:
        super().setUp()
        self.write_arrays(rows=300)
        with open(os.path.join(self.folder, "after.txt"), "w") as handle:
            handle.write("old content")

    def read(self, name: str) -> str:
        with open(os.path.join(self.folder, name)) as handle:
            return handle.read()

    def test_epochs_and_samples_caps_and_nothing_after_fit(self) -> None:
        script = self.write("train.py", training_script(epochs=5))
        run = harness.scan(script, epochs=2, samples=95, probe=40)
        self.assertEqual(run.last["type"], "done", run.summary())
        started = run.one("started")
        self.assertEqual((started["epochs"], started["batchesPerEpoch"], started["samples"]), (2, 10, 95))
        self.assertEqual([m["check"]["label"] for m in run.of("measures")], ["init", "epoch 1 batch 1", "epoch 1", "epoch 2"])
        self.assertEqual([m["check"]["kind"] for m in run.of("measures")], ["init", "early", "epoch", "epoch"])
        self.assertEqual([m["check"]["step"] for m in run.of("measures")], [0, 1, 10, 20])
        done = run.one("done")
        self.assertEqual((done["status"], done["epochsRun"], [h["epoch"] for h in done["history"]]), ("completed", 2, [1, 2]))
        self.assertEqual(run.of("progress")[-1]["batch"], 10)
        self.assertEqual(self.read("after.txt"), "old content")
        self.assertEqual(run.returncode, 0)

    def test_the_early_check_rounds_half_up_as_the_typescript_watch(self) -> None:
        script = self.write("train.py", training_script(epochs=1))
        run = harness.scan(script, samples=250, probe=20)
        # 25 batches: 10% is 2.5, which JavaScript's Math.round makes 3.
        self.assertEqual([m["check"]["label"] for m in run.of("measures")], ["init", "epoch 1 batch 3", "epoch 1"])

    def test_callbacks_are_skipped_and_said_at_callbacks(self) -> None:
        script = self.write("train.py", training_script(epochs=1, callbacks="[Recorder()]"))
        run = harness.scan(script, probe=20)
        self.assertEqual(run.last["type"], "done", run.summary())
        note = run.one("note")
        self.assertEqual((note["severity"], note["code"]), ("information", "callbacks-skipped"))
        self.assertIn("Recorder", note["message"])
        fit_line = self.line_of(script, "model.fit(")
        start = self.position(script, fit_line, "callbacks=")
        self.assertEqual(
            {k: note["position"][k] for k in ("line", "column", "endLine", "endColumn")},
            {**start, "endLine": fit_line, "endColumn": self.position(script, fit_line, "[Recorder()]")["column"] + len("[Recorder()]")},
        )
        self.assertFalse(os.path.exists(os.path.join(self.folder, "callback.txt")))
        self.assertEqual(run.one("started")["training"]["fit"]["line"], fit_line)
        self.assertEqual(run.one("started")["training"]["compile"]["line"], self.line_of(script, "model.compile("))

    def test_keep_callbacks_runs_them(self) -> None:
        script = self.write("train.py", training_script(epochs=1, callbacks="[Recorder()]"))
        run = harness.scan(script, probe=20, samples=50, keepCallbacks=True)
        self.assertEqual(run.last["type"], "done", run.summary())
        self.assertEqual(run.of("note"), [])
        self.assertEqual(self.read("callback.txt"), "batch\n" * 5)

    def test_check_every(self) -> None:
        script = self.write("train.py", training_script(epochs=2))
        run = harness.scan(script, probe=20, samples=100, checkEvery=4)
        labels = [m["check"]["label"] for m in run.of("measures")]
        self.assertEqual(
            labels, ["init", "epoch 1 batch 1", "epoch 1 batch 4", "epoch 1 batch 8", "epoch 1", "epoch 2 batch 2", "epoch 2 batch 6", "epoch 2"]
        )


    def test_steps_per_execution_reports_every_third_batch(self) -> None:
        script = self.write("train.py", training_script(optimizer='"adam", steps_per_execution=3', epochs=2))
        run = harness.scan(script, probe=20, samples=100, checkEvery=4)
        self.assertEqual(run.last["type"], "done", run.summary())
        # Keras reports batches 3, 6, 9 and 12 of each 10-batch epoch (it counts the last execution
        # whole); a check comes at the first report at or past its step.
        self.assertEqual(
            [(m["check"]["label"], m["check"]["step"]) for m in run.of("measures")],
            [("init", 0), ("epoch 1 batch 3", 3), ("epoch 1 batch 6", 6), ("epoch 1 batch 9", 9), ("epoch 1", 12),
             ("epoch 2 batch 6", 18), ("epoch 2 batch 9", 21), ("epoch 2", 24)],
        )


class ReviveTest(ScriptTest):
    def setUp(self) -> None:
        super().setUp()
        self.write_arrays(rows=100)

    def test_requested_revive_resets_dead_units_in_place(self) -> None:
        # A learning rate of 0: the weights change only by the revive.
        script = self.write("train.py", training_script(optimizer="keras.optimizers.SGD(learning_rate=0.0)", epochs=1, callbacks="[Recorder()]"))
        asked: list = []

        def revive_once(message: harness.Message, send: harness.Send) -> None:
            if message["type"] == "started" and not asked:
                asked.append(True)
                send({"type": "revive"})

        run = harness.scan(script, probe=50, keepCallbacks=True, on_message=revive_once)
        self.assertEqual(run.last["type"], "done", run.summary())
        revived = run.one("revived")
        # dense_1 sees only zeros from the dead dense: never active either.
        both = {"dense": list(range(16)), "dense_1": [0, 1, 2, 3]}
        self.assertEqual(revived["layers"], both)
        self.assertEqual(run.one("done")["revived"], both)
        weights = np.load(os.path.join(self.folder, "weights.npz"))
        kernel, bias, next_kernel = weights["arr_0"], weights["arr_1"], weights["arr_2"]
        self.assertEqual(bias.tolist(), [0.0] * 16)
        self.assertTrue(np.all(next_kernel == 0))
        self.assertTrue(np.any(kernel != 0))
        after = run.measures("epoch 1")["dense"]
        self.assertGreater(sum(1 for a in after["active"] if a > 0), 0)

    def test_revive_of_units_the_parent_names_and_every_n_steps(self) -> None:
        script = self.write("train.py", training_script(optimizer="keras.optimizers.SGD(learning_rate=0.0)", epochs=1))
        run = harness.scan(script, probe=50, reviveEvery=4, samples=50)
        self.assertEqual(run.last["type"], "done", run.summary())
        self.assertEqual([m["layers"] for m in run.of("revived")], [{"dense": list(range(16)), "dense_1": [0, 1, 2, 3]}])
        self.assertEqual(run.of("revived")[0]["step"], 4)

        named: list = []

        def revive_named(message: harness.Message, send: harness.Send) -> None:
            if message["type"] == "started" and not named:
                named.append(True)
                send({"type": "revive", "layers": {"dense": [3, 5], "dense_2": [0]}})

        run = harness.scan(script, probe=50, on_message=revive_named)
        self.assertEqual(run.one("revived")["layers"], {"dense": [3, 5]})
        logs = [m["text"] for m in run.of("log")]
        self.assertIn("Cannot revive the dead units of dense_2 in place: its units are the model's output.", logs)


    def test_revive_leaves_never_positive_leaky_units_alone(self) -> None:
        # LeakyReLU units below zero still pass gradient: inactive, not dead, so ReDo does not reset them.
        script = self.write(
            "leaky.py",
            """
            import numpy as np
            import keras

            data = np.load("data.npz")
            model = keras.Sequential([
                keras.Input(shape=(data["x"].shape[1],)),
                keras.layers.Dense(8, bias_initializer=keras.initializers.Constant(-10.0)),
                keras.layers.LeakyReLU(negative_slope=0.1),
                keras.layers.Dense(6, activation="relu", bias_initializer=keras.initializers.Constant(-10.0)),
                keras.layers.Dense(2, activation="softmax"),
            ])
            model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="sparse_categorical_crossentropy")
            model.fit(data["x"], data["y"], epochs=1, batch_size=10, verbose=0)
            """,
        )
        run = harness.scan(script, probe=50, reviveEvery=4, samples=50)
        self.assertEqual(run.last["type"], "done", run.summary())
        self.assertEqual(sum(run.measures("init")["dense"]["active"]), 0)
        self.assertEqual([m["layers"] for m in run.of("revived")], [{"dense_1": list(range(6))}])


class CancelTest(ScriptTest):
    def test_cancel_while_training_ends_at_the_next_batch(self) -> None:
        self.write_arrays(rows=100)
        script = self.write("train.py", training_script(epochs=100000))

        def cancel(message: harness.Message, send: harness.Send) -> None:
            if message["type"] == "progress":
                send({"type": "cancel"})

        run = harness.scan(script, probe=20, on_message=cancel)
        self.assertEqual(run.last["type"], "done", run.summary())
        self.assertEqual(run.last["status"], "cancelled")
        self.assertEqual(run.returncode, 0)

    def test_cancel_before_fit_and_a_parent_that_goes_away(self) -> None:
        script = self.write("slow.py", "import time\nprint('loading', flush=True)\ntime.sleep(120)\n")
        run = harness.scan(script, then=[{"type": "cancel"}], timeout=60)
        self.assertEqual([m["type"] for m in run.messages], ["done"])
        self.assertEqual((run.last["status"], run.returncode), ("cancelled", 0))
        # The parent gone, the child ends its whole process group (itself and the script's own children) at once.
        run = harness.scan(script, close_after_start=True, timeout=60)
        self.assertEqual((run.messages, run.returncode), ([], -signal.SIGKILL))


if __name__ == "__main__":
    unittest.main()
