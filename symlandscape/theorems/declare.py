"""Claim declarations: the one registry that the CLI, ``prove``, the docs and the checker read.

A claim is a *statement* (a function of a :class:`~symlandscape.facts.statement.Run`
that states named hypotheses and conclusions in the fact language) plus metadata:
its id (THEOREMS.md), the seed it was checked against, the original paper and theorem
number, the instance kinds it accepts, and whether it is an as-written statement or a
documented finding. Declarations import only the fact layer, so the independent
checker can read them without importing any prover.

How instances are generated and witnesses found is the provers' business
(:mod:`symlandscape.provers`), registered against the same id.
"""

__all__ = ["Claim", "Source", "SOURCES", "declare", "derive", "claims", "get_claim", "all_claims",
           "UnknownClaim"]

from dataclasses import dataclass, field, replace
from typing import Callable, Iterable


class UnknownClaim(KeyError):
    """No claim has this id."""

    def __str__(self):
        return self.args[0]


@dataclass(frozen=True)
class Source:
    """A seed text and the original work it reproduces."""

    seed: str
    title: str
    original: str   # authors and year of the original paper(s)

    def cite(self) -> str:
        return f"{self.original} (seed {self.seed})"


SOURCES = {
    "000": Source("000", "J. Zhang, Critical point behavior of deep networks (lecture notes, 2016)",
                  "Kawaguchi 2016; Choromanska et al. 2015"),
    "001": Source("001", "Yun, Sra, Jadbabaie, Global optimality conditions for deep neural networks",
                  "Yun-Sra-Jadbabaie 2018"),
    "002": Source("002", "Cooper, The critical locus of overparameterized neural networks",
                  "Cooper 2020"),
    "003": Source("003", "Golikov, Loss function landscape, part 2 (slides, 2019)",
                  "Hardt-Ma 2017; Auer et al. 1995; Tian 2017; Safran-Shamir 2018"),
    "004": Source("004", "Lucchi, Foundations of Deep Learning, lecture 05 (2024)",
                  "Baldi-Hornik 1989; Kawaguchi 2016"),
}


@dataclass(frozen=True)
class Claim:
    """A declared claim.

    Attributes
    ----------
    id : str
    seed : str
        The seed text it was checked against (``../shared/seeds/``).
    statement : str
        One line, the claim's statement as the catalogue shows it.
    kinds : tuple of str
        Instance kinds it accepts (``"matrices"``, ``"deep_linear"``, ...).
    paper : str
        The original work: authors, year and theorem number (``"Kawaguchi 2016, Thm 2.3"``).
    location : str
        Where in the seed (``"line 49"``, ``"eq (3)"``).
    as_written : bool
        A statement checked as the seed writes it (``AW-*``): a failure is a finding.
    finding : str
        Non-empty for a catalogue statement shown false: the explanation.
    corrected : str
        The mended statement (for findings and as-written failures).
    run : callable
        The statement ``run(s)``.
    dropped : frozenset
        Hypothesis keys this derived claim does without (recorded as values).
    parent : str or None
        The claim this one is derived from.
    version : int
        Bumped when the statement changes (certificates record it).
    """

    id: str
    seed: str
    statement: str
    kinds: tuple
    paper: str = ""
    location: str = ""
    as_written: bool = False
    finding: str = ""
    corrected: str = ""
    run: Callable | None = field(default=None, repr=False, compare=False)
    dropped: frozenset = frozenset()
    parent: str | None = None
    version: int = 1
    module: str = ""

    @property
    def failure_expected(self) -> bool:
        """A failure is a documented finding, not a bug: ``prove`` exits 0 for it."""
        return self.as_written or bool(self.finding)

    @property
    def source(self) -> Source | None:
        return SOURCES.get(self.seed)


_REGISTRY: dict = {}


def _add(claim: Claim) -> Claim:
    if claim.id in _REGISTRY:
        raise ValueError(f"claim {claim.id} declared twice")
    _REGISTRY[claim.id] = claim
    return claim


def declare(id: str, *, seed: str, statement: str, kinds: Iterable[str], paper: str = "",
            location: str = "", as_written: bool = False, finding: str = "", corrected: str = "",
            version: int = 1) -> Callable:
    """Decorator declaring ``run(s)`` as the statement of claim ``id``.

    Examples
    --------
    >>> @declare("DEMO-1", seed="000", statement="A A^+ A = A", kinds=("matrices",))
    ... def _demo(s):
    ...     s.need("A")
    ...     s.conclusion("A A^+ A = A", ["eq", ["mul", "A", ["pinv", "A"], "A"], "A"], key="penrose1")
    >>> get_claim("DEMO-1").statement
    'A A^+ A = A'
    >>> _forget("DEMO-1")
    """
    def deco(run):
        _add(Claim(id, seed, statement, tuple(kinds), paper, location, as_written, finding, corrected,
                   run, module=run.__module__.rsplit(".", 1)[-1], version=version))
        return run
    return deco


def derive(parent: str, id: str, *, drop: Iterable[str], finding: str = "", corrected: str = "",
           statement: str | None = None, group: str = "sharpness") -> Claim:
    """Declare ``id`` as claim ``parent`` without the hypotheses keyed ``drop``.

    The dropped hypotheses are still evaluated and recorded, as values: a failure of
    the derived claim shows that the hypothesis is needed. ``group`` places it in the
    catalogue (``theorems.catalogue.MODULES``; by default with the other findings).

    Examples
    --------
    >>> d = derive("KRON-5", "DEMO-KRON-5", drop={"nothing"}, finding="demo")
    >>> d.parent, d.dropped, d.statement
    ('KRON-5', frozenset({'nothing'}), 'R(A) in R(B) iff B B^- A = A (without the hypothesis nothing)')
    >>> _forget("DEMO-KRON-5")
    """
    base = _REGISTRY[parent]
    drop = frozenset(drop)
    text = statement or f"{base.statement} (without the hypothesis {', '.join(sorted(drop))})"
    return _add(replace(base, id=id, statement=text, dropped=base.dropped | drop, parent=parent,
                        finding=finding, corrected=corrected, as_written=False, module=group))


def _forget(id: str) -> None:
    _REGISTRY.pop(id, None)


def _load_all() -> None:
    from . import catalogue  # noqa: F401  (importing declares every claim)


def all_claims() -> dict:
    """Every declared claim by id (loads the catalogue)."""
    _load_all()
    return _REGISTRY


def claims() -> list:
    """Ids of every claim in catalogue order (THEOREMS.md), whatever the import order.

    >>> claims()[0]
    'KRON-1'
    """
    _load_all()
    from .catalogue import MODULES
    rank = {m: i for i, m in enumerate(MODULES)}
    seq = {cid: i for i, cid in enumerate(_REGISTRY)}
    return sorted((c for c in _REGISTRY if not c.startswith(("DEMO", "CLASSIFY"))),
                  key=lambda c: (rank.get(_REGISTRY[c].module, len(rank)), seq[c]))


def get_claim(id: str) -> Claim:
    """The declared claim ``id``.

    >>> get_claim("NOPE")
    Traceback (most recent call last):
    ...
    symlandscape.theorems.declare.UnknownClaim: unknown claim 'NOPE' (see `symlandscape claims` for the list)
    """
    _load_all()
    if not isinstance(id, str) or id not in _REGISTRY:
        raise UnknownClaim(f"unknown claim {id!r} (see `symlandscape claims` for the list)")
    return _REGISTRY[id]
