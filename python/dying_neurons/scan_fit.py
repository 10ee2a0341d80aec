"""`fit` under the scan, for the first fit the script calls: applies --samples/--epochs, sets the
user's callbacks aside (unless kept), describes the model from a traced probe pass, measures every
unit before the first step, trains with the monitoring callback, and ends the process."""

from __future__ import annotations

import inspect
from typing import Any, Callable, Dict, NoReturn, Optional, Tuple

from .errors import describe as describe_error, explain, is_out_of_memory
from .fit_data import UnsupportedData, prepare
from .frameworks import Framework
from .keras_hooks import compile_site_of, origin_of
from .measure import NonFiniteActivations
from .model_graph import describe
from .positions import SourceRange
from .probe import Probe
from .revive import Reviver
from .session import Session
from .watch import Watch, monitor_callback


def _bind(original_fit: Callable[..., Any], model: Any, args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> Dict[str, Any]:
    signature = inspect.signature(original_fit)
    bound = signature.bind(model, *args, **kwargs)
    arguments = dict(bound.arguments)
    arguments.pop(next(iter(signature.parameters)))  # self
    for name, parameter in signature.parameters.items():
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            arguments.update(arguments.pop(name, {}))
    return arguments


def _callback_names(callbacks: Any) -> str:
    return ", ".join(type(c).__name__ for c in callbacks)


class FitScan:
    def __init__(self, session: Session) -> None:
        self.session = session

    def __call__(
        self, framework: Framework, model: Any, original_fit: Callable[..., Any], args: Tuple[Any, ...], kwargs: Dict[str, Any],
        site: Optional[SourceRange],
    ) -> Any:
        session = self.session
        if session.fit_claimed:  # a fit inside the scanned one (a user's callback): not scanned
            return original_fit(model, *args, **kwargs)
        session.fit_claimed = True
        try:
            return self._scan(framework, model, original_fit, args, kwargs, site)
        except BaseException as error:  # the scan's own failure: never back into the script
            self._crash(error, site)

    def _crash(self, error: BaseException, site: Optional[SourceRange]) -> NoReturn:
        session = self.session
        if isinstance(error, NonFiniteActivations):
            session.fail(
                "nan-loss",
                f"The outputs of {error.layer} became NaN or infinite on the probe set: training diverged. A learning rate that is too high is the usual cause.",
                site,
            )
        user_position = session.files.innermost_in_traceback(error.__traceback__)
        if user_position is not None or is_out_of_memory(error):
            session.fail(*explain(error, session.files, site))
        session.fail("worker-crashed", f"The scan failed: {describe_error(error)}", None)

    def _refused(self, model: Any, original_fit: Callable[..., Any], arguments: Dict[str, Any], error: BaseException, site: Optional[SourceRange]) -> NoReturn:
        """The probe pass failed: the user sees the error Keras's own fit gives for this data (one
        step, no callbacks, no validation), as `python FILE` would show it; ours only if fit takes the data."""
        one_step = {"callbacks": [], "verbose": 0, "epochs": 1, "initial_epoch": 0, "steps_per_epoch": 1, "validation_data": None, "validation_split": 0.0}
        try:
            original_fit(model, **{**arguments, **one_step})
        except Exception as refused:
            error = refused
        self.session.fail(*explain(error, self.session.files, site, "Training failed: "))

    def _scan(
        self, framework: Framework, model: Any, original_fit: Callable[..., Any], args: Tuple[Any, ...], kwargs: Dict[str, Any],
        site: Optional[SourceRange],
    ) -> Any:
        """Scans one fit; its History goes back to the script when --max-fits lets the script go on."""
        session = self.session
        options = session.options
        try:
            arguments = _bind(original_fit, model, args, kwargs)
        except TypeError as error:
            session.fail("script-error", f"model.fit: {error}", site)
        callbacks = arguments.get("callbacks")
        user_callbacks = list(callbacks) if isinstance(callbacks, (list, tuple)) else ([] if callbacks is None else [callbacks])
        if user_callbacks and not options.get("keepCallbacks"):
            where = (session.files.keyword_range(site, "callbacks") if site else None) or site
            session.note(
                "callbacks-skipped",
                f"The scan skips fit's callbacks ({_callback_names(user_callbacks)}): it monitors every unit itself, from before the first step.",
                where,
            )
            user_callbacks = []
        try:
            data = prepare(arguments, options)
        except UnsupportedData as error:
            session.fail("unsupported", f"The scan cannot follow this fit: {error}.", site)
        if not Probe.finite(data.inputs):
            session.fail("script-error", "The training data given to fit holds NaN or infinite values: the model cannot train on it.", site)

        probe = Probe(framework, model, data.probe)
        try:
            trace = probe.trace()
        except Exception as error:  # the model refuses its own training data (shapes, dtypes)
            self._refused(model, original_fit, data.arguments, error, site)
        layers, monitored = describe(model, trace, session.families, origin_of)
        session.send(
            {
                "type": "started",
                "file": session.files.script,
                "model": layers,
                "epochs": data.epochs,
                "batchesPerEpoch": data.batches,
                "samples": data.samples,
                "training": {"compile": compile_site_of(model), "fit": site},
                **framework.describe(),
                # A later fit (--max-fits): the parent groups the report by fit.
                **({"fit": {"index": session.fits_done, "repeats": 0}} if session.fits_done > 0 else {}),
            }
        )
        if not monitored:
            session.note(
                "no-monitored-layers",
                "No layer of this model has a ReLU-family, sigmoid or tanh activation: there are no units to monitor.",
                site,
            )
            session.fit_ended()
            return original_fit(model, **data.arguments)

        initial_epoch = int(data.arguments.get("initial_epoch") or 0)
        watch = Watch(session, probe, monitored, Reviver(framework, model, trace), data.epochs, data.batches, initial_epoch, lambda e: self._crash(e, site))
        watch.check("init", "init", 0)
        if session.cancelled.is_set():
            session.end("cancelled")
        data.arguments["callbacks"] = [*user_callbacks, monitor_callback(framework, watch)]
        session.training = True
        try:
            history = original_fit(model, **data.arguments)
        except BaseException as error:
            session.fail(*explain(error, session.files, site, "Training failed: "))
        session.training = False
        if watch.nan_at is not None:
            session.fail(
                "nan-loss",
                f"The loss became NaN at {watch.nan_at}: training stopped. A learning rate that is too high is the usual cause.",
                site,
            )
        session.fit_ended()
        return history
