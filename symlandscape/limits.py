"""Bounded work at the entry points: estimate the cost of an instance before any heavy step.

The commands ``classify``, ``check``, ``prove`` and ``verify`` call :func:`check_limits`
on the decoded JSON of an instance (before its matrices are parsed) and refuse, with
one line and exit code 2, an instance whose estimated parameters or peak memory are
beyond ``--max-params`` / ``--max-memory``. The estimate is a model fitted to
measurements (below), deliberately on the generous side of them: refusing a
feasible instance costs the user a flag; starting an infeasible one costs the
machine.

Measurements (python-flint 0.9.0, numpy, one of two cores, 2026-11-30; peak RSS
from ``/usr/bin/time``) of ``symlandscape classify`` at the origin of a deep linear
net ``[d, d, d]`` (an exactly critical point: the dense Hessian, its certified
inertia, the global-minimum test):

==========  =======  ========  =========
widths      params   time      peak RSS
==========  =======  ========  =========
[10]*3        200     1.5 s      86 MB
[20]*3        800     2.2 s     140 MB
[30]*3      1,800     9.5 s     367 MB
[40]*3      3,200      57 s     1.0 GB
[50]*3      5,000     133 s     2.3 GB
==========  =======  ========  =========

so the peak is about ``80 MB + 95 bytes x n^2`` (object arrays of exact integers,
the flint matrices and the float copies for ``eigh``) and the time about
``133 s x (n / 5000)^2.8``. Deep narrow nets add a per-pair-of-layers cost: depth
100/200/400/3,000 with width 1 (at a global minimum) took 1.7/2.1/4.4/146 s and
87 MB/107 MB/202 MB/7.1 GB, growing to about ``1.4 KB`` and ``27 us`` per pair of
layers at depth 3,000 (4.5 million pairs). The defaults fit a 2-core 24 GB machine with room
for the rest of the system: ``MAX_MEMORY`` 8 GB (estimated peak, about 9,100
parameters for a dense Hessian) and ``MAX_PARAMS`` 12,000 (about half an hour by the
time model; a cap on the per-parameter loops whatever the memory estimate says).
"""

__all__ = ["Estimate", "estimate", "check_limits", "parse_bytes", "format_bytes",
           "MAX_PARAMS", "MAX_MEMORY", "BASE_BYTES", "BYTES_PER_ENTRY", "BYTES_PER_LAYER_PAIR"]

import re
from dataclasses import dataclass
from fractions import Fraction

from .exact.numbers import InputError

#: Default ``--max-params``: largest parameter vector (see the module notes).
MAX_PARAMS = 12_000
#: Default ``--max-memory`` in bytes: largest estimated peak (see the module notes).
MAX_MEMORY = 8 * 2 ** 30
#: Interpreter, numpy and flint before any work (measured: 77-86 MB).
BASE_BYTES = 80 * 2 ** 20
#: Peak bytes per Hessian entry (measured 91-113 at 1,800-5,000 parameters).
BYTES_PER_ENTRY = 96
#: Peak bytes per pair of layers (Hessian block bookkeeping; measured ~770 at depth 400,
#: ~1,400 at depth 3,000).
BYTES_PER_LAYER_PAIR = 1_500
#: Largest number of layers a network instance may have (the JSON nesting and the
#: per-layer Python loops stay far from the recursion limit and the memory model).
MAX_LAYERS = 4_000


@dataclass(frozen=True)
class Estimate:
    """What an instance asks for, before any of it is computed.

    Attributes
    ----------
    what : str
        ``"widths [...]"`` or ``"matrices A (m x n), ..."`` for messages.
    params : int
        Length of the parameter vector (0 for a ``matrices`` instance).
    entries : int
        Entries of the largest dense matrix the checks build: the Hessian
        (``params^2``), or for ``matrices`` the largest Kronecker product of two of them.
    memory : int
        Estimated peak bytes.
    seconds : float
        Rough time on a machine like the one of the module notes.
    time_class : str
        ``"seconds"``, ``"minutes"``, ``"hours"`` or ``"days or more"``.
    """

    what: str
    params: int
    entries: int
    memory: int
    seconds: float
    time_class: str


def _time_class(s: float) -> str:
    return ("seconds" if s < 60 else "minutes" if s < 3600 else "hours" if s < 86400
            else "days or more")


def _shape(rows) -> tuple:
    if isinstance(rows, list) and rows and isinstance(rows[0], list):
        return len(rows), len(rows[0])
    return 0, 0


def estimate(data: dict) -> Estimate | None:
    """Estimate the work of an instance from its decoded JSON (widths, model kind).

    Only sizes are read; nothing is parsed or computed. ``None`` when the sizes
    cannot be read (malformed instance: the loader will say what is wrong).

    Parameters
    ----------
    data : dict
        An instance as decoded from its file (``instances.read_json``).

    Returns
    -------
    Estimate or None

    Examples
    --------
    >>> e = estimate({"model": "deep_linear", "widths": [2000, 2000, 2000]})
    >>> e.params, e.entries, format_bytes(e.memory), e.time_class
    (8000000, 64000000000000, '5.5 PB', 'days or more')
    >>> estimate({"model": "deep_linear", "widths": [2, 3, 2]}).params
    12
    >>> estimate({"model": "matrices", "matrices": {"A": [[1, 2]], "B": [[1], [2]]}}).entries
    4
    """
    if not isinstance(data, dict):
        return None
    model = data.get("model")
    if model in ("deep_linear", "residual_linear"):
        w = data.get("widths")
        if not (isinstance(w, list) and len(w) >= 2
                and all(type(x) is int and x > 0 for x in w)):
            return None
        n = sum(a * b for a, b in zip(w, w[1:]))
        layers = len(w) - 1
        pairs = layers * (layers + 1) // 2
        mem = BASE_BYTES + BYTES_PER_ENTRY * n * n + BYTES_PER_LAYER_PAIR * pairs
        secs = 133.0 * (n / 5000) ** 2.8 + 2.7e-5 * pairs + 1.5
        shown = w if len(w) <= 8 else f"[{w[0]}, {w[1]}, ... ({len(w)} widths)]"
        return Estimate(f"widths {shown}", n, n * n, mem, secs, _time_class(secs))
    if model == "matrices":
        mats = data.get("matrices")
        if not isinstance(mats, dict) or not mats:
            return None
        sizes = sorted((r * c for r, c in map(_shape, mats.values())), reverse=True)
        # the KRON claims build Kronecker products of two of the matrices (and vec's of them)
        entries = sizes[0] * (sizes[1] if len(sizes) > 1 else sizes[0])
        mem = BASE_BYTES + BYTES_PER_ENTRY * entries
        secs = 1.0 + entries * 2e-7
        names = ", ".join(f"{k} {'x'.join(map(str, _shape(v)))}" for k, v in list(mats.items())[:4])
        return Estimate(f"matrices {names}", 0, entries, mem, secs, _time_class(secs))
    return None


def check_limits(data: dict, max_params: int | None = None, max_memory: int | None = None,
                 where: str = "") -> Estimate | None:
    """Refuse an instance beyond the limits with an InputError saying what it would need.

    Parameters
    ----------
    data : dict
        Decoded JSON of an instance.
    max_params, max_memory : int, optional
        Limits (default ``MAX_PARAMS`` and ``MAX_MEMORY`` bytes).
    where : str
        Prefix for the message (the file name).

    Returns
    -------
    Estimate or None
        The estimate, when within the limits.

    Raises
    ------
    InputError
        One line: what the instance asks for and which limit (and option) stops it.

    Examples
    --------
    >>> check_limits({"model": "deep_linear", "widths": [2000, 2000, 2000]})
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: widths [2000, 2000, 2000] ask for 8,000,000 parameters (Hessian of 6.4e+13 entries, ~5.5 PB estimated peak, days or more); the limit is 12,000 (--max-params)
    >>> check_limits({"model": "deep_linear", "widths": [60, 60, 60]}, max_memory=2 ** 30)
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: widths [60, 60, 60] need ~4.7 GB at peak (7,200 parameters, Hessian of 5.2e+07 entries, minutes); the limit is 1.0 GB (--max-memory)
    """
    max_params = MAX_PARAMS if max_params is None else max_params
    max_memory = MAX_MEMORY if max_memory is None else max_memory
    pre = f"{where}: " if where else ""
    if isinstance(data, dict) and isinstance(data.get("widths"), list) and len(data["widths"]) - 1 > MAX_LAYERS:
        raise InputError(f"{pre}{len(data['widths']) - 1} layers is more than the {MAX_LAYERS:,} supported")
    e = estimate(data)
    if e is None:
        return None
    if e.params > max_params:
        raise InputError(f"{pre}{e.what} ask for {e.params:,} parameters (Hessian of {e.entries:.1e} "
                         f"entries, ~{format_bytes(e.memory)} estimated peak, {e.time_class}); "
                         f"the limit is {max_params:,} (--max-params)")
    if e.memory > max_memory:
        extra = f"{e.params:,} parameters, Hessian of " if e.params else "largest Kronecker product "
        raise InputError(f"{pre}{e.what} need ~{format_bytes(e.memory)} at peak ({extra}{e.entries:.1e} "
                         f"entries, {e.time_class}); the limit is {format_bytes(max_memory)} (--max-memory)")
    return e


_UNITS = {"": 1, "B": 1, "K": 2 ** 10, "KB": 2 ** 10, "M": 2 ** 20, "MB": 2 ** 20,
          "G": 2 ** 30, "GB": 2 ** 30, "T": 2 ** 40, "TB": 2 ** 40}


def parse_bytes(text: str) -> int:
    """Bytes from ``"8G"``, ``"512MB"``, ``"1.5G"`` or ``"1000000"`` (binary units).

    >>> parse_bytes("8G"), parse_bytes("1.5 GB"), parse_bytes("4096")
    (8589934592, 1610612736, 4096)
    """
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]*)\s*", str(text))
    unit = m.group(2).upper() if m else None
    if not m or unit not in _UNITS:
        raise InputError(f"--max-memory: {str(text)[:40]!r} is not a size (use e.g. 8G, 512M, 1.5G)")
    value = int(Fraction(m.group(1)) * _UNITS[unit])
    if value <= 0:
        raise InputError("--max-memory must be positive")
    return value


def format_bytes(b: int) -> str:
    """``5.6 PB``-style size (binary units).

    >>> format_bytes(8 * 2 ** 30), format_bytes(512)
    ('8.0 GB', '512 B')
    """
    for unit, size in (("PB", 2 ** 50), ("TB", 2 ** 40), ("GB", 2 ** 30), ("MB", 2 ** 20), ("KB", 2 ** 10)):
        if b >= size:
            return f"{b / size:.1f} {unit}"
    return f"{b} B"
