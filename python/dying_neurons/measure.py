"""Raw per-unit counts of one layer over the probe set, accumulated batch by batch — the same
quantities as src/engine/stats.ts `addActivations` (active: output > 0 anywhere in the sample;
mean |a| per sample over its positions; saturation from the derivative averaged over positions),
left unjudged: the TypeScript engine turns them into rates, τ-scores and states."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Set

import numpy as np

# The derivative's peak per family (sigmoid a(1−a) peaks at 0.25, tanh 1−a² at 1).
_DERIVATIVE_PEAK = {"sigmoid": 0.25, "tanh": 1.0}


class NonFiniteActivations(Exception):
    """A layer's output held NaN or infinity on the probe set."""

    def __init__(self, layer: str) -> None:
        super().__init__(layer)
        self.layer = layer


class UnitSums:
    def __init__(self, layer: str, family: str, units: int, channels_first: bool, saturation_derivative: float) -> None:
        self.layer = layer
        self.family = family
        self.units = units
        self.channels_first = channels_first
        self.saturation_below = saturation_derivative * _DERIVATIVE_PEAK[family] if family in _DERIVATIVE_PEAK else None
        self.samples = 0
        self.active = np.zeros(units, dtype=np.int64)
        self.mean_abs_sum = np.zeros(units, dtype=np.float64)
        self.max = np.full(units, -np.inf, dtype=np.float64)
        self.saturated: Optional[np.ndarray] = np.zeros(units, dtype=np.int64) if self.saturation_below is not None else None

    def add(self, output: np.ndarray) -> None:
        """One probe batch of the layer's post-activation output: [sample, ..., unit] (or [sample, unit, ...] channels-first)."""
        a = np.asarray(output)
        if a.dtype != np.float32 and a.dtype != np.float64:
            a = a.astype(np.float32)
        if self.channels_first and a.ndim > 2:
            a = np.moveaxis(a, 1, -1)
        if a.ndim < 2 or a.shape[-1] != self.units:
            raise ValueError(f"{self.layer}: an output of shape {a.shape} does not hold {self.units} units on its unit axis")
        if not np.all(np.isfinite(a)):
            raise NonFiniteActivations(self.layer)
        batch = a.shape[0]
        a = a.reshape(batch, -1, self.units)
        # Sums in float64 over the outputs as they are (float32), as stats.ts sums in doubles.
        self.active += np.any(a > 0, axis=1).sum(axis=0)
        self.mean_abs_sum += np.abs(a).mean(axis=1, dtype=np.float64).sum(axis=0)
        self.max = np.maximum(self.max, a.max(axis=(0, 1)))
        if self.saturated is not None:
            d = a.astype(np.float64)
            derivative = d * (1 - d) if self.family == "sigmoid" else 1 - d * d
            self.saturated += (derivative.mean(axis=1) < self.saturation_below).sum(axis=0)
        self.samples += batch

    def message(self) -> Dict[str, Any]:
        n = max(self.samples, 1)
        return {
            "layer": self.layer,
            "samples": self.samples,
            "active": [int(c) for c in self.active],
            "meanAbs": [float(s) / n for s in self.mean_abs_sum],
            "max": [float(m) for m in self.max],
            "saturated": None if self.saturated is None else [int(c) for c in self.saturated],
        }


def never_active(measures: List[Dict[str, Any]], can_die: Set[str]) -> Dict[str, List[int]]:
    """Per layer whose units can die, the units active on no probe sample (ReDo's reset set)."""
    return {m["layer"]: [u for u, count in enumerate(m["active"]) if count == 0] for m in measures if m["layer"] in can_die and 0 in m["active"]}
