"""Instance families for the random-initialisation moments of seed 004 (statements in
:mod:`symlandscape.theorems.moments`; laws and the exact moments in :mod:`symlandscape.moments`).

Instances are ``matrices`` instances: ``x``, ``y`` (d x 1), ``depth`` (1 x 1) and one law
matrix, ``s2`` (Gaussian), ``law`` (discrete: values; probabilities) or ``moments``.
"""

__all__ = ["moment_instance", "LAWS"]

import random
from fractions import Fraction
from itertools import product

from .. import moments as _moments  # noqa: F401  (registers the moment fact operations)
from ..exact.matrix import QMatrix
from ..instances import Instance
from ..moments.laws import Discrete, rademacher, three_point, two_point
from .instancegen import network_instance, random_qmatrix
from .registry import prover


def _law_env(law) -> dict:
    if isinstance(law, Discrete):
        return {"law": QMatrix([[str(v) for v in law.values], [str(p) for p in law.probs]])}
    return {"s2": QMatrix([[str(law)]])}


def _law_name(law) -> str:
    return f"discrete law {law.values and [str(v) for v in law.values]} (kurtosis {law.kappa})" \
        if isinstance(law, Discrete) else f"Gaussian s^2 = {law}"


def moment_instance(x, y, L, law, name: str = "") -> Instance:
    """A ``matrices`` instance for the moment claims; ``law`` a :class:`Discrete` or a Gaussian
    variance (an exact number).

    >>> moment_instance([1, 2], [0, 1], 3, "1/2").env["s2"].tolist()
    [[Fraction(1, 2)]]
    """
    env = {"x": QMatrix([[v] for v in x]), "depth": QMatrix([[L]]), **_law_env(law)}
    if y is not None:
        env["y"] = QMatrix([[v] for v in y])
    return Instance("matrices", env, None, name or f"d = {len(x)}, L = {L}, {_law_name(law)}")


#: The discrete laws tried (with their kurtosis): Rademacher 1, uniform on three points 3/2,
#: three-point p = 1/4 (4), asymmetric two-point {1, -3} (7/3).
LAWS = [rademacher(), three_point(), three_point(1, "1/4"), two_point(1, 3)]


def _vec(rng, d, zero=False):
    v = [Fraction(rng.randint(-3, 3), rng.choice((1, 1, 2, 3))) for _ in range(d)]
    if zero:
        v[0] = Fraction(0)
    if not any(v):
        v[-1] = Fraction(1)
    return [str(t) for t in v]


def _grad004():
    rng = random.Random(4004)
    for d, L in [(1, 1), (1, 3), (2, 1), (2, 2), (2, 3), (3, 2), (2, 4), (3, 3)]:
        for m in (1, 2):
            X, Y = random_qmatrix(rng, d, m), random_qmatrix(rng, d, m)
            W = [random_qmatrix(rng, d, d) for _ in range(L)]
            yield network_instance([d] * (L + 1), X, Y, W, name=f"d = {d}, L = {L}, m = {m}")
    # unequal widths and a zero layer: the formula needs no square layers
    X, Y = random_qmatrix(rng, 3, 2), random_qmatrix(rng, 2, 2)
    yield network_instance([3, 1, 4, 2], X, Y, [random_qmatrix(rng, 1, 3), QMatrix.zeros(4, 1),
                                                random_qmatrix(rng, 2, 4)], name="widths [3, 1, 4, 2], W2 = 0")


def _mom10():
    rng = random.Random(1010)
    laws = ["1", "1/2", *LAWS]
    for (m, p, q, n) in [(1, 1, 1, 1), (2, 3, 2, 2), (1, 2, 3, 2)]:
        for law in laws:
            A, B = random_qmatrix(rng, m, p), random_qmatrix(rng, q, n)
            yield Instance("matrices", {"A": A, "B": B, **_law_env(law)}, None,
                           f"A {m} x {p}, B {q} x {n}, {_law_name(law)}")
    yield Instance("matrices", {"A": QMatrix.zeros(2, 2), "B": random_qmatrix(rng, 2, 1), "s2": QMatrix([[2]])},
                   None, "A = 0")
    # (A, B) independent of each other (a product law) and of W
    for law in ("1", rademacher()):
        A1, A2 = random_qmatrix(rng, 1, 2), random_qmatrix(rng, 1, 2)
        B1, B2 = random_qmatrix(rng, 2, 1), random_qmatrix(rng, 2, 1)
        As = QMatrix.vstack([A1, A1, A2, A2])
        Bs = QMatrix.vstack([B1, B2, B1, B2])
        P = QMatrix([["1/6", "1/6", "1/3", "1/3"]])      # P(A1) = 1/3, P(B1) = 1/2
        yield Instance("matrices", {"As": As, "Bs": Bs, "pAB": P, **_law_env(law)}, None,
                       f"(A, B) independent, {_law_name(law)}")


def _l10():
    """Smallest first: 1 x 1 joint laws of (A, B) on N = 1, 2, 3 points with values in
    {-1, 0, 1} and uniform probabilities, W Gaussian with s^2 = 1; only uncorrelated ones
    (Cov(A, B) = 0, checked here with fractions to keep the search short) are tried."""
    for N in (1, 2, 3):
        for a in product((-1, 0, 1), repeat=N):
            if list(a) != sorted(set(a)):
                continue                      # distinct support points of A, in order
            for b in product((-1, 0, 1), repeat=N):
                p = Fraction(1, N)
                cov = sum(p * x * y for x, y in zip(a, b)) - sum(p * x for x in a) * sum(p * y for y in b)
                if cov:
                    continue
                yield Instance("matrices", {"As": QMatrix([[v] for v in a]), "Bs": QMatrix([[v] for v in b]),
                                            "pAB": QMatrix([[str(p)] * N]), "s2": QMatrix([[1]])}, None,
                               f"(A, B) uniform on {list(zip(a, b))}, W Gaussian s^2 = 1")


def _sizes(max_d3=4):
    for d in (1, 2, 3):
        for L in (1, 2, 3, 4):
            if d == 3 and L > max_d3:
                continue
            yield d, L


def _mom11():
    rng = random.Random(1111)
    for d, L in _sizes():
        for law in ("1/2", "3", *LAWS[:2]):
            yield moment_instance(_vec(rng, d, zero=d > 1 and L == 2), None, L, law)


def _mom12():
    rng = random.Random(1212)
    for d, L in _sizes(max_d3=3):
        for law in ("1/2", "2", *LAWS):
            yield moment_instance(_vec(rng, d, zero=d > 1 and L == 2), None, L, law)


def _mom13():
    rng = random.Random(1313)
    for d, L in _sizes():
        for law in ("1", "1/3", *(LAWS if d < 3 else LAWS[:1])):
            yield moment_instance(_vec(rng, d), _vec(rng, d), L, law)


def _thm9():
    rng = random.Random(909)
    for d, L in _sizes():
        for s2 in ("1", "1/2", "2"):
            yield moment_instance(_vec(rng, d), _vec(rng, d), L, s2)
        yield moment_instance(_vec(rng, d), ["0"] * d, L, "1/3", name=f"d = {d}, L = {L}, y = 0, s^2 = 1/3")
        if L == 2:
            yield moment_instance(["0"] * d, _vec(rng, d), L, "1", name=f"d = {d}, L = {L}, x = 0 (rho = gamma = 0)")


#: Non-Gaussian laws in order of kurtosis (two-point laws {1, -b}: (1 - b + b^2)/b).
_KURTOSIS_LAWS = sorted([rademacher(), three_point(), three_point(1, "1/4"), three_point(1, "1/7"),
                         *(two_point(1, b) for b in range(2, 9))], key=lambda law: (law.kappa, len(law.values)))


def _thm9_law():
    """Smallest first: d = 1, then L, then the kurtosis; x = 1, y = 0 (the y term needs no law)."""
    for d in (1, 2):
        for L in (1, 2, 3):
            for law in _KURTOSIS_LAWS:
                yield moment_instance(["1"] + ["0"] * (d - 1), ["0"] * d, L, law)


def _xav():
    for d in (1, 2, 3):
        for L in (1, 2, 3):
            for s2 in ("1/2", "1", "3/2", "2", "3"):
                e = ["1"] + ["0"] * (d - 1)
                yield moment_instance(e, e, L, s2, name=f"d = {d}, L = {L}, s^2 = {s2}, x = y = e_1")


prover("GRAD-004", instances=_grad004)
prover("MOM-10", instances=_mom10)
prover("AW-004-L10", instances=_l10)
prover("MOM-11", instances=_mom11)
prover("MOM-12", instances=_mom12)
prover("MOM-13", instances=_mom13)
prover("THM-9", instances=_thm9)
prover("THM-9-LAW", instances=_thm9_law)
prover("AW-004-XAV", instances=_xav)
