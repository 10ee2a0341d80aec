"""BENCH ONLY: runs a PyTorch script as `python FILE` would, without the scan, timing its training
loop: the first DataLoader it iterates is the training loader; each time an iterator of it is
exhausted is an epoch end (as the scan counts them), an epoch stops after SAMPLES samples (as
--samples caps it). After EPOCHS epoch ends it prints one line
`dn-bench-epochs [seconds from one epoch end to the next, the first from the first batch]` on
stderr and leaves (os._exit), as a scan stops the script's loop after --epochs.

    python bench/torch/plain_epochs.py FILE EPOCHS SAMPLES
"""

from __future__ import annotations

import json
import os
import runpy
import sys
import time
from typing import Any, Iterator, List, Optional

from torch.utils.data import DataLoader


def main() -> None:
    file, epochs, samples = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    original_iter = DataLoader.__iter__
    marks: List[float] = []
    training: List[Optional[DataLoader]] = [None]

    def finish() -> None:
        sys.stdout.flush()
        sys.stderr.write(f"dn-bench-epochs {json.dumps([b - a for a, b in zip(marks, marks[1:])])}\n")
        sys.stderr.flush()
        os._exit(0)

    def timed(loader: DataLoader, inner: Iterator[Any]) -> Iterator[Any]:
        seen = 0
        for batch in inner:
            if not marks:
                marks.append(time.perf_counter())
            yield batch
            seen += len(batch[0]) if isinstance(batch, (list, tuple)) else len(batch)
            if seen >= samples:
                break
        marks.append(time.perf_counter())
        if len(marks) > epochs:
            finish()

    def iterate(loader: DataLoader) -> Any:
        if training[0] is None:
            training[0] = loader
        inner = original_iter(loader)
        return timed(loader, inner) if loader is training[0] else inner

    DataLoader.__iter__ = iterate  # type: ignore[method-assign]
    sys.argv = [file]
    sys.path[0] = os.path.dirname(os.path.abspath(file))
    runpy.run_path(file, run_name="__main__")


if __name__ == "__main__":
    main()
