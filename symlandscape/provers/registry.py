"""Provers: checking a declared claim on an instance, with the fast evaluator and witness search.

A claim's statement is declared in :mod:`symlandscape.theorems`; this layer adds, per
claim id, the family of instances ``prove`` runs it on and the witness finders its
statement asks for (descent curves, index sets, points). :func:`check_claim` runs the
statement with the fast python-flint evaluator and returns a :class:`Verdict` whose
certificate the independent checker re-verifies by running the same statement with its
own arithmetic.
"""

__all__ = ["Verdict", "ProvableClaim", "prover", "claims", "get_claim", "check_claim",
           "check_instance", "STATUSES"]

from dataclasses import dataclass, field
from typing import Callable, Iterable

from ..exact.numbers import InputError
from ..facts.fast import FAST
from ..facts.statement import NotApplicable, Run, Undecided
from ..facts.verdict import STATUSES, Verdict
from ..instances import Instance, parse_instance
from ..theorems import declare as _decl

CERT_FORMAT = "symlandscape-certificate"


@dataclass
class _Prover:
    instances: Callable = field(default=lambda: iter(()))
    witnesses: dict = field(default_factory=dict)


_PROVERS: dict = {}


def prover(id: str, instances: Callable[[], Iterable], witnesses: dict | None = None) -> None:
    """Register the instance family and witness finders of declared claim ``id``.

    ``witnesses[name](instance, **params)`` returns the witness as JSON data or None.
    """
    if id in _PROVERS:
        raise ValueError(f"prover for {id} registered twice")
    _PROVERS[id] = _Prover(instances, dict(witnesses or {}))


def view_of(inst: Instance):
    """The statement's view of a parsed instance."""
    return inst.view()


class ProvableClaim:
    """A declared claim together with its prover: ``check(instance)`` and ``instances()``."""

    def __init__(self, decl: _decl.Claim):
        self.decl = decl

    def __getattr__(self, name):
        return getattr(self.decl, name)

    def __repr__(self):
        return f"ProvableClaim({self.decl.id!r})"

    def instances(self):
        """The bundled instances ``prove`` runs this claim on (smallest first for ``AW-*``)."""
        return _prover_of(self.decl).instances()

    def check(self, instance: Instance) -> Verdict:
        """Check the claim on one parsed instance (InputError when it does not apply)."""
        return check_instance(self.decl, instance)


def _prover_of(decl) -> _Prover:
    _load_provers()
    return _PROVERS.get(decl.id) or _PROVERS.get(decl.parent or decl.id) or _Prover()


def check_instance(decl, instance: Instance) -> Verdict:
    """Run claim ``decl`` on a parsed instance; the verdict carries its certificate."""
    if instance.model not in decl.kinds:
        raise InputError(f"claim {decl.id} does not apply to a {instance.model!r} instance "
                         f"(it accepts: {', '.join(decl.kinds)})")
    pv = _prover_of(decl)
    finding = decl.finding or ("as-written statement" if decl.as_written else "")
    finders = pv.witnesses

    def witness(name, **params):
        fn = finders.get(name)
        return fn(instance, **params) if fn is not None else None

    run = Run(decl.id, view_of(instance), instance.env, FAST, witness=witness, dropped=decl.dropped)
    try:
        decl.run(run)
    except NotApplicable as e:
        raise InputError(str(e)) from None
    except Undecided as e:
        run.undetermined(e.reason)
    status, reason = run.status()
    cert = None
    if status != "undetermined":
        cert = {"format": CERT_FORMAT, "version": 2, "claim": decl.id,
                "statement_version": decl.version, "instance": instance.to_dict(), **run.record()}
    return Verdict(decl.id, status, reason,
                   counterexample=instance.to_dict() if status == "fails" else None,
                   certificate=cert, finding=finding, kind=run.kind())


_LOADED = False


def _load_provers() -> None:
    global _LOADED
    if not _LOADED:
        _LOADED = True
        from . import catalogue  # noqa: F401  (importing registers every prover)


def claims() -> list:
    """Ids of every registered claim, in catalogue order.

    >>> claims()[0]
    'KRON-1'
    """
    _load_provers()
    return _decl.claims()


def get_claim(id: str) -> ProvableClaim:
    """The claim ``id`` with its prover: metadata, ``check(instance)``, ``instances()``.

    Examples
    --------
    >>> c = get_claim("KRON-3")
    >>> c.seed, c.kinds, bool(c.finding), c.failure_expected
    ('000', ('matrices',), True, True)
    >>> get_claim("KRON-9")
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: unknown claim 'KRON-9' (see `symlandscape claims` for the list)
    """
    _load_provers()
    try:
        return ProvableClaim(_decl.get_claim(id))
    except _decl.UnknownClaim as e:
        raise InputError(str(e)) from None


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
        ``status`` is one of ``"holds"``, ``"fails"``, ``"hypotheses not met"``,
        ``"undetermined"``; ``certificate`` re-verifies with :func:`symlandscape.check_certificate`.

    Raises
    ------
    InputError
        Unknown claim, malformed instance, or an instance the claim does not apply to.

    Examples
    --------
    >>> v = check_claim("KRON-1", {"model": "matrices", "matrices":
    ...     {"A": [[1, 2]], "B": [[1], ["1/2"]], "C": [[3, 0]]}})
    >>> v.status, [f["key"] for f in v.facts]
    ('holds', ['vec_abc'])
    >>> check_claim("KRON-1", {"model": "matrices", "matrices": {"A": [[1]]}})
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: KRON-1 needs matrices A, B, C; the instance lacks B, C (it has A)
    """
    claim = get_claim(id)
    inst = instance if isinstance(instance, Instance) else parse_instance(instance)
    return claim.check(inst)
