"""The fixed probe set and the passes over it, in inference mode, with the layer-call hook: one
traced pass that describes the model, and a measuring pass per check that folds each monitored
layer's first output of every probe batch into its UnitSums."""

from __future__ import annotations

from typing import Any, Dict, List, Set, Tuple

import numpy as np

from .structure import leaves, map_structure
from .frameworks import Framework
from .keras_hooks import recording
from .measure import UnitSums
from .model_graph import Monitored, Trace, model_layers

# The default probe set (1024 rows) in one pass: each eager pass costs a fixed dispatch time per
# layer (on a loaded CPU several ms), so four passes of 256 made an epoch-end check about 3× slower.
PROBE_BATCH = 1024
# At most this many output values of one layer per probe batch (16 MB of float32): a large
# convolution's outputs are measured a few samples at a time.
BATCH_VALUES = 1 << 22


def _rows(inputs: Any, start: int, stop: int) -> Any:
    return map_structure(lambda leaf: leaf[start:stop], inputs)


class Probe:
    def __init__(self, framework: Framework, model: Any, inputs: Any) -> None:
        self._framework = framework
        self._model = model
        self._inputs = inputs
        self.samples = int(leaves(inputs)[0].shape[0])
        self._first = _rows(inputs, 0, 1)

    @staticmethod
    def finite(inputs: Any) -> bool:
        return all(not np.issubdtype(leaf.dtype, np.floating) or bool(np.all(np.isfinite(leaf))) for leaf in leaves(inputs))

    def _forward(self, batch: Any) -> None:
        self._model(batch, training=False)

    def trace(self) -> Trace:
        """Builds the model if it is not yet (a subclassed model builds on its first call) and traces one sample."""
        self._forward(self._first)
        trace = Trace(model_layers(self._model))
        with recording(trace.on_call):
            self._forward(self._first)
        return trace

    def measure(self, monitored: List[Monitored], saturation_derivative: float) -> List[Dict[str, Any]]:
        sums = {id(m.measured_by): UnitSums(m.name, m.family, m.units, m.channels_first, saturation_derivative) for m in monitored}
        rows = max(1, min(PROBE_BATCH, BATCH_VALUES // max(m.values for m in monitored)))
        for start in range(0, self.samples, rows):
            batch = _rows(self._inputs, start, start + rows)
            seen: Set[int] = set()

            def record(layer: Any, args: Tuple[Any, ...], kwargs: Dict[str, Any], outputs: Any) -> None:
                key = id(layer)
                # A layer called several times (shared) is measured on its first call, as tfjs does.
                if key in sums and key not in seen:
                    seen.add(key)
                    sums[key].add(self._framework.to_numpy(outputs))

            with recording(record):
                self._forward(batch)
        return [sums[id(m.measured_by)].message() for m in monitored]
