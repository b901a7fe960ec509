"""``check_certificate``: the public entry point of certificate re-verification.

Certificates of declared claims (and of CLASSIFY) are re-verified by
:mod:`symlandscape.certificates.check` alone: the claim's statement, the certificate's
witnesses and the checker's own arithmetic. Claims whose statement still lives inside a
legacy prover have no declared statement yet; for them the list of facts a certificate
must record is regenerated here by running the prover (values are still recomputed
independently). This module disappears when the last legacy prover is split.
"""

__all__ = ["check_certificate", "CertificateError"]

from .certificates.check import CertificateError
from .certificates.check import check_certificate as _independent
from .exact.numbers import InputError


def _expected(cert: dict) -> dict:
    from .instances import parse_instance
    from .provers.registry import get_claim
    try:
        inst = parse_instance(cert["instance"])
        expected = get_claim(cert["claim"]).check(inst).certificate
    except (InputError, KeyError, TypeError, ValueError) as e:
        raise CertificateError(f"certificate for {cert.get('claim')!r} cannot be regenerated: {e}") from None
    if expected is None or expected.get("status") == "undetermined":
        raise CertificateError(f"claim {cert.get('claim')!r} is undetermined on this instance: nothing to certify")
    return expected


def check_certificate(cert: dict, tie_to_claim: bool = True, max_params: int | None = None) -> dict:
    """Re-verify a certificate independently of the code that wrote it.

    See :func:`symlandscape.certificates.check.check_certificate`.

    Examples
    --------
    >>> import symlandscape as sl
    >>> c = sl.classify(sl.DeepLinear([1, 1, 1], X=[[1]], Y=[[1]]), [[[0]], [[0]]])
    >>> c.verdict, check_certificate(c.certificate)["ok"]
    ('strict saddle', True)
    >>> c.certificate["facts"][0]["text"] = "the gradient is not zero"    # edited text
    >>> check_certificate(c.certificate)
    Traceback (most recent call last):
    ...
    symlandscape.certificates.check.CertificateError: the facts are not the ones claim 'CLASSIFY' states on this instance: fact 'critical' has another text ('the gradient is not zero', stated 'the gradient is zero')
    """
    from .provers.registry import get_claim  # loads every claim, legacy ones included
    claim = cert.get("claim") if isinstance(cert, dict) else None
    try:
        legacy = isinstance(claim, str) and get_claim(claim).legacy
    except InputError:
        legacy = False
    if legacy and tie_to_claim and isinstance(cert.get("instance"), dict):
        from .certificates.check import MAX_PARAMS, _check_params
        _check_params(cert["instance"], MAX_PARAMS if max_params is None else max_params)  # before any work
        expected = _expected(cert)
    else:
        expected = None
    kw = {} if max_params is None else {"max_params": max_params}
    return _independent(cert, tie_to_claim=tie_to_claim, expected=expected, **kw)
