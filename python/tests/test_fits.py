"""--max-fits in your own Python: each scanned fit but the last ends with `fitEnded` and the script
runs on to its next fit; the last one (or the script's end) ends the run; one fit by default."""

from __future__ import annotations

import os

import harness
from scripts import ScriptTest

TWO_FITS = """
import numpy as np
import keras

data = np.load("data.npz")

def build(width):
    model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(width, activation="relu"), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model

first = build(4)
history = first.fit(data["x"], data["y"], epochs=2, batch_size=50, verbose=0)
with open("between.txt", "w") as handle:
    handle.write(f"{len(history.history['loss'])} epochs")
second = build(6)
second.fit(data["x"], data["y"], epochs=1, batch_size=50, verbose=0)
with open("after.txt", "w") as handle:
    handle.write("code after the last fit ran")
"""


class MaxFitsTest(ScriptTest):
    def setUp(self) -> None:
        super().setUp()
        self.write_arrays(rows=100)
        self.script = self.write("two.py", TWO_FITS)

    def exists(self, name: str) -> bool:
        return os.path.exists(os.path.join(self.folder, name))

    def test_one_fit_by_default_and_nothing_after_it(self) -> None:
        run = harness.scan(self.script, probe=20)
        self.assertEqual(run.last["type"], "done", run.summary())
        self.assertEqual(len(run.of("started")), 1)
        self.assertEqual(run.of("fitEnded"), [])
        self.assertFalse(self.exists("between.txt"))

    def test_max_fits_2_scans_both_and_runs_the_code_between(self) -> None:
        run = harness.scan(self.script, probe=20, maxFits=2)
        self.assertEqual(run.last["type"], "done", run.summary())
        started = run.of("started")
        self.assertEqual([s["training"]["fit"]["line"] for s in started], [12, 16])
        self.assertEqual([s.get("fit") for s in started], [None, {"index": 1, "repeats": 0}])
        self.assertEqual([[layer["units"] for layer in s["model"] if layer["name"].startswith("dense")] for s in started], [[4, 2], [6, 2]])
        ended = run.one("fitEnded")
        self.assertEqual((ended["epochsRun"], [h["epoch"] for h in ended["history"]]), (2, [1, 2]))
        # Each fit's checks count from 0.
        self.assertEqual([m["check"]["index"] for m in run.of("measures")], [0, 1, 2, 3, 0, 1, 2])
        done = run.one("done")
        self.assertEqual((done["status"], done["epochsRun"], [h["epoch"] for h in done["history"]]), ("completed", 1, [1]))
        with open(os.path.join(self.folder, "between.txt")) as handle:
            self.assertEqual(handle.read(), "2 epochs")
        self.assertFalse(self.exists("after.txt"))

    def test_a_script_that_ends_after_fewer_fits_ends_the_run(self) -> None:
        run = harness.scan(self.script, probe=20, maxFits=3)
        self.assertEqual(run.last["type"], "done", run.summary())
        self.assertEqual(len(run.of("fitEnded")), 2)
        done = run.one("done")
        self.assertEqual((done["status"], done["epochsRun"], done["history"]), ("completed", 0, []))
        self.assertTrue(self.exists("after.txt"))
        self.assertEqual(run.returncode, 0)
