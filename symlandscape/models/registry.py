"""The model registry: one entry per model kind, read by instances, facts and the CLI.

A model kind is one module (the network class with exact ``loss``, ``gradient``,
``hessian``, ``loss_along``, ``symbolic`` and, where known, ``symmetry_tangents``)
plus its :class:`ModelKind` entry here: the instance keys it accepts, its JSON Schema
fragment and a factory from instance data. Registering a kind also makes the fact
language's network operations (``["loss", kind, ...]``) evaluate it. The independent
certificate checker has its own view of each kind (``certificates/networks.py``).
"""

__all__ = ["Model", "ModelKind", "register_model", "get_model", "model_kinds", "make_network",
           "instance_schema", "network_schema"]

import copy
import json
import os
from dataclasses import dataclass, field
from typing import Callable, Protocol

from ..exact.numbers import InputError
from ..facts.fast import register_network


class Model(Protocol):
    """What every network model provides (exact arithmetic; ``W`` a list of weight matrices).

    ``loss(W)`` (an ``fmpq``), ``gradient(W)`` and ``hessian(W)`` (``QMatrix`` in theta
    order, ``theta = (vec W_1; ...; vec W_{H+1})``), ``loss_along(W, curve)`` (the loss on
    a polynomial curve, an ``fmpq_poly``), ``symbolic()`` (SymPy forms), ``weights(W)``
    (validation), ``unflatten(theta)``, ``n_params``, ``widths``, ``kind``; and, where the
    model has known continuous symmetries, ``symmetry_tangents(W)``: vectors that lie in
    the kernel of the Hessian at every exactly critical point (a theorem, used as kernel
    hints by certified inertia).
    """

    kind: str
    widths: list
    n_params: int

    def loss(self, W): ...

    def gradient(self, W): ...

    def hessian(self, W): ...

    def loss_along(self, W, curve): ...

    def symbolic(self): ...


@dataclass(frozen=True)
class ModelKind:
    """A registered model kind.

    Attributes
    ----------
    name : str
        The ``"model"`` value of instance files.
    factory : callable
        ``factory(widths, X, Y)`` -> network object.
    keys : frozenset
        Instance keys besides the common ones (``model``, ``schema_version``, ...).
    validate : callable
        ``validate(widths)`` raises InputError for widths this kind refuses.
    schema : dict
        The JSON Schema fragment of its instance files (a ``$defs`` entry; its ``model``
        property is filled with every kind that shares the fragment).
    schema_name : str
        The name of that ``$defs`` entry (kinds with the same name share it).
    weight_columns : callable, optional
        Columns of each layer's matrix when they differ from ``widths[k]`` (feedforward
        layers ``[W_k | b_k]`` carry their bias as a last column).
    scalars : dict
        Extra scalar keys of its instance files with their defaults (e.g. ReLU's output
        scale ``{"q": 1}``); they reach the factory as keyword arguments and the fact
        language as the model spec ``[kind, value, ...]``.
    """

    name: str
    factory: Callable = field(repr=False)
    keys: frozenset = frozenset({"widths", "X", "Y", "weights"})
    validate: Callable = field(default=lambda widths: None, repr=False)
    schema: dict = field(default_factory=dict, repr=False)
    schema_name: str = ""
    scalars: dict = field(default_factory=dict)
    description: str = ""
    #: ``weight_columns(widths, k, env)``: columns of layer ``k + 1``'s matrix when it is not
    #: ``widths[k]`` (a bias column), ``env`` holding the instance's scalar parameters.
    weight_columns: Callable | None = field(default=None, repr=False)


_KINDS: dict = {}


def register_model(kind: ModelKind) -> ModelKind:
    """Register a model kind (and its network operations in the fact language)."""
    if kind.name in _KINDS:
        raise ValueError(f"model kind {kind.name!r} registered twice")
    _KINDS[kind.name] = kind
    register_network(kind.name, kind.factory, tuple(kind.scalars))
    return kind


def get_model(name: str) -> ModelKind:
    """The registered kind ``name``; InputError naming the known kinds otherwise.

    >>> get_model("deep_linear").name
    'deep_linear'
    >>> get_model("cnn")
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: model 'cnn' is not a network (known: deep_linear, residual_linear, ...)
    """
    if name not in _KINDS:
        raise InputError(f"model {name!r} is not a network (known: {', '.join(_KINDS)})")
    return _KINDS[name]


def model_kinds() -> list:
    """Names of the registered network kinds, in registration order.

    >>> model_kinds()[:3]
    ['deep_linear', 'residual_linear', 'relu']
    """
    return list(_KINDS)


def make_network(model: str, widths, X, Y, **scalars):
    """The network of an instance (``scalars``: the kind's extra parameters, e.g. ``q``).

    >>> make_network("residual_linear", [1, 1, 1], [[1]], [[2]]).H
    1
    >>> make_network("relu", [1, 1], [[1]], [[2]], q="1/2").q
    1/2
    """
    kind = get_model(model)
    widths = list(widths)
    kind.validate(widths)
    unknown = set(scalars) - set(kind.scalars)
    if unknown:
        raise InputError(f"model {model!r} has no parameter {sorted(unknown)[0]!r}")
    return kind.factory(widths, X, Y, **scalars)


def network_schema(description: str, extra: dict | None = None, max_width: int = 2000) -> dict:
    """The JSON Schema fragment shared by network kinds: widths, X, Y, optional weights, the
    common keys, and ``extra`` properties (a kind's scalar parameters). The ``model`` enum is
    filled in by :func:`instance_schema`.

    >>> sorted(network_schema("demo", {"q": {"$ref": "#/$defs/exactNumber"}})["properties"])[:4]
    ['X', 'Y', 'description', 'model']
    """
    props = {
        "model": {"enum": []},
        "schema_version": {"$ref": "#/$defs/schemaVersion"},
        "name": {"$ref": "#/$defs/name"},
        "description": {"$ref": "#/$defs/description"},
        "widths": {"type": "array", "minItems": 2,
                   "items": {"type": "integer", "minimum": 1, "maximum": max_width}},
        "X": {"$ref": "#/$defs/matrix"},
        "Y": {"$ref": "#/$defs/matrix"},
        **(extra or {}),
        "weights": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/matrix"}},
    }
    return {"description": description, "type": "object", "required": ["model", "widths", "X", "Y"],
            "additionalProperties": False, "properties": props}


def instance_schema() -> dict:
    """The JSON Schema of instance files: the base (named matrices, exact numbers) plus the
    fragment of every registered model kind. ``symlandscape/instance.schema.json`` is this
    document (a test keeps them equal).

    >>> s = instance_schema()
    >>> s["properties"]["model"]["enum"][:4]
    ['matrices', 'deep_linear', 'residual_linear', 'relu']
    """
    here = os.path.dirname(os.path.dirname(__file__))
    with open(os.path.join(here, "data", "instance.base.schema.json"), encoding="utf-8") as f:
        doc = json.load(f)
    groups: dict = {}
    for kind in _KINDS.values():
        groups.setdefault(kind.schema_name, (kind.schema, []))[1].append(kind.name)
    for name, (fragment, kinds) in groups.items():
        frag = copy.deepcopy(fragment)
        frag["properties"]["model"] = {"enum": kinds}
        doc["$defs"][name] = frag
        doc["properties"]["model"]["enum"] += kinds
        doc["allOf"].append({"if": {"properties": {"model": {"enum": kinds}}, "required": ["model"]},
                             "then": {"$ref": f"#/$defs/{name}"}})
    return doc
