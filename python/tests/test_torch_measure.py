"""PyTorch under the scan: exact per-unit counts on constructed models, and the positions of the
weight layers (in __init__, in nn.Sequential, built in a loop by a helper) and of their
activations (modules and functional calls in forward)."""

from __future__ import annotations

import unittest

import harness
from scripts import ScriptTest

# 300 rows of 8 features in [0, 1) and a binary label, in batches of 10, without shuffling.
DATA = """
import numpy as np
import torch
from torch import nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

data = np.load("data.npz")
loader = DataLoader(TensorDataset(torch.from_numpy(data["x"]), torch.from_numpy(data["y"]).long()), batch_size=10)
"""

LOOP = """
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
for epoch in range(2):
    for x, y in loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
open("after.txt", "w").write("code after the training loop ran")
"""

SUBCLASS = DATA + """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(8, 16)
        self.fc2 = nn.Linear(16, 6)
        self.act = nn.Tanh()
        self.out = nn.Linear(6, 2)
        nn.init.constant_(self.fc1.bias, -10.0)
        nn.init.constant_(self.fc2.weight, 20.0)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = torch.sigmoid(self.fc2(x + 1))
        return self.out(x)


model = Net()
""" + LOOP

SEQUENTIAL = DATA + """
conv = nn.Conv2d(1, 4, 3)
nn.init.constant_(conv.weight, 0.1)
nn.init.constant_(conv.bias, 0.0)
conv.bias.data[0] = -6.0
model = nn.Sequential(
    nn.Unflatten(1, (1, 2, 4)),
    nn.ConstantPad2d(1, 0.0),
    conv,
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(4 * 2 * 4, 2),
)
""" + LOOP

HELPER = DATA + """
def block(inputs, units):
    return [nn.Linear(inputs, units), nn.LeakyReLU(0.1)]


layers = []
width = 8
for units in (12, 10):
    layers += block(width, units)
    width = units
model = nn.Sequential(*layers, nn.Linear(width, 2))
""" + LOOP

METHOD = DATA + """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(8, 5)
        self.bn = nn.BatchNorm1d(5)
        self.out = nn.Linear(5, 2)

    def forward(self, x):
        return self.out(self.bn(self.hidden(x)).relu())


model = Net()
""" + LOOP

RESIDUAL = DATA + """
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)
        self.norm = nn.BatchNorm1d(8)

    def forward(self, x):
        return F.relu(self.norm(self.fc(x)) + x)


model = nn.Sequential(Block(), nn.Linear(8, 2))
""" + LOOP


class TorchCountsTest(ScriptTest):
    def setUp(self) -> None:
        super().setUp()
        self.write_arrays(rows=300)

    def scan(self, text: str, **options: object) -> harness.Run:
        self.path = self.write("train.py", text)
        run = harness.scan(self.path, **options)
        self.assertEqual(run.last["type"], "done", run.summary())
        return run

    def test_subclass_dead_and_saturated_units_and_their_places(self) -> None:
        run = self.scan(SUBCLASS, probe=64)
        started = run.one("started")
        self.assertEqual(started["framework"], "torch")
        self.assertEqual(started["device"], "CPU")
        self.assertEqual((started["epochs"], started["batchesPerEpoch"], started["samples"]), (2, 30, 300))
        self.assertEqual([(l["name"], l["className"], l["activation"], l["family"], l["units"]) for l in started["model"]], [
            ("fc1", "Linear", "relu", "relu", 16),
            ("fc2", "Linear", "sigmoid", "sigmoid", 6),
            ("act", "Tanh", "tanh", None, 0),
            ("out", "Linear", "linear", None, 2),
        ])
        fc1, fc2 = run.layer("fc1"), run.layer("fc2")
        self.assertEqual({k: fc1["location"][k] for k in ("line", "column")}, self.position(self.path, self.line_of(self.path, "nn.Linear(8, 16)"), "nn.Linear(8, 16)"))
        self.assertEqual({k: fc1["activationSite"][k] for k in ("line", "column")}, self.position(self.path, self.line_of(self.path, "F.relu("), "F.relu"))
        self.assertEqual({k: fc2["activationSite"][k] for k in ("line", "column")}, self.position(self.path, self.line_of(self.path, "torch.sigmoid("), "torch.sigmoid"))
        self.assertEqual(fc2["inbound"], ["fc1"])
        self.assertNotIn("activationSite", run.layer("out"))
        init = run.measures("init")
        self.assertEqual(init["fc1"]["active"], [0] * 16)
        self.assertEqual(init["fc1"]["samples"], 64)
        # fc2's inputs are x + 1 ≥ 1 times weights of 20: every unit saturated on every sample.
        self.assertEqual(init["fc2"]["saturated"], [64] * 6)
        self.assertEqual([m["check"]["label"] for m in run.of("measures")], ["init", "epoch 1 batch 7", "epoch 1", "epoch 2"])
        self.assertEqual(run.last["epochsRun"], 2)

    def test_a_conv_channel_with_bias_minus_six_is_dead_in_a_sequential(self) -> None:
        run = self.scan(SEQUENTIAL, probe=50)
        conv = run.layer("model[2]")
        self.assertEqual((conv["className"], conv["activation"], conv["units"], conv["outputShape"]), ("Conv2d", "relu", 4, [None, 4, 2, 4]))
        self.assertEqual({k: conv["location"][k] for k in ("line", "column")}, self.position(self.path, self.line_of(self.path, "nn.Conv2d(1, 4, 3)"), "nn.Conv2d(1, 4, 3)"))
        self.assertEqual({k: conv["activationSite"][k] for k in ("line", "column")}, self.position(self.path, self.line_of(self.path, "nn.ReLU()"), "nn.ReLU()"))
        self.assertEqual(run.layer("model[3]")["inbound"], ["model[2]"])
        # Channels 1–3 see 0.1 × a sum of pixels in [0, 1): positive on every sample; channel 0 never.
        self.assertEqual(run.measures("init")["model[2]"]["active"], [0, 50, 50, 50])

    def test_layers_built_in_a_loop_by_a_helper(self) -> None:
        run = self.scan(HELPER, probe=64)
        line = self.line_of(self.path, "return [nn.Linear")
        monitored = [l for l in run.one("started")["model"] if l["family"]]
        self.assertEqual([(l["name"], l["activation"], l["units"]) for l in monitored], [("model[0]", "leaky_relu", 12), ("model[2]", "leaky_relu", 10)])
        for layer in monitored:
            self.assertEqual({k: layer["location"][k] for k in ("line", "column")}, self.position(self.path, line, "nn.Linear"))
            self.assertEqual({k: layer["activationSite"][k] for k in ("line", "column")}, self.position(self.path, line, "nn.LeakyReLU"))
            self.assertEqual([c["line"] for c in layer["callers"]], [self.line_of(self.path, "layers += block")])

    def test_a_tensor_method_through_batchnorm(self) -> None:
        run = self.scan(METHOD, probe=64)
        hidden = run.layer("hidden")
        self.assertEqual((hidden["activation"], hidden["family"], hidden["units"]), ("relu", "relu", 5))
        line = self.line_of(self.path, ".relu())")
        self.assertEqual({k: hidden["activationSite"][k] for k in ("line", "column")}, self.position(self.path, line, "self.out(") | {"column": self.position(self.path, line, "self.bn(")["column"]})
        self.assertEqual(run.layer("bn")["family"], None)

    def test_a_residual_sum_is_the_units_of_its_weight_layer(self) -> None:
        run = self.scan(RESIDUAL, probe=64)
        fc = run.layer("model[0].fc")
        self.assertEqual((fc["activation"], fc["family"], fc["units"]), ("relu", "relu", 8))
        line = self.line_of(self.path, "F.relu(self.norm")
        self.assertEqual({k: fc["activationSite"][k] for k in ("line", "column")}, self.position(self.path, line, "F.relu"))

    def test_epochs_and_samples_cap_the_loop_and_code_after_it_never_runs(self) -> None:
        run = self.scan(SUBCLASS, probe=32, epochs=1, samples=100)
        started = run.one("started")
        self.assertEqual((started["epochs"], started["batchesPerEpoch"], started["samples"]), (1, 10, 100))
        self.assertEqual([m["check"]["label"] for m in run.of("measures")], ["init", "epoch 1 batch 4", "epoch 1"])
        self.assertEqual(run.last["epochsRun"], 1)
        self.assertEqual(run.of("measures")[-1]["check"]["step"], 10)
        with self.assertRaises(FileNotFoundError):
            open(self.folder + "/after.txt")


if __name__ == "__main__":
    unittest.main()
