"""The bundled Keras examples (examples/keras/*.py) run as written under real Keras, their
`keras.datasets.*.load_data()` served offline by the tests' datasets stub (see README.md), each
with a short scan (1 epoch, 1,000 samples): what each example is about shows in the raw counts."""

from __future__ import annotations

import os
import shutil
import tempfile
import unittest
from typing import Any, Dict

import datasets
import harness

EXAMPLES = os.path.join(harness.REPO, "examples", "keras")


def never_active(layer: Dict[str, Any]) -> int:
    return sum(1 for count in layer["active"] if count == 0)


def saturated(layer: Dict[str, Any]) -> int:
    return sum(1 for count in layer["saturated"] if count >= 0.9 * layer["samples"])


class ExamplesTest(unittest.TestCase):
    folder = ""

    @classmethod
    def setUpClass(cls) -> None:
        cls.folder = tempfile.mkdtemp(prefix="dying-neurons-datasets-")
        datasets.write_mnist(cls.folder)
        datasets.write_fashion_mnist(cls.folder)

    @classmethod
    def tearDownClass(cls) -> None:
        shutil.rmtree(cls.folder)

    def scan(self, name: str) -> harness.Run:
        return harness.scan(
            os.path.join(EXAMPLES, name), env=datasets.stub_environment(self.folder), cwd=harness.REPO, probe=256, samples=1000, epochs=1
        )

    def line_of(self, name: str, text: str) -> int:
        with open(os.path.join(EXAMPLES, name)) as handle:
            return next(n for n, line in enumerate(handle, 1) if text in line)

    def completed(self, run: harness.Run, samples: int = 1000) -> None:
        self.assertEqual((run.last["type"], run.last.get("status")), ("done", "completed"), run.summary())
        started = run.one("started")
        self.assertEqual((started["samples"], started["epochs"], started["framework"], started["kerasBackend"]), (samples, 1, "keras", "tensorflow"))

    def test_negative_bias_is_dead_at_init(self) -> None:
        run = self.scan("negative-bias.py")
        # validation_split=0.1 of the 1,000 samples: 900 train.
        self.completed(run, samples=900)
        init = run.measures("init")
        self.assertGreaterEqual(never_active(init["dense"]), 0.9 * 128)
        self.assertEqual(run.layer("dense")["location"]["line"], self.line_of("negative-bias.py", "layers.Dense("))

    def test_high_learning_rate_kills_units_in_training(self) -> None:
        run = self.scan("high-learning-rate.py")
        self.completed(run)
        self.assertEqual(never_active(run.measures("init")["dense"]), 0)
        self.assertGreater(never_active(run.measures("epoch 1")["dense"]), 0)

    def test_deep_narrow_relu_collapses(self) -> None:
        run = self.scan("deep-narrow-relu.py")
        self.completed(run)
        layers = run.measures("epoch 1")
        blocks = [f"dense_{i}" for i in range(1, 11)]
        first_dead = next(i for i, name in enumerate(blocks) if never_active(layers[name]) == 2)
        self.assertTrue(all(never_active(layers[name]) == 2 for name in blocks[first_dead:]))
        block = run.layer("dense_1")
        self.assertEqual(block["location"]["line"], self.line_of("deep-narrow-relu.py", "return layers.Dense"))
        self.assertEqual([(c["line"], c["functionName"]) for c in block["callers"]], [(self.line_of("deep-narrow-relu.py", "model.add(narrow_block(2))"), "narrow_block")])

    def test_saturated_sigmoid(self) -> None:
        run = self.scan("saturated-sigmoid.py")
        self.completed(run)
        self.assertEqual(saturated(run.measures("init")["dense"]), 64)

    def test_dead_conv_channels(self) -> None:
        run = self.scan("dead-conv.py")
        self.completed(run)
        self.assertEqual((run.layer("conv2d")["units"], run.layer("conv2d")["outputShape"]), (16, [None, 26, 26, 16]))
        self.assertGreater(never_active(run.measures("init")["conv2d"]), 0)

    def test_tutorial_callback_is_skipped(self) -> None:
        run = self.scan("tutorial.py")
        self.completed(run)
        note = run.one("note")
        fit_line = self.line_of("tutorial.py", "model.fit(")
        self.assertEqual((note["code"], note["position"]["line"]), ("callbacks-skipped", fit_line))
        self.assertIn("ActivationLogger", note["message"])
        self.assertNotIn("mean activation", run.stdout)

    def test_tutorial_fixed_has_no_dead_unit(self) -> None:
        run = self.scan("tutorial-fixed.py")
        self.completed(run)
        # Dense → BatchNormalization → Activation("relu"): the Dense's units, measured after the ReLU.
        self.assertEqual((run.layer("dense")["family"], run.layer("activation")["family"]), ("relu", None))
        self.assertEqual([never_active(m["layers"][0]) for m in run.of("measures")], [0] * len(run.of("measures")))

    def test_shape_mismatch_is_refused_as_keras_refuses_it(self) -> None:
        run = self.scan("shape-mismatch.py")
        self.assertEqual(run.last["type"], "error", run.summary())
        self.assertEqual((run.last["code"], run.last["position"]["line"]), ("script-error", self.line_of("shape-mismatch.py", "model.fit(")))
        self.assertIn("784", run.last["message"])


if __name__ == "__main__":
    unittest.main()
