"""The callback the scan adds to the user's fit, as src/worker/trainingWatch.ts: progress
(throttled), the unit checks during training (early in epoch 1, every N batches, each epoch end),
the epoch history, NaN loss, cancel, and ReDo revives (asked by the parent, or every N steps)."""

from __future__ import annotations

import math
import time
from typing import Any, Callable, Dict, List, Optional

from .frameworks import Framework
from .model_graph import Monitored
from .probe import Probe
from .revive import Reviver
from .session import Session

PROGRESS_INTERVAL_S = 0.1
EARLY_FRACTION = 0.1
EARLY_MAX_BATCH = 100
# When the number of batches per epoch is unknown (a dataset of unknown size).
EARLY_BATCH_UNKNOWN = 10


def _number(value: Any) -> Optional[float]:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number


def metrics_of(logs: Optional[Dict[str, Any]]) -> Dict[str, float]:
    metrics: Dict[str, float] = {}
    for name, value in (logs or {}).items():
        number = _number(value)
        if name not in ("loss", "batch", "size") and number is not None and math.isfinite(number):
            metrics[name] = number
    return metrics


class Watch:
    def __init__(
        self,
        session: Session,
        probe: Probe,
        monitored: List[Monitored],
        reviver: Reviver,
        epochs: int,
        batches: int,
        initial_epoch: int,
        crash: Callable[[BaseException], None],
    ) -> None:
        self.session = session
        self.probe = probe
        self.monitored = monitored
        self.reviver = reviver
        self.epochs = epochs
        self.batches = batches
        self.initial_epoch = initial_epoch
        self.crash = crash
        self.step = 0
        self._epoch_start = 0
        self._early_done = False
        self.epoch = 0
        self.nan_at: Optional[str] = None
        self._last_progress = -math.inf
        # Layers whose never-active units are dead (ReLU, not LeakyReLU/ELU…: those still get gradient).
        # The parent's `dieable` names the activations; without it every ReLU-family layer counts.
        dieable = session.options.get("dieable")
        self._can_die = {m.name for m in monitored if m.family == "relu" and (dieable is None or m.activation in dieable)}
        # math.floor(x + 0.5) is JavaScript's Math.round (Python's round halves to even).
        self.early_batch = min(EARLY_MAX_BATCH, max(1, math.floor(batches * EARLY_FRACTION + 0.5))) if batches > 0 else EARLY_BATCH_UNKNOWN

    @property
    def halted(self) -> bool:
        return self.nan_at is not None or self.session.cancelled.is_set()

    def check(self, kind: str, label: str, epochs_done: int) -> List[Dict[str, Any]]:
        """Measures every monitored unit now and sends the raw counts."""
        layers = self.probe.measure(self.monitored, float(self.session.options["thresholds"]["saturationDerivative"]))
        self.session.send_measures(kind, label, epochs_done, self.step, self.probe.samples, layers)
        return layers

    def _revive(self, measured: List[Dict[str, Any]], label: str, request: Optional[Dict[str, List[int]]], asked: bool) -> None:
        self.session.revive_dead(self.reviver, measured, self._can_die, (label, self.step), request, asked)

    # ---- Keras callback events ------------------------------------------------------------

    def epoch_begin(self, epoch: int) -> None:
        self.epoch = epoch - self.initial_epoch
        self._epoch_start = self.step

    def batch_end(self, model: Any, batch: int, logs: Optional[Dict[str, Any]]) -> None:
        # With steps_per_execution > 1 Keras reports every Nth batch: steps come from its index.
        previous, self.step = self.step, self._epoch_start + batch + 1

        def crossed(every: int) -> bool:
            return every > 0 and self.step // every > previous // every

        loss = _number((logs or {}).get("loss"))
        if loss is not None and not math.isfinite(loss):
            if self.nan_at is None:
                self.nan_at = f"epoch {self.epoch + 1} batch {batch + 1}"
            model.stop_training = True
            return
        last_of_epoch = self.batches > 0 and batch + 1 >= self.batches
        now = time.monotonic()
        if loss is not None and (last_of_epoch or now - self._last_progress >= PROGRESS_INTERVAL_S):
            self._last_progress = now
            self.session.send(
                {
                    "type": "progress",
                    "epoch": self.epoch + 1,
                    "epochs": self.epochs,
                    "batch": batch + 1,
                    "batches": self.batches,
                    "loss": loss,
                    "metrics": metrics_of(logs),
                }
            )
        if self.session.cancelled.is_set():
            model.stop_training = True
        if self.halted:
            return
        label = f"epoch {self.epoch + 1} batch {batch + 1}"
        check_every = int(self.session.options.get("checkEvery") or 0)
        measured: Optional[List[Dict[str, Any]]] = None
        # After an epoch's last batch the epoch-end check follows.
        early = not self._early_done and self.epoch == 0 and batch + 1 >= self.early_batch
        self._early_done = self._early_done or early
        if not last_of_epoch and early:
            measured = self.check("early", label, 0)
        elif not last_of_epoch and crossed(check_every):
            measured = self.check("batch", label, self.epoch)
        revive_every = int(self.session.options.get("reviveEvery") or 0)
        requests = self.session.take_revive_requests()
        scheduled = crossed(revive_every)
        if requests or scheduled:
            measured = measured or self.check("batch", label, self.epoch)
            for request in requests or [None]:
                self._revive(measured, label, request, asked=bool(requests))

    def epoch_end(self, epoch: int, logs: Optional[Dict[str, Any]]) -> None:
        if self.halted:
            return
        done = epoch - self.initial_epoch + 1
        self.session.epochs_run = done
        loss = _number((logs or {}).get("loss"))
        if loss is not None and math.isfinite(loss):
            self.session.history.append({"epoch": done, "loss": loss, "metrics": metrics_of(logs)})
        self.check("epoch", f"epoch {done}", done)


def monitor_callback(framework: Framework, watch: Watch) -> Any:
    """A callback object of the script's own Keras that forwards its events to `watch`."""

    def guarded(event: Callable[..., None]) -> Callable[..., None]:
        def handler(self: Any, *args: Any, **kwargs: Any) -> None:
            try:
                event(self, *args, **kwargs)
            except BaseException as error:  # the scan's own failure ends the scan, not the script's fit
                watch.crash(error)

        return handler

    class DyingNeuronsMonitor(framework.Callback):  # type: ignore[name-defined, misc]
        on_epoch_begin = guarded(lambda self, epoch, logs=None: watch.epoch_begin(epoch))
        on_train_batch_end = guarded(lambda self, batch, logs=None: watch.batch_end(self.model, batch, logs))
        on_epoch_end = guarded(lambda self, epoch, logs=None: watch.epoch_end(epoch, logs))

    return DyingNeuronsMonitor()
