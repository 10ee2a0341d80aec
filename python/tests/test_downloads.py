"""A download of the script's with no network (urllib, keras.utils.get_file, a helper module's
urlopen) is a script error at the script's call that names the URL and says the network is missing;
an error that only looks like a network one keeps its own message. The URLs name a host under
.invalid, which never resolves (RFC 6761): each lookup fails at once, network or not."""

from __future__ import annotations

import unittest

import harness
from scripts import ScriptTest

HINT = "The scan runs the script as written, downloads included: save the file once where there is a network and load it from disk."
NOT_FOUND = "the host was not found — no network, or a wrong address ([Errno -2] Name or service not known)"


class DownloadTest(ScriptTest):
    def error_of(self, script: str) -> harness.Message:
        run = harness.scan(script, timeout=120)
        self.assertEqual(run.last["type"], "error", run.summary())
        self.assertNotIn("Traceback", run.stderr)
        return run.last

    def test_urlretrieve_in_the_script(self) -> None:
        script = self.write(
            "fetch.py",
            """
            import urllib.request

            URL = "https://example.invalid/data.npz"
            urllib.request.urlretrieve(URL, "data.npz")
            """,
        )
        error = self.error_of(script)
        self.assertEqual(
            (error["code"], error["message"]), ("script-error", f"The download of https://example.invalid/data.npz failed: {NOT_FOUND}. {HINT}")
        )
        self.assertEqual(error["position"], {"file": script, "line": 4, "column": 1, "endLine": 4, "endColumn": 44})

    def test_urlopen_in_a_helper_module(self) -> None:
        helper = self.write(
            "download.py",
            """
            from urllib.request import Request, urlopen


            def fetch(path):
                return urlopen(Request("https://example.invalid/" + path)).read()
            """,
        )
        script = self.write("train.py", "import download\n\nrows = download.fetch('rows.csv')\n")
        error = self.error_of(script)
        self.assertEqual(error["message"], f"The download of https://example.invalid/rows.csv failed: {NOT_FOUND}. {HINT}")
        self.assertEqual(error["position"], {"file": helper, "line": 5, "column": 12, "endLine": 5, "endColumn": 63})

    def test_keras_get_file(self) -> None:
        script = self.write(
            "get_file.py",
            """
            import keras

            path = keras.utils.get_file("data.npz", origin="https://example.invalid/files/data.npz", cache_dir=".")
            """,
        )
        error = self.error_of(script)
        self.assertEqual(error["message"], f"The download of https://example.invalid/files/data.npz failed: {NOT_FOUND}. {HINT}")
        self.assertEqual(error["position"], {"file": script, "line": 3, "column": 8, "endLine": 3, "endColumn": 104})

    def test_a_connection_error_of_the_scripts_own_keeps_its_message(self) -> None:
        script = self.write("refused.py", "url = 'https://example.invalid/'\nraise ConnectionRefusedError('the queue is closed')\n")
        error = self.error_of(script)
        self.assertEqual((error["code"], error["message"]), ("script-error", "ConnectionRefusedError: the queue is closed"))
        self.assertEqual((error["position"]["line"], error["position"]["column"]), (2, 1))


if __name__ == "__main__":
    unittest.main()
