"""BENCH ONLY: the PyTorch monitor's overhead inside one process. Runs a PyTorch script as
`python FILE` would, with the scan's torch patches attached (its messages encoded and written as in
a scan, to /dev/null), and switches them on and off epoch by epoch: a scanned epoch runs with the
scan's `Tensor.backward`, optimizer step hook and DataLoader iterator (every check on, the epoch-end
probe check included); a plain epoch with torch's own. The first epoch (probe set, init and early
checks) is a warm-up; then pairs of epochs, which variant goes first alternating from pair to pair.
An epoch is timed from one `iter()` of the training DataLoader to the next (so it holds the script's
evaluation after it, in both variants). Prints one line on stderr:
`dn-bench-overhead {"plain": [s, ...], "scanned": [s, ...], "plainCpu": [...], "scannedCpu": [...]}`
(CPU: the process's CPU seconds in each epoch, all threads), then leaves.

With `--chunks K` the same switch happens every K training steps instead, inside epochs that stay
scanned (the scan's DataLoader iterator, so it sees every epoch end and runs its check): pairs of
adjacent K-step chunks, one with the scan's `Tensor.backward` and step hook and one without, see the
same machine, so the per-step cost is resolved where whole epochs drift by ±20%. A plain chunk also
takes its batches past the scan's DataLoader iterator, straight from the DataLoader's. Prints
`dn-bench-chunks {"plain": [s, ...], "scanned": [s, ...], "check": [s, ...], "steps": N, "epoch": [s, ...]}`
(pairs in order; check: the epoch-end check, timed around the batch fetch that ends the epoch;
steps: training steps per epoch; epoch: the mixed epochs' times).

    python bench/torch/overhead_epochs.py FILE PAIRS
    python bench/torch/overhead_epochs.py FILE --chunks K [--control]

With `--control` both chunks of every pair run plain (the "scanned" one too): the ratio the method
gives two identical variants, which should be 1.
"""

from __future__ import annotations

import json
import random
import os
import runpy
import sys
import time
from typing import Any, Dict, List

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path[:0] = [os.path.join(ROOT, "python"), os.path.join(ROOT, "python", "tests")]

import torch  # noqa: E402
from torch.optim import optimizer as optimizers  # noqa: E402
from torch.utils.data import DataLoader  # noqa: E402

from dying_neurons.channel import Channel  # noqa: E402
from dying_neurons.session import Session  # noqa: E402
from dying_neurons.torch_hooks import patch_torch  # noqa: E402
from harness import DIEABLE, FAMILIES, THRESHOLDS  # noqa: E402


def main() -> None:
    file = os.path.abspath(sys.argv[1])
    chunk = int(sys.argv[3]) if sys.argv[2] == "--chunks" else 0
    control = "--control" in sys.argv  # both chunks of a pair plain: the method's own bias
    pairs = 4 if chunk else int(sys.argv[2])
    options: Dict[str, Any] = {"probe": 1024, "seed": 42, "thresholds": THRESHOLDS, "families": FAMILIES, "dieable": DIEABLE}
    read_end, _ = os.pipe()
    session = Session(Channel(os.open(os.devnull, os.O_WRONLY), read_end), options, file)

    plain = {"iter": DataLoader.__iter__, "backward": torch.Tensor.backward, "hooks": dict(optimizers._global_optimizer_post_hooks)}
    patch_torch(torch, session)
    scanned = {"iter": DataLoader.__iter__, "backward": torch.Tensor.backward, "hooks": dict(optimizers._global_optimizer_post_hooks)}
    # Epoch 0 is the warm-up (scanned: the scan finds the model and its loader at the first step).
    variants = ["scanned"] + [v for p in range(pairs) for v in (("plain", "scanned") if p % 2 == 0 else ("scanned", "plain"))]
    marks: List[tuple[float, float]] = []
    training: List[Any] = [None]
    current = [scanned]

    def use(patches: Dict[str, Any]) -> None:
        current[0] = patches
        torch.Tensor.backward = patches["backward"]
        optimizers._global_optimizer_post_hooks.clear()
        optimizers._global_optimizer_post_hooks.update(patches["hooks"])

    def finish() -> None:
        times: Dict[str, List[float]] = {"plain": [], "scanned": [], "plainCpu": [], "scannedCpu": []}
        for variant, (wall, cpu), (next_wall, next_cpu) in zip(variants[1:], marks[1:], marks[2:]):
            times[variant].append(next_wall - wall)
            times[f"{variant}Cpu"].append(next_cpu - cpu)
        sys.stdout.flush()
        sys.stderr.write(f"dn-bench-overhead {json.dumps(times)}\n")
        sys.stderr.flush()
        os._exit(0)

    chunks: Dict[str, Any] = {"plain": [], "scanned": [], "check": [], "steps": 0, "epoch": []}
    shuffle = random.Random()

    def finish_chunks() -> None:
        sys.stdout.flush()
        sys.stderr.write(f"dn-bench-chunks {json.dumps(chunks)}\n")
        sys.stderr.flush()
        os._exit(0)

    def chunked(iterator: Any) -> Any:
        """The training batches, the scan's patches on or off for each `chunk` steps (each pair in random order)."""
        started = time.perf_counter()
        count = 0
        begun = 0.0
        variant = ""
        order = ("plain", "scanned")
        on = True
        while True:
            fetch = time.perf_counter()
            if count % chunk == 0:
                index = count // chunk
                if index > 0:
                    chunks[variant].append(fetch - begun)
                if index % 2 == 0:
                    # Each pair's order drawn at random: a fixed order (ABBA) lines up with anything
                    # periodic in the steps (measured: a 2% bias between two identical variants).
                    order = ("plain", "scanned") if shuffle.random() < 0.5 else ("scanned", "plain")
                variant = order[index % 2]
                on = variant == "scanned" and not control
                use(scanned if on else plain)
                begun = fetch
            fetched = time.perf_counter()
            try:
                # A plain chunk takes its batches from the DataLoader's own iterator, past the scan's.
                batch = next(iterator if on else iterator._inner)
            except StopIteration:
                if not on:
                    fetched = time.perf_counter()
                    for _ in iterator:  # the scan's iterator sees the end (and runs the epoch's check)
                        pass
                chunks["check"].append(time.perf_counter() - fetched)
                chunks["steps"] = count
                chunks["epoch"].append(time.perf_counter() - started)
                use(scanned)
                return
            count += 1
            yield batch

    def switch(loader: DataLoader) -> Any:
        if training[0] is None:
            training[0] = loader
        if loader is training[0]:
            marks.append((time.perf_counter(), time.process_time()))
            if len(marks) > len(variants):
                finish_chunks() if chunk else finish()
            if chunk and len(marks) > 1:
                # A chunk that did not get its partner (the epoch's last) is dropped.
                for name in ("plain", "scanned"):
                    del chunks[name][min(len(chunks["plain"]), len(chunks["scanned"])) :]
                return chunked(scanned["iter"](loader))
            use(scanned if variants[len(marks) - 1] == "scanned" else plain)
        return current[0]["iter"](loader)

    DataLoader.__iter__ = switch  # type: ignore[method-assign]
    sys.argv = [file]
    sys.path[0] = os.path.dirname(file)
    runpy.run_path(file, run_name="__main__")
    sys.stderr.write(f"dn-bench-overhead: {file} ended after {len(marks)} epochs, before {len(variants)} + 1\n")
    os._exit(1)


if __name__ == "__main__":
    main()
