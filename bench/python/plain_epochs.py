"""BENCH ONLY: runs a Keras script as `python FILE` would, but without the scan: its first `fit`
trains EPOCHS epochs on at most SAMPLES rows (validation_data capped alike, as --samples caps it)
with the script's callbacks replaced by a timer (the scan skips them too), then prints one line
`dn-bench-epochs [seconds from one epoch end to the next, the first from the fit call]` on stderr
and leaves as the scan does (os._exit after the first fit).

    python bench/python/plain_epochs.py FILE EPOCHS SAMPLES
"""

from __future__ import annotations

import json
import os
import runpy
import sys
import time
from typing import Any, List

import keras


def main() -> None:
    file, epochs, samples = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    original_fit = keras.Model.fit
    ends: List[float] = []

    class Timer(keras.callbacks.Callback):
        def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
            ends.append(time.perf_counter())

    def fit(model: Any, x: Any = None, y: Any = None, **kwargs: Any) -> None:
        kwargs.update(epochs=epochs, callbacks=[Timer()])
        validation = kwargs.get("validation_data")
        if isinstance(validation, (list, tuple)):
            kwargs["validation_data"] = tuple(v[:samples] for v in validation)
        start = time.perf_counter()
        original_fit(model, x[:samples], y[:samples], **kwargs)
        sys.stdout.flush()
        marks = [start, *ends]
        sys.stderr.write(f"dn-bench-epochs {json.dumps([b - a for a, b in zip(marks, marks[1:])])}\n")
        sys.stderr.flush()
        os._exit(0)

    keras.Model.fit = fit  # type: ignore[method-assign]
    sys.argv = [file]
    sys.path[0] = os.path.dirname(os.path.abspath(file))
    runpy.run_path(file, run_name="__main__")


if __name__ == "__main__":
    main()
