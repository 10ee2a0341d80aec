"""The patches on a loaded PyTorch: every module records where the user constructed it, the model's
top-level calls in training give the probe set (until it is full), `loss.backward()` gives the
loss, the optimizer's global step hooks give the steps, and DataLoader iterators give the epochs
and the --samples cap. No hook is left on module calls while the model trains."""

from __future__ import annotations

import functools
import sys
from typing import Any

from .session import Session
from .torch_scan import MAX_PENDING_LOSSES, LoaderIterator, TorchScan, set_origin

_PATCHED = "_dying_neurons_patched"


def patch_torch(torch: Any, session: Session) -> None:
    Module = torch.nn.Module
    if getattr(Module, _PATCHED, False):
        return
    type.__setattr__(Module, _PATCHED, True)
    torch.manual_seed(int(session.options["seed"]))
    scan = TorchScan(session, torch)
    files = session.files

    def module_new(cls: type, *args: Any, **kwargs: Any) -> Any:
        module = object.__new__(cls)
        # The construction call is the innermost user frame (type.__call__ is not a Python frame).
        set_origin(module, files.stack(sys._getframe(1)))
        return module

    Module.__new__ = staticmethod(module_new)

    original_call = Module.__call__

    @functools.wraps(original_call)
    def call(module: Any, *args: Any, **kwargs: Any) -> Any:
        if scan.depth == 0 and module.training and torch.is_grad_enabled():
            scan.guarded(scan.on_top_level_call, module, args, kwargs, sys._getframe(1))
        scan.depth += 1
        try:
            return original_call(module, *args, **kwargs)
        finally:
            scan.depth -= 1

    def stop_capturing() -> None:
        Module.__call__ = original_call

    Module.__call__ = call
    scan.stop_capturing = stop_capturing

    original_backward = torch.Tensor.backward

    @functools.wraps(original_backward)
    def backward(tensor: Any, *args: Any, **kwargs: Any) -> Any:
        if scan.optimizer is None or len(scan.pending) >= MAX_PENDING_LOSSES:
            scan.guarded(scan.on_backward, tensor, sys._getframe(1))
        else:
            scan.pending.append((tensor, scan.epoch_step))  # read when something is due: see TorchScan.read_losses
        return original_backward(tensor, *args, **kwargs)

    torch.Tensor.backward = backward

    from torch.optim.optimizer import register_optimizer_step_post_hook, register_optimizer_step_pre_hook

    scan.pre_hook = register_optimizer_step_pre_hook(lambda optimizer, args, kwargs: scan.guarded(scan.before_step, optimizer, sys._getframe(1)))
    register_optimizer_step_post_hook(scan.on_step)

    DataLoader = torch.utils.data.DataLoader
    original_iter = DataLoader.__iter__

    @functools.wraps(original_iter)
    def loader_iter(loader: Any) -> Any:
        return LoaderIterator(scan, loader, original_iter(loader))

    DataLoader.__iter__ = loader_iter
    session.on_script_end = lambda: scan.guarded(scan.script_ended)
