"""Writes the tests' small training scripts and their data (numpy arrays, a CSV file) into a
temporary folder; the scripts are text with exact lines, so tests can assert positions."""

from __future__ import annotations

import os
import tempfile
import textwrap
import unittest
from typing import Dict

import numpy as np


class ScriptTest(unittest.TestCase):
    """A test case with its own temporary folder of scripts and data."""

    def setUp(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="dying-neurons-test-")
        self.folder = self._folder.name
        self.addCleanup(self._folder.cleanup)

    def write(self, name: str, text: str) -> str:
        path = os.path.join(self.folder, name)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(textwrap.dedent(text).lstrip("\n"))
        return path

    def write_arrays(self, name: str = "data.npz", rows: int = 300, features: int = 8, seed: int = 0) -> str:
        """x: `rows` × `features` floats in [0, 1); y: 1 where a row's sum exceeds half its features."""
        rng = np.random.default_rng(seed)
        x = rng.random((rows, features)).astype("float32")
        y = (x.sum(axis=1) > features / 2).astype("int32")
        path = os.path.join(self.folder, name)
        np.savez(path, x=x, y=y)
        return path

    def position(self, path: str, line: int, text: str, occurrence: int = 0) -> Dict[str, int]:
        """1-based line and column of the `occurrence`-th `text` on `line` of the script."""
        with open(path, encoding="utf-8") as handle:
            source = handle.read().splitlines()[line - 1]
        at = -1
        for _ in range(occurrence + 1):
            at = source.index(text, at + 1)
        return {"line": line, "column": at + 1}

    def line_of(self, path: str, text: str) -> int:
        with open(path, encoding="utf-8") as handle:
            for number, source in enumerate(handle.read().splitlines(), 1):
                if text in source:
                    return number
        raise AssertionError(f"{text!r} not in {path}")
