"""A PyTorch training loop under the scan. There is no `fit`: a step is an `optimizer.step()` (of
the first optimizer that steps), an epoch ends when the training `DataLoader`'s iterator is
exhausted (without one, every `checkEvery` steps), the model is the module the script calls whose
parameters that optimizer trains, and the probe set is the first `probe` rows of its inputs in
training. The init check measures the weights the model had at its first call, once the probe set
is complete (or a check is due); `--epochs` and `--samples` cap the script's own loop, and the
process ends after the last epoch, so code after the training loop does not run."""

from __future__ import annotations

import ast
import math
import platform
import sys
import time
from types import FrameType
from typing import Any, Dict, List, NoReturn, Optional, Set, Tuple

from .errors import describe as describe_error, explain, is_out_of_memory
from .measure import NonFiniteActivations
from .positions import SourceRange
from .session import Session
from .structure import leaves
from .torch_model import ProbeInputs, TorchModel
from .torch_revive import TorchReviver

PROGRESS_INTERVAL_S = 0.1
EARLY_FRACTION = 0.1
EARLY_MAX_BATCH = 100
EARLY_BATCH_UNKNOWN = 10
# Steps per epoch of a loop that trains without a DataLoader, when --check-every does not say.
STEPS_PER_EPOCH = 100
# Losses held (as tensors) between two reads: a read is one sync with the device, not one per step.
MAX_PENDING_LOSSES = 256
_ORIGIN = "_dying_neurons_origin"


def origin_of(module: Any) -> Tuple[Optional[SourceRange], List[SourceRange]]:
    return getattr(module, _ORIGIN, (None, []))


def set_origin(module: Any, origin: Tuple[Optional[SourceRange], List[SourceRange]]) -> None:
    object.__setattr__(module, _ORIGIN, origin)


def _batch_rows(torch: Any, value: Any) -> Optional[int]:
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], torch.Tensor) and value[0].dim() > 0:
        return int(value[0].shape[0])  # an (inputs, targets) batch: asked every step, so no walk of the leaves
    for leaf in leaves(value if isinstance(value, (list, tuple, dict)) else [value]):
        if isinstance(leaf, torch.Tensor) and leaf.dim() > 0:
            return int(leaf.shape[0])
    return None


class Capture:
    """The first rows of a module's top-level calls in training, and its weights before the first."""

    def __init__(self, module: Any, site: Optional[SourceRange]) -> None:
        self.module = module
        self.site = site
        self.calls = 0
        self.rows = 0
        self.parts: List[Tuple[int, Tuple[Any, ...], Dict[str, Any]]] = []
        self.initial = {k: v.detach().clone() for k, v in module.state_dict().items()}

    def add(self, torch: Any, args: Tuple[Any, ...], kwargs: Dict[str, Any], wanted: int) -> None:
        batch = _batch_rows(torch, [list(args), kwargs])
        if batch is None or self.rows >= wanted:
            return
        take = min(batch, wanted - self.rows)

        def rows(value: Any) -> Any:
            if isinstance(value, dict):
                return {k: rows(v) for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return type(value)(rows(v) for v in value)
            if isinstance(value, torch.Tensor) and value.dim() > 0 and value.shape[0] == batch:
                return value.detach()[:take].clone()
            return value

        self.parts.append((take, rows(args), rows(kwargs)))
        self.rows += take

    def probe(self, torch: Any) -> ProbeInputs:
        def join(values: List[Any], sizes: List[int]) -> Any:
            first = values[0]
            if isinstance(first, dict):
                return {k: join([v[k] for v in values], sizes) for k in first}
            if isinstance(first, (list, tuple)):
                return type(first)(join([v[i] for v in values], sizes) for i in range(len(first)))
            batched = all(isinstance(v, torch.Tensor) and v.dim() > 0 and v.shape[0] == n for v, n in zip(values, sizes))
            return torch.cat(values, 0) if batched and len(values) > 1 else first

        sizes = [p[0] for p in self.parts]
        return ProbeInputs(torch, join([p[1] for p in self.parts], sizes), join([p[2] for p in self.parts], sizes), self.rows)


class LoaderIterator:
    """A DataLoader's iterator, capped at --samples rows, telling the scan each batch and its end."""

    def __init__(self, scan: "TorchScan", loader: Any, inner: Any) -> None:
        self._scan = scan
        self.loader = loader
        self._inner = inner
        self._samples = int(scan.options.get("samples") or 0)
        self._rows = 0
        self.exhausted = False

    def __iter__(self) -> "LoaderIterator":
        return self

    def __len__(self) -> int:
        length = len(self._inner)
        samples = self._samples
        size = getattr(self.loader, "batch_size", None)
        return min(length, math.ceil(samples / size)) if samples and size else length

    def __next__(self) -> Any:
        samples = self._samples
        if samples and self._rows >= samples:
            self._end()
        try:
            batch = next(self._inner)
        except StopIteration:
            self._end()
        if samples:
            self._rows += _batch_rows(self._scan.torch, batch) or 0
        self._scan.last_iterator = self
        return batch

    def _end(self) -> NoReturn:
        self.exhausted = True
        self._scan.guarded(self._scan.loader_exhausted, self)
        raise StopIteration

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class TorchScan:
    def __init__(self, session: Session, torch: Any) -> None:
        self.session = session
        self.torch = torch
        self.options = session.options
        self.files = session.files
        self.probe_size = int(self.options["probe"])
        self.check_every = int(self.options.get("checkEvery") or 0)
        self.revive_every = int(self.options.get("reviveEvery") or 0)
        self.depth = 0
        self.captures: Dict[int, Capture] = {}
        self.capture: Optional[Capture] = None
        self.stop_capturing: Any = None
        self.last_iterator: Optional[LoaderIterator] = None
        self.train_loader: Any = None
        self.backward_site: Optional[SourceRange] = None
        self.optimizer: Any = None
        self.model: Optional[TorchModel] = None
        self.reviver: Optional[TorchReviver] = None
        self.probe: Optional[ProbeInputs] = None
        self.step_site: Optional[SourceRange] = None
        self.started = False
        self.step = 0
        self.epoch_step = 0
        self.epochs = 0
        self.batches = 0
        self.samples = 0
        self.early_batch = EARLY_BATCH_UNKNOWN
        self.losses: List[float] = []
        # Each backward's loss after the first step, with its batch in the epoch, read when a check,
        # a progress message or the epoch's end is due: no sync with the device at each step.
        self.pending: List[Tuple[Any, int]] = []
        # The next step at which anything is due; the steps before it only count (`on_step`).
        self.next_due = 1
        self.pre_hook: Any = None
        self._last_progress = -math.inf
        self._progress_step = 0
        self._progress_due = 1
        self._early_done = False
        self._can_die: Set[str] = set()

    # ---- failures of the scan itself -------------------------------------------------------

    def guarded(self, event: Any, *args: Any) -> Any:
        """Runs one of the scan's events; its failure ends the scan, never back into the script."""
        try:
            return event(*args)
        except Exception as error:
            self.crash(error)

    def crash(self, error: BaseException) -> NoReturn:
        session = self.session
        if isinstance(error, NonFiniteActivations):
            session.fail(
                "nan-loss",
                f"The outputs of {error.layer} became NaN or infinite on the probe set: training diverged. A learning rate that is too high is the usual cause.",
                self.step_site,
            )
        if session.files.innermost_in_traceback(error.__traceback__) is not None or is_out_of_memory(error):
            session.fail(*explain(error, session.files, self.step_site))
        session.fail("worker-crashed", f"The scan failed: {describe_error(error)}", None)

    # ---- before the first step: the model's calls and their inputs ---------------------------

    def on_top_level_call(self, module: Any, args: Tuple[Any, ...], kwargs: Dict[str, Any], frame: Optional[FrameType]) -> None:
        capture = self.captures.get(id(module))
        if capture is None:
            if self.optimizer is not None:
                return  # after the first step only the model's own inputs are kept
            capture = self.captures[id(module)] = Capture(module, self.files.site(frame))
        capture.calls += 1
        capture.add(self.torch, args, kwargs, self.probe_size)
        if self.capture is capture and capture.rows >= self.probe_size:
            self._stop_capturing()

    def _stop_capturing(self) -> None:
        if self.stop_capturing is not None:
            self.stop_capturing()
            self.stop_capturing = None

    def on_backward(self, loss: Any, frame: Optional[FrameType]) -> None:
        """A backward before the first step (or with many losses unread): its loss is read now."""
        if self.backward_site is None:
            self.backward_site = self.files.site(frame)
        self.pending.append((loss, self.epoch_step))
        self.read_losses()

    def read_losses(self) -> None:
        """Reads the pending losses; a NaN one ends the scan at the backward call, naming its batch."""
        pending, self.pending = self.pending, []
        for loss, batch in pending:
            if loss.numel() != 1:
                continue
            value = float(loss.item())
            if not math.isfinite(value):
                where = f"epoch {self.session.epochs_run + 1} batch {batch + 1}"
                self.session.fail(
                    "nan-loss",
                    f"The loss became NaN at {where}: training stopped. A learning rate that is too high is the usual cause.",
                    self.backward_site,
                )
            self.losses.append(value)

    # ---- steps -------------------------------------------------------------------------------

    def before_step(self, optimizer: Any, frame: Optional[FrameType]) -> None:
        if self.optimizer is None:
            self._first_step(optimizer, frame)

    def _first_step(self, optimizer: Any, frame: Optional[FrameType]) -> None:
        trained = {id(p) for group in optimizer.param_groups for p in group["params"]}
        capture = next((c for c in self.captures.values() if any(id(p) in trained for p in c.module.parameters())), None)
        self.step_site = self.files.site(frame)
        if capture is None:
            self.session.fail(
                "unsupported",
                "The scan could not find the model this optimizer trains: it follows the module the script calls (model(x)) in training mode, whose parameters the optimizer updates.",
                self.step_site,
            )
        self.optimizer = optimizer
        self.capture = capture
        self.captures = {id(capture.module): capture}
        if capture.rows >= self.probe_size:
            self._stop_capturing()
        iterator = self.last_iterator
        if iterator is not None and not iterator.exhausted:
            self.train_loader = iterator.loader
            self.batches = len(iterator)
            dataset = getattr(iterator.loader, "dataset", None)
            try:
                self.samples = len(dataset)  # type: ignore[arg-type]
            except TypeError:
                self.samples = 0
            samples = self.options.get("samples")
            self.samples = min(self.samples, samples) if samples and self.samples else self.samples
        loops = _range_loops(self.files, frame)
        if self.train_loader is not None:
            script_epochs = loops[0] if loops else None
        else:
            # Without a DataLoader an epoch is `checkEvery` steps: the loops' steps give their number.
            self.batches = int(self.options.get("checkEvery") or STEPS_PER_EPOCH)
            rows = self.capture.parts[0][0] if self.capture.parts else 0
            self.samples = rows * self.batches
            script_epochs = math.ceil(math.prod(loops) / self.batches) if loops else None
        epochs = self.options.get("epochs")
        self.epochs = min(epochs, script_epochs) if epochs and script_epochs else (epochs or script_epochs or 0)
        self.early_batch = min(EARLY_MAX_BATCH, max(1, math.floor(self.batches * EARLY_FRACTION + 0.5))) if self.batches > 0 else EARLY_BATCH_UNKNOWN
        self.session.training = True

    def on_step(self, optimizer: Any, args: Any, kwargs: Any) -> None:
        """The optimizer's post-step hook: a step before the next due one is only counted."""
        step = self.step + 1
        if step < self.next_due and optimizer is self.optimizer and not self.session.requested:
            self.step = step
            self.epoch_step += 1
            return
        self.guarded(self.after_step, optimizer)

    def after_step(self, optimizer: Any) -> None:
        if self.pre_hook is not None and self.optimizer is not None:
            # Only the first step is looked at before it runs. (Removed here, not in the pre-step
            # hook: torch is iterating the pre-step hooks while one runs.)
            self.pre_hook.remove()
            self.pre_hook = None
        if optimizer is not self.optimizer:
            return
        session = self.session
        self.step += 1
        self.epoch_step += 1
        session.requested = False
        if session.cancelled.is_set():
            session.end("cancelled")
        self.read_losses()
        if not self.started and self.capture is not None and self.capture.rows >= self.probe_size:
            self._begin()
        last_of_epoch = 0 < self.batches <= self.epoch_step
        self._progress(last_of_epoch)
        check_every = self.check_every
        measured: Optional[List[Dict[str, Any]]] = None
        # The early check waits for a complete probe set (at the latest, the epoch's end begins the scan).
        early = not self._early_done and self.started and session.epochs_run == 0 and self.epoch_step >= self.early_batch
        self._early_done = self._early_done or early
        if self.train_loader is None:
            if self.step % (check_every or STEPS_PER_EPOCH) == 0:
                self._epoch_end()
                return
            if early:
                measured = self.check("early", self._label())
        elif not last_of_epoch and early:
            measured = self.check("early", self._label())
        elif not last_of_epoch and check_every > 0 and self.step % check_every == 0:
            measured = self.check("batch", self._label())
        requests = session.take_revive_requests()
        if requests or (self.revive_every > 0 and self.step % self.revive_every == 0):
            label = self._label()
            measured = measured or self.check("batch", label)
            for request in requests or [None]:
                self._revive(measured, label, request, asked=bool(requests))
        self.next_due = self._next_due()

    def _next_due(self) -> int:
        """The first step after this one at which `after_step` has something to do."""
        step = self.step
        if not self.started:
            return step + 1
        due = [self._progress_due]
        if self.batches > 0:
            due.append(step + max(1, self.batches - self.epoch_step))  # the epoch's last step
        if not self._early_done and self.session.epochs_run == 0:
            due.append(step + max(1, self.early_batch - self.epoch_step))
        every = [self.check_every or STEPS_PER_EPOCH] if self.train_loader is None else [self.check_every]
        for n in every + [self.revive_every]:
            if n > 0:
                due.append((step // n + 1) * n)
        return min(due)

    def _label(self) -> str:
        return f"epoch {self.session.epochs_run + 1} batch {self.epoch_step}"

    def _progress(self, last_of_epoch: bool) -> None:
        """A progress message every PROGRESS_INTERVAL_S (and at the epoch's last step); the step when
        the next one is due is estimated from the steps per second since the last."""
        step = self.step
        if not self.started or not self.losses:
            self._progress_due = step + 1
            return
        now = time.monotonic()
        elapsed = now - self._last_progress
        if not last_of_epoch and elapsed < PROGRESS_INTERVAL_S:
            rate = (step - self._progress_step) / elapsed if elapsed > 0 else 0
            self._progress_due = step + max(1, int(rate * (PROGRESS_INTERVAL_S - elapsed)))
            return
        rate = (step - self._progress_step) / elapsed if math.isfinite(elapsed) and elapsed > 0 else 0
        self._last_progress, self._progress_step = now, step
        self._progress_due = step + max(1, int(rate * PROGRESS_INTERVAL_S))
        self.session.send(
            {
                "type": "progress",
                "epoch": self.session.epochs_run + 1,
                "epochs": self.epochs,
                "batch": self.epoch_step,
                "batches": self.batches,
                "loss": self.losses[-1],
                "metrics": {},
            }
        )

    def loader_exhausted(self, iterator: LoaderIterator) -> None:
        if iterator.loader is self.train_loader and self.epoch_step > 0:
            self._epoch_end()

    def _epoch_end(self) -> None:
        session = self.session
        self.read_losses()
        done = session.epochs_run + 1
        session.epochs_run = done
        finite = [loss for loss in self.losses[-self.epoch_step:] if math.isfinite(loss)] if self.epoch_step else []
        if finite:
            session.history.append({"epoch": done, "loss": sum(finite) / len(finite), "metrics": {}})
        self.check("epoch", f"epoch {done}", done)
        self.epoch_step = 0
        self.next_due = self._next_due()
        self.losses = self.losses[-1:]
        epochs = self.options.get("epochs")
        # After the script's last epoch (or --epochs), what follows the training loop does not run.
        # (Without a DataLoader the count comes from loops that may not be all the loop: never ended by it.)
        if (epochs and done >= epochs) or (self.epochs and done >= self.epochs and self.train_loader is not None):
            session.end("cancelled" if session.cancelled.is_set() else "completed")

    def script_ended(self) -> None:
        """The script returned: the scan ends here after a last check (or says that nothing trained)."""
        if self.optimizer is None:
            if "keras" not in sys.modules:
                self._no_step()
            return
        if self.epoch_step > 0 or not self.started:
            self._epoch_end()
        self.session.end("cancelled" if self.session.cancelled.is_set() else "completed")

    def _no_step(self) -> NoReturn:
        message = f"The {self.session.program} ended without an optimizer step: there was nothing to scan."
        model = next((c for c in self.captures.values() if any(True for _ in c.module.parameters())), None)
        if self.backward_site is not None:
            where = self.backward_site
            message += f" It called backward(){self.session.line_note(where)} but never optimizer.step(): the scan follows the steps of a torch.optim optimizer."
        elif model is not None:
            where = model.site
            message += f" It ran {type(model.module).__name__}{self.session.line_note(where)} in training mode but never called optimizer.step(): the scan follows the steps of a torch.optim optimizer."
        else:
            where = None
            message += " A PyTorch training loop is followed through its optimizer.step() calls."
        self.session.fail("no-fit", message, where)

    # ---- the scan's start, checks and revives --------------------------------------------

    def _begin(self) -> None:
        """Describes the model from the probe set, sends `started`, and measures the weights before the first step."""
        self._stop_capturing()
        capture = self.capture
        assert capture is not None
        session = self.session
        torch = self.torch
        probe = capture.probe(torch)
        finite = all(
            not isinstance(leaf, torch.Tensor) or not leaf.is_floating_point() or bool(torch.isfinite(leaf).all())
            for leaf in leaves([list(probe.args), probe.kwargs])
        )
        if not finite:
            session.fail("script-error", "The model's training inputs hold NaN or infinite values: it cannot train on them.", capture.site)
        model = TorchModel(torch, capture.module, self._variable_name(capture.module), self.files, origin_of)
        layers = model.describe(probe.first(), session.families)
        self.model, self.probe = model, probe
        self.reviver = TorchReviver(torch, model, self.optimizer)
        dieable = self.options.get("dieable")
        self._can_die = {m.name for m in model.monitored if m.family == "relu" and (dieable is None or m.activation in dieable)}
        parameter = next(capture.module.parameters(), None)
        device = "CPU" if parameter is None or parameter.device.type == "cpu" else f"{parameter.device.type.upper()}:{parameter.device.index or 0}"
        session.send(
            {
                "type": "started",
                "file": self.files.script,
                "model": layers,
                "epochs": self.epochs,
                "batchesPerEpoch": self.batches,
                "samples": self.samples,
                "training": {"compile": None, "fit": self.step_site},
                "runner": "python",
                "framework": "torch",
                "device": device,
                "python": {"executable": sys.executable, "version": platform.python_version()},
            }
        )
        if not model.monitored:
            session.note(
                "no-monitored-layers",
                "No layer of this model feeds a ReLU-family, sigmoid or tanh activation: there are no units to monitor.",
                self.step_site,
            )
            session.end("completed")
        self.started = True
        current = {k: v.detach().clone() for k, v in capture.module.state_dict().items()}
        capture.module.load_state_dict(capture.initial)
        try:
            self.check("init", "init", 0, step=0)
        finally:
            capture.module.load_state_dict(current)
        capture.initial = {}

    def _variable_name(self, module: Any) -> str:
        """The script's name for the model (`model`), found among the globals of the step's file."""
        main = sys.modules.get("__main__")
        for name, value in vars(main).items() if main is not None else []:
            if value is module and not name.startswith("_"):
                return name
        return "model"

    def check(self, kind: str, label: str, epochs_done: Optional[int] = None, step: Optional[int] = None) -> List[Dict[str, Any]]:
        if not self.started:
            self._begin()
        assert self.model is not None and self.probe is not None
        layers = self.model.measure(self.probe, float(self.options["thresholds"]["saturationDerivative"]))
        epoch = self.session.epochs_run if epochs_done is None else epochs_done
        self.session.send_measures(kind, label, epoch, self.step if step is None else step, self.probe.samples, layers)
        return layers

    def _revive(self, measured: List[Dict[str, Any]], label: str, request: Optional[Dict[str, List[int]]], asked: bool) -> None:
        assert self.reviver is not None
        self.session.revive_dead(self.reviver, measured, self._can_die, (label, self.step), request, asked)


def _range_loops(files: Any, frame: Optional[FrameType]) -> List[int]:
    """The lengths of the `for … in range(N)` loops around the step (in its function and its
    callers'), outermost first, for the N that are literals or plain names/attributes."""
    found: List[int] = []
    while frame is not None:
        filename = frame.f_code.co_filename
        tree = None
        if files.is_user(filename):
            try:
                tree = ast.parse(files.text(filename))
            except (SyntaxError, ValueError):
                pass
        line = frame.f_lineno
        loops = [
            node
            for node in (ast.walk(tree) if tree is not None else [])
            if isinstance(node, ast.For) and node.lineno <= line <= (node.end_lineno or node.lineno)
            and isinstance(node.iter, ast.Call) and isinstance(node.iter.func, ast.Name) and node.iter.func.id == "range"
            and len(node.iter.args) == 1 and isinstance(node.iter.args[0], (ast.Constant, ast.Name, ast.Attribute))
        ]
        lengths: List[int] = []
        for node in sorted(loops, key=lambda n: n.lineno):
            try:
                value = eval(compile(ast.Expression(node.iter.args[0]), filename, "eval"), frame.f_globals, frame.f_locals)  # noqa: S307 - a name or a literal
            except Exception:
                continue
            if isinstance(value, int) and value > 0:
                lengths.append(value)
        found = lengths + found  # a caller's loops are outside this frame's
        frame = frame.f_back
    return found
