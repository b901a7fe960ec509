"""symlandscape.landscape.wide against independent computations.

* the loss on p + V from SymPy: the loss expanded symbolically in the slice directions, then
  substituted (no backprop, no flint);
* dim V against SymPy's rank of the augmented features; designed critical points against
  SymPy's gradient of the expanded loss;
* the corrected zero-block lemma (n_+, n_- <= n - k, n_0 >= 2k - n) against SymPy's exact
  characteristic polynomial on random rational matrices (hypothesis), and its sharpness;
* the local maximum against random exact perturbations; the growth table against the
  section 6 formulas worked out by hand.
"""

import random

import flint
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symlandscape.landscape.wide import (
    designed_critical_point,
    growth_table,
    hidden_features,
    level_subspace,
    local_max_point,
    seed_growth_formulas,
    slice_indices,
    star_critical_point,
    zero_block_bound,
    zero_block_search,
    zero_loss_point,
)
from symlandscape.models.feedforward import Feedforward


def _sympy_loss(net, theta):
    """1/2 sum ||F - y||^2 built directly in SymPy from a flat parameter list (theta order)."""
    t = sympy.Symbol("t")
    s = sympy.Lambda(t, sum(sympy.Rational(str(c)) * t ** i for i, c in enumerate(net.act.coeffs)))
    mats, pos = [], 0
    for r, c in net.shapes:
        M = sympy.zeros(r, c)
        for j in range(c):
            for i in range(r):
                M[i, j] = theta[pos]
                pos += 1
        mats.append(M)
    X, Y = net.X.to_sympy(), net.Y.to_sympy()
    loss = 0
    for j in range(net.m):
        z = sympy.Matrix(X[:, j])
        for k, M in enumerate(mats):
            d = net.widths[k]
            p = M[:, :d] * z + (M[:, d] if net.biases[k] else sympy.zeros(M.shape[0], 1))
            z = p.applyfunc(s) if k < net.L - 1 else p
        loss += sum((z[o] - Y[o, j]) ** 2 for o in range(net.widths[-1])) / 2
    return loss


def _theta(net, W):
    return [sympy.Rational(str(x)) for x in net.flatten(W).flint.entries()]


def _designed(seed=3):
    rng = random.Random(seed)
    W = [[[1, 0], [2, 1], [0, 1], [-1, 1]], [[1, 2, 3, -1, 1]]]
    return designed_critical_point([1, 4, 1], [[0, 1, 2, 3, -1]], W, [0, 1, 1], rng=rng)


def test_designed_point_critical_by_sympy():
    net, W = _designed()
    syms = sympy.symbols(f"p0:{net.n_params}")
    loss = _sympy_loss(net, list(syms))
    point = dict(zip(syms, _theta(net, W)))
    grad = [sympy.diff(loss, x).subs(point) for x in syms]
    assert all(g == 0 for g in grad)
    assert loss.subs(point) > 0           # not a global minimum: the residual is nonzero


def test_loss_constant_on_p_plus_v_sympy():
    """L(p + sum t_i v_i) as a SymPy polynomial in the t_i is the constant L(p)."""
    net, W = _designed(5)
    V = level_subspace(net, W)
    k = V.shape[1]
    assert k >= 1
    ts = sympy.symbols(f"t0:{k}")
    theta = _theta(net, W)
    Vs = V.to_sympy()
    moved = [theta[i] + sum(ts[c] * Vs[i, c] for c in range(k)) for i in range(net.n_params)]
    assert sympy.expand(_sympy_loss(net, moved) - _sympy_loss(net, theta)) == 0


def test_dim_v_against_sympy_rank():
    rng = random.Random(2)
    for widths, bias in [([1, 4, 2], True), ([2, 3, 3, 1], True), ([1, 4, 1], False)]:
        net = Feedforward(widths, [[rng.randint(-2, 2) for _ in range(3)] for _ in range(widths[0])],
                          [[0, 1, 2]] * widths[-1], activation=[0, 1, 1], biases=[True] * (len(widths) - 2) + [bias])
        W = [[[flint.fmpq(rng.randint(-2, 2), rng.randint(1, 2)) for _ in range(c)] for _ in range(r)]
             for r, c in net.shapes]
        Z = hidden_features(net, W).to_sympy()
        Zt = Z.col_join(sympy.ones(1, net.m)) if bias else Z
        want = widths[-1] * (Zt.shape[0] - Zt.rank())
        V = level_subspace(net, W)
        assert V.shape[1] == want and V.rank() == want
        # V moves only the slice
        outside = [i for i in range(net.n_params) if i not in set(slice_indices(net))]
        assert V.rows(outside).is_zero()


def test_star_point_v_not_in_kernel():
    """The seed's argument needs V in ker H: at this star point H V != 0 (SymPy), yet the
    zero count still reaches d (h - r)."""
    rng = random.Random(0)
    net = Feedforward([2, 4, 4, 2], [[1, 0, -1], [2, 1, 0]], [[1, 0, 2], [0, 1, -1]], activation=[0, 1, 1])
    W = star_critical_point(net, rng)
    H = net.hessian(W)
    V = level_subspace(net, W)
    Hs = H.to_sympy()
    rank_hv = (Hs * V.to_sympy()).rank()
    assert rank_hv > 0 and rank_hv == (H @ V).rank()
    zeros = Hs.shape[0] - Hs.rank()
    r = hidden_features(net, W).to_sympy().rank()
    assert zeros >= 2 * (4 - r)


def test_zero_loss_point():
    net = Feedforward([1, 4, 1], [[0, 1, 2]], [[1, -1, 3]], activation=[0, 1, 1])
    W = zero_loss_point(net, random.Random(1))
    assert net.loss(W) == 0
    assert sympy.Matrix(net.output(W).to_sympy()) == net.Y.to_sympy()


def test_local_max_against_perturbations():
    net, W = local_max_point([1, 3, 3, 1], [[0, 1, 2]], [[-1, -2, -1]])
    L0 = net.loss(W)
    rng = random.Random(4)
    theta = net.flatten(W).flint
    for _ in range(40):
        eps = flint.fmpq(1, 1000)
        step = flint.fmpq_mat([[eps * flint.fmpq(rng.randint(-5, 5), 5)] for _ in range(net.n_params)])
        assert net.loss(net.unflatten(theta + step)) <= L0
    # and the loss is constant on the whole W_L slice through the point
    Wl = [w.tolist() for w in W]
    Wl[-1] = [[7, -3, 11]]
    assert net.loss(Wl) == L0


def _sympy_inertia(A):
    lam = sympy.Symbol("lam")
    roots = sympy.Poly(sympy.Matrix(A).charpoly(lam).as_expr(), lam).real_roots()
    return (sum(1 for x in roots if x > 0), sum(1 for x in roots if x < 0), sum(1 for x in roots if x == 0))


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n),
                                                    st.lists(st.integers(-2, 2), min_size=n * n, max_size=n * n))))
def test_corrected_zero_block_lemma(case):
    n, k, vals = case
    A = [[0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            if not (i < k and j < k):
                A[i][j] = A[j][i] = vals[i * n + j]
    pos, neg, zero = _sympy_inertia(A)
    assert pos <= n - k and neg <= n - k and zero >= zero_block_bound(n, k)


def test_zero_block_bound_sharp():
    for n, k in [(2, 1), (4, 2), (3, 2), (5, 3)]:
        A = sympy.zeros(n, n)
        for i in range(n - k):               # pair block coordinate i with coordinate k + i
            A[i, k + i] = A[k + i, i] = 1
        assert _sympy_inertia(A.tolist())[2] == zero_block_bound(n, k)


def test_zero_block_search_minimal_counterexample():
    first = next((A, k) for A, k, inn in zero_block_search(3) if inn[2] < k)
    A, k = first
    assert A.tolist() == [[0, 1], [1, 0]] and k == 1
    # smaller cases hold: the 1 x 1 zero matrix
    A1, k1, inn1 = next(zero_block_search(1))
    assert A1.tolist() == [[0]] and inn1 == (0, 0, 1)


def test_growth_table_matches_hand_formulas():
    rows = growth_table(1, 1, 4, [4, 5], [[0, 1, 2]], [[1, 0, 2]], reading="G", seed=0)
    for row in rows:
        n = row["n"]
        N = 2 * n + 2 * (n * n + n) + n + 1            # d_0 = 1, d = 1, three hidden layers with biases
        assert row["N"] == N
        assert row["dim_min"] == N - 3
        assert row["dim_star"] == N - (n + 1 + n)       # S_1: W_3... the piece with W_1 (d_0 n)
        assert row["dim_core"] == N - (n + 1 + n + n * n)
        assert row["zeros_core"] == N - 1
        assert row["dim_V"] >= n - 3 and row["zeros_star"] >= n - 3
        f = row["formula"]
        assert (f["N"], f["dim_min"], f["dim_star"], f["dim_core"]) == (N, N - 3, N - 2 * n - 1, N - 2 * n - 1 - n * n)


def test_seed_formulas_reading_s_quadratic_codim():
    f = [seed_growth_formulas([1, n, n, n, 1], 3, "S") for n in (4, 5, 6)]
    codims = [x["N"] - x["dim_star"] for x in f]
    assert codims == [n * n + n + 1 for n in (4, 5, 6)]
    with pytest.raises(Exception):
        seed_growth_formulas([1, 4, 5, 4, 1], 3, "S")
