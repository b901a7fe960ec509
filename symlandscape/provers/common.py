"""Small helpers shared by the claim modules."""

__all__ = ["lit", "show", "verdict", "poly_at"]

from ..exact.matrix import QMatrix
from ..landscape.spectral import poly_at  # noqa: F401  (its home is landscape)
from .registry import Verdict


def lit(M: QMatrix) -> list:
    """A matrix as a literal in a fact expression.

    >>> lit(QMatrix([[1, "1/2"]]))
    ['lit', [['1', '1/2']]]
    """
    return ["lit", M.tostrings()]


def show(M: QMatrix) -> str:
    """``[[0, 1], [1/2, 0]]``: a matrix for a reason text.

    >>> show(QMatrix([[0, 1], ["1/2", 0]]))
    '[[0, 1], [1/2, 0]]'
    """
    return "[" + ", ".join("[" + ", ".join(row) + "]" for row in M.tostrings()) + "]"


def verdict(ev, extra: str = "", always: bool = False, when: str | None = None) -> Verdict:
    """The verdict of the facts recorded on ``ev``, its reason extended by ``extra``.

    ``extra`` is added when the claim fails (``when``: only if the conclusion with that
    text is among the failures), or always with ``always=True``.
    """
    status, reason = ev.status()
    failed = {f["text"] for f in ev.facts if f["role"] == "conclusion" and f["value"] is not True}
    if extra and (always or (status == "fails" and (when is None or when in failed))):
        reason = f"{reason}; {extra}"
    cert = ev.certificate() if status != "undetermined" else None
    if cert is not None:
        cert["reason"] = reason
    return Verdict(ev.claim, status, reason,
                   counterexample=ev.instance.to_dict() if status == "fails" else None,
                   certificate=cert)
