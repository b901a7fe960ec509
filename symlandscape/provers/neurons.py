"""Instance families and the witness search for the single-neuron claims of seed 003
(statements in :mod:`symlandscape.theorems.neurons`).

The search is numerical (damped Newton from seeded starts, floats) and only *proposes*
local minima; each proposal becomes a witness only after the rigorous tests of
:mod:`symlandscape.enclose` certify its box, and the independent checker repeats them.
"""

__all__ = ["float_minima", "certify_minimum", "auer_instance", "AUER_DATA"]

import random

import flint
import numpy as np

from ..enclose import box_balls, certify_pd, eig_lower_bound, krawczyk, loss_bounds, precision
from ..instances import Instance, parse_instance
from ..models.enclosed import PREC
from ..models.sigmoid import SigmoidNeuron
from .registry import prover

#: Half-width of a certified box: 2^-BOX_BITS in every coordinate.
BOX_BITS = 30

#: A data set with two local minima (found by a seeded search over small integer inputs and
#: targets in {0, 1/2, 4/5}; d = 2, m = 4): columns are the samples.
AUER_DATA = {"X": [[3, 0, -3, 1], [1, 1, 4, 2]], "Y": [["4/5", "1/2", "4/5", 0]]}


def auer_instance(data=AUER_DATA, name="Auer et al.: a sigmoid neuron with two local minima (d = 2, m = 4)"):
    d = len(data["X"])
    return parse_instance({"model": "sigmoid_neuron", "name": name, "widths": [d, 1], **data})


def _newton(fd, w, iters=200):
    """Damped Newton (Levenberg-Marquardt) on a float loss; the end point or None."""
    L, g, H = fd(w)
    lam = 1e-3
    for _ in range(iters):
        if not np.all(np.isfinite(g)) or np.linalg.norm(w) > 1e3:
            return None
        if np.linalg.norm(g) < 1e-14:
            break
        try:
            step = -np.linalg.solve(H + lam * np.eye(len(w)), g)
        except np.linalg.LinAlgError:
            lam *= 10
            continue
        L2, g2, H2 = fd(w + step)
        if L2 <= L:
            w, L, g, H, lam = w + step, L2, g2, H2, max(lam / 10, 1e-12)
        else:
            lam *= 10
            if lam > 1e12:
                break
    return w


def float_minima(fd, d, starts=60, seed=0, scale=3.0) -> list:
    """Distinct float local minima (gradient ~ 0, Hessian numerically positive definite) of a
    loss given by ``fd(w) -> (L, g, H)`` from seeded random starts. Proposals only."""
    rng = random.Random(seed)
    found = []
    for k in range(starts):
        w0 = np.zeros(d) if k == 0 else np.array([rng.gauss(0, scale) for _ in range(d)])
        w = _newton(fd, w0)
        if w is None:
            continue
        L, g, H = fd(w)
        if np.linalg.norm(g) > 1e-10 or np.linalg.norm(w) > 50 or np.linalg.eigvalsh(H)[0] < 1e-6:
            continue
        if all(np.linalg.norm(w - u) > 1e-6 * (1 + np.linalg.norm(u)) for u in found):
            found.append(w)
    return sorted(found, key=lambda u: fd(u)[0])


def _round_down(q: flint.fmpq, digits: int = 3) -> flint.fmpq:
    """A short rational <= q > 0 (``digits`` significant decimal digits)."""
    k = 0
    while q * 10 ** k < 10 ** (digits - 1):
        k += 1
    return flint.fmpq(int((q * 10 ** k).floor()), 10 ** k)


def certify_minimum(enclose, w, box_bits: int = BOX_BITS):
    """The witness of one local minimum near the float point ``w``: a box of half-width
    2^-box_bits around it, a certified eigenvalue bound ``mu`` (half of what the fast test
    certifies, leaving room for the checker's coarser norm bound) and a loss enclosure;
    None when a test does not close."""
    grid = 2 ** (box_bits + 12)
    c = [flint.fmpq(int(round(float(x) * grid)), grid) for x in w]
    r = flint.fmpq(1, 2 ** box_bits)
    box = [(x - r, x + r) for x in c]
    if not krawczyk(lambda b: enclose(b)[1:], box, prec=PREC).certified:
        return None
    with precision(PREC):
        L, _, H = enclose(box_balls(box))
        bound = eig_lower_bound(H)
        if not bound.certified or bound.value <= 0:
            return None
        mu = _round_down(bound.value / 2)
        if not certify_pd(H, mu).certified:
            return None
        lo, hi = loss_bounds(L)
    width = hi - lo
    lo, hi = lo - width - flint.fmpq(1, 2 ** 40), hi + width + flint.fmpq(1, 2 ** 40)
    s = 2 ** 40
    lo, hi = flint.fmpq(int((lo * s).floor()), s), flint.fmpq(int((hi * s).ceil()), s)
    return {"box": [[str(a), str(b)] for a, b in box], "mu": str(mu), "loss": [str(lo), str(hi)]}


def _auer_minima(inst: Instance, **_):
    net = SigmoidNeuron(list(inst.widths), inst.env["X"], inst.env["Y"])
    out = []
    for w in float_minima(net.float_derivatives, net.n_params):
        wit = certify_minimum(net.enclose, w)
        if wit is not None:
            out.append(wit)
    return out[:8] if len(out) >= 2 else None


def _auer_instances():
    yield auer_instance()
    # one input, two samples at different scales (found by the same kind of seeded search)
    yield auer_instance({"X": [[8, -1]], "Y": [["1/2", "1/5"]]},
                        name="a one-input sigmoid neuron with two samples and two local minima")


prover("AUER", instances=_auer_instances, witnesses={"minima": _auer_minima})
