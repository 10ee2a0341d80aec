"""The raw counts of one layer, on hand-made outputs, by the definitions of src/engine/stats.ts:
active on a sample when > 0 at any position, mean |a| per sample over its positions, saturation
from the derivative averaged over the sample's positions; channels-first puts units on axis 1."""

from __future__ import annotations

import sys
import unittest

import numpy as np

import harness

sys.path.insert(0, harness.PYTHON_DIR)
from dying_neurons.measure import NonFiniteActivations, UnitSums, never_active  # noqa: E402


class UnitSumsTest(unittest.TestCase):
    def test_relu_conv_counts_over_positions(self) -> None:
        sums = UnitSums("conv", "relu", 2, False, 0.01)
        # [sample, position, unit]: unit 0 fires at one position of sample 0 only; unit 1 never.
        sums.add(np.array([[[0.0, -1.0], [2.0, -3.0]], [[0.0, 0.0], [-4.0, 0.0]]], "float32"))
        self.assertEqual(
            sums.message(),
            {"layer": "conv", "samples": 2, "active": [1, 0], "meanAbs": [1.5, 1.0], "max": [2.0, 0.0], "saturated": None},
        )

    def test_sigmoid_saturation_averages_the_derivative_over_positions(self) -> None:
        sums = UnitSums("gate", "sigmoid", 1, False, 0.01)
        # Derivative a(1−a): sample 0 positions 0 and 0.25 → mean 0.125 (not saturated although one
        # position is); sample 1: 0.999 and 1.0 → mean ≈ 0.0005 < 0.01 × 0.25 (saturated).
        sums.add(np.array([[[1.0], [0.5]], [[0.999], [1.0]]], "float32"))
        self.assertEqual(sums.message()["saturated"], [1])

    def test_tanh_and_channels_first(self) -> None:
        sums = UnitSums("t", "tanh", 3, True, 0.01)
        output = np.zeros((1, 3, 2), "float32")  # [sample, unit, position]
        output[0, 1, :] = [0.9999, -0.9999]
        sums.add(output)
        message = sums.message()
        self.assertEqual((message["saturated"], message["active"]), ([0, 1, 0], [0, 1, 0]))

    def test_batches_add_up_and_non_finite_outputs_are_refused(self) -> None:
        sums = UnitSums("d", "relu", 2, False, 0.01)
        sums.add(np.array([[1.0, 0.0]], "float32"))
        sums.add(np.array([[3.0, 0.0], [0.0, 0.0]], "float32"))
        self.assertEqual((sums.message()["active"], sums.message()["meanAbs"], sums.samples), ([2, 0], [4 / 3, 0.0], 3))
        self.assertEqual(never_active([sums.message()], {"d"}), {"d": [1]})
        self.assertEqual(never_active([sums.message()], set()), {})
        with self.assertRaises(NonFiniteActivations):
            sums.add(np.array([[np.nan, 0.0]], "float32"))


if __name__ == "__main__":
    unittest.main()
