"""The state of one scan in the child: the options, the channel, the parent's requests (cancel,
revive), and the one way a scan ends — its last message (`done` or `error`), the user's output
flushed, and the process gone (code after the scanned fit never runs)."""

from __future__ import annotations

import os
import sys
import threading
from typing import Any, Callable, Dict, List, NoReturn, Optional, Protocol, Set, Tuple

from .channel import Channel, Message
from .positions import SourceRange, UserFiles


class Revives(Protocol):
    """A framework's ReDo: revives the units asked for; returns those revived and (layer, why) for layers it cannot."""

    def revive(self, dead: Dict[str, List[int]]) -> Tuple[Dict[str, List[int]], List[Tuple[str, str]]]: ...


class Session:
    def __init__(self, channel: Channel, options: Dict[str, Any], script: str) -> None:
        self.channel = channel
        self.options = options
        self.families: Dict[str, str] = options["families"]
        self.files = UserFiles(script, options.get("sourceText"))
        # What the user calls the code that runs, in messages: a notebook's code cells run as one program.
        self.program = "notebook" if script.lower().endswith(".ipynb") else "script"
        self.cancelled = threading.Event()
        # Set (on the channel's thread) when a cancel or a revive request arrives: a loop that looks
        # at the parent's requests only when one is due reads this plain flag at each step.
        self.requested = False
        self.training = False
        self.fit_claimed = False
        # --max-fits: the fits to scan, in the order they run (the code between two of them runs for real).
        self.max_fits = int(options.get("maxFits") or 1)
        self.fits_done = 0
        self.epochs_run = 0
        self.history: List[Dict[str, Any]] = []
        self._checks = 0  # checks sent so far: the next one's index
        self.revived: Dict[str, List[int]] = {}
        self._unrevivable: Set[str] = set()
        self._revive_requests: List[Optional[Dict[str, List[int]]]] = []
        self._lock = threading.Lock()
        # Taken by the first end and never released: a second end (cancel racing the end of
        # training) waits there until the process is gone, so exactly one last message goes out.
        self._ending = threading.Lock()
        # What the script did instead of fit, when it is visible (e.g. a GradientTape loop).
        self.instead: Optional[Tuple[str, Optional[SourceRange]]] = None
        # A framework scanned without fit (PyTorch) ends the scan here when the script returns.
        self.on_script_end: Optional[Callable[[], None]] = None

    def line_note(self, where: Optional[SourceRange], text: str = " (line {})") -> str:
        """`text` with the line of `where`, for a message at `where`; '' in a notebook, whose program
        lines are not its cells' (the message's position names the cell and the line in it)."""
        return text.format(where["line"]) if where and self.program == "script" else ""

    # ---- messages -----------------------------------------------------------------------

    def send(self, message: Message) -> None:
        self.channel.send(message)

    def log(self, text: str, level: str = "info") -> None:
        self.send({"type": "log", "level": level, "text": text})

    def send_measures(self, kind: str, label: str, epoch: int, step: int, probe_samples: int, layers: List[Dict[str, Any]]) -> None:
        """One check's raw per-unit measures; checks are numbered in the order they are sent."""
        check = {"index": self._checks, "kind": kind, "epoch": epoch, "step": step, "label": label, "probeSamples": probe_samples}
        self._checks += 1
        self.send({"type": "measures", "check": check, "layers": layers})

    def note(self, code: str, message: str, position: Optional[SourceRange]) -> None:
        """An information diagnostic that does not end the scan."""
        self.send({"type": "note", "severity": "information", "code": code, "message": message, "position": position})

    # ---- the parent's requests (called on the channel's thread) -------------------------

    def on_parent_message(self, message: Message) -> None:
        kind = message.get("type")
        if kind == "cancel":
            self.cancel()
        elif kind == "revive":
            layers = message.get("layers")
            valid = isinstance(layers, dict) and all(
                isinstance(k, str) and isinstance(v, list) and all(type(u) is int and u >= 0 for u in v) for k, v in layers.items()
            )
            if layers is not None and not valid:
                self.log(f"ignored an invalid revive message: {str(message)[:200]}", "warn")
                return
            with self._lock:
                self._revive_requests.append(layers if valid else None)
            self.requested = True
        else:
            self.log(f"ignored an invalid message: {str(message)[:200]}", "warn")

    def cancel(self) -> None:
        self.cancelled.set()
        self.requested = True
        if not self.training:
            # Nothing to stop cleanly (the script is loading data or building its model): end now.
            self.end("cancelled")

    def take_revive_requests(self) -> List[Optional[Dict[str, List[int]]]]:
        if not self._revive_requests:
            return []  # every step asks: no lock when nothing is pending (a request seen late waits one step)
        with self._lock:
            requests, self._revive_requests = self._revive_requests, []
        return requests

    def record_revived(self, layer: str, units: List[int]) -> None:
        self.revived[layer] = sorted(set(self.revived.get(layer, [])) | set(units))

    def revive_dead(self, reviver: Revives, measured: List[Dict[str, Any]], can_die: Set[str], at: Tuple[str, int], request: Optional[Dict[str, List[int]]], asked: bool) -> None:
        """One ReDo at check `at` (label, step): the units the parent asked for, else those never active in a layer whose activation can die."""
        from .measure import never_active  # numpy: imported only once a framework trains

        dead = request if request is not None else never_active(measured, can_die)
        revived, skipped = reviver.revive(dead)
        self.report_revive(revived, skipped, at[0], at[1], asked)

    def report_revive(self, revived: Dict[str, List[int]], skipped: List[Tuple[str, str]], label: str, step: int, asked: bool) -> None:
        """Records and tells the parent what one ReDo did: the units revived, and (once per layer) why a layer could not be."""
        for layer, units in revived.items():
            self.record_revived(layer, units)
        for layer, reason in skipped:
            if layer not in self._unrevivable:
                self.log(f"Cannot revive the dead units of {layer} in place: {reason}.", "warn")
            self._unrevivable.add(layer)
        count = sum(len(u) for u in revived.values())
        if count > 0:
            listed = ", ".join(f"{layer} {len(units)}" for layer, units in revived.items())
            self.send({"type": "revived", "label": label, "step": step, "layers": revived})
            self.log(f"Revived {count} dead unit{'' if count == 1 else 's'} at {label}: {listed}.")
        elif asked:
            self.log(f"No dead units to revive at {label}.")

    # ---- ends ---------------------------------------------------------------------------

    @property
    def ending(self) -> bool:
        """Whether the scan's last message is going out (the process leaves right after)."""
        return self._ending.locked()

    def fit_ended(self) -> None:
        """A scanned fit ended: with --max-fits fits scanned (or a cancel) the scan ends here; before
        that, the fit's epochs go to the parent and the script goes on to its next fit."""
        self.fits_done += 1
        if self.cancelled.is_set():
            self.end("cancelled")
        if self.fits_done >= self.max_fits:
            self.end("completed")
        self.send({"type": "fitEnded", "epochsRun": self.epochs_run, "history": self.history})
        self.epochs_run = 0
        self.history = []
        self._checks = 0
        self.fit_claimed = False

    def end(self, status: str) -> NoReturn:
        self._last({"type": "done", "status": status, "epochsRun": self.epochs_run, "history": self.history, "revived": self.revived})

    def fail(self, code: str, message: str, position: Optional[SourceRange]) -> NoReturn:
        self._last({"type": "error", "code": code, "message": message, "position": position})

    def _last(self, message: Message) -> NoReturn:
        self._ending.acquire()
        self.send(message)
        exit_quietly()


def exit_quietly() -> NoReturn:
    """Leaves without running the rest of the script: the user's output is flushed and the
    processes it started through multiprocessing (data loader workers) are stopped, nothing else."""
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except Exception:  # a closed or replaced stream: nothing to flush
            pass
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is not None:
        for child in multiprocessing.active_children():
            child.terminate()
    os._exit(0)
