"""The child's entry: opens the channel, waits for `start`, attaches the scan to Keras as the
script imports it, and runs the script."""

from __future__ import annotations

import os
import random
import signal
import sys
from typing import Any, Dict, List, Optional

from .channel import Channel, ChannelError
from .import_hooks import patch_on_import
from .session import Session

USAGE = "usage: run_script.py FILE [ARGS...] (started by Dying Neurons with its channel; see python/PROTOCOL.md)\n"


def _start_options(message: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    if not message or message.get("type") != "start" or not isinstance(message.get("options"), dict):
        return None
    options = message["options"]
    valid = (
        isinstance(options.get("probe"), int)
        and options["probe"] > 0
        and isinstance(options.get("seed"), int)
        and isinstance(options.get("thresholds"), dict)
        and isinstance(options["thresholds"].get("saturationDerivative"), (int, float))
        and isinstance(options.get("families"), dict)
        and all(isinstance(k, str) and v in ("relu", "sigmoid", "tanh") for k, v in options["families"].items())
        and (options.get("dieable") is None or (isinstance(options["dieable"], list) and all(isinstance(n, str) for n in options["dieable"])))
    )
    return options if valid else None


def _attach(session: Session) -> None:
    def keras(module: Any) -> None:
        from .keras_hooks import patch_keras
        from .scan_fit import FitScan

        patch_keras(module, session, FitScan(session))
        seed = getattr(getattr(module, "utils", None), "set_random_seed", None)
        if seed is not None:
            seed(int(session.options["seed"]))

    def tensorflow(module: Any) -> None:
        from .keras_hooks import patch_tensorflow

        patch_tensorflow(module, session)

    def torch(module: Any) -> None:
        # Keras on its PyTorch backend imports torch: then Keras's fit is what is scanned.
        if "keras" not in sys.modules:
            from .torch_hooks import patch_torch

            patch_torch(module, session)

    patch_on_import({"keras": keras, "tf_keras": keras, "tensorflow": tensorflow, "torch": torch})


def _parent_gone(session: Session) -> None:
    """Nobody is left to report to, nor to end the script's own children: leaves with the whole
    process group when this process leads one (the parent spawns it so), else alone. After the
    last message the parent closes the channel itself: the main thread is already leaving."""
    if session.ending:
        return
    if os.getpgrp() == os.getpid():
        os.killpg(os.getpid(), signal.SIGKILL)
    os._exit(0)


def main(argv: List[str]) -> None:
    if not argv:
        sys.stderr.write(USAGE)
        sys.exit(2)
    try:
        channel = Channel.from_environment()
    except ChannelError as error:
        sys.stderr.write(f"dying-neurons: {error}\n{USAGE}")
        sys.exit(2)
    start = channel.receive()
    if start is None:
        os._exit(0)  # the parent went away before starting the scan
    options = _start_options(start)
    if options is None:
        channel.send({"type": "error", "code": "worker-crashed", "message": f"The scan got an invalid start message: {str(start)[:200]}", "position": None})
        os._exit(0)
    session = Session(channel, options, argv[0])
    # The parent gone means nobody is left to report to: never outlive it.
    channel.listen(session.on_parent_message, closed=lambda: _parent_gone(session))
    random.seed(int(options["seed"]))
    _attach(session)
    from .script import run

    run(session, argv[0], argv[1:])
