"""Instance files: the exact data a claim is checked on.

An instance is a JSON object with a ``"model"`` key (see ``instance.schema.json``):

* ``"matrices"``: named rational matrices, ``{"model": "matrices", "matrices": {"A": [[1, 2]]}}``;
* ``"deep_linear"``: widths ``[d_x, d_1, ..., d_H, d_y]``, data ``X`` (d_x x m) and
  ``Y`` (d_y x m), and optionally a point ``"weights": [W_1, ..., W_{H+1}]``;
* ``"residual_linear"``: the same keys, all widths equal, layer maps ``I + W_k``.

Numbers are ints or strings (``"3/4"``, ``"0.125"``); JSON floats are refused.
Nothing read from a file is ever evaluated.
"""

__all__ = ["Instance", "parse_instance", "load_instance", "read_json", "MODELS", "SCHEMA_VERSION"]

import json
import os
from dataclasses import dataclass, field

import flint

from .exact.matrix import QMatrix, qmatrix
from .exact.numbers import InputError
from .models.registry import get_model, model_kinds

SCHEMA_VERSION = 1
_COMMON = {"model", "schema_version", "name", "description"}
#: Instance kinds: named matrices, and every registered network model kind.
MODELS = ("matrices", *model_kinds())
#: Widths and sample counts beyond this are refused: exact checks would not finish.
MAX_DIM = 2000


@dataclass
class Instance:
    """A parsed, validated instance.

    Attributes
    ----------
    model : str
        One of ``MODELS``.
    env : dict
        Named exact matrices: the user's matrices, or ``X``, ``Y`` and ``W1`` ... ``W{H+1}``.
    widths : tuple or None
        Layer widths of a network instance.
    name : str
        A label for reports.

    Examples
    --------
    >>> inst = parse_instance({"model": "deep_linear", "widths": [1, 1, 1],
    ...                        "X": [[1, 2]], "Y": [["1/2", 1]], "weights": [[[2]], [[3]]]})
    >>> inst.H, inst.weights[1].tolist()
    (1, [[Fraction(3, 1)]])
    >>> parse_instance(inst.to_dict()) == inst
    True
    """

    model: str
    env: dict = field(default_factory=dict)
    widths: tuple | None = None
    name: str = ""

    @property
    def H(self) -> int:
        """Number of hidden layers of a network instance."""
        return len(self.widths) - 2

    @property
    def weights(self) -> list | None:
        """The point ``[W_1, ..., W_{H+1}]``, or None when the instance has none."""
        if self.widths is None or "W1" not in self.env:
            return None
        return [self.env[f"W{k}"] for k in range(1, len(self.widths))]

    def with_weights(self, W: list) -> "Instance":
        """A copy of a network instance at the point ``W``."""
        env = {k: v for k, v in self.env.items() if not (k[:1] == "W" and k[1:].isdigit())}
        env.update({f"W{k + 1}": QMatrix(w) for k, w in enumerate(W)})
        return Instance(self.model, env, self.widths, self.name)

    def matrix(self, key: str) -> QMatrix:
        """A named matrix, with a clear error when the instance lacks it."""
        if key not in self.env:
            raise InputError(f"instance has no matrix {key!r} (it has {', '.join(sorted(self.env)) or 'none'})")
        return self.env[key]

    def view(self):
        """What a statement may know of this instance (kind, widths, matrix shapes)."""
        from .facts.statement import InstanceView
        return InstanceView(self.model, self.widths, {k: v.shape for k, v in self.env.items()})

    def to_dict(self) -> dict:
        """The canonical JSON form: exact numbers as strings."""
        d = {"model": self.model, "schema_version": SCHEMA_VERSION}
        if self.name:
            d["name"] = self.name
        if self.model == "matrices":
            d["matrices"] = {k: v.tostrings() for k, v in self.env.items()}
            return d
        d["widths"] = list(self.widths)
        d["X"], d["Y"] = self.env["X"].tostrings(), self.env["Y"].tostrings()
        for key in get_model(self.model).scalars:
            if key in self.env:
                d[key] = self.env[key].tostrings()[0][0]
        if self.weights is not None:
            d["weights"] = [w.tostrings() for w in self.weights]
        return d


def parse_instance(data) -> Instance:
    """Validate an instance given as a dict (already decoded from JSON).

    Parameters
    ----------
    data : dict

    Returns
    -------
    Instance

    Raises
    ------
    InputError
        Unknown model or keys, wrong shapes, non-exact numbers: one line naming the entry.

    Examples
    --------
    >>> parse_instance({"model": "matrices", "matrices": {"A": [[1, "2/3"]]}}).env["A"].shape
    (1, 2)
    >>> parse_instance({"model": "cnn"})
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: unknown model 'cnn' (known: matrices, deep_linear, residual_linear, ...)
    """
    if not isinstance(data, dict):
        raise InputError(f"an instance must be a JSON object, got {type(data).__name__}")
    model = data.get("model")
    if model not in MODELS:
        raise InputError(f"unknown model {model!r} (known: {', '.join(MODELS)})")
    keys = _COMMON | ({"matrices"} if model == "matrices" else set(get_model(model).keys))
    unknown = set(data) - keys
    if unknown:
        raise InputError(f"unknown key(s) for model {model!r}: {', '.join(sorted(map(repr, unknown)))}")
    version = data.get("schema_version", SCHEMA_VERSION)
    if type(version) is not int or version != SCHEMA_VERSION:
        raise InputError(f"schema_version {version!r} is not supported (this is version {SCHEMA_VERSION})")
    name = data.get("name", "")
    if not isinstance(name, str):
        raise InputError("name must be a string")
    if not isinstance(data.get("description", ""), str):
        raise InputError("description must be a string")
    if model == "matrices":
        mats = data.get("matrices")
        if not isinstance(mats, dict) or not mats:
            raise InputError("matrices: expected a non-empty object of named matrices")
        for key in mats:
            if not (isinstance(key, str) and key.isidentifier()):
                raise InputError(f"matrices: {key!r} is not a valid matrix name")
        return Instance(model, {k: qmatrix(v, f"matrices.{k}") for k, v in mats.items()}, None, name)
    return _parse_network(data, model, name)


def _parse_network(data: dict, model: str, name: str) -> Instance:
    for key in ("widths", "X", "Y"):
        if key not in data:
            raise InputError(f"model {model!r} needs the key {key!r}")
    widths = data["widths"]
    if (not isinstance(widths, list) or len(widths) < 2
            or not all(isinstance(w, int) and not isinstance(w, bool) for w in widths)):
        raise InputError("widths: expected a list of at least two positive integers")
    if any(w < 1 or w > MAX_DIM for w in widths):
        raise InputError(f"widths: every width must be between 1 and {MAX_DIM}")
    try:
        get_model(model).validate(widths)
    except InputError as e:
        raise InputError(f"widths: {e}") from None
    X = qmatrix(data["X"], "X")
    m = X.shape[1]
    if m > MAX_DIM:
        raise InputError(f"X: {m} samples is more than the {MAX_DIM} supported")
    if X.shape[0] != widths[0]:
        raise InputError(f"X: shape {X.shape} but widths[0] = {widths[0]} requires {widths[0]} rows")
    Y = qmatrix(data["Y"], "Y", shape=(widths[-1], m))
    env = {"X": X, "Y": Y}
    for key, default in get_model(model).scalars.items():
        # a model's scalar parameters are 1 x 1 matrices of the instance (facts name them)
        env[key] = qmatrix([[data.get(key, default)]], key)
    if "weights" in data:
        W = data["weights"]
        if not isinstance(W, list) or len(W) != len(widths) - 1:
            raise InputError(f"weights: expected a list of {len(widths) - 1} matrices "
                             f"(one per layer for widths {widths})")
        for k, w in enumerate(W):
            env[f"W{k + 1}"] = qmatrix(w, f"weights[{k}]", shape=(widths[k + 1], widths[k]))
    return Instance(model, env, tuple(widths), name)


def read_json(path: str):
    """Decode a JSON file exactly: floats and NaN/Infinity refused, long integers kept.

    Raises
    ------
    InputError
        Missing or unreadable file, malformed JSON (with line and column), floats,
        nesting too deep, a key twice in one object.
    """
    if not os.path.isfile(path):
        raise InputError(f"{path}: no such file")
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f, parse_float=_refuse_float, parse_constant=_refuse_constant,
                             parse_int=_parse_int, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as e:
        raise InputError(f"{path}: malformed JSON: {e.msg} at line {e.lineno} column {e.colno}") from None
    except (UnicodeDecodeError, OSError) as e:
        raise InputError(f"{path}: cannot read: {e}") from None
    except RecursionError:
        raise InputError(f"{path}: JSON nested too deeply") from None
    except InputError as e:
        raise InputError(f"{path}: {e}") from None


def load_instance(path: str) -> Instance:
    """Read and validate an instance file.

    Raises
    ------
    InputError
        Any error of :func:`read_json` or :func:`parse_instance`, prefixed with the path.

    Examples
    --------
    >>> inst = load_instance("examples/deep_linear_origin_h2.json")    # from the repository root
    >>> inst.model, inst.widths
    ('deep_linear', (2, 2, 2, 2))
    >>> load_instance("no/such/file.json")
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: no/such/file.json: no such file
    """
    data = read_json(path)
    try:
        return parse_instance(data)
    except InputError as e:
        raise InputError(f"{path}: {e}") from None


def _parse_int(s: str):
    # Python's int() refuses more than 4300 digits; long integers stay exact as flint.fmpz.
    return int(s) if len(s) < 4000 else flint.fmpz(s)


def _refuse_float(s: str):
    raise InputError(f"JSON number {s} is a float; write exact numbers as ints or strings such as \"{s}\"")


def _refuse_constant(s: str):
    raise InputError(f"JSON constant {s} is not an exact number")


def _unique_keys(pairs: list) -> dict:
    # A key given twice is ambiguous (Python keeps the last, other readers the first): a
    # certificate's "status" or an instance's "X" must mean one thing to every reader.
    out = dict(pairs)
    if len(out) != len(pairs):
        seen = set()
        dup = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise InputError(f"JSON object has the key {dup[:40]!r} more than once")
    return out
