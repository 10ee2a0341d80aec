"""Describes and measures a PyTorch model over the probe set. A pass runs the model in eval mode
under `torch.no_grad()` with a global forward hook and a TorchFunctionMode: every tensor it makes
is tagged with the layer it comes from, so an activation — a module (`nn.ReLU()`) or a functional
call in the user's `forward` (`F.relu`, `torch.sigmoid`, `x.relu()`) — is attributed to the weight
layer whose units it applies to (through BatchNorm/Dropout), and the data flow gives each layer's
inbound layers. The weight layer holds the units: its construction is where findings go."""

from __future__ import annotations

import math
import os
import sys
from types import FrameType
from typing import Any, Callable, Dict, Iterator, List, Optional, Set, Tuple

from .measure import UnitSums
from .model_graph import family_of
from .positions import SourceRange, UserFiles
from .structure import leaves

# Activation modules, by class name, and the activation's name.
ACTIVATION_MODULES = {
    "ReLU": "relu",
    "ReLU6": "relu6",
    "LeakyReLU": "leaky_relu",
    "PReLU": "prelu",
    "RReLU": "rrelu",
    "ELU": "elu",
    "SELU": "selu",
    "CELU": "celu",
    "GELU": "gelu",
    "SiLU": "silu",
    "Mish": "mish",
    "Softplus": "softplus",
    "Sigmoid": "sigmoid",
    "Hardsigmoid": "hard_sigmoid",
    "Tanh": "tanh",
    "Hardtanh": "hardtanh",
    "Threshold": "threshold",
}
# Modules between the weights and the activation that keep units one to one.
PASS_THROUGH = {
    "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "SyncBatchNorm", "Dropout", "Dropout1d", "Dropout2d", "Dropout3d",
    "AlphaDropout", "FeatureAlphaDropout", "Identity",
}
# Functional forms (by function name) that keep units one to one, pool positions, or flatten.
_PASS_THROUGH_FUNCTIONS = {"dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout", "feature_alpha_dropout", "batch_norm", "contiguous", "clone"}
_POOL_FUNCTIONS = {
    "max_pool1d", "max_pool2d", "max_pool3d", "avg_pool1d", "avg_pool2d", "avg_pool3d", "adaptive_max_pool1d",
    "adaptive_max_pool2d", "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d",
}
_RESHAPE_FUNCTIONS = {"flatten", "view", "reshape"}
_ADD_FUNCTIONS = {"add", "add_", "__add__", "__radd__", "__iadd__"}

# Functional activations called from a file here are a module's own (nn.ReLU calls F.relu).
_MODULES_DIR = os.sep + os.path.join("nn", "modules") + os.sep
# At most this many output values of one layer per probe batch (16 MB of float32).
BATCH_VALUES = 1 << 22
# The default probe set (1024 rows) in one pass, as probe.py does for Keras: each pass has a fixed cost
# (hooks, the tagging mode, a dispatch per op), so four passes of 256 made the check about 1.6× slower.
PROBE_BATCH = 1024


def functional_activations(torch: Any) -> Dict[Any, str]:
    """The functions (and Tensor methods) that apply an activation, and the activation's name."""
    F, T = torch.nn.functional, torch.Tensor
    names = {
        "relu": (F.relu, getattr(F, "relu_", None), torch.relu, getattr(torch, "relu_", None), T.relu, T.relu_),
        "relu6": (F.relu6,),
        "leaky_relu": (F.leaky_relu, getattr(F, "leaky_relu_", None)),
        "elu": (F.elu, getattr(F, "elu_", None)),
        "selu": (F.selu, torch.selu),
        "celu": (F.celu,),
        "gelu": (F.gelu,),
        "silu": (F.silu,),
        "mish": (getattr(F, "mish", None),),
        "softplus": (F.softplus,),
        "prelu": (F.prelu,),
        "sigmoid": (F.sigmoid, torch.sigmoid, T.sigmoid, T.sigmoid_),
        "hard_sigmoid": (F.hardsigmoid,),
        "tanh": (F.tanh, torch.tanh, T.tanh, T.tanh_),
    }
    return {f: name for name, functions in names.items() for f in functions if f is not None}


class Tag:
    """What a tensor of a pass comes from: the layers it was computed from (inbound), and the
    weight layer whose units lie along its unit axis (`units_of`, laid out `direct` or `flat`)."""

    __slots__ = ("sources", "units_of", "flat", "activated")

    def __init__(self, sources: Tuple[str, ...], units_of: Optional[str], flat: bool = False, activated: bool = False) -> None:
        self.sources = sources
        self.units_of = units_of
        self.flat = flat
        self.activated = activated


_TAG = "_dying_neurons_tag"


def tag_of(value: Any) -> Optional[Tag]:
    return getattr(value, _TAG, None) if hasattr(value, "shape") else None


def _set_tag(value: Any, tag: Tag) -> None:
    try:
        setattr(value, _TAG, tag)
    except (AttributeError, TypeError):  # a tensor type that takes no attributes
        pass


def _sources(values: List[Any]) -> Tuple[str, ...]:
    found: Dict[str, None] = {}
    for value in values:
        tag = tag_of(value)
        if tag is not None:
            found.update(dict.fromkeys(tag.sources))
    return tuple(found)


def _first_tag(values: List[Any]) -> Optional[Tag]:
    tags = [t for t in (tag_of(v) for v in values) if t is not None]
    return tags[0] if len(tags) == 1 else None


def is_weight_module(module: Any) -> bool:
    kind = type(module).__name__
    return kind not in ACTIVATION_MODULES and kind not in PASS_THROUGH and any(True for _ in module.parameters(recurse=False))


def _is_conv(module: Any) -> bool:
    return "Conv" in type(module).__name__


class Activation:
    """One application of an activation to a weight layer's units, seen in a pass."""

    def __init__(self, weights: Any, name: str, site: Optional[SourceRange], output: Any, module: Any) -> None:
        self.weights = weights
        self.name = name
        self.site = site
        self.output = output
        self.module = module


class Pass:
    """`with Pass(...):` runs the model's forward passes with tags, calling `on_activation` for every
    activation applied to a weight layer's units and `on_module` for every leaf module call."""

    def __init__(
        self,
        torch: Any,
        model: "TorchModel",
        on_activation: Callable[[Activation], None],
        on_module: Optional[Callable[[Any, List[Any], Any], None]] = None,
    ) -> None:
        self._torch = torch
        self._model = model
        self._on_activation = on_activation
        self._on_module = on_module
        self._handles: List[Any] = []
        self._mode: Any = None
        self._no_grad: Any = None
        self._training: List[Tuple[Any, bool]] = []

    def __enter__(self) -> "Pass":
        torch = self._torch
        root = self._model.root
        self._training = [(m, m.training) for m in root.modules()]
        root.eval()
        self._no_grad = torch.no_grad()
        self._no_grad.__enter__()
        from torch.nn.modules.module import register_module_forward_hook

        self._handles.append(register_module_forward_hook(self._module_called))
        self._mode = _tagging_mode(torch, self)
        self._mode.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._mode.__exit__(*exc)
        for handle in self._handles:
            handle.remove()
        self._no_grad.__exit__(*exc)
        for module, training in self._training:
            module.training = training

    def _module_called(self, module: Any, args: Any, output: Any) -> None:
        model = self._model
        name = model.names.get(id(module))
        if name is None or not model.is_leaf(module) or not hasattr(output, "shape"):
            return
        inputs = [a for a in leaves(list(args)) if hasattr(a, "shape")]
        if self._on_module is not None:
            self._on_module(module, inputs, output)
        kind = type(module).__name__
        before = _first_tag(inputs)
        if kind in ACTIVATION_MODULES:
            self.activation(before, ACTIVATION_MODULES[kind], model.origin(module), output, module)
            _set_tag(output, Tag((name,), before.units_of if before else None, before.flat if before else False, True))
        elif kind in PASS_THROUGH:
            _set_tag(output, Tag((name,), before.units_of if before else None, before.flat if before else False, before.activated if before else False))
        elif "Pool" in kind and "Global" not in kind:
            direct = before is not None and not before.flat
            _set_tag(output, Tag((name,), before.units_of if direct and before else None, False, bool(before and before.activated)))
        elif kind == "Flatten":
            flat = before is not None and len(inputs[0].shape) > 2 and len(output.shape) == 2
            _set_tag(output, Tag((name,), before.units_of if before and (flat or not before.flat) else None, flat or bool(before and before.flat), bool(before and before.activated)))
        elif is_weight_module(module):
            _set_tag(output, Tag((name,), name))
        else:
            _set_tag(output, Tag((name,), None))

    def activation(self, before: Optional[Tag], name: str, site: Optional[SourceRange], output: Any, module: Any) -> None:
        if before is None or before.units_of is None or before.flat or before.activated:
            return
        weights = self._model.by_name.get(before.units_of)
        if weights is not None:
            self._on_activation(Activation(weights, name, site, output, module))

    def function_called(self, func: Any, args: Tuple[Any, ...], kwargs: Dict[str, Any], output: Any, activation: Optional[str], site: Optional[SourceRange]) -> None:
        if not hasattr(output, "shape"):
            return
        inputs = [a for a in leaves([list(args), kwargs]) if hasattr(a, "shape")]
        before = _first_tag(inputs)
        if activation is not None:
            self.activation(before, activation, site, output, None)
            _set_tag(output, Tag(before.sources if before else _sources(inputs), before.units_of if before else None, bool(before and before.flat), True))
            return
        name = getattr(func, "__name__", "")
        sources = _sources(inputs)
        if name in _ADD_FUNCTIONS:
            # A residual sum (conv2(x) + x): its units are the one weight layer's output added to the rest.
            raw = [t for t in (tag_of(v) for v in inputs) if t is not None and t.units_of and not t.flat and not t.activated]
            aligned = all(tuple(v.shape) == tuple(output.shape) for v in inputs)
            _set_tag(output, Tag(sources, raw[0].units_of if len(raw) == 1 and aligned else None))
        elif before is None:
            _set_tag(output, Tag(sources, None))
        elif name in _PASS_THROUGH_FUNCTIONS:
            _set_tag(output, Tag(sources, before.units_of, before.flat, before.activated))
        elif name in _POOL_FUNCTIONS:
            _set_tag(output, Tag(sources, None if before.flat else before.units_of, False, before.activated))
        elif name in _RESHAPE_FUNCTIONS and len(output.shape) == 2 and len(inputs[0].shape) > 2:
            _set_tag(output, Tag(sources, before.units_of, True, before.activated))
        elif name in _RESHAPE_FUNCTIONS and tuple(output.shape) == tuple(inputs[0].shape):
            _set_tag(output, Tag(sources, before.units_of, before.flat, before.activated))
        else:
            _set_tag(output, Tag(sources, None))


def _tagging_mode(torch: Any, run: Pass) -> Any:
    from torch.overrides import TorchFunctionMode

    activations = run._model.activations
    caller_site = run._model.caller_site

    class Tagging(TorchFunctionMode):  # type: ignore[misc]
        def __torch_function__(self, func: Any, types: Any, args: Tuple[Any, ...] = (), kwargs: Optional[Dict[str, Any]] = None) -> Any:
            kwargs = kwargs or {}
            activation = activations.get(func)
            # Read before the call: an in-place activation returns its input, retagged after.
            site = caller_site(sys._getframe(1)) if activation is not None else None
            if activation is not None and site is None:
                # Inside a module's forward (nn.ReLU calls F.relu): the module's hook attributes it.
                return func(*args, **kwargs)
            output = func(*args, **kwargs)
            run.function_called(func, args, kwargs, output, activation, site)
            return output

    return Tagging()


class Monitored:
    """A weight layer whose units are measured, and the activation applied to them."""

    def __init__(self, name: str, module: Any, activation: str, family: str, units: int, channels_first: bool, values: int) -> None:
        self.name = name
        self.module = module
        self.activation = activation.lower().replace("_", "")
        self.family = family
        self.units = units
        self.channels_first = channels_first
        self.values = values


def display_name(path: str, root_name: str) -> str:
    """A module's name as the user writes it: `fc1`, `features[0]`, `model[2]` (an index of the model itself)."""
    name = "".join(f"[{part}]" if part.isdigit() else f".{part}" for part in path.split("."))
    return root_name + name if name.startswith("[") else name[1:]


class TorchModel:
    """The model a training loop trains (the module the optimizer's parameters belong to)."""

    def __init__(
        self, torch: Any, root: Any, root_name: str, files: UserFiles, origin: Callable[[Any], Tuple[Optional[SourceRange], List[SourceRange]]]
    ) -> None:
        self.torch = torch
        self.root = root
        self.files = files
        self._origin = origin
        named = [(display_name(n, root_name), m) for n, m in root.named_modules() if n]
        self.names: Dict[int, str] = {id(m): n for n, m in named}
        self.by_name: Dict[str, Any] = {n: m for n, m in named}
        self.leaves: List[Tuple[str, Any]] = [(n, m) for n, m in named if self.is_leaf(m)]
        self.activations = functional_activations(torch)
        self._torch_dir = os.path.dirname(os.path.abspath(torch.__file__)) + os.sep
        self._sites: Dict[Tuple[Any, int], Optional[SourceRange]] = {}
        self.monitored: List[Monitored] = []
        # Per weight layer: the weight layers reading its units, and whether they read them flattened.
        self.consumers: Dict[str, List[Tuple[str, bool]]] = {}

    @staticmethod
    def is_leaf(module: Any) -> bool:
        return next(iter(module.children()), None) is None

    def origin(self, module: Any) -> Optional[SourceRange]:
        return self._origin(module)[0]

    def caller_site(self, frame: Optional[FrameType]) -> Optional[SourceRange]:
        """The user's call of a functional activation; None when a module's forward (or a library) calls it."""
        depth = 0
        while frame is not None and depth < 12:
            filename = frame.f_code.co_filename
            if self.files.is_user(filename):
                key = (frame.f_code, frame.f_lasti)
                if key not in self._sites:
                    self._sites[key] = self.files.range_at(filename, frame.f_code, frame.f_lasti, frame.f_lineno)
                return self._sites[key]
            if not filename.startswith(self._torch_dir) or _MODULES_DIR in filename:
                return None
            frame = frame.f_back
            depth += 1
        return None

    # ---- the traced pass ------------------------------------------------------------------

    def describe(self, inputs: Any, families: Dict[str, str]) -> List[Dict[str, Any]]:
        """Summaries of every leaf module (LayerSummary), from one traced pass over `inputs`; sets `monitored`."""
        shapes: Dict[int, List[Optional[int]]] = {}
        inbound: Dict[int, List[str]] = {}
        applied: Dict[int, Activation] = {}
        consumers: Dict[str, List[Tuple[str, bool]]] = {}

        def on_module(module: Any, inputs_: List[Any], output: Any) -> None:
            if id(module) in shapes:
                return
            shapes[id(module)] = [None, *(int(d) for d in tuple(output.shape)[1:])]
            inbound[id(module)] = list(_sources(inputs_))
            tag = _first_tag(inputs_)
            if is_weight_module(module) and tag is not None and tag.units_of is not None and tag.activated:
                consumers.setdefault(tag.units_of, []).append((self.names[id(module)], tag.flat))

        def on_activation(seen: Activation) -> None:
            applied.setdefault(id(seen.weights), seen)

        with Pass(self.torch, self, on_activation, on_module):
            self.forward(inputs)
        self.consumers = consumers

        summaries: List[Dict[str, Any]] = []
        self.monitored = []
        for index, (name, module) in enumerate(self.leaves):
            kind = type(module).__name__
            seen = applied.get(id(module))
            activation = ACTIVATION_MODULES.get(kind) or (seen.name if seen else "linear")
            family = None
            units = 0
            output_shape = shapes.get(id(module), [])
            if seen is not None:
                shape = [None, *(int(d) for d in tuple(seen.output.shape)[1:])]
                channels_first = _is_conv(module) and len(shape) > 2
                units = (shape[1] if channels_first else shape[-1]) or 0 if len(shape) > 1 else 0
                family = family_of(seen.name, families)
                if family and units > 0:
                    values = math.prod(d or 1 for d in shape[1:])
                    self.monitored.append(Monitored(name, module, seen.name, family, units, channels_first, values))
                else:
                    family = None
            elif len(output_shape) > 1:
                units = (output_shape[1] if _is_conv(module) and len(output_shape) > 2 else output_shape[-1]) or 0
            location, callers = self._origin(module)
            summary: Dict[str, Any] = {
                "index": index,
                "name": name,
                "className": kind,
                "activation": activation,
                "family": family,
                "units": units,
                "outputShape": output_shape,
                "location": location,
                "callers": callers,
                "inbound": inbound.get(id(module), []),
            }
            if seen is not None and seen.site is not None:
                summary["activationSite"] = seen.site
            summaries.append(summary)
        return summaries

    # ---- measuring ------------------------------------------------------------------------

    def forward(self, inputs: Any) -> None:
        args, kwargs = inputs
        self.root(*args, **kwargs)

    def measure(self, probe: "ProbeInputs", saturation_derivative: float) -> List[Dict[str, Any]]:
        sums = {id(m.module): UnitSums(m.name, m.family, m.units, m.channels_first, saturation_derivative) for m in self.monitored}
        rows = max(1, min(PROBE_BATCH, BATCH_VALUES // max(m.values for m in self.monitored)))
        for batch in probe.batches(rows):
            seen: Set[int] = set()

            def on_activation(applied: Activation) -> None:
                key = id(applied.weights)
                # A layer applied several times (shared) is measured on its first application.
                if key in sums and key not in seen:
                    seen.add(key)
                    sums[key].add(applied.output.detach().float().cpu().numpy())

            with Pass(self.torch, self, on_activation):
                self.forward(batch)
        return [sums[id(m.module)].message() for m in self.monitored]


class ProbeInputs:
    """The probe set: a model call's positional and keyword arguments, `samples` rows each."""

    def __init__(self, torch: Any, args: Tuple[Any, ...], kwargs: Dict[str, Any], samples: int) -> None:
        self._torch = torch
        self.args = args
        self.kwargs = kwargs
        self.samples = samples

    def _slice(self, value: Any, start: int, stop: int) -> Any:
        if isinstance(value, dict):
            return {k: self._slice(v, start, stop) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(self._slice(v, start, stop) for v in value)
        if isinstance(value, self._torch.Tensor) and value.dim() > 0 and value.shape[0] == self.samples:
            return value[start:stop]
        return value

    def batches(self, rows: int) -> Iterator[Tuple[Tuple[Any, ...], Dict[str, Any]]]:
        for start in range(0, self.samples, rows):
            yield self._slice(self.args, start, start + rows), self._slice(self.kwargs, start, start + rows)

    def first(self) -> Tuple[Tuple[Any, ...], Dict[str, Any]]:
        return next(self.batches(min(self.samples, 8)))
