"""Independent cross-checks of the deep linear and residual linear models.

The references here do not use the closed-form block formulas: SymPy
differentiates a loss built from scratch, mpmath takes central differences at 50
digits, exact polynomial interpolation of the loss along lines gives directional
derivatives, and the rescaling symmetry is built by hand.
"""

import random
from fractions import Fraction

import mpmath
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symlandscape.exact.matrix import QMatrix
from symlandscape.exact.numbers import InputError
from symlandscape.models import DeepLinear, ResidualLinear


# -- plain Fraction linear algebra (independent of flint) -------------------------------
def F(x):
    return Fraction(x)


def mat(rows):
    return [[F(x) for x in r] for r in rows]


def mm(A, B):
    return [[sum((A[i][t] * B[t][j] for t in range(len(B))), Fraction(0))
             for j in range(len(B[0]))] for i in range(len(A))]


def madd(A, B, c=1):
    return [[a + c * b for a, b in zip(ra, rb)] for ra, rb in zip(A, B)]


def eye(n):
    return [[F(int(i == j)) for j in range(n)] for i in range(n)]


def zeros(r, c):
    return [[F(0)] * c for _ in range(r)]


def vec(A):
    return [A[i][j] for j in range(len(A[0])) for i in range(len(A))]


def layers(Ws, residual):
    return [madd(eye(len(W)), W) if residual else W for W in Ws]


def direct_loss(Ws, X, Y, residual=False):
    out = X
    for A in layers(Ws, residual):
        out = mm(A, out)
    return sum(((o - y) ** 2 for ro, ry in zip(out, Y) for o, y in zip(ro, ry)),
               Fraction(0)) / 2


def split_theta(theta, shapes):
    """theta (column-stacked) -> list of matrices, written independently of the model."""
    out, pos = [], 0
    for r, c in shapes:
        out.append([[theta[pos + j * r + i] for j in range(c)] for i in range(r)])
        pos += r * c
    return out


def fr(x):
    """flint.fmpq -> Fraction."""
    return Fraction(int(x.p), int(x.q))


def qcol(M: QMatrix):
    return [fr(x) for x in M.flint.entries()]


def rand_q(rng, num=4, den=3):
    return Fraction(rng.randint(-num, num), rng.randint(1, den))


def rand_mat(rng, r, c, num=4, den=3):
    return [[rand_q(rng, num, den) for _ in range(c)] for _ in range(r)]


def make(kind, dims, X, Y):
    if kind == "deep":
        return DeepLinear(dims, X, Y)
    d, H = dims
    return ResidualLinear(d, X, Y, H)


def data_dims(kind, dims):
    if kind == "deep":
        return dims[0], dims[-1]
    return dims[0], dims[0]


# -- (a) SymPy: naive symbolic differentiation ------------------------------------------
SYMPY_CASES = [("deep", [2, 2, 1]), ("deep", [1, 2, 2, 1]), ("deep", [2, 1, 2]),
               ("deep", [2, 3]), ("deep", [1, 2, 1, 2, 1]),
               ("res", (2, 1)), ("res", (1, 3)), ("res", (2, 2))]


@pytest.mark.parametrize("kind,dims", SYMPY_CASES)
def test_against_sympy(kind, dims):
    rng = random.Random(str((kind, dims)))
    dx, dy = data_dims(kind, dims)
    m = 3
    X, Y = rand_mat(rng, dx, m), rand_mat(rng, dy, m)
    net = make(kind, dims, X, Y)
    shapes = net.shapes
    # Symbols in column-stacking order, built here without the model.
    syms, mats = [], []
    for k, (r, c) in enumerate(shapes):
        S = sympy.Matrix(r, c, lambda i, j: sympy.Symbol(f"t{k}_{i}_{j}"))
        mats.append(S)
        syms.extend(S[i, j] for j in range(c) for i in range(r))
    out = sympy.Matrix(X)
    for S in mats:
        A = S + sympy.eye(S.shape[0]) if kind == "res" else S
        out = A * out
    Eres = out - sympy.Matrix(Y)
    loss = sum(e ** 2 for e in Eres) / 2
    grad = sympy.Matrix([loss.diff(s) for s in syms])
    hess = sympy.hessian(loss, syms)
    jac = sympy.Matrix([e for j in range(m) for e in Eres[:, j]]).jacobian(syms)  # vec(E)
    points = [[rand_mat(rng, r, c) for r, c in shapes],
              [rand_mat(rng, r, c, num=2, den=5) for r, c in shapes],
              [zeros(r, c) for r, c in shapes]]
    for W in points:
        sub = dict(zip(syms, [sympy.Rational(x.numerator, x.denominator)
                              for Wk in W for x in vec(Wk)]))
        H = net.hessian(W)
        assert net.loss(W) == sympy.Rational(loss.xreplace(sub))
        gs = grad.xreplace(sub)
        assert net.gradient(W).to_sympy() == gs
        assert H.to_sympy() == hess.xreplace(sub)
        J = jac.xreplace(sub)
        assert net.hessian(W, part="gauss_newton").to_sympy() == J.T * J
        assert (net.hessian(W, part="gauss_newton") + net.hessian(W, part="residual")) == H
        blocks = net.gradient_blocks(W)
        for k, (r, c) in enumerate(shapes):
            assert blocks[k].to_sympy() == sympy.Matrix(r, c, lambda i, j: gs[
                net.offsets[k] + j * r + i])


def test_symbolic_matches_exact():
    rng = random.Random(7)
    X, Y = rand_mat(rng, 2, 3), rand_mat(rng, 2, 3)
    for net in (DeepLinear([2, 2, 1, 2], X, Y), ResidualLinear(2, X, Y, 2)):
        s = net.symbolic()
        assert len(s["theta"]) == net.n_params == len(set(s["theta"]))
        assert str(s["theta"][1]) == "W1_21"          # column stacking, 1-based names
        W = [rand_mat(rng, r, c) for r, c in net.shapes]
        sub = dict(zip(s["theta"], [sympy.Rational(x.numerator, x.denominator)
                                    for x in qcol(net.theta(W))]))
        assert sympy.Rational(s["loss"].xreplace(sub)) == net.loss(W)
        assert s["output"].xreplace(sub) == net.output(W).to_sympy()
    big = DeepLinear([10, 1], [[1]] * 10, [[0]])
    assert str(big.symbolic(names="V")["theta"][9]) == "V1_1_10"


# -- (b) mpmath central differences at 50 digits -----------------------------------------
def mp_loss(theta, shapes, X, Y, residual):
    Ws = split_theta(theta, shapes)
    out = X
    for W in Ws:
        A = W
        if residual:
            A = [[W[i][j] + (1 if i == j else 0) for j in range(len(W[0]))] for i in range(len(W))]
        out = [[mpmath.fsum(A[i][t] * out[t][j] for t in range(len(out)))
                for j in range(len(out[0]))] for i in range(len(A))]
    return mpmath.fsum((o - y) ** 2 for ro, ry in zip(out, Y) for o, y in zip(ro, ry)) / 2


@pytest.mark.parametrize("kind,dims", [("deep", [2, 3, 2, 3, 2]), ("res", (2, 3)),
                                       ("deep", [3, 2, 1, 2])])
def test_against_mpmath_finite_differences(kind, dims):
    rng = random.Random(11)
    dx, dy = data_dims(kind, dims)
    m = 4
    X, Y = rand_mat(rng, dx, m), rand_mat(rng, dy, m)
    net = make(kind, dims, X, Y)
    W = [rand_mat(rng, r, c, num=3, den=4) for r, c in net.shapes]
    g, H = qcol(net.gradient(W)), net.hessian(W).tolist()
    n = net.n_params
    with mpmath.workdps(50):
        to_mp = lambda q: mpmath.mpf(q.numerator) / q.denominator  # noqa: E731
        Xm = [[to_mp(x) for x in r] for r in X]
        Ym = [[to_mp(x) for x in r] for r in Y]
        th = [to_mp(x) for Wk in W for x in vec(Wk)]
        h = mpmath.mpf(10) ** -12
        tol = mpmath.mpf(10) ** -20

        def Lm(shift):
            return mp_loss([a + b for a, b in zip(th, shift)], net.shapes, Xm, Ym, kind == "res")

        def e(p, s):
            v = [0] * n
            v[p] = s
            return v

        assert abs(Lm([0] * n) - to_mp(fr(net.loss(W)))) < tol
        for p in range(n):
            fd = (Lm(e(p, h)) - Lm(e(p, -h))) / (2 * h)
            assert abs(fd - to_mp(g[p])) < tol * max(1, abs(to_mp(g[p])))
        for p in range(n):
            for q in range(p, n):
                def shift(sp, sq):
                    v = [0] * n
                    v[p] += sp * h
                    v[q] += sq * h
                    return v
                fd = (Lm(shift(1, 1)) - Lm(shift(1, -1)) - Lm(shift(-1, 1))
                      + Lm(shift(-1, -1))) / (4 * h * h)
                assert abs(fd - to_mp(H[p][q])) < tol * max(1, abs(to_mp(H[p][q]))), (p, q)


# -- (c) properties on random rational instances ------------------------------------------
small_q = st.builds(Fraction, st.integers(-5, 5), st.integers(1, 5))


def matrices(r, c):
    return st.lists(st.lists(small_q, min_size=c, max_size=c), min_size=r, max_size=r)


@st.composite
def instances(draw, residual=False, max_layers=4):
    m = draw(st.integers(1, 3))
    if residual:
        d, H = draw(st.integers(1, 3)), draw(st.integers(0, max_layers - 1))
        widths = [d] * (H + 2)
    else:
        widths = draw(st.lists(st.integers(1, 3), min_size=2, max_size=max_layers + 1))
    X = draw(matrices(widths[0], m))
    Y = draw(matrices(widths[-1], m))
    W = [draw(matrices(widths[k + 1], widths[k])) for k in range(len(widths) - 1)]
    net = ResidualLinear(widths[0], X, Y, len(widths) - 2) if residual else DeepLinear(widths, X, Y)
    return net, X, Y, W


def poly_coeffs(ts, ys):
    """Exact monomial coefficients of the interpolating polynomial (Lagrange)."""
    n = len(ts)
    coeffs = [Fraction(0)] * n
    for i in range(n):
        basis, den = [Fraction(1)], Fraction(1)
        for j in range(n):
            if j != i:
                basis = [Fraction(0)] + basis                 # times t
                for a in range(len(basis) - 1):
                    basis[a] -= ts[j] * basis[a + 1]           # minus t_j
                den *= ts[i] - ts[j]
        for a in range(n):
            coeffs[a] += ys[i] * basis[a] / den
    return coeffs


def check_directional(net, X, Y, W, v, residual):
    """L(theta + t v) is a polynomial of degree <= 2(H+1): its t and t^2 coefficients
    are g.v and v^T H v / 2, exactly."""
    theta = [x for Wk in W for x in vec(mat(Wk))]
    deg = 2 * (net.H + 1)
    ts = [Fraction(t) for t in range(-(deg // 2), deg - deg // 2 + 1)]
    ys = [direct_loss(split_theta([a + t * b for a, b in zip(theta, v)], net.shapes),
                      mat(X), mat(Y), residual) for t in ts]
    c = poly_coeffs(ts, ys)
    g = qcol(net.gradient(W))
    Hm = net.hessian(W).tolist()
    assert c[0] == fr(net.loss(W))
    assert c[1] == sum(a * b for a, b in zip(g, v))
    n = len(v)
    assert 2 * c[2] == sum(v[p] * Hm[p][q] * v[q] for p in range(n) for q in range(n))


SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(instances(), st.randoms(use_true_random=False))
def test_properties_deep(inst, rnd):
    net, X, Y, W = inst
    n = net.n_params
    H = net.hessian(W)
    assert H.shape == (n, n) and H.is_symmetric()
    assert net.gradient(W).shape == (n, 1)
    assert fr(net.loss(W)) == direct_loss(mat_all(W), mat(X), mat(Y))
    assert net.unflatten(net.theta(W)) == net.weights(W)
    v = [Fraction(rnd.randint(-3, 3), rnd.randint(1, 2)) for _ in range(n)]
    check_directional(net, X, Y, W, v, residual=False)
    # At the origin: every gradient block contains another (zero) factor once there
    # are two layers; every Hessian block contains one once there are three.
    W0 = [zeros(r, c) for r, c in net.shapes]
    if net.H >= 1:
        assert net.gradient(W0).is_zero()
    if net.H >= 2:
        assert net.hessian(W0).is_zero()
    if net.H == 1:
        # L = 1/2||Y||^2 - tr(Y^T W2 W1 X) + O(|W|^4), so
        # d^2L / dW2[a,b] dW1[c,d] = -(Y X^T)[a,d] [b == c] at the origin.
        H0 = net.hessian(W0).tolist()
        YXt = mm(mat(Y), [list(r) for r in zip(*mat(X))])
        (r1, c1), (r2, c2) = net.shapes
        for a in range(r2):
            for b in range(c2):
                for c in range(r1):
                    for d in range(c1):
                        expect = -YXt[a][d] if b == c else 0
                        assert H0[r1 * c1 + b * r2 + a][d * r1 + c] == expect
    if net.H == 0:
        # One layer: H = (X X^T) kron I, for every W.
        XXt = mm(mat(X), [list(r) for r in zip(*mat(X))])
        dy, dx = net.shapes[0]
        Hm = H.tolist()
        for p in range(n):
            for q in range(n):
                assert Hm[p][q] == (XXt[p // dy][q // dy] if p % dy == q % dy else 0)


def mat_all(W):
    return [mat(Wk) for Wk in W]


@SETTINGS
@given(instances(residual=True), st.randoms(use_true_random=False))
def test_properties_residual(inst, rnd):
    net, X, Y, W = inst
    n, d = net.n_params, net.d
    H = net.hessian(W)
    assert H.shape == (n, n) and H.is_symmetric()
    assert fr(net.loss(W)) == direct_loss(mat_all(W), mat(X), mat(Y), residual=True)
    v = [Fraction(rnd.randint(-3, 3), rnd.randint(1, 2)) for _ in range(n)]
    check_directional(net, X, Y, W, v, residual=True)
    # At W = 0 every layer is the identity: E = X - Y and every block is E X^T.
    W0 = [zeros(d, d) for _ in net.shapes]
    E = madd(mat(X), mat(Y), -1)
    EXt = QMatrix(mm(E, [list(r) for r in zip(*mat(X))]))
    assert fr(net.loss(W0)) == direct_loss(W0, mat(X), mat(Y), residual=True)
    assert all(G == EXt for G in net.gradient_blocks(W0))
    # A shift of the parameters: the residual net at W is the deep linear net at I + W.
    deep = DeepLinear(net.widths, X, Y)
    WI = [madd(mat(Wk), eye(d)) for Wk in W]
    assert deep.loss(WI) == net.loss(W)
    assert deep.hessian(WI) == H


# -- (d) the weight-rescaling symmetry ------------------------------------------------------
def rand_invertible(rng, n):
    while True:
        G = rand_mat(rng, n, n, num=3, den=2)
        if QMatrix(G).rank() == n:
            return G


def inv(G):
    return QMatrix(G).inv().tolist()


def rescale(W, k, G, residual):
    """A_k -> G A_k, A_{k+1} -> A_{k+1} G^-1 (1-based hidden layer k)."""
    A = layers(mat_all(W), residual)
    A[k - 1] = mm(G, A[k - 1])
    A[k] = mm(A[k], inv(G))
    if residual:
        return [madd(Ak, eye(len(Ak)), -1) for Ak in A]
    return A


def tangents(W, residual):
    """dW_k = S A_k, dW_{k+1} = -A_{k+1} S for S = e_a e_b^T, hand-built."""
    A = layers(mat_all(W), residual)
    shapes = [(len(Wk), len(Wk[0])) for Wk in W]
    out = []
    for k in range(1, len(W)):
        dk = len(A[k - 1])
        for b in range(dk):
            for a in range(dk):
                S = zeros(dk, dk)
                S[a][b] = F(1)
                dW = [zeros(r, c) for r, c in shapes]
                dW[k - 1] = mm(S, A[k - 1])
                dW[k] = [[-x for x in row] for row in mm(A[k], S)]
                out.append([x for M in dW for x in vec(M)])
    return out


@pytest.mark.parametrize("residual", [False, True])
def test_rescaling_leaves_loss_unchanged(residual):
    rng = random.Random(5)
    for _ in range(5):
        if residual:
            d, H = rng.randint(1, 3), rng.randint(1, 3)
            widths = [d] * (H + 2)
        else:
            widths = [rng.randint(1, 3) for _ in range(rng.randint(3, 5))]
        X, Y = rand_mat(rng, widths[0], 3), rand_mat(rng, widths[-1], 3)
        net = ResidualLinear(widths[0], X, Y, len(widths) - 2) if residual \
            else DeepLinear(widths, X, Y)
        W = [rand_mat(rng, widths[k + 1], widths[k]) for k in range(len(widths) - 1)]
        for k in range(1, net.H + 1):
            G = rand_invertible(rng, widths[k])
            assert net.loss(rescale(W, k, G, residual)) == net.loss(W)
        # the model's tangents are the hand-built ones, in the documented order
        T = net.symmetry_tangents(W)
        assert [list(c) for c in zip(*T.tolist())] == tangents(W, residual)


def ls_solution(X, Y):
    """R* = Y X^T (X X^T)^-1 (X of full row rank)."""
    Xt = [list(r) for r in zip(*X)]
    return mm(mm(Y, Xt), inv(mm(X, Xt)))


def critical_points():
    rng = random.Random(2024)
    pts = []
    # Least squares through a [2, 3, 3, 2] chain, generically rescaled (E != 0, E X^T = 0).
    X, Y = rand_mat(rng, 2, 5), rand_mat(rng, 2, 5)
    R = ls_solution(X, Y)
    W = [R + [[F(0), F(0)]], madd(eye(3), zeros(3, 3)), [[F(1), F(0), F(0)], [F(0), F(1), F(0)]]]
    G1, G2 = rand_invertible(rng, 3), rand_invertible(rng, 3)
    W = [mm(G1, W[0]), mm(mm(G2, W[1]), inv(G1)), mm(W[2], inv(G2))]
    pts.append(("least squares", DeepLinear([2, 3, 3, 2], X, Y), W, False))
    # A saddle: width-1 bottleneck along the second eigenvector of Sigma = diag(9, 1).
    X, Y = mat([[1, 0], [0, 1]]), mat([[3, 0], [0, 1]])
    c = Fraction(3, 2)
    pts.append(("eigenvector saddle", DeepLinear([2, 1, 2], X, Y),
                [[[F(0), 1 / c]], [[F(0)], [c]]], False))
    # W_1 = W_2 = 0 with W_3 arbitrary (H = 2).
    X, Y = rand_mat(rng, 2, 3), rand_mat(rng, 2, 3)
    pts.append(("zero hidden layers", DeepLinear([2, 2, 2, 2], X, Y),
                [zeros(2, 2), zeros(2, 2), rand_mat(rng, 2, 2)], False))
    # Residual net: (I+W_3)(I+W_2)(I+W_1) = R*, A_1, A_2 random invertible.
    X, Y = rand_mat(rng, 2, 4), rand_mat(rng, 2, 4)
    R = ls_solution(X, Y)
    A1, A2 = rand_invertible(rng, 2), rand_invertible(rng, 2)
    A3 = mm(R, inv(mm(A2, A1)))
    pts.append(("residual least squares", ResidualLinear(2, X, Y, 2),
                [madd(A, eye(2), -1) for A in (A1, A2, A3)], True))
    # Residual saddle: A_2 A_1 = diag(0, 1) with Sigma = diag(9, 1), rescaled by G.
    X, Y = mat([[1, 0], [0, 1]]), mat([[3, 0], [0, 1]])
    G = rand_invertible(rng, 2)
    A1 = mm(G, mat([[0, 0], [0, Fraction(2, 3)]]))
    A2 = mm(mat([[0, 0], [0, Fraction(3, 2)]]), inv(G))
    pts.append(("residual saddle", ResidualLinear(2, X, Y, 1),
                [madd(A, eye(2), -1) for A in (A1, A2)], True))
    return pts


@pytest.mark.parametrize("name,net,W,residual", critical_points(),
                         ids=[p[0] for p in critical_points()])
def test_symmetry_tangents_in_kernel_at_critical_points(name, net, W, residual):
    assert net.gradient(W).is_zero(), name
    H = net.hessian(W)
    if "saddle" in name:
        # E X^T != 0, so the second-order term of the Hessian is present (at the
        # least-squares points E X^T = 0 and it vanishes: every Q_kj contains E X^T).
        assert not net.hessian(W, part="residual").is_zero()
    for t in tangents(W, residual):
        assert (H @ QMatrix([[x] for x in t])).is_zero()
    if "saddle" in name:
        assert H.rank() < H.shape[0]


def test_tangents_not_in_kernel_off_critical_points():
    # Sanity check of the kernel test: at a generic point H t != 0.
    rng = random.Random(9)
    X, Y = rand_mat(rng, 2, 3), rand_mat(rng, 2, 3)
    net = DeepLinear([2, 2, 2], X, Y)
    W = [rand_mat(rng, 2, 2), rand_mat(rng, 2, 2)]
    assert not net.gradient(W).is_zero()
    H = net.hessian(W)
    assert any(not (H @ QMatrix([[x] for x in t])).is_zero() for t in tangents(W, False))


# -- helpers of the API -----------------------------------------------------------------
def test_product_and_theta():
    net = DeepLinear([2, 3, 1], [[1, 0], [0, 1]], [[1, 1]])
    W = [[[1, 2], [3, 4], [5, 6]], [["1/2", 0, 1]]]
    assert net.product(W, 1, 2) == QMatrix([["11/2", 7]])
    assert net.product(W, 2, 2) == QMatrix(W[1])
    assert net.product(W, 3, 2) == QMatrix([[1]])
    assert net.product(W, 1, 0) == QMatrix([[1, 0], [0, 1]])
    with pytest.raises(ValueError):
        net.product(W, 3, 1)
    th = net.theta(W)
    assert qcol(th) == [1, 3, 5, 2, 4, 6, Fraction(1, 2), 0, 1]
    assert net.unflatten(th) == net.weights(W)
    assert net.unflatten(qcol(th)) == net.weights(W)
    res = ResidualLinear(2, [[1], [2]], [[0], [1]], H=1)
    assert res.product([[[1, 0], [0, 1]], [[0, 0], [0, 0]]], 1, 2) == QMatrix([[2, 0], [0, 2]])
    assert net.hessian(W, part="gauss_newton").is_symmetric()
    with pytest.raises(ValueError):
        net.hessian(W, part="bogus")


# -- (e) bad input ---------------------------------------------------------------------------
def test_bad_input():
    net = DeepLinear([2, 3, 1], [[1, 0], [0, 1]], [[1, 1]])
    good = [[[1, 2], [3, 4], [5, 6]], [[1, 0, 1]]]
    with pytest.raises(InputError, match=r"weights\[1\] \(W_2\): shape \(1, 2\)"):
        net.loss([good[0], [[1, 0]]])
    with pytest.raises(InputError, match=r"weights\[0\] \(W_1\): shape \(2, 3\)"):
        net.gradient([[[1, 2, 3], [4, 5, 6]], good[1]])
    with pytest.raises(InputError, match=r"weights\[0\]\[1\]\[0\]: 0.5 is a float"):
        net.hessian([[[1, 2], [0.5, 4], [5, 6]], good[1]])
    with pytest.raises(InputError, match=r"weights\[1\]\[0\]\[2\]: 'x'"):
        net.hessian([good[0], [[1, 0, "x"]]])
    with pytest.raises(InputError, match=r"weights: expected 2 matrices"):
        net.loss(good[:1])
    with pytest.raises(InputError, match=r"weights: expected 2 matrices"):
        net.loss(good + [[[1]]])
    with pytest.raises(InputError, match=r"weights\[1\]: row 0"):
        net.loss([good[0], [1, 0, 1]])
    with pytest.raises(InputError, match=r"weights"):
        net.loss(QMatrix([[1]]))
    with pytest.raises(InputError, match=r"theta: 3 entries"):
        net.unflatten([1, 2, 3])
    with pytest.raises(InputError, match=r"theta\[0\]"):
        net.unflatten([0.25] * 9)
    with pytest.raises(InputError, match=r"^X\[0\]\[1\]"):
        DeepLinear([2, 1], [[1, 0.0], [0, 1]], [[1, 1]])
    with pytest.raises(InputError, match=r"^X: 2 rows"):
        DeepLinear([3, 1], [[1, 0], [0, 1]], [[1, 1]])
    with pytest.raises(InputError, match=r"^Y: shape \(1, 3\)"):
        DeepLinear([2, 1], [[1, 0], [0, 1]], [[1, 1, 1]])
    with pytest.raises(InputError, match=r"widths\[1\]"):
        DeepLinear([2, 0, 1], [[1], [0]], [[1]])
    with pytest.raises(InputError, match=r"widths"):
        DeepLinear([2], [[1], [0]], [[1]])
    with pytest.raises(InputError, match=r"widths\[0\]"):
        DeepLinear([2.0, 1], [[1], [0]], [[1]])
    with pytest.raises(InputError, match=r"^H:"):
        ResidualLinear(2, [[1], [0]], [[1], [0]], H=-1)
    with pytest.raises(InputError, match=r"^d:"):
        ResidualLinear(0, [[1], [0]], [[1], [0]], H=1)
    with pytest.raises(InputError, match=r"^Y"):
        ResidualLinear(2, [[1], [0]], [[1]], H=1)
    res = ResidualLinear(2, [[1], [0]], [[1], [0]], H=1)
    with pytest.raises(InputError, match=r"weights\[1\] \(W_2\)"):
        res.loss([[[0, 0], [0, 0]], [[0, 0]]])


@pytest.mark.parametrize("residual", [False, True])
def test_large_entries_exact(residual):
    # Entries far beyond 2^62 take the fmpz path of the Hessian assembly.
    rng = random.Random(13)
    big = lambda: Fraction(rng.randint(-10 ** 15, 10 ** 15), rng.randint(1, 10 ** 6))  # noqa: E731
    widths = [2, 2, 2, 2] if residual else [2, 3, 1, 2]
    X = [[big() for _ in range(3)] for _ in range(widths[0])]
    Y = [[big() for _ in range(3)] for _ in range(widths[-1])]
    net = ResidualLinear(2, X, Y, 2) if residual else DeepLinear(widths, X, Y)
    W = [[[big() for _ in range(c)] for _ in range(r)] for r, c in net.shapes]
    H = net.hessian(W)
    assert H.is_symmetric() and H.max_abs() > 2 ** 62
    for _ in range(3):
        v = [Fraction(rng.randint(-3, 3), rng.randint(1, 3)) for _ in range(net.n_params)]
        check_directional(net, X, Y, W, v, residual)


@pytest.mark.parametrize("residual", [False, True])
def test_kronecker_block_formula(residual):
    # The docstring's formula, written with symlandscape.calculus.kron/commutation:
    # Hess_kj = (R_k R_j^T) kron (L_k^T L_j) + K_{d_{k-1}, d_k} (Q_kj kron M_kj), j < k.
    from symlandscape.calculus.kron import commutation, kron
    rng = random.Random(17)
    widths = [2, 2, 2, 2] if residual else [2, 3, 1, 2]
    X, Y = rand_mat(rng, widths[0], 3), rand_mat(rng, widths[-1], 3)
    net = ResidualLinear(2, X, Y, 2) if residual else DeepLinear(widths, X, Y)
    W = [rand_mat(rng, r, c) for r, c in net.shapes]
    H, o, L = net.hessian(W), net.offsets, net.H + 1
    Xq, E = QMatrix(X), net.residual(W)
    Rk = lambda k: net.product(W, 1, k - 1) @ Xq      # noqa: E731
    Lk = lambda k: net.product(W, k + 1, L)           # noqa: E731
    for k in range(1, L + 1):
        for j in range(1, k + 1):
            blk = kron(Rk(k) @ Rk(j).T, Lk(k).T @ Lk(j))
            if j < k:
                Q = Lk(k).T @ E @ Rk(j).T
                M = net.product(W, j + 1, k - 1)
                blk = blk + commutation(widths[k - 1], widths[k]) @ kron(Q, M)
            rows, cols = range(o[k - 1], o[k]), range(o[j - 1], o[j])
            assert H.rows(rows).columns(cols) == blk
