"""The patches on a loaded Keras: every layer records where the user constructed it, `compile`
where the model was compiled, `fit` runs under the scan, and layer calls report their outputs to
the probe pass in progress (none while the model trains)."""

from __future__ import annotations

import functools
import sys
from typing import Any, Callable, Dict, List, Optional, Tuple

from .frameworks import Framework
from .positions import SourceRange
from .session import Session

_ORIGIN = "_dying_neurons_origin"
_COMPILE_SITE = "_dying_neurons_compile_site"
_PATCHED = "_dying_neurons_patched"

Recorder = Callable[[Any, Tuple[Any, ...], Dict[str, Any], Any], None]
# The probe pass in progress, if any: told about every layer call.
_recorders: List[Recorder] = []


class recording:
    """`with recording(recorder):` every layer call in the block reports to `recorder`."""

    def __init__(self, recorder: Recorder) -> None:
        self._recorder = recorder

    def __enter__(self) -> None:
        _recorders.append(self._recorder)

    def __exit__(self, *exc: Any) -> None:
        _recorders.remove(self._recorder)


def origin_of(layer: Any) -> Tuple[Optional[SourceRange], List[SourceRange]]:
    return getattr(layer, _ORIGIN, (None, []))


def compile_site_of(model: Any) -> Optional[SourceRange]:
    return getattr(model, _COMPILE_SITE, None)


def patch_keras(module: Any, session: Session, scan_fit: Callable[..., Any]) -> None:
    framework = Framework(module)
    Layer, Model = framework.Layer, framework.Model
    if getattr(Model, _PATCHED, False):  # tf.keras and keras are one Keras 3
        return
    type.__setattr__(Model, _PATCHED, True)
    files = session.files

    original_new = Layer.__dict__.get("__new__")
    new = original_new.__func__ if isinstance(original_new, staticmethod) else None

    def layer_new(cls: type, *args: Any, **kwargs: Any) -> Any:
        if new is not None:  # Keras 3's Layer.__new__
            layer = new(cls, *args, **kwargs)
        else:  # Keras 2: the next __new__ up the classes (object's takes no arguments)
            parent = super(Layer, cls).__new__
            layer = parent(cls) if parent is object.__new__ else parent(cls, *args, **kwargs)
        # The construction call is the innermost user frame (type.__call__ is not a Python frame).
        object.__setattr__(layer, _ORIGIN, files.stack(sys._getframe(1)))
        return layer

    Layer.__new__ = staticmethod(layer_new)

    original_call = Layer.__call__

    @functools.wraps(original_call)
    def layer_call(self: Any, *args: Any, **kwargs: Any) -> Any:
        outputs = original_call(self, *args, **kwargs)
        for recorder in _recorders:
            recorder(self, args, kwargs, outputs)
        return outputs

    Layer.__call__ = layer_call

    original_compile = Model.compile

    @functools.wraps(original_compile)
    def compile(self: Any, *args: Any, **kwargs: Any) -> Any:
        result = original_compile(self, *args, **kwargs)
        object.__setattr__(self, _COMPILE_SITE, files.site(sys._getframe(1)))
        return result

    Model.compile = compile

    original_fit = Model.fit

    @functools.wraps(original_fit)
    def fit(self: Any, *args: Any, **kwargs: Any) -> Any:
        return scan_fit(framework, self, original_fit, args, kwargs, files.site(sys._getframe(1)))

    Model.fit = fit

    original_train_on_batch = Model.train_on_batch

    @functools.wraps(original_train_on_batch)
    def train_on_batch(self: Any, *args: Any, **kwargs: Any) -> Any:
        if session.instead is None:
            session.instead = ("model.train_on_batch", files.site(sys._getframe(1)))
        return original_train_on_batch(self, *args, **kwargs)

    Model.train_on_batch = train_on_batch


def patch_tensorflow(module: Any, session: Session) -> None:
    """A custom training loop trains without fit: its GradientTape says what the script did instead."""
    tape = getattr(module, "GradientTape", None)
    if tape is None or getattr(tape, _PATCHED, False):
        return
    original_enter = tape.__enter__

    @functools.wraps(original_enter)
    def enter(self: Any) -> Any:
        if session.instead is None:
            session.instead = ("a custom training loop with tf.GradientTape", session.files.site(sys._getframe(1)))
        return original_enter(self)

    tape.__enter__ = enter
    type.__setattr__(tape, _PATCHED, True)
