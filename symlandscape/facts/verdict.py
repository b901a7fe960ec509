"""The verdict rule: what a list of evaluated facts implies.

This is the one definition of a verdict, shared by the prover and the independent
checker (it *is* the definition, so sharing it is not sharing arithmetic). It imports
nothing but the standard library.
"""

__all__ = ["STATUSES", "FACT_ROLES", "status_of", "Verdict", "set_renderer"]

from dataclasses import dataclass

STATUSES = ("holds", "fails", "hypotheses not met", "undetermined")
FACT_ROLES = ("hypothesis", "conclusion", "value")

# The printing layer (above this one) installs its renderers here, so that a Verdict
# can show itself in Jupyter without this module importing the printer.
_RENDERERS: dict = {}


def set_renderer(kind: str, fn) -> None:
    """Install a renderer (``"markdown"`` or ``"latex"``) for :class:`Verdict`.

    Called by :mod:`symlandscape.printing`; a user may install another.
    """
    _RENDERERS[kind] = fn


def status_of(facts: list, undetermined_reason: str | None = None) -> tuple:
    """``(status, reason)`` implied by recorded facts.

    A failed hypothesis wins (``"hypotheses not met"``), then an explicit
    undetermined reason, then a failed conclusion (``"fails"``); with every
    conclusion true the claim ``"holds"``. No conclusion at all is undetermined.

    Examples
    --------
    >>> status_of([{"role": "hypothesis", "text": "h", "value": False}])
    ('hypotheses not met', 'hypothesis fails: h')
    >>> status_of([{"role": "conclusion", "text": "c", "value": True}])
    ('holds', 'c')
    >>> status_of([])
    ('undetermined', 'no conclusion was checked')
    """
    bad_h = [f for f in facts if f["role"] == "hypothesis" and f["value"] is not True]
    if bad_h:
        return "hypotheses not met", "hypothesis fails: " + bad_h[0]["text"]
    if undetermined_reason is not None:
        return "undetermined", undetermined_reason
    concl = [f for f in facts if f["role"] == "conclusion"]
    bad_c = [f for f in concl if f["value"] is not True]
    if bad_c:
        return "fails", "conclusion fails: " + bad_c[0]["text"]
    if not concl:
        return "undetermined", "no conclusion was checked"
    return "holds", "; ".join(f["text"] for f in concl)


@dataclass
class Verdict:
    """The answer of one claim on one instance: never a bare boolean.

    Attributes
    ----------
    claim : str
    status : str
        One of :data:`STATUSES`.
    reason : str
        One sentence: which hypothesis, conclusion or value decided it.
    counterexample : dict or None
        For ``"fails"``: the instance (with the point) that breaks the claim.
    certificate : dict or None
        Re-checkable with :func:`symlandscape.check_certificate` (None when undetermined).
    finding : str
        Non-empty when a failure of this claim is a documented finding (see the errata).
    kind : str
        ``"exact"``, or ``"certified (interval)"`` when a fact rests on a rigorous interval
        enclosure (a transcendental critical point) rather than exact arithmetic.

    Examples
    --------
    >>> v = Verdict("DEMO", "undetermined", "too large")
    >>> bool(v)
    Traceback (most recent call last):
    ...
    TypeError: a Verdict is three-valued: compare .status, do not use it as a bool
    """

    claim: str
    status: str
    reason: str
    counterexample: dict | None = None
    certificate: dict | None = None
    finding: str = ""
    kind: str = "exact"

    def __bool__(self):
        raise TypeError("a Verdict is three-valued: compare .status, do not use it as a bool")

    @property
    def facts(self) -> list:
        """The recorded facts (hypotheses, conclusions, values), empty when undetermined."""
        return list((self.certificate or {}).get("facts", []))

    def to_dict(self) -> dict:
        """JSON form: ``id``, ``status``, ``reason``, ``counterexample``, ``certificate``."""
        return {"id": self.claim, "status": self.status, "reason": self.reason,
                "finding": self.finding or None, "kind": self.kind,
                "counterexample": self.counterexample, "certificate": self.certificate}

    def _repr_markdown_(self):
        fn = _RENDERERS.get("markdown")
        return fn(self) if fn else None

    def _repr_latex_(self):
        fn = _RENDERERS.get("latex")
        return fn(self) if fn else None
