"""Nested data as Keras takes it — a tensor or array, or lists, tuples and dicts of them."""

from __future__ import annotations

from typing import Any, Callable, List

import numpy as np


def map_structure(fn: Callable[[Any], Any], value: Any) -> Any:
    if isinstance(value, dict):
        return {k: map_structure(fn, v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        items = [map_structure(fn, v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)  # a namedtuple takes fields
    return fn(value)


def leaves(value: Any) -> List[Any]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in leaves(v)]
    if isinstance(value, (list, tuple)):
        return [leaf for v in value for leaf in leaves(v)]
    return [value]


def tensors(value: Any) -> List[Any]:
    """The leaves that are tensors or arrays (they have a shape)."""
    return [leaf for leaf in leaves(value) if hasattr(leaf, "shape")]


def concat(parts: List[Any]) -> Any:
    """Same-structured batches joined along their first axis."""
    first = parts[0]
    if isinstance(first, dict):
        return {k: concat([p[k] for p in parts]) for k in first}
    if isinstance(first, (list, tuple)):
        return type(first)(concat([p[i] for p in parts]) for i in range(len(first)))
    return np.concatenate(parts, axis=0)
