"""The Keras flavours the scan attaches to — Keras 3 (`keras`, on any backend; `tf.keras` is the
same module under TensorFlow 2.16+) and Keras 2 (`tf_keras`) — and what the scan needs of each."""

from __future__ import annotations

import platform
import sys
from typing import Any, Dict

import numpy as np


class Framework:
    def __init__(self, module: Any) -> None:
        self.module = module
        self.name = module.__name__
        self.version = str(getattr(module, "__version__", "unknown"))
        self.Layer = module.layers.Layer
        self.Model = module.Model
        self.Callback = module.callbacks.Callback

    @property
    def backend(self) -> str:
        if self.name == "tf_keras":
            return "tensorflow"
        return str(self.module.backend.backend())

    def to_numpy(self, tensor: Any) -> np.ndarray:
        convert = getattr(getattr(self.module, "ops", None), "convert_to_numpy", None)
        if convert is not None:
            return np.asarray(convert(tensor))
        return np.asarray(tensor.numpy() if hasattr(tensor, "numpy") else tensor)

    def device(self) -> str:
        """The device training runs on ('CPU', 'GPU:0'), as the backend places it by default."""
        backend = self.backend
        try:
            if backend == "tensorflow":
                import tensorflow as tf

                return "GPU:0" if tf.config.list_logical_devices("GPU") else "CPU"
            if backend == "torch":
                import torch

                return "GPU:0" if torch.cuda.is_available() else "CPU"
            if backend == "jax":
                import jax

                device = jax.devices()[0]
                return "CPU" if device.platform == "cpu" else f"{device.platform.upper()}:{device.id}"
        except Exception:  # a backend that cannot list its devices trains on its default one
            pass
        return "CPU"

    def describe(self) -> Dict[str, Any]:
        return {
            "runner": "python",
            "framework": "keras",
            "kerasBackend": self.backend,
            "kerasVersion": self.version,
            "device": self.device(),
            "python": {"executable": sys.executable, "version": platform.python_version()},
        }
