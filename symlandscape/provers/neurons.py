"""Instance families and the witness search for the single-neuron claims of seed 003
(statements in :mod:`symlandscape.theorems.neurons`).

The search is numerical (damped Newton from seeded starts, floats) and only *proposes*
local minima; each proposal becomes a witness only after the rigorous tests of
:mod:`symlandscape.enclose` certify its box, and the independent checker repeats them.
"""

__all__ = ["float_minima", "certify_minimum", "auer_instance", "AUER_DATA", "ss_instance", "ss_search", "SS6_START",
           "ss_find", "ss_minima", "ss_centre", "SS_PROVE_K", "SS_SEARCH", "yc_instance", "YC_DATA", "nh_instance",
           "NH_DATA", "nh_fit", "nh_propose"]

import json
import os
import random

import flint
import numpy as np

from ..enclose import box_balls, certify_pd, eig_lower_bound, krawczyk, loss_bounds, precision, to_fmpq  # noqa: F401
from ..exact.numbers import rational
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


def _refine(enclose, c, grid, steps: int = 4) -> list:
    """A few Newton steps at 128 bits from the rational point ``c`` (midpoints of the ball
    values; a float Hessian may have left the zero outside a tiny box), rounded to the grid."""
    with precision(PREC):
        for _ in range(steps):
            _, g, H = enclose([flint.arb(x) for x in c])
            n = len(c)
            try:
                step = flint.arb_mat([[H[i, j].mid() for j in range(n)] for i in range(n)]).solve(
                    flint.arb_mat([[x.mid()] for x in g]))
            except (ZeroDivisionError, ValueError):
                return c
            if not all(step[i, 0].is_finite() for i in range(n)):
                return c
            c = [x - flint.fmpq(int((to_fmpq(step[i, 0].mid()) * grid).floor()), grid) for i, x in enumerate(c)]
    return c


def certify_minimum(enclose, w, box_bits: int = BOX_BITS):
    """The witness of one local minimum near the point ``w`` (floats, or ``fmpq`` such as a
    stored centre): a box of half-width 2^-box_bits around it, a certified eigenvalue bound
    ``mu`` (9/10 of what the fast test certifies, to 3 digits: room for the checker's own,
    coarser norm bound) and a loss enclosure; None when a test does not close."""
    grid = 2 ** (box_bits + 12)
    c = [x if isinstance(x, flint.fmpq) else flint.fmpq(int(round(float(x) * grid)), grid) for x in w]
    c = _refine(enclose, c, grid)
    r = flint.fmpq(1, 2 ** box_bits)
    box = [(x - r, x + r) for x in c]
    if not krawczyk(lambda b: enclose(b)[1:], box, prec=PREC).certified:
        return None
    with precision(PREC):
        L, _, H = enclose(box_balls(box))
        bound = eig_lower_bound(H)
        if not bound.certified or bound.value <= 0:
            return None
        mu = _round_down(bound.value * 9 / 10)
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


#: A spurious local minimum of the K = 6 Safran-Shamir loss (x ~ N(0, I_6), teacher I_6), found
#: by a seeded gradient-descent search (:func:`ss_search`: K = 6, seed 1, run 357 of 3,000;
#: rounded to 6 digits): five units near a teacher unit, one unit near -(teacher 4) + the
#: mean direction (the symmetry type of Arjevani and Field). Only a starting point: the
#: witness is the certified box around the exact zero that Newton's method finds from it.
SS6_START = [[-0.050413, 0.986704, -0.050413, 0.308011, -0.050413, -0.050413],
             [-0.050413, -0.050413, -0.050413, 0.308011, -0.050413, 0.986704],
             [0.986704, -0.050413, -0.050413, 0.308011, -0.050413, -0.050413],
             [0.224516, 0.224516, 0.224516, -0.601512, 0.224516, 0.224516],
             [-0.050413, -0.050413, -0.050413, 0.308011, 0.986704, -0.050413],
             [-0.050413, -0.050413, 0.986704, 0.308011, -0.050413, -0.050413]]


def ss_instance(K: int = 6):
    eye = [[int(i == j) for j in range(K)] for i in range(K)]
    return parse_instance({"model": "relu_population", "widths": [K, K, 1], "X": eye, "Y": [[1] * K],
                           "name": f"Safran-Shamir: K = {K} ReLU units, orthonormal teacher, x ~ N(0, I_{K})"})


def ss_search(K: int, seed: int = 1, runs: int = 3000, iters: int = 20000):
    """Seeded gradient descent with momentum from N(0, 1/K) starts; yields (run, W) for every
    run that ends at a point with loss > 1e-6 and a numerically positive-definite Hessian.
    Proposals only (floats): slow (K = 6: ~0.1 s a run, ~1 in 400 runs spurious)."""
    from ..models.relu_population import ReLUPopulation
    inst = ss_instance(K)
    net = ReLUPopulation(list(inst.widths), inst.env["X"], inst.env["Y"])
    rng = np.random.default_rng(seed)
    for run in range(runs):
        W = rng.standard_normal((K, K)) / np.sqrt(K)
        w, mom = W.T.reshape(-1), np.zeros(K * K)
        for _ in range(iters):
            g = _ss_grad(net, w)
            mom = 0.9 * mom + g
            w = w - 0.1 * mom
            if np.linalg.norm(g) < 1e-9:
                break
        L, g, H = net.float_derivatives(w)
        if L > 1e-6 and np.linalg.eigvalsh(H)[0] > 1e-6:
            yield run, w.reshape(K, K).T


def _ss_grad(net, w):
    """The float gradient alone (the search does not need the Hessian)."""
    K, d = net.K, net.d
    W = np.asarray(w).reshape(d, K).T
    V = np.array([[float(x) for x in v] for v in net._v])

    def dk(A, B):
        na = np.linalg.norm(A, axis=1)[:, None]
        nb = np.linalg.norm(B, axis=1)[None, :]
        t = np.arccos(np.clip(A @ B.T / (na * nb), -1, 1))
        return ((nb * np.sin(t) / na).sum(1)[:, None] * A + (np.pi - t) @ B) / (2 * np.pi)
    return (dk(W, W) - dk(W, V)).T.reshape(-1)


#: How the stored Safran-Shamir minima were found (:func:`ss_find`).
SS_SEARCH = ("gradient descent with momentum 0.9 and step 0.1 (at most 20,000 steps, until |grad| < 1e-9) "
             "from W_1 ~ N(0, 1/K) (numpy default_rng(seed), one draw per run), the first run ending at a "
             "point with loss > 1e-6 and a float Hessian with lambda_min > 1e-6, then damped Newton in floats "
             "and 4 Newton steps at 128 bits; the box centre rounded to the grid 2^-42")
#: The K whose stored minimum ``symlandscape prove`` certifies (the rest: proofs/safran_shamir.py).
SS_PROVE_K = (6, 7)
_SS_FILE = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "ss_minima.json")


def ss_minima(path: str = _SS_FILE) -> dict:
    """The stored minima: ``{K: entry}`` with ``entry["centre"]`` (numerators over
    2^``grid_bits``), ``entry["search"]`` (seed, run) and, when the table script has run,
    ``entry["certified"]`` (its results); {} when the file is missing."""
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        data = json.load(f)
    return {int(K): dict(e, grid_bits=data["grid_bits"]) for K, e in data["minima"].items()}


def ss_centre(K: int, path: str = _SS_FILE):
    """The stored box centre for K (a list of ``fmpq`` in theta order), or None."""
    e = ss_minima(path).get(K)
    return None if e is None else [flint.fmpq(int(p), 2 ** e["grid_bits"]) for p in e["centre"]]


def ss_find(K: int, seed: int = 1, runs: int = 3000, grid_bits: int = BOX_BITS + 12):
    """Search (:data:`SS_SEARCH`) for a spurious local minimum at K: ``(run, centre)`` with the
    centre as numerators over 2^grid_bits, or None. Floats propose; nothing is certified here."""
    from ..models.relu_population import ReLUPopulation
    inst = ss_instance(K)
    net = ReLUPopulation(list(inst.widths), inst.env["X"], inst.env["Y"])
    grid = 2 ** grid_bits
    for run, W in ss_search(K, seed=seed, runs=runs):
        w = _newton(net.float_derivatives, W.T.reshape(-1), iters=50)
        if w is None:
            continue
        L, g, H = net.float_derivatives(w)
        if np.linalg.norm(g) > 1e-8 or L < 1e-6 or np.linalg.eigvalsh(H)[0] < 1e-6:
            continue
        c = _refine(net.enclose, [flint.fmpq(int(round(x * grid)), grid) for x in w], grid)
        return run, [int(x * grid) for x in c]
    return None


def _ss_minimum(inst: Instance, **_):
    from ..models.relu_population import ReLUPopulation
    net = ReLUPopulation(list(inst.widths), inst.env["X"], inst.env["Y"])
    centre = ss_centre(inst.widths[1]) if inst.widths[0] == inst.widths[1] else None
    return None if centre is None else certify_minimum(net.enclose, centre)


prover("SS", instances=lambda: (ss_instance(K) for K in SS_PROVE_K), witnesses={"minimum": _ss_minimum})


#: The minimal instance of the Yu-Chen finding: d_0 = 1, m = d_1 = 2 (distinct inputs), d_2 = 1.
YC_DATA = {"X": [[1, 2]], "Y": [["1/2", 1]]}


def yc_instance(data=YC_DATA, name="Yu-Chen as on the slides: d_1 = m = 2 sigmoid units, no biases"):
    m = len(data["X"][0])
    return parse_instance({"model": "sigmoid_mlp", "name": name, "widths": [len(data["X"]), m, len(data["Y"])],
                           **data})


def _yc_duplicated(inst: Instance, narrow_starts=None, **_):
    """The witness of AW-003-YC: a certified local minimum (a, c) of the net with one hidden unit
    fewer, the duplicated box's eigenvalue bound across the flat line and loss enclosure, and a
    rational point of smaller loss; None when nothing closes."""
    from ..enclose import box_balls, eig_lower_bound, loss_bounds
    from ..models.sigmoid import SigmoidMLP
    from ..theorems.neurons import _duplicated_box
    d0, h, d2 = inst.widths
    if d2 != 1 or h < 2:
        return None
    X, Y = inst.env["X"], inst.env["Y"]
    narrow, wide = SigmoidMLP([d0, h - 1, 1], X, Y), SigmoidMLP([d0, h, 1], X, Y)
    starts = float_minima(narrow.float_derivatives, narrow.n_params, starts=20) if narrow_starts is None \
        else narrow_starts
    for w in starts:
        wit = certify_minimum(narrow.enclose, w)
        if wit is None:
            continue
        c_lo, c_hi = (flint.fmpq(x) for x in wit["box"][-1])      # our own "p/q" strings
        if c_lo <= 0 <= c_hi:
            continue
        rows, i_c, i_new = _duplicated_box([tuple(r) for r in wit["box"]], d0, h, flint.fmpq)
        n = len(rows)
        cols = [j for j in range(n) if j != i_new]
        V = flint.arb_mat([[int(i == j) + int(i == i_new and j == i_c) for j in cols] for i in range(n)])
        with precision(PREC):
            L, _, H = wide.enclose(box_balls([(flint.fmpq(a), flint.fmpq(b)) for a, b in rows]))
            bound = eig_lower_bound(V.transpose() * H * V)
            if not bound.certified or bound.value <= 0:
                continue
            lo, hi = loss_bounds(L, bits=40)
        point = _yc_better_point(wide, lo)
        if point is None or lo <= 0:
            continue
        pts, (blo, bhi) = point
        return {"narrow_box": wit["box"], "mu": str(_round_down(bound.value * 9 / 10)), "loss": [str(lo), str(hi)],
                "point": [str(x) for x in pts], "point_loss": [str(blo), str(bhi)]}
    return None


def _yc_better_point(net, below, tries: int = 50):
    """A rational point whose certified loss is below ``below``: W_1 small random integers with
    Phi = sigma(W_1 X) of full row rank, W_2 = Y Phi^+ rounded to 2^-40. ``(point, (lo, hi))``."""
    from ..enclose import loss_bounds
    d0, h, d2 = net.widths
    X = np.array([[float(v) for v in r] for r in net.X.flint.tolist()])
    Y = np.array([[float(v) for v in r] for r in net.Y.flint.tolist()])
    rng = np.random.default_rng(0)
    for _ in range(tries):
        W1 = rng.integers(-3, 4, size=(h, d0)).astype(float)
        Phi = 1 / (1 + np.exp(-(W1 @ X)))
        W2 = Y @ np.linalg.pinv(Phi)
        pts = [flint.fmpq(int(W1[a, b])) for b in range(d0) for a in range(h)]
        pts += [flint.fmpq(int(round(W2[o, a] * 2 ** 40)), 2 ** 40) for a in range(h) for o in range(d2)]
        with precision(PREC):
            lo, hi = loss_bounds(net.enclose([flint.arb(x) for x in pts])[0], bits=60)
        if hi < below:
            return pts, (lo, hi)
    return None


prover("AW-003-YC", instances=lambda: iter([yc_instance()]), witnesses={"duplicated": _yc_duplicated})


#: Instances of NH (Nguyen-Hein, one hidden layer, d_1 = m): data on which the prover constructs
#: a zero-loss local minimum (the YC data; d_0 = 2, m = 3; two outputs), and the YC data at the
#: duplicated-unit local minimum (the point is a rational start near it; its two hidden units
#: are equal, so the non-degeneracy hypothesis fails there).
NH_DATA = [
    ({"X": [[1, 2]], "Y": [["1/2", 1]]}, "Nguyen-Hein: d_1 = m = 2, the Yu-Chen data, a zero-loss local minimum"),
    ({"X": [[1, 0, -1], [0, 1, 2]], "Y": [[1, "-1/2", 2]]}, "Nguyen-Hein: d_0 = 2, d_1 = m = 3, one output"),
    ({"X": [[-1, 1, 3]], "Y": [[0, 1, "1/2"], [1, 0, -1]]}, "Nguyen-Hein: d_0 = 1, d_1 = m = 3, two outputs"),
    ({"X": [[1, 2]], "Y": [["1/2", 1]], "weights": [[["881/1000"], ["881/1000"]], [["491/1000", "491/1000"]]]},
     "Nguyen-Hein at the Yu-Chen duplicated-unit minimum: the non-degeneracy hypothesis fails"),
]


def nh_instance(data=NH_DATA[0][0], name=NH_DATA[0][1], width=None):
    """A ``sigmoid_mlp`` instance with d_1 = m (or ``width``)."""
    m = len(data["X"][0])
    return parse_instance({"model": "sigmoid_mlp", "name": name,
                           "widths": [len(data["X"]), m if width is None else width, len(data["Y"])], **data})


def _phi(net, W1):
    """Phi = sigma(W_1 X) in floats (proposals only)."""
    X = np.array([[float(v) for v in r] for r in net.X.flint.tolist()])
    return 1 / (1 + np.exp(-np.clip(np.asarray(W1, dtype=float) @ X, -700, 700)))


def nh_fit(net, W1, box_bits: int = BOX_BITS):
    """The ``fit`` witness of NH at W_1 (``d_1 x d_0`` exact rationals: ``fmpq``, int, Fraction or
    "p/q"; ``d_1 = m``): W_2* = Y Phi^{-1}
    solved at 128 bits and rounded to the grid 2^-(box_bits + 12) (the centre), a box of
    half-width 2^-box_bits in the W_2 coordinates, a certified lower bound ``mu`` of the W_2
    Hessian block on it, the loss at the centre and on the box. None when Phi is not certified
    invertible or a test does not close."""
    d0, d1, d2 = net.widths
    n1, n = d0 * d1, net.n_params
    W1 = [[rational(x, "W1") for x in row] for row in W1]
    with precision(PREC):
        Phi = flint.arb_mat([[1 / (1 + (-sum((flint.arb(W1[a][b]) * flint.arb(net.X.flint[b, j])
                                               for b in range(d0)), flint.arb(0))).exp()) for j in range(net.m)]
                             for a in range(d1)])
        try:
            sol = Phi.transpose().solve(flint.arb_mat([[net.Y.flint[o, j] for o in range(d2)]
                                                       for j in range(net.m)]))
        except (ZeroDivisionError, ValueError):
            return None
    grid = 2 ** (box_bits + 12)
    W2 = [[flint.fmpq(int((to_fmpq(sol[a, o].mid()) * grid + flint.fmpq(1, 2)).floor()), grid) for a in range(d1)]
          for o in range(d2)]
    r = flint.fmpq(1, 2 ** box_bits)
    theta = [W1[a][b] for b in range(d0) for a in range(d1)]
    centre = theta + [W2[o][a] for a in range(d1) for o in range(d2)]
    box = [(x, x) for x in theta] + [(x - r, x + r) for x in centre[n1:]]
    with precision(PREC):
        Lc = net.enclose([flint.arb(x) for x in centre])[0]
        L, _, H = net.enclose(box_balls(box))
        block = flint.arb_mat([[H[i, j] for j in range(n1, n)] for i in range(n1, n)])
        bound = eig_lower_bound(block)
        if not bound.certified or bound.value <= 0:
            return None
        mu = _round_down(bound.value * 9 / 10)
        if not certify_pd(block, mu).certified:
            return None
        clo, chi = loss_bounds(Lc)
        lo, hi = loss_bounds(L)
    # outward rounding with room for the checker's own (160-bit, differently ordered) enclosures
    s = 2 ** 100
    chi = flint.fmpq(int(((chi + flint.fmpq(1, s)) * s).ceil()), s)
    clo = flint.fmpq(int(((clo - flint.fmpq(1, s)) * s).floor()), s)
    width, s = hi - lo, 2 ** 80
    lo = flint.fmpq(int(((lo - width - flint.fmpq(1, s)) * s).floor()), s)
    hi = flint.fmpq(int(((hi + width + flint.fmpq(1, s)) * s).ceil()), s)
    if 2 * chi > mu * r * r:
        return None
    return {"form": "fit", "W1": [[str(x) for x in row] for row in W1], "W2": [[str(x) for x in row] for row in W2],
            "radius": str(r), "mu": str(mu), "centre_loss": [str(clo), str(chi)], "loss": [str(lo), str(hi)]}


def nh_propose(net, starts: int = 20, seed: int = 0, w0=None):
    """Float proposals of zero-loss local minima: damped Newton (Levenberg-Marquardt) on the
    full loss from ``w0`` or seeded N(0, 4) starts; yields the end points with loss < 1e-12 and
    sigma_min(Phi) > 1e-3. Proposals only: any rational W_1 near one carries a zero-loss fit."""
    d0, d1, _ = net.widths
    rng = np.random.default_rng(seed)
    for k in range(starts if w0 is None else 1):
        w = _newton(net.float_derivatives, 2.0 * rng.standard_normal(net.n_params) if w0 is None else w0)
        if w is None or np.linalg.norm(w) > 50 or net.float_derivatives(w)[0] > 1e-12:
            continue
        W1 = np.asarray(w[:d0 * d1]).reshape(d0, d1).T
        if np.linalg.svd(_phi(net, W1), compute_uv=False)[-1] > 1e-3:
            yield W1


def _nh_duplicated(inst, w):
    """The AW-003-YC witness built from a start ``w`` (theta, floats) whose last two hidden units
    coincide: the narrow start merges them (output weights added)."""
    from ..models.sigmoid import SigmoidMLP
    d0, h, d2 = inst.widths
    narrow = SigmoidMLP([d0, h - 1, 1], inst.env["X"], inst.env["Y"])
    W1 = np.asarray(w[:d0 * h]).reshape(d0, h)
    W2 = np.asarray(w[d0 * h:])
    start = np.concatenate([W1[:, :h - 1].reshape(-1), W2[:h - 2], [W2[h - 2] + W2[h - 1]]])
    end = _newton(narrow.float_derivatives, start)
    wit = None if end is None else _yc_duplicated(inst, narrow_starts=[end])
    return None if wit is None else {"form": "duplicated", **wit}


def _nh_minimum(inst: Instance, **_):
    """The witness of NH: from the instance's point (a start), the local minimum that damped
    Newton reaches: a duplicated-unit minimum when the point's last two hidden units are equal
    (one output), else a zero-loss fit at a rounded W_1; without a point, a fit found from seeded
    starts. Floats only propose; None when nothing is certified."""
    from ..models.sigmoid import SigmoidMLP
    d0, h, d2 = inst.widths
    net = SigmoidMLP(list(inst.widths), inst.env["X"], inst.env["Y"])
    if h != net.m:
        return None
    w0 = None
    if "W1" in inst.env and "W2" in inst.env:
        W1, W2 = (np.array([[float(v) for v in r] for r in inst.env[k].flint.tolist()]) for k in ("W1", "W2"))
        w0 = np.concatenate([W1.T.reshape(-1), W2.T.reshape(-1)])
        if d2 == 1 and h >= 2 and np.array_equal(W1[h - 1], W1[h - 2]) and W2[0, h - 1] == W2[0, h - 2]:
            return _nh_duplicated(inst, w0)
    for W1 in nh_propose(net, w0=w0):
        # any W_1 near the proposal with Phi invertible fits: round it to short rationals
        wit = nh_fit(net, [[flint.fmpq(int(round(x * 256)), 256) for x in row] for row in W1])
        if wit is not None:
            return wit
    return None


prover("YC", instances=lambda: (nh_instance(d, name) for d, name in NH_DATA), witnesses={"minimum": _nh_minimum})
prover("NH", instances=lambda: (nh_instance(d, name) for d, name in NH_DATA), witnesses={"minimum": _nh_minimum})
