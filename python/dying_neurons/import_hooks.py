"""Attaches the scan to Keras when the script imports it, without importing it ourselves:
a meta-path finder wraps the loading of `keras` and `tf_keras` (and `tensorflow`, for its
GradientTape) and patches each right after it has loaded."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from typing import Any, Callable, Dict, Optional, Sequence, Set

Patch = Callable[[Any], None]


class _PatchingLoader(importlib.abc.Loader):
    def __init__(self, loader: Any, patch: Patch) -> None:
        self._loader = loader
        self._patch = patch

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> Any:
        return self._loader.create_module(spec)

    def exec_module(self, module: Any) -> None:
        self._loader.exec_module(module)
        self._patch(module)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._loader, name)


class _PatchingFinder(importlib.abc.MetaPathFinder):
    def __init__(self, patches: Dict[str, Patch]) -> None:
        self._patches = patches
        self._searching: Set[str] = set()

    def find_spec(self, name: str, path: Optional[Sequence[str]], target: Any = None) -> Optional[importlib.machinery.ModuleSpec]:
        patch = self._patches.get(name)
        # Another finder that asks the whole meta path (as this one does) must not loop back here.
        if patch is None or name in self._searching:
            return None
        self._searching.add(name)
        try:
            spec = next((s for s in (f.find_spec(name, path, target) for f in sys.meta_path if f is not self and hasattr(f, "find_spec")) if s), None)
        finally:
            self._searching.discard(name)
        if spec is not None and spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _PatchingLoader(spec.loader, patch)
        return spec


def patch_on_import(patches: Dict[str, Patch]) -> None:
    """Runs `patches[name](module)` once the top-level module `name` is imported (now, if it is already)."""
    for name, patch in patches.items():
        if name in sys.modules:
            patch(sys.modules[name])
    sys.meta_path.insert(0, _PatchingFinder({n: p for n, p in patches.items() if n not in sys.modules}))
