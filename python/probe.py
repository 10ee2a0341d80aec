"""Says what a Python interpreter can run, as one JSON line on stdout, without importing a framework.

Run by the extension and the CLI to choose a runner: the interpreter's path and version, and the
installed version of each deep-learning package a scan can watch (None when it is missing).
Standard library only, Python 3.9+.
"""

import importlib.metadata
import importlib.util
import json
import sys
from typing import Dict, Optional, Tuple

# Module name -> distributions that provide it, most likely first.
PACKAGES: Dict[str, Tuple[str, ...]] = {
    "tensorflow": ("tensorflow", "tensorflow-cpu", "tensorflow-gpu", "tensorflow-macos", "tf-nightly"),
    "keras": ("keras", "keras-nightly"),
    "tf_keras": ("tf-keras", "tf_keras"),
    "torch": ("torch",),
    "jax": ("jax",),
}


def installed_version(module: str) -> Optional[str]:
    if importlib.util.find_spec(module) is None:
        return None
    for dist in PACKAGES[module]:
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            continue
    return "unknown"


def main() -> None:
    info = {
        "executable": sys.executable,
        "version": ".".join(str(part) for part in sys.version_info[:3]),
        "packages": {module: installed_version(module) for module in PACKAGES},
    }
    sys.stdout.write(json.dumps(info) + "\n")


if __name__ == "__main__":
    main()
