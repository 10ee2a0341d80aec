"""ReDo in place for PyTorch (Sokar et al., ICML 2023), as revive.py does for Keras: a dead unit of
a Linear or Conv layer gets fresh incoming weights (Kaiming uniform, PyTorch's own default for
these layers) and a zero bias; its outgoing weights in the weight layers that read it (directly,
through pooling, or flattened into a Linear) are zeroed, so the model's output does not change at
the reset; and the optimizer's per-weight state (Adam's exp_avg and exp_avg_sq, momentum buffers)
is zeroed for every weight reset."""

from __future__ import annotations

import math
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from .revive import Reset, revive_units
from .torch_model import TorchModel

REVIVABLE = {"Linear", "Conv1d", "Conv2d", "Conv3d"}


class TorchReviver:
    def __init__(self, torch: Any, model: TorchModel, optimizer: Any) -> None:
        self._torch = torch
        self._model = model
        self._optimizer = optimizer

    def _outgoing(self, name: str, units: Sequence[int]) -> Union[List[Reset], str]:
        consumers = self._model.consumers.get(name, [])
        if not consumers:
            return "no weight layer the scan can follow reads its units"
        resets: List[Reset] = []
        layer_units = int(self._model.by_name[name].weight.shape[0])
        for consumer, flat in consumers:
            module = self._model.by_name[consumer]
            kind = type(module).__name__
            if kind not in REVIVABLE:
                return f"{consumer} ({kind}) reads its units"
            inputs = int(module.weight.shape[1])
            if not flat:
                if inputs != layer_units:
                    return f"{consumer} does not read its units one to one"
                resets.append(Reset(module.weight, 1, units))
            elif kind == "Linear" and inputs % layer_units == 0:
                # torch.flatten of (N, C, …) puts channel c's positions at [c·block, (c+1)·block).
                block = inputs // layer_units
                resets.append(Reset(module.weight, 1, [u * block + i for u in units for i in range(block)]))
            else:
                return f"{consumer} reads them flattened with an unknown layout"
        return resets

    def _resets_for(self, name: str, units: Sequence[int]) -> Union[List[Reset], str]:
        module = self._model.by_name.get(name)
        if module is None:
            return "the model has no such layer"
        kind = type(module).__name__
        if kind not in REVIVABLE or getattr(module, "groups", 1) != 1:
            return f"{kind} layers are not revived"
        if units[-1] >= int(module.weight.shape[0]):
            return f"it has no unit {units[-1]}"
        outgoing = self._outgoing(name, units)
        if isinstance(outgoing, str):
            return outgoing
        fresh = self._torch.empty_like(module.weight)
        self._torch.nn.init.kaiming_uniform_(fresh, a=math.sqrt(5))
        incoming = [Reset(module.weight, 0, units, fresh)]
        if getattr(module, "bias", None) is not None:
            incoming.append(Reset(module.bias, 0, units))
        return incoming + outgoing

    def _apply(self, reset: Reset) -> None:
        def masked(target: Any, fresh: Optional[Any]) -> None:
            index: List[Any] = [slice(None)] * target.dim()
            index[reset.axis] = reset.indices
            target[tuple(index)] = 0 if fresh is None else fresh[tuple(index)]

        with self._torch.no_grad():
            masked(reset.variable, reset.fresh)
            state = self._optimizer.state.get(reset.variable, {}) if self._optimizer is not None else {}
            for value in state.values():
                if isinstance(value, self._torch.Tensor) and tuple(value.shape) == tuple(reset.variable.shape):
                    masked(value, None)

    def revive(self, dead: Dict[str, List[int]]) -> Tuple[Dict[str, List[int]], List[Tuple[str, str]]]:
        """Revives the given units per layer name; returns what was revived and what was skipped (with why)."""
        return revive_units(dead, self._resets_for, self._apply)
