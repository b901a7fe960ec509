"""Instance families and the critical-point search for TIAN and WU (seed 003; statements in
:mod:`symlandscape.theorems.relu_neurons`).

WU's search is numerical (Newton from a grid of starts on the torus, floats) and only
proposes critical points; each becomes part of the witness after its box is certified
(Krawczyk) and classified (positive definite, or a rational direction of negative curvature),
and the statement's cover fact then proves that no critical point was missed.
"""

__all__ = ["tian_instance", "tian_polar_box", "wu_instance", "torus_critical_points", "wu_critical_points"]

import flint
import numpy as np

from ..enclose import box_balls, certify_pd, eig_lower_bound, krawczyk, precision
from ..instances import Instance, parse_instance
from ..models.enclosed import PREC
from ..models.relu_circle import ReLUCircle, ReLUPolar, float_derivatives
from .registry import prover


def tian_instance(w_star, name=None) -> Instance:
    d = len(w_star)
    return parse_instance({"model": "relu_population", "widths": [d, 1, 1], "X": [[x] for x in w_star],
                           "Y": [[1]], "name": name or f"Tian: one ReLU unit, w* = {list(w_star)}, d = {d}"})


def wu_instance(X, name=None) -> Instance:
    return parse_instance({"model": "relu_population", "widths": [len(X), len(X[0]), 1], "X": X,
                           "Y": [[1] * len(X[0])], "name": name or f"Wu et al.: two unit-norm ReLU units, teacher {X}"})


def tian_polar_box(inst: Instance, **_):
    """The TIAN witness for d = 2: a certified box around ``w* = (|w*|, 0)`` in polar coordinates
    relative to w* (Krawczyk and positive definiteness checked here first)."""
    X = inst.env["X"]
    if X.shape != (2, 1) or inst.widths[1] != 1:
        return None
    net = ReLUPolar([2, 1], X, inst.env["Y"])
    n2 = net._n2
    # a rational r0 within 2^-30 of |w*| (exact integer square root of the scaled |w*|^2)
    s = 2 ** 30
    r0 = flint.fmpq(int(flint.fmpz(int((n2 * s * s).floor())).isqrt()), s)
    for bits in (10, 12, 14, 18):
        w = flint.fmpq(1, 2 ** bits) * min(flint.fmpq(1), r0)
        box = [(r0 - w, r0 + w), (-flint.fmpq(1, 2 ** (bits + 2)), flint.fmpq(1, 2 ** (bits + 2)))]
        if not krawczyk(lambda b: net.enclose(b)[1:], box, prec=PREC).certified:
            continue
        with precision(PREC):
            H = net.enclose(box_balls(box))[2]
            bound = eig_lower_bound(H)
            if not bound.certified or bound.value <= 0:
                continue
            mu = flint.fmpq(int((bound.value * 9 / 10 * 2 ** 20).floor()), 2 ** 20)
            if mu > 0 and certify_pd(H, mu).certified:
                return {"box": [[str(a), str(b)] for a, b in box], "mu": str(mu)}
    return None


def _tian_instances():
    yield tian_instance([2])
    yield tian_instance([1, 2])
    yield tian_instance(["1/4", "-1/3"])
    yield tian_instance([1, -1, 2])
    yield tian_instance(["1/2", 0, 0, "3/2"])
    yield parse_instance({"model": "relu_population", "widths": [2, 2, 1], "X": [[1], [0]], "Y": [[1]],
                          "name": "two student units (K = 2): hypotheses not met"})


def torus_critical_points(net: ReLUCircle, starts: int = 24, window: float = 0.6) -> list:
    """Float critical points (angles in turns) in ``[-window, window]^K`` by Newton from a grid
    of starts, de-duplicated; proposals only."""
    K = net.K
    grid = np.linspace(-0.5, 0.5, starts, endpoint=False)
    found = []
    for start in np.array(np.meshgrid(*[grid] * K)).reshape(K, -1).T:
        t = start.copy()
        for _ in range(60):
            _, g, H = float_derivatives(net, t)
            if np.linalg.norm(g) < 1e-13:
                break
            try:
                t = t - np.linalg.solve(H, g)
            except np.linalg.LinAlgError:
                break
        if np.linalg.norm(float_derivatives(net, t)[1]) > 1e-10:
            continue
        t = (t + 0.5) % 1.0 - 0.5
        for shift in np.array(np.meshgrid(*[[-1, 0, 1]] * K)).reshape(K, -1).T:
            u = t + shift
            if np.all(np.abs(u) <= window) and all(np.linalg.norm(u - v) > 1e-7 for v in found):
                found.append(u)
    return sorted(found, key=lambda u: tuple(u))


def _rational(x: float, den: int) -> flint.fmpq:
    return flint.fmpq(int(round(x * den)), den)


def _certify_box(net: ReLUCircle, t) -> dict | None:
    """The witness item of one float critical point: a certified box and its kind."""
    for bits in (6, 8, 10, 14, 20):
        r = flint.fmpq(1, 2 ** bits)
        c = [_rational(x, 2 ** (bits + 8)) for x in t]
        box = [(x - r, x + r) for x in c]
        if krawczyk(lambda b: net.enclose(b)[1:], box, prec=PREC).certified:
            break
    else:
        return None
    _, _, Hf = float_derivatives(net, np.array(t))
    lam, vecs = np.linalg.eigh(Hf)
    item = {"box": [[str(a), str(b)] for a, b in box]}
    with precision(PREC):
        H = net.enclose(box_balls(box))[2]
        if lam[0] > 0:
            bound = eig_lower_bound(H)
            if not bound.certified or bound.value <= 0:
                return None
            mu = bound.value * 9 / 10
            mu = flint.fmpq(int((mu * 2 ** 20).floor()), 2 ** 20)
            if not certify_pd(H, mu).certified:
                return None
            return {**item, "kind": "minimum", "mu": str(mu)}
        u = [_rational(x, 64) for x in vecs[:, 0]]
        col = flint.arb_mat([[flint.arb(x)] for x in u])
        if not (col.transpose() * H * col)[0, 0] < 0:
            return None
        return {**item, "kind": "not a minimum", "u": [[str(x)] for x in u]}


def wu_critical_points(inst: Instance, **_):
    """The WU witness: every critical point found on the torus, certified and classified."""
    X = inst.env["X"]
    if X.shape != (2, 2) or inst.widths[1] != 2:
        return None
    net = ReLUCircle([2, 2, 1], X, inst.env["Y"])
    items = []
    for t in torus_critical_points(net):
        item = _certify_box(net, t)
        if item is None:
            return None
        items.append(item)
    return items or None


def _wu_instances():
    yield wu_instance([[1, 0], [0, 1]], "Wu et al.: teacher e_1, e_2 (d = 2)")
    yield wu_instance([[0, -1], [1, 0]], "Wu et al.: teacher e_2, -e_1 (a quarter turn)")
    yield wu_instance([[-1, 0], [0, 1]], "Wu et al.: teacher -e_1, e_2 (a reflection)")
    yield wu_instance([[1, 1], [0, 1]], "teacher units not orthonormal: hypotheses not met")
    yield wu_instance([[1, 0], [0, 1], [0, 0]], "d = 3: not covered by the check (hypotheses not met)")


prover("TIAN", instances=_tian_instances, witnesses={"polar_box": tian_polar_box})
prover("WU", instances=_wu_instances, witnesses={"critical_points": wu_critical_points})
