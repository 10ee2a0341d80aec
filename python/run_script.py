"""Dying Neurons' bootstrap: `python run_script.py FILE [ARGS...]` runs FILE as `python FILE`
would, with the scan attached (the contract is python/PROTOCOL.md). This folder is sys.path[0]
only while the package is imported: running the script makes the script's folder sys.path[0]."""

import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
if sys.path[:1] != [_here]:
    sys.path.insert(0, _here)
from dying_neurons.main import main  # noqa: E402

main(sys.argv[1:])
