"""PyTorch loops under the scan: a loop without a DataLoader, revive (ReDo) in place with the
optimizer's state reset, cancel, and bad input (no optimizer step, an exception in forward, a
CUDA device that is not there, a NaN loss) — each a clear message at the user's line."""

from __future__ import annotations

import os
import sys
import unittest
from typing import Any

import harness
from scripts import ScriptTest

sys.path.insert(0, harness.PYTHON_DIR)

MODEL = """
import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

data = np.load("data.npz")
x_all, y_all = torch.from_numpy(data["x"]), torch.from_numpy(data["y"]).long()


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(8, 16)
        self.fc2 = nn.Linear(16, 2)
        nn.init.constant_(self.fc1.bias, -10.0)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))


model = Net()
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
"""

# Batches sliced by hand: no DataLoader, so an epoch is --check-every steps.
SLICED = MODEL + """
for step in range(40):
    start = (step * 10) % 300
    optimizer.zero_grad()
    loss = F.cross_entropy(model(x_all[start:start + 10]), y_all[start:start + 10])
    loss.backward()
    optimizer.step()
"""


class TorchLoopTest(ScriptTest):
    def setUp(self) -> None:
        super().setUp()
        self.write_arrays(rows=300)

    def test_without_a_dataloader_an_epoch_is_check_every_steps(self) -> None:
        run = harness.scan(self.write("train.py", SLICED), probe=20, checkEvery=15)
        self.assertEqual(run.last["type"], "done", run.summary())
        started = run.one("started")
        # 40 steps of range(40) in epochs of 15 steps of 10 rows; the early check at 10% of an epoch
        # waits for the 20 probe rows (two steps).
        self.assertEqual((started["epochs"], started["batchesPerEpoch"], started["samples"]), (3, 15, 150))
        self.assertEqual([m["check"]["label"] for m in run.of("measures")], ["init", "epoch 1 batch 2", "epoch 1", "epoch 2", "epoch 3"])
        self.assertEqual([m["check"]["step"] for m in run.of("measures")], [0, 2, 15, 30, 40])
        self.assertEqual(run.last["epochsRun"], 3)
        self.assertEqual(run.measures("init")["fc1"]["active"], [0] * 16)

    def test_revive_resets_the_dead_units_in_place(self) -> None:
        run = harness.scan(self.write("train.py", SLICED), probe=20, checkEvery=15, then=[{"type": "revive"}])
        self.assertEqual(run.last["type"], "done", run.summary())
        revived = run.one("revived")
        self.assertEqual((revived["label"], revived["layers"]), ("epoch 1 batch 1", {"fc1": list(range(16))}))
        self.assertEqual(run.last["revived"], {"fc1": list(range(16))})
        self.assertGreater(sum(1 for count in run.measures("epoch 1")["fc1"]["active"] if count > 0), 0)

    def test_cancel_ends_the_run_cancelled(self) -> None:
        def answer(message: harness.Message, send: harness.Send) -> None:
            if message["type"] == "measures":
                send({"type": "cancel"})

        run = harness.scan(self.write("train.py", SLICED), probe=20, checkEvery=15, on_message=answer)
        self.assertEqual((run.last["type"], run.last["status"]), ("done", "cancelled"), run.summary())
        self.assertEqual(run.returncode, 0)

    def error(self, text: str, **options: Any) -> harness.Message:
        self.path = self.write("train.py", text)
        run = harness.scan(self.path, probe=20, **options)
        self.assertEqual(run.last["type"], "error", run.summary())
        return run.last

    def test_no_optimizer_step_says_what_the_script_did(self) -> None:
        error = self.error(MODEL + "loss = F.cross_entropy(model(x_all), y_all)\nloss.backward()\nprint('no step')\n")
        self.assertEqual(error["code"], "no-fit")
        line = self.line_of(self.path, "loss.backward()")
        self.assertIn(f"It called backward() (line {line}) but never optimizer.step()", error["message"])
        self.assertEqual((error["position"]["line"], error["position"]["column"]), (line, 1))

    def test_an_exception_in_forward_is_at_its_line(self) -> None:
        error = self.error(MODEL.replace("self.fc1(x)", "self.fc1(x.T)") + "loss = F.cross_entropy(model(x_all[:10]), y_all[:10])\n")
        self.assertEqual(error["code"], "script-error")
        self.assertTrue(error["message"].startswith("RuntimeError: mat1 and mat2 shapes cannot be multiplied"), error["message"])
        self.assertEqual(error["position"]["line"], self.line_of(self.path, "x.T"))

    def test_a_cuda_device_that_is_not_there(self) -> None:
        error = self.error(MODEL + "model = model.cuda()\n")
        self.assertEqual(error["code"], "script-error")
        self.assertIn("no CUDA GPU", error["message"])
        self.assertEqual(error["position"]["line"], self.line_of(self.path, "model.cuda()"))

    def test_a_nan_loss_between_checks_is_named_by_its_batch(self) -> None:
        # Step 25 (epoch 2 of 15 steps, batch 10) is between checks: its loss is read later, by batch.
        error = self.error(SLICED.replace("loss.backward()", "(loss * (float('nan') if step == 24 else 1.0)).backward()"), checkEvery=15)
        self.assertEqual(error["code"], "nan-loss")
        self.assertTrue(error["message"].startswith("The loss became NaN at epoch 2 batch 10:"), error["message"])
        self.assertEqual(error["position"]["line"], self.line_of(self.path, ".backward()"))

    def test_each_epoch_loss_is_the_mean_of_its_steps(self) -> None:
        script = SLICED.replace("    optimizer.step()\n", "    optimizer.step()\n    print(repr(loss.item()))\n")
        run = harness.scan(self.write("train.py", script), probe=20, checkEvery=15)
        self.assertEqual(run.last["type"], "done", run.summary())
        printed = [float(line) for line in run.stdout.split()]
        self.assertEqual(len(printed), 40)
        epochs = [printed[0:15], printed[15:30], printed[30:40]]
        self.assertEqual([h["epoch"] for h in run.last["history"]], [1, 2, 3])
        for entry, losses in zip(run.last["history"], epochs):
            self.assertAlmostEqual(entry["loss"], sum(losses) / len(losses), places=12)
        progress = run.of("progress")
        self.assertEqual([(p["epoch"], p["batch"]) for p in progress if p["batch"] == 15], [(1, 15), (2, 15)])

    def test_a_nan_loss_stops_at_backward(self) -> None:
        error = self.error(SLICED.replace("loss.backward()", "(loss * float('nan')).backward()"))
        self.assertEqual(error["code"], "nan-loss")
        self.assertTrue(error["message"].startswith("The loss became NaN at epoch 1 batch 1"), error["message"])
        self.assertEqual(error["position"]["line"], self.line_of(self.path, ".backward()"))


class TorchReviverTest(unittest.TestCase):
    """ReDo in process: fresh incoming weights, zero bias, zero outgoing weights, Adam's moments zeroed."""

    def test_revive_resets_incoming_outgoing_and_adam_state(self) -> None:
        import torch
        from torch import nn

        from dying_neurons.positions import UserFiles
        from dying_neurons.torch_model import ProbeInputs, TorchModel
        from dying_neurons.torch_revive import TorchReviver

        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
        with torch.no_grad():
            model[0].weight.abs_()  # every hidden unit active on inputs in [0, 1): every weight gets a gradient
        optimizer = torch.optim.Adam(model.parameters())
        x = torch.rand(8, 4)
        model(x).sum().backward()
        optimizer.step()
        traced = TorchModel(torch, model, "model", UserFiles(__file__), lambda m: (None, []))
        traced.describe(ProbeInputs(torch, (x,), {}, 8).first(), harness.FAMILIES)
        self.assertEqual(traced.consumers, {"model[0]": [("model[2]", False)]})
        before = model[0].weight.detach().clone()
        revived, skipped = TorchReviver(torch, traced, optimizer).revive({"model[0]": [1]})
        self.assertEqual((revived, skipped), ({"model[0]": [1]}, []))
        self.assertFalse(torch.equal(model[0].weight[1], before[1]))
        self.assertTrue(torch.equal(model[0].weight[[0, 2]], before[[0, 2]]))
        self.assertEqual(model[0].bias[1].item(), 0.0)
        self.assertEqual(model[2].weight[:, 1].tolist(), [0.0, 0.0])
        for parameter, rows in ((model[0].weight, (slice(1, 2),)), (model[0].bias, (slice(1, 2),)), (model[2].weight, (slice(None), slice(1, 2)))):
            state = optimizer.state[parameter]
            self.assertEqual(float(state["exp_avg"][rows].abs().sum()), 0.0)
            self.assertEqual(float(state["exp_avg_sq"][rows].abs().sum()), 0.0)
        self.assertEqual(int((optimizer.state[model[2].weight]["exp_avg_sq"] > 0).sum()), 4)  # the other columns keep theirs


if __name__ == "__main__":
    unittest.main()
