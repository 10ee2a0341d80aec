"""A `fit` call's data made ready for the scan: --samples caps the training (and validation)
data, --epochs replaces the script's, and the probe set is drawn with the seed from the training
rows (arrays: `probe` rows of the first trainable ones, as src/worker/monitor.ts drawProbe does;
data in batches — a tf.data.Dataset, a PyDataset, a generator —: its first rows)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any, Dict, Iterable, List, Optional

import numpy as np

from .seeded import create_random, sample_indices
from .structure import concat, leaves, map_structure

DEFAULT_BATCH_SIZE = 32


class UnsupportedData(Exception):
    """fit was given data the scan cannot draw a probe set from."""


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
        raise UnsupportedData(
            f"fit's x is a {type(x).__name__}: the scan takes arrays (numpy, tensors, lists or dicts of them)"
            " or batches (a tf.data.Dataset, a PyDataset, a generator)"
        )
    return int(items[0].shape[0])


def _cap(value: Any, rows: int) -> Any:
    return None if value is None else map_structure(lambda leaf: leaf[:rows] if hasattr(leaf, "shape") and len(leaf.shape) > 0 else leaf, value)


class FitData:
    """The arguments fit runs with, and what the scan reports about them."""

    def __init__(self, arguments: Dict[str, Any], probe: Any, epochs: int, batches: int, samples: int, inputs: Any = None) -> None:
        self.arguments = arguments
        self.probe = probe
        # The training inputs as numpy (all rows of arrays; the probe's rows of batches), checked for NaN.
        self.inputs = probe if inputs is None else inputs
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
    kind = batched_kind(x)
    if kind is not None:
        return _prepare_batches(arguments, options, epochs, kind)
    rows = rows_of(x)
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
    inputs = map_structure(_to_numpy, arguments["x"])
    probe = map_structure(lambda leaf: leaf[indices], inputs)
    batch_size = int(arguments.get("batch_size") or DEFAULT_BATCH_SIZE)
    steps = arguments.get("steps_per_epoch")
    batches = int(steps) if steps else math.ceil(train_rows / batch_size)
    return FitData(arguments, probe, epochs, batches, train_rows, inputs)


def _element_inputs(element: Any) -> Any:
    return element[0] if isinstance(element, tuple) else element


def batched_kind(x: Any) -> Optional[str]:
    """'dataset' (tf.data), 'pydataset' (keras.utils.PyDataset / Sequence), 'iterator' (a
    generator of batches), or None for arrays."""
    if is_dataset(x):
        return "dataset"
    if any(c.__name__ in ("PyDataset", "Sequence") for c in type(x).__mro__) and hasattr(x, "__getitem__"):
        return "pydataset"
    if isinstance(x, Iterator):
        return "iterator"
    return None


def _replay(taken: List[Any], rest: Iterator[Any]) -> Iterator[Any]:
    """A generator (Keras takes generators, not any iterator) of the batches taken, then the rest."""
    yield from taken
    yield from rest


def _prepare_batches(arguments: Dict[str, Any], options: Dict[str, Any], epochs: int, kind: str) -> FitData:
    """Data that comes in batches: the probe set is its first `probe` rows; --samples caps the
    batches per epoch (a tf.data.Dataset is shortened with take, the others with steps_per_epoch)."""
    x = arguments["x"]
    known: Optional[int] = None
    if kind == "dataset":
        cardinality = int(x.cardinality()) if hasattr(x, "cardinality") else -2
        known = cardinality if cardinality >= 0 else None
        elements: Iterable[Any] = x
    elif kind == "pydataset":
        known = int(getattr(x, "num_batches", None) or len(x))
        elements = (x[i] for i in range(known))
    else:
        elements = x
    wanted = int(options["probe"])
    taken: List[Any] = []
    parts: List[Any] = []
    rows = 0
    for element in elements:
        taken.append(element)
        parts.append(map_structure(_to_numpy, _element_inputs(element)))
        rows += int(leaves(parts[-1])[0].shape[0])
        if rows >= wanted:
            break
    if rows == 0:
        raise UnsupportedData("the data given to fit holds no batch")
    if kind == "iterator":
        # A generator is read once: training starts with the batches the probe looked at.
        arguments["x"] = _replay(taken, x)
    batch_size = int(leaves(parts[0])[0].shape[0])
    probe = map_structure(lambda leaf: leaf[:wanted], concat(parts))
    steps = arguments.get("steps_per_epoch")
    if steps:
        known = int(steps)
    if options.get("samples"):
        cap = math.ceil(int(options["samples"]) / batch_size)
        if kind == "dataset" and not steps:
            arguments["x"] = x.take(cap)
        else:
            arguments["steps_per_epoch"] = cap if known is None else min(known, cap)
        known = cap if known is None else min(known, cap)
    batches = known or 0
    return FitData(arguments, probe, epochs, batches, batches * batch_size)
