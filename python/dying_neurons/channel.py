"""The message channel to the parent: JSON lines on two inherited pipe file descriptors named
by environment variables, so the script's stdout and stderr stay the user's."""

from __future__ import annotations

import json
import math
import os
import threading
from typing import Any, Callable, Dict, Optional

FD_OUT = "DYING_NEURONS_FD_OUT"
FD_IN = "DYING_NEURONS_FD_IN"

Message = Dict[str, Any]


class ChannelError(Exception):
    """The channel is missing or the parent's first message is not a valid `start`."""


def _fd_from_env(name: str) -> int:
    value = os.environ.pop(name, None)
    if value is None or not value.isdigit():
        raise ChannelError(f"{name} must name an open file descriptor (got {value!r})")
    fd = int(value)
    try:
        # The script's own subprocesses must not inherit the channel.
        os.set_inheritable(fd, False)
    except OSError as error:
        raise ChannelError(f"{name}={fd} is not an open file descriptor ({error})") from None
    return fd


def _check_finite(value: Any, path: str = "message") -> None:
    """JSON has no NaN or infinity: a non-finite number here is a bug of the sender."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"non-finite number at {path}")
    if isinstance(value, dict):
        for key, item in value.items():
            _check_finite(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _check_finite(item, f"{path}[{i}]")


class Channel:
    """Writes messages to the parent (thread-safe) and reads the parent's messages."""

    def __init__(self, fd_out: int, fd_in: int) -> None:
        self._out = fd_out
        self._in = os.fdopen(fd_in, "rb", buffering=0)
        self._lock = threading.Lock()
        self._pending = b""

    @classmethod
    def from_environment(cls) -> "Channel":
        return cls(_fd_from_env(FD_OUT), _fd_from_env(FD_IN))

    def send(self, message: Message) -> None:
        _check_finite(message)
        data = (json.dumps(message, allow_nan=False, separators=(",", ":")) + "\n").encode("utf-8")
        with self._lock:
            view = memoryview(data)
            while view:
                try:
                    written = os.write(self._out, view)
                except BrokenPipeError:
                    # The parent is gone: nobody is left to report to.
                    os._exit(1)
                view = view[written:]

    def receive(self) -> Optional[Message]:
        """The parent's next message; None when the parent closed the channel."""
        while b"\n" not in self._pending:
            chunk = self._in.read(65536)
            if not chunk:
                return None
            self._pending += chunk
        line, self._pending = self._pending.split(b"\n", 1)
        try:
            message = json.loads(line)
        except ValueError:
            return {"type": "invalid", "text": line[:200].decode("utf-8", "replace")}
        return message if isinstance(message, dict) else {"type": "invalid", "text": repr(message)[:200]}

    def listen(self, handle: Callable[[Message], None], closed: Callable[[], None]) -> None:
        """Hands every later message to `handle` on a daemon thread; `closed` when the parent goes."""

        def loop() -> None:
            while True:
                message = self.receive()
                if message is None:
                    closed()
                    return
                handle(message)

        threading.Thread(target=loop, name="dying-neurons-channel", daemon=True).start()
