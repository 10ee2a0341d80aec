"""The expectations test/unit/keras-datasets.test.ts asserts the scan's reader of Keras's cache
against (test/fixtures/keras_cache_expected.json) are what Keras 3's own load_data returns on the
same small files (test/fixtures/keras_cache.py): Keras's get_file is pointed at the file, as the
hash it checks before a download only holds for the published files."""

from __future__ import annotations

import importlib
import json
import os
import runpy
import tempfile
import unittest
from unittest import mock

from harness import REPO

FIXTURES = os.path.join(REPO, "test", "fixtures")


class KerasCacheReferenceTest(unittest.TestCase):
    def test_load_data_returns_the_expectations(self) -> None:
        with open(os.path.join(FIXTURES, "keras_cache_expected.json")) as handle:
            cases = json.load(handle)["cases"]
        maker = runpy.run_path(os.path.join(FIXTURES, "keras_cache.py"))
        with tempfile.TemporaryDirectory() as home:
            datasets = os.path.join(home, "datasets")
            os.makedirs(datasets)
            maker["small"](datasets)
            for case in cases:
                module = importlib.import_module(f"keras.src.datasets.{case['dataset']}")
                path = os.path.join(datasets, f"{case['dataset']}.npz")
                with self.subTest(dataset=case["dataset"], args=case["args"]), mock.patch.object(module, "get_file", lambda *a, _p=path, **k: _p):
                    (x_train, y_train), (x_test, y_test) = module.load_data(**case["args"])
                    self.assertEqual([v.tolist() for v in (x_train, y_train, x_test, y_test)], case["expected"])


if __name__ == "__main__":
    unittest.main()
