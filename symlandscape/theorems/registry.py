"""The one registry of claims: the CLI, ``prove``, the docs and the exercises read it.

A claim is registered once, with its id (from THEOREMS.md), its seed, a one-line
statement, the instance kinds it accepts, a checker for one instance, and a
generator of the instances ``prove`` runs it on.
"""

__all__ = ["Claim", "Verdict", "register", "claims", "get_claim", "check_claim", "STATUSES"]

from dataclasses import dataclass, field
from typing import Callable, Iterable

from ..certificates.evidence import Evidence
from ..exact.numbers import InputError
from ..instances import Instance, parse_instance

STATUSES = ("holds", "fails", "hypotheses not met", "undetermined")


@dataclass
class Verdict:
    """The answer of one claim on one instance.

    Attributes
    ----------
    claim : str
    status : str
        ``"holds"``, ``"fails"``, ``"hypotheses not met"`` or ``"undetermined"``.
    reason : str
        One sentence: which hypothesis, conclusion or value decided it.
    counterexample : dict or None
        For ``"fails"``: the instance (with the point) that breaks the claim.
    certificate : dict or None
        Re-checkable with :func:`symlandscape.check_certificate`.
    """

    claim: str
    status: str
    reason: str
    counterexample: dict | None = None
    certificate: dict | None = None

    def __bool__(self):
        raise TypeError("a Verdict is three-valued: compare .status, do not use it as a bool")

    def to_dict(self) -> dict:
        return {"claim": self.claim, "status": self.status, "reason": self.reason,
                "counterexample": self.counterexample}


@dataclass(frozen=True)
class Claim:
    """A registered claim (see THEOREMS.md for the statements)."""

    id: str
    seed: str
    statement: str
    kinds: tuple
    checker: Callable = field(repr=False)
    instances: Callable = field(repr=False)
    as_written: bool = False
    corrected: str = ""
    location: str = ""
    finding: str = ""

    @property
    def failure_expected(self) -> bool:
        """A failure is a reported finding (as-written statements, known false catalogue
        entries), not a bug: ``prove`` still exits 0 for it."""
        return self.as_written or bool(self.finding)

    def check(self, instance: Instance) -> Verdict:
        """Check the claim on one parsed instance."""
        if instance.model not in self.kinds:
            raise InputError(f"claim {self.id} does not apply to a {instance.model!r} instance "
                             f"(it accepts: {', '.join(self.kinds)})")
        ev = Evidence(self.id, instance)
        out = self.checker(instance, ev)
        if isinstance(out, Verdict):
            return out
        status, reason = ev.status()
        cert = ev.certificate()
        return Verdict(self.id, status, reason,
                       counterexample=instance.to_dict() if status == "fails" else None,
                       certificate=cert if status != "undetermined" else None)


_REGISTRY: dict = {}


def register(id: str, seed: str, statement: str, kinds: Iterable[str],
             instances: Callable[[], Iterable], as_written: bool = False,
             corrected: str = "", location: str = "", finding: str = "") -> Callable:
    """Decorator registering ``checker(instance, evidence)`` as claim ``id``.

    ``corrected`` (for ``AW-*`` statements) is the mended statement the errata
    page shows when the statement fails as written; ``location`` names the place
    in the seed (``"line 49"``, ``"eq (3)"``). ``finding`` marks a catalogue statement
    shown false (with the explanation); it is checked as stated and listed in the errata.

    The checker records facts on the :class:`Evidence`; the verdict follows
    from them. It may instead return a :class:`Verdict` (for search claims that
    aggregate many instances).
    """
    def deco(checker):
        if id in _REGISTRY:
            raise ValueError(f"claim {id} registered twice")
        _REGISTRY[id] = Claim(id, seed, statement, tuple(kinds), checker, instances, as_written,
                              corrected, location, finding)
        return checker
    return deco


def _load_all() -> None:
    from . import catalogue  # noqa: F401  (importing registers every claim)


def claims() -> list:
    """Ids of every registered claim, in catalogue order (whatever the import order).

    >>> claims()[0]
    'KRON-1'
    """
    _load_all()
    from .catalogue import MODULES
    rank = {f"{__package__}.{m}": i for i, m in enumerate(MODULES)}
    seq = {cid: i for i, cid in enumerate(_REGISTRY)}
    return sorted(_REGISTRY, key=lambda c: (rank.get(_REGISTRY[c].checker.__module__, len(rank)), seq[c]))


def get_claim(id: str) -> Claim:
    """The registered claim ``id`` (InputError naming the known ids otherwise)."""
    _load_all()
    if id not in _REGISTRY:
        raise InputError(f"unknown claim {id!r} (see `symlandscape claims` for the list)")
    return _REGISTRY[id]


def check_claim(id: str, instance) -> Verdict:
    """Check claim ``id`` on an instance (a dict as in an instance file, or an Instance).

    Parameters
    ----------
    id : str
        A claim id from :func:`claims`.
    instance : dict or Instance

    Returns
    -------
    Verdict

    Raises
    ------
    InputError
        Unknown claim, malformed instance, or an instance kind the claim does not accept.

    Examples
    --------
    >>> v = check_claim("KRON-1", {"model": "matrices", "matrices":
    ...     {"A": [[1, 2]], "B": [[1], ["1/2"]], "C": [[3, 0]]}})
    >>> v.status
    'holds'
    """
    claim = get_claim(id)
    inst = instance if isinstance(instance, Instance) else parse_instance(instance)
    return claim.check(inst)
