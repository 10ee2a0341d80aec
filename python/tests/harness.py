"""Plays the parent in the tests: spawns the real bootstrap (python/run_script.py) with the two
channel pipes, sends `start`, collects every message, and can answer them (revive, cancel)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from typing import Any, Callable, Dict, List, Optional

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(PYTHON_DIR)
BOOTSTRAP = os.path.join(PYTHON_DIR, "run_script.py")
DATASETS_STUB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "datasets_stub")

# The parent sends the activation-name → family table of src/engine/stats.ts activationFamily
# (keys lowercase without underscores); the tests play the parent, so they send it too.
FAMILIES = {
    "relu": "relu", "relu6": "relu", "elu": "relu", "selu": "relu", "leakyrelu": "relu",
    "sigmoid": "sigmoid", "hardsigmoid": "sigmoid", "tanh": "tanh",
}
# The activations whose never-active units are dead (src/engine/stats.ts dieableActivations).
DIEABLE = ["relu", "relu6", "thresholdedrelu"]
THRESHOLDS = {"dyingRate": 0.01, "tau": 0.025, "saturationDerivative": 0.01, "saturatedFraction": 0.9, "warnFraction": 0.1}

Message = Dict[str, Any]
Send = Callable[[Message], None]


class Run:
    def __init__(self) -> None:
        self.messages: List[Message] = []
        self.returncode: Optional[int] = None
        self.stdout = ""
        self.stderr = ""

    def of(self, kind: str) -> List[Message]:
        return [m for m in self.messages if m["type"] == kind]

    def one(self, kind: str) -> Message:
        found = self.of(kind)
        if len(found) != 1:
            raise AssertionError(f"expected one {kind!r} message, got {len(found)}: {self.summary()}")
        return found[0]

    @property
    def last(self) -> Message:
        return self.messages[-1]

    def layer(self, name: str) -> Message:
        return next(l for l in self.one("started")["model"] if l["name"] == name)

    def measures(self, label: str) -> Dict[str, Message]:
        check = next(m for m in self.of("measures") if m["check"]["label"] == label)
        return {l["layer"]: l for l in check["layers"]}

    def summary(self) -> str:
        kinds = [m["type"] for m in self.messages]
        return f"messages {kinds}, exit {self.returncode}, last {self.messages[-1] if self.messages else None}, stderr tail {self.stderr[-1500:]!r}"


def options(script: str, **overrides: Any) -> Dict[str, Any]:
    base = {
        "file": os.path.abspath(script),
        "probe": 64,
        "seed": 42,
        "backend": "auto",
        "thresholds": THRESHOLDS,
        "families": FAMILIES,
        "dieable": DIEABLE,
    }
    base.update(overrides)
    return base


def scan(
    script: str,
    args: Optional[List[str]] = None,
    on_message: Optional[Callable[[Message, Send], None]] = None,
    cwd: Optional[str] = None,
    env: Optional[Dict[str, str]] = None,
    start: Optional[Message] = None,
    then: Optional[List[Message]] = None,
    close_after_start: bool = False,
    timeout: float = 300,
    **overrides: Any,
) -> Run:
    """Runs `script` under the scan as the TypeScript parent will, and returns what came back.
    `then`: messages sent right after `start`; `on_message(message, send)` may answer any message."""
    child_out_r, child_out_w = os.pipe()  # child → parent
    child_in_r, child_in_w = os.pipe()  # parent → child
    environment = dict(os.environ)
    environment.update(
        {
            "DYING_NEURONS_FD_OUT": str(child_out_w),
            "DYING_NEURONS_FD_IN": str(child_in_r),
            "KERAS_BACKEND": environment.get("KERAS_BACKEND", "tensorflow"),
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "CUDA_VISIBLE_DEVICES": "",
            "PYTHONUNBUFFERED": "1",
        }
    )
    environment.update(env or {})
    process = subprocess.Popen(
        [sys.executable, BOOTSTRAP, script, *(args or [])],
        pass_fds=(child_out_w, child_in_r),
        env=environment,
        cwd=cwd or os.path.dirname(os.path.abspath(script)),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    os.close(child_out_w)
    os.close(child_in_r)
    run = Run()
    to_child = os.fdopen(child_in_w, "w", buffering=1)
    lock = threading.Lock()

    def send(message: Message) -> None:
        with lock:
            try:
                to_child.write(json.dumps(message) + "\n")
                to_child.flush()
            except (BrokenPipeError, ValueError):
                pass

    outputs: Dict[str, str] = {}

    def drain(name: str, stream: Any) -> None:
        outputs[name] = stream.read().decode("utf-8", "replace")

    drains = [threading.Thread(target=drain, args=(n, s), daemon=True) for n, s in (("stdout", process.stdout), ("stderr", process.stderr))]
    for thread in drains:
        thread.start()
    timer = threading.Timer(timeout, lambda: os.killpg(process.pid, 9))
    timer.start()
    try:
        send(start or {"type": "start", "options": options(script, **overrides)})
        for message in then or []:
            send(message)
        if close_after_start:
            to_child.close()
        with os.fdopen(child_out_r, "rb") as from_child:
            for line in from_child:
                message = json.loads(line)
                run.messages.append(message)
                if on_message:
                    on_message(message, send)
        run.returncode = process.wait()
    finally:
        timer.cancel()
        try:
            os.killpg(process.pid, 9)  # nothing of the run may outlive the test
        except ProcessLookupError:
            pass
        process.wait()
        to_child.close()
        for thread in drains:
            thread.join()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    run.stdout, run.stderr = outputs.get("stdout", ""), outputs.get("stderr", "")
    return run
