"""Running a claim's statement: the small trusted kernel shared by prover and checker.

A claim's *statement* is a Python function ``statement(s)`` of a :class:`Run` ``s``.
It states hypotheses, conclusions and deciding values as expressions of the fact
language (see :mod:`symlandscape.facts.fast`) over the instance's named matrices and
over *witnesses*: untrusted data (descent curves, points, kernel bases) that the prover
finds and the certificate carries. The statement never computes with matrices itself:
every value comes from the run's evaluator, so the very same statement runs

* in the prover, with the fast python-flint evaluator and witnesses found by search,
  producing the certificate; and
* in the independent checker, with its own plain-fraction evaluator and the
  certificate's witnesses, producing the facts the certificate must match.

The values a statement sees (:meth:`Run.peek`, :meth:`Run.hypothesis`, ...) are in
a neutral form (``bool``, ``int``, :class:`fractions.Fraction`, lists of these) so that
both runs take the same branches. This module imports only the standard library and
the verdict rule.
"""

__all__ = ["InstanceView", "Run", "Evaluator", "NotApplicable", "Undecided", "INTERVAL_OPS", "verdict_kind"]

import re
from fractions import Fraction
from typing import Any, Callable, Protocol

from .verdict import FACT_ROLES, status_of


class NotApplicable(ValueError):
    """The instance does not fit the statement (missing matrix, shapes that do not
    conform, wrong model kind): the prover reports it as bad input, the checker
    rejects the certificate."""


class Undecided(Exception):
    """An evaluation past the evaluator's work limits: the run is undetermined, with ``reason``.

    Raised by :meth:`Run.peek` and the fact methods when the evaluator signals one of its
    ``undecided`` exceptions (the fast evaluator's ``WorkLimitExceeded``); a statement may
    catch it to go on without that fact. Never read as holds or fails.
    """

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Evaluator(Protocol):
    """What a run needs from an evaluator of the fact language."""

    def evaluate(self, expr, env: dict) -> Any:
        """The value of ``expr`` in ``env`` (names bound to evaluator values)."""

    def encode(self, value) -> Any:
        """The JSON form of a value (bools and ints as such, rationals as strings)."""

    def neutral(self, value) -> Any:
        """The value as bool / int / Fraction / nested lists, for statement branching."""

    def fresh_env(self, env: dict) -> dict:
        """A new environment (with an empty subexpression cache) over ``env``."""


class InstanceView:
    """What a statement may know about an instance: its kind, widths and matrix shapes.

    Built from the prover's parsed instance or, independently, from the checker's.

    Examples
    --------
    >>> v = InstanceView("deep_linear", (2, 1, 2), {"X": (2, 3), "Y": (2, 3), "W1": (1, 2), "W2": (2, 1)})
    >>> v.H, v.has_point, v.weight_names, v.shape("W2")
    (1, True, ['W1', 'W2'], (2, 1))
    >>> v.shape("A")
    Traceback (most recent call last):
    ...
    symlandscape.facts.statement.NotApplicable: the instance has no matrix 'A' (it has W1, W2, X, Y)
    """

    def __init__(self, model: str, widths, shapes: dict):
        self.model = model
        self.widths = tuple(widths) if widths is not None else None
        self.shapes = dict(shapes)

    @property
    def H(self) -> int:
        """Hidden layers of a network instance."""
        return len(self.widths) - 2

    @property
    def weight_names(self) -> list:
        """``["W1", ..., "W{H+1}"]`` for a network instance."""
        return [f"W{k}" for k in range(1, len(self.widths))]

    @property
    def has_point(self) -> bool:
        """Whether a network instance carries weights."""
        return self.widths is not None and "W1" in self.shapes

    def has(self, name: str) -> bool:
        return name in self.shapes

    def shape(self, name: str) -> tuple:
        if name not in self.shapes:
            have = ", ".join(sorted(self.shapes)) or "none"
            raise NotApplicable(f"the instance has no matrix {name!r} (it has {have})")
        return self.shapes[name]


_KEY = re.compile(r"^[a-z0-9_.:\-]+$")


def slug(text: str) -> str:
    """A stable key from a fact text (for statements written before keys existed).

    >>> slug("vec(ABC) = (C^T kron A) vec(B)")
    'vec_abc_c_t_kron_a_vec_b'
    """
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:60] or "fact"


class Run:
    """One run of a statement on one instance (the prover's or the checker's).

    Parameters
    ----------
    claim : str
        The claim id.
    view : InstanceView
    env : dict
        The instance's named matrices as values of ``evaluator``.
    evaluator : Evaluator
    witness : callable, optional
        ``witness(name, **params)`` returns a witness as JSON data or None (not found).
        The prover passes its search; the checker reads the certificate.
    dropped : collection of str
        Hypothesis keys recorded as values instead of hypotheses (a derived claim
        without that hypothesis).

    Examples
    --------
    >>> from symlandscape.facts.fast import FAST
    >>> from symlandscape.exact import qmatrix
    >>> s = Run("DEMO", InstanceView("matrices", None, {"A": (2, 2)}),
    ...         {"A": qmatrix([[1, 2], [2, 4]])}, FAST)
    >>> s.hypothesis("rank A = 1", ["eq", ["rank", "A"], 1], key="rank1")
    True
    >>> s.conclusion("A A^+ A = A", ["eq", ["mul", "A", ["pinv", "A"], "A"], "A"], key="penrose1")
    True
    >>> s.status()
    ('holds', 'A A^+ A = A')
    """

    def __init__(self, claim: str, view: InstanceView, env: dict, evaluator,
                 witness: Callable | None = None, dropped=()):
        self.claim = claim
        self.view = view
        self.evaluator = evaluator
        self.env = evaluator.fresh_env(env)
        self.defs: dict = {}
        self.facts: list = []
        self.witnesses: dict = {}
        self.undetermined_reason: str | None = None
        self.extra: dict = {}
        self.explanations: list = []
        self._witness = witness
        self._dropped = frozenset(dropped)

    # -- reading ----------------------------------------------------------------------
    def _eval(self, expr, text: str):
        try:
            return self.evaluator.evaluate(expr, self.env)
        except getattr(self.evaluator, "undecided", ()) as e:
            raise Undecided(f"{text}: {getattr(e, 'reason', e)}") from None

    def peek(self, expr) -> Any:
        """The neutral value of ``expr`` (not recorded: to choose what to state)."""
        return self.evaluator.neutral(self._eval(expr, "evaluation"))

    def shape(self, name: str) -> tuple:
        """Shape of a named instance matrix (``NotApplicable`` when missing)."""
        return self.view.shape(name)

    def need(self, *names: str) -> list:
        """The shapes of the named matrices; ``NotApplicable`` naming what is missing."""
        missing = [n for n in names if not self.view.has(n)]
        if missing:
            have = ", ".join(sorted(self.view.shapes)) or "none"
            raise NotApplicable(f"{self.claim} needs matrices {', '.join(names)}; the instance "
                                f"lacks {', '.join(missing)} (it has {have})")
        return [self.view.shape(n) for n in names]

    def require(self, ok: bool, message: str) -> None:
        """``NotApplicable(message)`` unless ``ok`` (shape conformance and the like)."""
        if not ok:
            raise NotApplicable(f"{self.claim}: {message}")

    def conform(self, ok: bool, message: str) -> None:
        """``NotApplicable`` (shapes do not conform) unless ``ok``."""
        if not ok:
            raise NotApplicable(f"{self.claim}: shapes do not conform: {message}")

    def witness(self, name: str, **params) -> Any:
        """The witness ``name`` (JSON data) or None when none was found / recorded."""
        if name in self.witnesses:
            return self.witnesses[name]
        value = self._witness(name, **params) if self._witness is not None else None
        self.witnesses[name] = value
        return value

    # -- stating ----------------------------------------------------------------------
    def define(self, name: str, expr) -> None:
        """Bind ``name`` to the value of ``expr`` for later facts (recorded). Returns nothing:
        a statement reads values through facts or :meth:`peek`, never computes with them."""
        if name in self.env or name in self.defs:
            raise ValueError(f"define: {name!r} would shadow a bound name")
        value = self._eval(expr, f"definition of {name}")
        self.defs[name] = expr
        self.env[name] = value

    def _fact(self, role: str, text: str, expr, key: str | None) -> Any:
        raw = self._eval(expr, text)
        value = self.evaluator.encode(raw)
        if role != "value" and type(value) is not bool:
            raise TypeError(f"{role} fact {text!r} is not a boolean expression")
        key = key or slug(text)
        if not _KEY.match(key):
            raise ValueError(f"fact key {key!r} must be lower-case letters, digits, _ . : -")
        if role == "hypothesis" and key in self._dropped:
            role = "value"   # a derived claim without this hypothesis: still recorded
        self.facts.append({"key": key, "role": role, "text": text, "expr": expr, "value": value})
        return self.evaluator.neutral(raw)

    def hypothesis(self, text: str, expr, key: str | None = None) -> Any:
        """Record and return a hypothesis (a boolean expression)."""
        return self._fact("hypothesis", text, expr, key)

    def conclusion(self, text: str, expr, key: str | None = None) -> Any:
        """Record and return a conclusion (a boolean expression)."""
        return self._fact("conclusion", text, expr, key)

    def value(self, text: str, expr, key: str | None = None) -> Any:
        """Record a deciding exact value (a rank, an inertia, a loss)."""
        return self._fact("value", text, expr, key)

    def scoped(self, prefix: str, as_values: bool = True) -> "Scoped":
        """A view of this run for a sub-statement (e.g. a classification inside a claim):
        its facts get keys ``prefix.key`` and texts ``prefix: text``, are recorded as values
        when ``as_values``, and its witnesses are named ``prefix.name``."""
        return Scoped(self, prefix, as_values)

    def explain(self, text: str) -> None:
        """Add ``text`` to the reason when the claim fails (why, and what mends it)."""
        self.explanations.append(text)

    def undetermined(self, reason: str) -> None:
        """Mark the run as undecided (never read as holds or fails)."""
        self.undetermined_reason = reason

    def status(self) -> tuple:
        """``(status, reason)`` implied by the recorded facts (and explanations of a failure)."""
        status, reason = status_of(self.facts, self.undetermined_reason)
        if status == "fails" and self.explanations:
            reason = "; ".join([reason, *self.explanations])
        return status, reason

    def kind(self) -> str:
        """``"certified (interval)"`` when a fact rests on an interval enclosure, else ``"exact"``."""
        return verdict_kind(self.facts)

    def record(self) -> dict:
        """What the certificate stores of this run (besides the instance); ``"kind":
        "certified (interval)"`` when a fact rests on an interval enclosure (exact
        certificates carry no kind, as before)."""
        status, reason = self.status()
        out = {"status": status, "reason": reason, "witnesses": self.witnesses,
               "defs": self.defs, "facts": self.facts, **self.extra}
        if self.kind() != "exact":
            out["kind"] = self.kind()
        return out


class Scoped:
    """A sub-statement's view of a :class:`Run` (see :meth:`Run.scoped`).

    Its own ``extra`` and ``undetermined_reason`` stay local: a sub-statement that is
    undecided does not make the enclosing claim undecided unless the claim says so.
    """

    def __init__(self, run: Run, prefix: str, as_values: bool):
        self.run, self.prefix, self.as_values = run, prefix, as_values
        self.view, self.claim = run.view, run.claim
        self.extra: dict = {}
        self.undetermined_reason: str | None = None

    def peek(self, expr):
        return self.run.peek(expr)

    def shape(self, name):
        return self.run.shape(name)

    def need(self, *names):
        return self.run.need(*names)

    def require(self, ok, message):
        self.run.require(ok, message)

    def conform(self, ok, message):
        self.run.conform(ok, message)

    def define(self, name, expr):
        return self.run.define(name, expr)

    def witness(self, name, **params):
        return self.run.witness(f"{self.prefix}.{name}", **params)

    def _rec(self, role, text, expr, key):
        key = f"{self.prefix}.{key or slug(text)}"
        text = f"{self.prefix}: {text}"
        return self.run._fact("value" if self.as_values else role, text, expr, key)

    def hypothesis(self, text, expr, key=None):
        return self._rec("hypothesis", text, expr, key)

    def conclusion(self, text, expr, key=None):
        return self._rec("conclusion", text, expr, key)

    def value(self, text, expr, key=None):
        return self._rec("value", text, expr, key)

    def explain(self, text):
        pass   # a sub-statement's explanations are its enclosing claim's business

    def undetermined(self, reason):
        self.undetermined_reason = reason


#: Fact operations decided by rigorous interval enclosures (true, or the run is undetermined):
#: a run using one is "certified (interval)" rather than "exact" (DESIGN section 4).
INTERVAL_OPS = frozenset({"zero_in", "pd_on", "loss_in", "neg_curv_on", "zeros_covered", "pd_on_span"})


def _uses(expr, ops) -> bool:
    if isinstance(expr, list):
        return bool(expr) and ((isinstance(expr[0], str) and expr[0] in ops) or any(_uses(e, ops) for e in expr[1:]))
    return False


def verdict_kind(facts: list) -> str:
    """``"certified (interval)"`` if a fact's expression uses an interval operation, else ``"exact"``.

    >>> verdict_kind([{"expr": ["eq", ["rank", "A"], 1]}]), verdict_kind([{"expr": ["and", ["zero_in", "m", "X", "Y", "B"]]}])
    ('exact', 'certified (interval)')
    """
    return "certified (interval)" if any(_uses(f.get("expr"), INTERVAL_OPS) for f in facts) else "exact"


def neutral_scalar(x) -> Any:
    """Python bool/int stay; anything with numerator/denominator becomes a Fraction.

    >>> neutral_scalar(True), neutral_scalar(3), neutral_scalar(Fraction(1, 2))
    (True, 3, Fraction(1, 2))
    """
    if isinstance(x, (bool, int, Fraction)):
        return x
    return Fraction(int(x.p), int(x.q)) if hasattr(x, "p") else Fraction(str(x))


assert set(FACT_ROLES) == {"hypothesis", "conclusion", "value"}
