"""Describes a Keras model for the scan, from one traced forward pass: every layer's summary
(output shape, the layers whose outputs it was called on, its construction site) and the layers
whose units are measured. Mirrors src/worker/modelSummary.ts: a separate activation layer
(Dense → [BatchNormalization] → ReLU) measures the units of the weights layer before it."""

from __future__ import annotations

import math
from typing import Any, Callable, Dict, List, Optional, Tuple

from .positions import SourceRange
from .structure import tensors

# Layers that only apply an activation, by class name, and the activation's name.
ACTIVATION_LAYERS = {
    "ReLU": "relu",
    "LeakyReLU": "leaky_relu",
    "ELU": "elu",
    "PReLU": "prelu",
    "ThresholdedReLU": "thresholded_relu",
    "Softmax": "softmax",
}
# Layers between the weights and a separate activation that keep units one to one.
PASS_THROUGH = {"BatchNormalization", "LayerNormalization", "Dropout", "SpatialDropout1D", "GaussianNoise"}


def family_of(activation: str, families: Dict[str, str]) -> Optional[str]:
    """The parent's table is keyed by lowercase names without underscores (`leakyrelu`)."""
    return families.get(activation.lower().replace("_", ""))


def activation_of(layer: Any) -> str:
    name = type(layer).__name__
    if name in ACTIVATION_LAYERS:
        return ACTIVATION_LAYERS[name]
    activation = getattr(layer, "activation", None)
    if activation is None:
        return "linear"
    if isinstance(activation, str):
        return activation
    if type(activation).__name__ in ACTIVATION_LAYERS:
        return ACTIVATION_LAYERS[type(activation).__name__]
    return getattr(activation, "__name__", type(activation).__name__)


def is_activation_layer(layer: Any) -> bool:
    return type(layer).__name__ == "Activation" or type(layer).__name__ in ACTIVATION_LAYERS


def is_input(layer: Any) -> bool:
    return type(layer).__name__ == "InputLayer"


class Trace:
    """What one forward pass showed of every layer: shape of its first output, how many times it
    was called, and whose outputs it was called on (by tensor identity, so it sees the data flow
    of Sequential, functional and subclassed models alike)."""

    def __init__(self, layers: List[Any]) -> None:
        self.layers = layers
        self._tracked = {id(layer) for layer in layers}
        self.shapes: Dict[int, List[Optional[int]]] = {}
        self.single_output: Dict[int, bool] = {}
        self.calls: Dict[int, int] = {}
        self.inbound: Dict[int, List[str]] = {}
        self._producers: Dict[int, str] = {}
        self._alive: List[Any] = []  # keeps outputs alive, so no tensor id is reused during the pass

    def on_call(self, layer: Any, args: Tuple[Any, ...], kwargs: Dict[str, Any], outputs: Any) -> None:
        if id(layer) not in self._tracked:
            return
        key = id(layer)
        self.calls[key] = self.calls.get(key, 0) + 1
        if self.calls[key] == 1:
            inputs = tensors(list(args) + list(kwargs.values()))
            names = [self._producers[id(t)] for t in inputs if id(t) in self._producers]
            self.inbound[key] = list(dict.fromkeys(names))
            produced = tensors(outputs)
            self.single_output[key] = len(produced) == 1 and produced[0] is outputs
            if produced:
                shape: List[Optional[int]] = [None]
                shape.extend(int(d) if d is not None else None for d in tuple(produced[0].shape)[1:])
                self.shapes[key] = shape
        for tensor in tensors(outputs):
            self._producers[id(tensor)] = layer.name
            self._alive.append(tensor)


class Monitored:
    """A layer whose units are measured: `name` holds the weights, `measured_by` the activation."""

    def __init__(self, name: str, family: str, activation: str, units: int, measured_by: Any, channels_first: bool, values: int) -> None:
        self.name = name
        self.family = family
        # The activation's name as the parent's tables spell it: lowercase, no underscores.
        self.activation = activation.lower().replace("_", "")
        self.units = units
        self.measured_by = measured_by
        self.channels_first = channels_first
        # Output values per sample (units × positions), to size the probe batches.
        self.values = values


def model_layers(model: Any) -> List[Any]:
    """Every layer of the model, nested ones included, in Keras's order (input layers left out)."""
    flatten = getattr(model, "_flatten_layers", None)
    layers = list(flatten(include_self=False, recursive=True)) if flatten else list(model.layers)
    return [layer for layer in layers if not is_input(layer)]


def describe(
    model: Any,
    trace: Trace,
    families: Dict[str, str],
    origin_of: Callable[[Any], Tuple[Optional[SourceRange], List[SourceRange]]],
) -> Tuple[List[Dict[str, Any]], List[Monitored]]:
    layers = trace.layers
    by_name = {layer.name: layer for layer in layers}

    def single_inbound(layer: Any) -> Any:
        inbound = trace.inbound.get(id(layer), [])
        return by_name.get(inbound[0]) if trace.calls.get(id(layer)) == 1 and len(inbound) == 1 else None

    def weights_behind(activation: Any) -> Any:
        layer = single_inbound(activation)
        while layer is not None and type(layer).__name__ in PASS_THROUGH:
            layer = single_inbound(layer)
        if layer is None or is_activation_layer(layer) or not layer.weights:
            return None
        return layer if activation_of(layer) == "linear" else None

    activation_for: Dict[int, Any] = {}
    for layer in layers:
        if is_activation_layer(layer):
            weights = weights_behind(layer)
            if weights is not None and id(weights) not in activation_for:
                activation_for[id(weights)] = layer
    attributed = {id(layer) for layer in activation_for.values()}

    summaries: List[Dict[str, Any]] = []
    monitored: List[Monitored] = []
    for index, layer in enumerate(layers):
        measured_by = activation_for.get(id(layer), layer)
        activation = activation_of(measured_by)
        single = trace.single_output.get(id(measured_by), False)
        family = None if id(layer) in attributed or not single else family_of(activation, families)
        channels_first = getattr(layer, "data_format", None) == "channels_first"
        shape = trace.shapes.get(id(measured_by), [])
        unit_shape = shape[1] if channels_first and len(shape) > 2 else (shape[-1] if len(shape) > 1 else None)
        units = unit_shape or 0
        if family and units > 0:
            values = math.prod(d or 1 for d in shape[1:])
            monitored.append(Monitored(layer.name, family, activation, units, measured_by, channels_first, values))
        location, callers = origin_of(layer)
        summaries.append(
            {
                "index": index,
                "name": layer.name,
                "className": type(layer).__name__,
                "activation": activation,
                "family": family if family and units > 0 else None,
                "units": units,
                "outputShape": trace.shapes.get(id(layer), []),
                "location": location,
                "callers": callers,
                "inbound": trace.inbound.get(id(layer), []),
            }
        )
    return summaries, monitored
