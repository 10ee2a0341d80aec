"""The script runs as `python FILE` would (its `__main__`, argv, sys.path[0], working folder,
own stdout), and every layer's construction site is recorded: through a helper function and a
loop, with the outer frames as callers; before Python 3.11, from the parsed source."""

from __future__ import annotations

import json
import os
import sys
import unittest

import harness
from scripts import ScriptTest

sys.path.insert(0, harness.PYTHON_DIR)
from dying_neurons.positions import UserFiles  # noqa: E402


class AsPythonFileTest(ScriptTest):
    def test_main_module_argv_path_and_folder(self) -> None:
        script = self.write(
            "where.py",
            """
            import json, os, sys
            import neighbour

            seen = {
                "name": __name__, "file": __file__, "spec": __spec__ is None, "builtins": type(__builtins__).__name__,
                "argv": sys.argv, "path0": sys.path[0], "cwd": os.getcwd(), "main": sys.modules["__main__"].seen_marker,
                "neighbour": neighbour.VALUE, "env": sorted(k for k in os.environ if k.startswith("DYING_NEURONS")),
                "preloaded": sorted(m for m in ("keras", "tensorflow", "torch", "numpy") if m in sys.modules),
            }
            print(json.dumps(seen))
            """.replace("seen_marker", "__name__"),
        )
        self.write("neighbour.py", "VALUE = 'beside the script'\n")
        elsewhere = os.path.join(self.folder, "work")
        os.mkdir(elsewhere)
        run = harness.scan(script, args=["--flag", "two words"], cwd=elsewhere)
        self.assertEqual(run.last["code"], "no-fit", run.summary())
        seen = json.loads(run.stdout)
        self.assertEqual(
            seen,
            {
                "name": "__main__", "file": script, "spec": True, "builtins": "module", "argv": [script, "--flag", "two words"],
                "path0": self.folder, "cwd": elsewhere, "main": "__main__", "neighbour": "beside the script", "env": [],
                "preloaded": [],
            },
        )

    def test_source_text_runs_instead_of_the_file(self) -> None:
        script = self.write("edited.py", "print('on disk')\n")
        run = harness.scan(script, sourceText="print('edited')\n\nraise ValueError('from the edit')\n")
        self.assertEqual(run.stdout, "edited\n")
        self.assertEqual((run.last["message"], run.last["position"]["line"], run.last["position"]["file"]), ("ValueError: from the edit", 3, script))

    def test_a_notebook_without_fit_says_notebook(self) -> None:
        # The parent runs a notebook's code cells as one program, under the notebook's path.
        notebook = self.write("train.ipynb", "{}")
        run = harness.scan(notebook, sourceText="print('cell one')\n")
        self.assertEqual((run.last["code"], run.last["message"]), ("no-fit", "The notebook ended without calling model.fit(): there was nothing to scan."))
        # The exit's position is the program's line 2 (the parent maps it to its cell): no program line in the text.
        exited = harness.scan(notebook, sourceText="import sys\nsys.exit(0)\n").last
        self.assertEqual(
            (exited["message"], exited["position"]["line"]),
            ("The notebook exited (sys.exit) before calling model.fit(): there was nothing to scan.", 2),
        )
        script = self.write("train.py", "print('cell one')\n")
        self.assertEqual(harness.scan(script).last["message"], "The script ended without calling model.fit(): there was nothing to scan.")


class ConstructionSiteTest(ScriptTest):
    def test_helper_function_loop_and_training_sites(self) -> None:
        self.write_arrays()
        script = self.write(
            "helpers.py",
            """
            import numpy as np
            from keras import Input, Sequential, layers


            def block(units):
                return layers.Dense(units, activation="relu")


            model = Sequential([Input(shape=(8,))])
            for units in (6, 5):
                model.add(block(units))
            model.add(layers.Dense(2, activation="softmax"))
            model.compile(
                optimizer="adam",
                loss="sparse_categorical_crossentropy",
            )
            data = np.load("data.npz")
            model.fit(data["x"], data["y"], epochs=1, verbose=0)
            """,
        )
        run = harness.scan(script, probe=10, samples=20)
        self.assertEqual(run.last["type"], "done", run.summary())
        model = run.one("started")["model"]
        inner = self.line_of(script, "return layers.Dense")
        outer = self.line_of(script, "model.add(block(units))")
        site = {"file": script, "line": inner, "column": 12, "endLine": inner, "endColumn": 12 + len('layers.Dense(units, activation="relu")')}
        caller = {"file": script, "line": outer, "column": 15, "endLine": outer, "endColumn": 15 + len("block(units)"), "functionName": "block"}
        self.assertEqual([(l["location"], l["callers"]) for l in model[:2]], [(site, [caller]), (site, [caller])])
        last = self.line_of(script, "model.add(layers.Dense(2")
        self.assertEqual((model[2]["location"]["line"], model[2]["location"]["column"], model[2]["callers"]), (last, 11, []))
        training = run.one("started")["training"]
        compile_line = self.line_of(script, "model.compile(")
        self.assertEqual(training["compile"], {"file": script, "line": compile_line, "column": 1, "endLine": compile_line + 3, "endColumn": 2})
        fit_line = self.line_of(script, "model.fit(")
        self.assertEqual(training["fit"], {"file": script, "line": fit_line, "column": 1, "endLine": fit_line, "endColumn": 53})

    def test_before_python_3_11_the_call_comes_from_the_parsed_source(self) -> None:
        path = self.write("old.py", "x = 1\nmodel.add(layers.Dense(\n    4, activation=f('relu')))\nprint(x)\n")
        files = UserFiles(path)
        self.assertEqual(files.range_of_line(path, 2), {"file": path, "line": 2, "column": 1, "endLine": 3, "endColumn": 30})
        self.assertEqual(files.range_of_line(path, 1), {"file": path, "line": 1, "column": 1, "endLine": 1, "endColumn": 6})


if __name__ == "__main__":
    unittest.main()
