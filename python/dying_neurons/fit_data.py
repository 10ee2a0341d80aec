"""A `fit` call's data made ready for the scan: --samples caps the training (and validation)
data, --epochs replaces the script's, and the probe set is drawn with the seed from the training
rows (arrays: `probe` rows of the first trainable ones, as src/worker/monitor.ts drawProbe does;
a tf.data.Dataset: its first batches)."""

from __future__ import annotations

import math
from typing import Any, Callable, Dict, List, Optional

import numpy as np

from .seeded import create_random, sample_indices

DEFAULT_BATCH_SIZE = 32


class UnsupportedData(Exception):
    """fit was given data the scan cannot draw a probe set from."""


def map_structure(fn: Callable[[Any], Any], value: Any) -> Any:
    if isinstance(value, dict):
        return {k: map_structure(fn, v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(map_structure(fn, v) for v in value) if not hasattr(value, "_fields") else type(value)(*[map_structure(fn, v) for v in value])
    return fn(value)


def leaves(value: Any) -> List[Any]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in leaves(v)]
    if isinstance(value, (list, tuple)):
        return [leaf for v in value for leaf in leaves(v)]
    return [value]


def _concat(parts: List[Any]) -> Any:
    first = parts[0]
    if isinstance(first, dict):
        return {k: _concat([p[k] for p in parts]) for k in first}
    if isinstance(first, (list, tuple)):
        return type(first)(_concat([p[i] for p in parts]) for i in range(len(first)))
    return np.concatenate(parts, axis=0)


def _to_numpy(value: Any) -> np.ndarray:
    if hasattr(value, "detach"):  # a torch tensor
        value = value.detach().cpu()
    array = np.asarray(value)
    # Keras trains float data as float32 (its array adapters cast float64 down).
    return array.astype(np.float32) if array.dtype == np.float64 else array


def is_dataset(x: Any) -> bool:
    return hasattr(x, "element_spec") and hasattr(x, "take")


def rows_of(x: Any) -> int:
    items = leaves(x)
    if not items or not all(hasattr(item, "shape") and len(item.shape) > 0 for item in items):
        raise UnsupportedData("fit's x is not arrays")
    return int(items[0].shape[0])


def _cap(value: Any, rows: int) -> Any:
    return None if value is None else map_structure(lambda leaf: leaf[:rows] if hasattr(leaf, "shape") and len(leaf.shape) > 0 else leaf, value)


class FitData:
    """The arguments fit runs with, and what the scan reports about them."""

    def __init__(self, arguments: Dict[str, Any], probe: Any, epochs: int, batches: int, samples: int) -> None:
        self.arguments = arguments
        self.probe = probe
        self.epochs = epochs
        self.batches = batches
        self.samples = samples


def prepare(arguments: Dict[str, Any], options: Dict[str, Any]) -> FitData:
    """`arguments`: fit's bound arguments by name (x, y, epochs, batch_size, …)."""
    arguments = dict(arguments)
    initial = int(arguments.get("initial_epoch") or 0)
    if options.get("epochs"):
        arguments["epochs"] = initial + int(options["epochs"])
    epochs = int(arguments.get("epochs") or 1) - initial
    x = arguments.get("x")
    if is_dataset(x):
        return _prepare_dataset(arguments, options, epochs)
    if x is None or not hasattr(x, "__len__") and not hasattr(x, "shape"):
        raise UnsupportedData(f"fit's x is a {type(x).__name__}: the scan takes arrays (numpy, tensors, lists or dicts of them) or a tf.data.Dataset")
    try:
        rows = rows_of(x)
    except UnsupportedData:
        raise UnsupportedData(f"fit's x is a {type(x).__name__}: the scan takes arrays (numpy, tensors, lists or dicts of them) or a tf.data.Dataset") from None
    samples = min(rows, int(options.get("samples") or rows))
    for name in ("x", "y", "sample_weight"):
        arguments[name] = _cap(arguments.get(name), samples)
    validation = arguments.get("validation_data")
    if isinstance(validation, (list, tuple)):
        # --samples caps the validation data too, so that a quick scan stays quick.
        arguments["validation_data"] = tuple(_cap(v, samples) for v in validation)
    split = float(arguments.get("validation_split") or 0)
    train_rows = int(math.floor(samples * (1 - split))) if split > 0 and validation is None else samples
    if train_rows == 0:
        raise UnsupportedData("the model was given no training samples")
    size = min(int(options["probe"]), train_rows)
    indices = np.asarray(sample_indices(train_rows, size, create_random(int(options["seed"]))), dtype=np.int64)
    probe = map_structure(lambda leaf: _to_numpy(leaf)[indices], arguments["x"])
    batch_size = int(arguments.get("batch_size") or DEFAULT_BATCH_SIZE)
    steps = arguments.get("steps_per_epoch")
    batches = int(steps) if steps else math.ceil(train_rows / batch_size)
    return FitData(arguments, probe, epochs, batches, train_rows)


def _element_inputs(element: Any) -> Any:
    return element[0] if isinstance(element, tuple) else element


def _prepare_dataset(arguments: Dict[str, Any], options: Dict[str, Any], epochs: int) -> FitData:
    dataset = arguments["x"]
    wanted = int(options["probe"])
    parts: List[Any] = []
    rows = 0
    batch_size = 0
    for element in dataset:
        inputs = map_structure(_to_numpy, _element_inputs(element))
        count = int(leaves(inputs)[0].shape[0])
        batch_size = batch_size or count
        rows += count
        parts.append(inputs)
        if rows >= wanted:
            break
    if rows == 0:
        raise UnsupportedData("the dataset given to fit is empty")
    probe = map_structure(lambda leaf: leaf[:wanted], _concat(parts))
    cardinality = int(dataset.cardinality()) if hasattr(dataset, "cardinality") else -2
    known: Optional[int] = cardinality if cardinality >= 0 else None
    steps = arguments.get("steps_per_epoch")
    if steps:
        known = int(steps)
    if options.get("samples"):
        cap = math.ceil(int(options["samples"]) / batch_size)
        if steps:
            arguments["steps_per_epoch"] = known = min(int(steps), cap)
        else:
            arguments["x"] = dataset.take(cap)
            known = cap if known is None else min(known, cap)
    batches = known or 0
    return FitData(arguments, probe, epochs, batches, batches * batch_size)
