"""BENCH ONLY: the monitor's overhead inside one process. Runs a Keras script as `python FILE`
would, with the scan's Keras patches attached; its first `fit` then trains the same model on the
same data (at most SAMPLES rows, validation_data capped alike, as --samples caps it) one epoch at a
time, alternating a plain epoch (Keras's fit, no callback) and a scanned epoch (the scan's fit
data, probe set and monitoring callback, every check on: early check in the first scanned epoch,
one probe check per epoch end). The first pair is a warm-up (it traces the graphs); which variant
goes first alternates from pair to pair. Prints one line on stderr:
`dn-bench-overhead {"plain": [s, ...], "scanned": [s, ...], ...}` (checkMs: each
scanned epoch's end-of-epoch probe check, inside its time; plainCpu, scannedCpu: the process's
CPU seconds in each epoch, all threads), then leaves as the scan does.

    python bench/python/overhead_epochs.py FILE PAIRS SAMPLES
"""

from __future__ import annotations

import json
import os
import runpy
import sys
import time
from typing import Any, Dict, List

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path[:0] = [os.path.join(ROOT, "python"), os.path.join(ROOT, "python", "tests")]

import keras  # noqa: E402

from dying_neurons.channel import Channel  # noqa: E402
from dying_neurons.fit_data import prepare  # noqa: E402
from dying_neurons.frameworks import Framework  # noqa: E402
from dying_neurons.keras_hooks import origin_of, patch_keras  # noqa: E402
from dying_neurons.model_graph import describe  # noqa: E402
from dying_neurons.probe import Probe  # noqa: E402
from dying_neurons.revive import Reviver  # noqa: E402
from dying_neurons.scan_fit import _bind  # noqa: E402
from dying_neurons.session import Session  # noqa: E402
from dying_neurons.watch import Watch, monitor_callback  # noqa: E402
from harness import DIEABLE, FAMILIES, THRESHOLDS  # noqa: E402


def main() -> None:
    file, pairs, samples = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    options: Dict[str, Any] = {
        "samples": samples, "probe": 1024, "seed": 42, "thresholds": THRESHOLDS, "families": FAMILIES, "dieable": DIEABLE,
    }
    # The scan's messages are encoded and written as in a scan, to /dev/null.
    read_end, _ = os.pipe()
    session = Session(Channel(os.open(os.devnull, os.O_WRONLY), read_end), options, os.path.abspath(file))
    times: Dict[str, List[float]] = {"plain": [], "scanned": [], "plainCpu": [], "scannedCpu": [], "checkMs": []}

    def fit(framework: Framework, model: Any, original_fit: Any, args: Any, kwargs: Any, site: Any) -> None:
        data = prepare(_bind(original_fit, model, args, kwargs), options)
        plain = {**data.arguments, "callbacks": []}
        probe = Probe(framework, model, data.probe)
        trace = probe.trace()
        _, monitored = describe(model, trace, session.families, origin_of)
        watch = Watch(session, probe, monitored, Reviver(framework, model, trace), 2 * pairs, data.batches, 0, lambda e: _raise(e))
        watch.check("init", "init", 0)
        epoch_check = watch.check
        check_ms: List[float] = []

        def timed_check(kind: str, label: str, epochs_done: int) -> Any:
            start = time.perf_counter()
            layers = epoch_check(kind, label, epochs_done)
            if kind == "epoch":
                check_ms.append((time.perf_counter() - start) * 1000)
            return layers

        watch.check = timed_check  # type: ignore[method-assign]
        scanned = {**data.arguments, "callbacks": [monitor_callback(framework, watch)]}
        session.training = True
        epoch = 0
        for pair in range(pairs):
            for variant in ("plain", "scanned") if pair % 2 == 0 else ("scanned", "plain"):
                start, cpu = time.perf_counter(), time.process_time()
                original_fit(model, **{**(plain if variant == "plain" else scanned), "initial_epoch": epoch, "epochs": epoch + 1})
                elapsed, used = time.perf_counter() - start, time.process_time() - cpu
                epoch += 1
                if pair > 0:
                    times[variant].append(elapsed)
                    times[f"{variant}Cpu"].append(used)
        times["checkMs"] = check_ms[1:]
        sys.stdout.flush()
        sys.stderr.write(f"dn-bench-overhead {json.dumps(times)}\n")
        sys.stderr.flush()
        os._exit(0)

    patch_keras(keras, session, fit)
    sys.argv = [file]
    sys.path[0] = os.path.dirname(os.path.abspath(file))
    runpy.run_path(file, run_name="__main__")


def _raise(error: BaseException) -> None:
    raise error


if __name__ == "__main__":
    main()
