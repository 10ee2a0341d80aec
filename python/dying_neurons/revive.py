"""ReDo in place (Sokar et al., ICML 2023), as src/worker/revive.ts does for TensorFlow.js: a
dead unit of a Dense or Conv layer gets fresh incoming weights from the layer's own kernel
initializer and a zero bias; its outgoing weights in the next weighted layer(s) are zeroed, so
the model's output does not change at the reset; and the optimizer's per-weight state (Adam's
moments, RMSprop's and momentum's accumulators) is zeroed for every weight reset."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from .frameworks import Framework
from .model_graph import Trace

WEIGHTED = {"Dense", "Conv1D", "Conv2D", "Conv3D"}
UNIT_WISE = {
    "Activation", "ReLU", "LeakyReLU", "ELU", "PReLU", "ThresholdedReLU", "Dropout", "SpatialDropout1D",
    "GaussianNoise", "GaussianDropout", "AlphaDropout", "BatchNormalization",
}
POOLING = {"MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D"}
GLOBAL_POOLING = {"GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D"}


class Layout:
    """Where a layer's units sit in a tensor on its way to the next weighted layer (per sample)."""

    def __init__(self, shape: Sequence[Optional[int]], axis: int, flat: bool) -> None:
        self.shape = list(shape)
        self.axis = axis
        self.flat = flat


class Reset:
    """Positions `indices` along `axis` of `variable` (a Keras variable or a torch parameter) are set to `fresh`'s values, or to zero."""

    def __init__(self, variable: Any, axis: int, indices: Sequence[int], fresh: Optional[Any] = None) -> None:
        self.variable = variable
        self.axis = axis
        self.indices = list(indices)
        self.fresh = fresh


class Reviver:
    def __init__(self, framework: Framework, model: Any, trace: Trace) -> None:
        self._framework = framework
        self._model = model
        self._trace = trace
        self._by_name = {layer.name: layer for layer in trace.layers}

    def _kind(self, layer: Any) -> str:
        return type(layer).__name__

    def _per_sample(self, layer: Any) -> List[Optional[int]]:
        return self._trace.shapes.get(id(layer), [None])[1:]

    def _consumers(self, layer: Any) -> List[Any]:
        return [l for l in self._trace.layers if layer.name in self._trace.inbound.get(id(l), [])]

    def _through(self, layer: Any, layout: Layout) -> Union[Layout, str]:
        kind = self._kind(layer)
        if kind in UNIT_WISE:
            return layout
        if kind == "Flatten":
            return Layout(layout.shape, layout.axis, True)
        if layout.flat:
            return f"a {kind} layer after a Flatten"
        if kind in POOLING:
            return Layout(self._per_sample(layer), layout.axis, False)
        if kind in GLOBAL_POOLING:
            return Layout(self._per_sample(layer), 0, False)
        return f"a {kind} layer follows it"

    def _outgoing_reset(self, next_layer: Any, layout: Layout, units: Sequence[int]) -> Union[Reset, str]:
        kernel = getattr(next_layer, "kernel", None)
        if kernel is None or not hasattr(kernel, "assign"):
            return f"{next_layer.name} has no kernel"
        input_axis = len(kernel.shape) - 2
        if layout.flat:
            if self._kind(next_layer) != "Dense" or any(d is None for d in layout.shape):
                return f"{next_layer.name} reads them flattened with an unknown shape"
            shape = [int(d) for d in layout.shape]  # type: ignore[arg-type]
            stride = int(np.prod(shape[layout.axis + 1:], dtype=np.int64))
            flat = np.arange(int(np.prod(shape, dtype=np.int64)))
            indices = [int(i) for i in flat[np.isin((flat // stride) % shape[layout.axis], list(units))]]
        else:
            channels_first = self._kind(next_layer) != "Dense" and getattr(next_layer, "data_format", None) == "channels_first"
            channel_axis = 0 if channels_first else len(layout.shape) - 1
            if layout.axis != channel_axis:
                return f"{next_layer.name} reads another axis than its units"
            indices = list(units)
        if any(i >= int(kernel.shape[input_axis]) for i in indices):
            return f"{next_layer.name}'s kernel does not match its units"
        return Reset(kernel, input_axis, indices)

    def _outgoing_resets(self, origin: Any, layout: Layout, units: Sequence[int]) -> Union[List[Reset], str]:
        consumers = self._consumers(origin)
        if not consumers:
            return "its units are the model's output"
        resets: List[Reset] = []
        for next_layer in consumers:
            if self._kind(next_layer) in WEIGHTED:
                found: Union[Reset, List[Reset], str] = self._outgoing_reset(next_layer, layout, units)
            else:
                after = self._through(next_layer, layout)
                found = after if isinstance(after, str) else self._outgoing_resets(next_layer, after, units)
            if isinstance(found, str):
                return found
            resets.extend(found if isinstance(found, list) else [found])
        return resets

    def _resets_for(self, layer: Any, units: Sequence[int]) -> Union[List[Reset], str]:
        if self._kind(layer) not in WEIGHTED:
            return f"{self._kind(layer)} layers are not revived"
        kernel = getattr(layer, "kernel", None)
        initializer = getattr(layer, "kernel_initializer", None)
        if kernel is None or not hasattr(kernel, "assign") or initializer is None:
            return "it has no kernel initializer"
        if units[-1] >= int(kernel.shape[-1]):
            return f"it has no unit {units[-1]}"
        shape = self._per_sample(layer)
        channels_first = getattr(layer, "data_format", None) == "channels_first"
        unit_axis = 0 if channels_first else len(shape) - 1
        outgoing = self._outgoing_resets(layer, Layout(shape, unit_axis, False), units)
        if isinstance(outgoing, str):
            return outgoing
        fresh = self._framework.to_numpy(initializer(shape=tuple(kernel.shape), dtype=kernel.dtype))
        incoming = [Reset(kernel, len(kernel.shape) - 1, units, fresh)]
        bias = getattr(layer, "bias", None)
        if bias is not None and hasattr(bias, "assign"):
            incoming.append(Reset(bias, 0, units))
        return incoming + outgoing

    def _slots(self, variable: Any) -> List[Any]:
        """The optimizer's state variables of one weight (Keras 3 names them `<weight path>_<slot>`)."""
        optimizer = getattr(self._model, "optimizer", None)
        if optimizer is None:
            return []
        get_slot_names = getattr(optimizer, "get_slot_names", None)
        if callable(get_slot_names):  # Keras 2 optimizers
            return [optimizer.get_slot(variable, name) for name in get_slot_names()]
        path = getattr(variable, "path", None)
        if not path:
            return []
        prefix = path.replace("/", "_") + "_"
        return [
            v
            for v in getattr(optimizer, "variables", [])
            if str(getattr(v, "name", "")).startswith(prefix) and tuple(v.shape) == tuple(variable.shape)
        ]

    def _apply(self, reset: Reset) -> None:
        def masked(current: np.ndarray, fresh: Optional[np.ndarray]) -> np.ndarray:
            out = np.array(current, copy=True)
            index: List[Any] = [slice(None)] * out.ndim
            index[reset.axis] = reset.indices
            out[tuple(index)] = 0 if fresh is None else fresh[tuple(index)]
            return out

        variable = reset.variable
        variable.assign(masked(np.asarray(variable.numpy()), reset.fresh))
        for slot in self._slots(variable):
            slot.assign(masked(np.asarray(slot.numpy()), None))

    def revive(self, dead: Dict[str, List[int]]) -> Tuple[Dict[str, List[int]], List[Tuple[str, str]]]:
        """Revives the given units per layer name; returns what was revived and what was skipped (with why)."""

        def resets_for(name: str, units: List[int]) -> Union[List[Reset], str]:
            layer = self._by_name.get(name)
            return self._resets_for(layer, units) if layer is not None else "the model has no such layer"

        return revive_units(dead, resets_for, self._apply)


def revive_units(
    dead: Dict[str, List[int]], resets_for: Callable[[str, List[int]], Union[List[Reset], str]], apply: Callable[[Reset], None]
) -> Tuple[Dict[str, List[int]], List[Tuple[str, str]]]:
    """Plans every layer's resets (or why it cannot be revived), then applies them: what was revived, what was skipped."""
    revived: Dict[str, List[int]] = {}
    skipped: List[Tuple[str, str]] = []
    planned: List[Reset] = []
    for name, given in dead.items():
        units = sorted(set(given))
        if not units:
            continue
        resets = resets_for(name, units)
        if isinstance(resets, str):
            skipped.append((name, resets))
            continue
        planned.extend(resets)
        revived[name] = units
    # Fresh weights first, zeros last: a weight from a revived unit into another revived unit
    # is outgoing for the first, so it ends at zero and the model's output does not change.
    for reset in sorted(planned, key=lambda r: r.fresh is None):
        apply(reset)
    return revived, skipped
