"""``symlandscape.landscape.curves``: loss polynomials along curves and what they prove.

``loss_along`` is checked against the loss evaluated directly, with plain Fractions, at
more rational points ``t`` than the polynomial's degree bound (so the two polynomials
agree identically), and against a SymPy expansion in a symbol ``t``. ``lowest_term`` and
``curve_kind`` are checked on hand-worked curves through critical points and, by
sampling the polynomial on both sides of 0, on random polynomials.
"""

from fractions import Fraction

import flint
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symlandscape.exact.matrix import QMatrix
from symlandscape.landscape.curves import curve_kind, loss_along, lowest_term

SETTINGS = settings(max_examples=50, deadline=None)
T = sympy.Symbol("t")


# -- independent reference: Fractions and SymPy -------------------------------------------------
def mm(A, B):
    return [[sum((A[i][k] * B[k][j] for k in range(len(B))), Fraction(0))
             for j in range(len(B[0]))] for i in range(len(A))]


def madd(A, B, c=Fraction(1)):
    return [[a + c * b for a, b in zip(ra, rb)] for ra, rb in zip(A, B)]


def eye(n):
    return [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]


def direct_loss(model, X, Y, Ws, curve, t):
    """1/2 ||A_L(t) ... A_1(t) X - Y||^2 at the rational t, A_k = W_k(t) or I + W_k(t)."""
    t = Fraction(t)
    out = X
    for k, W in enumerate(Ws):
        Wt = W
        for p, step in enumerate(curve, 1):
            Wt = madd(Wt, step[k], t ** p)
        if model == "residual_linear":
            Wt = madd(eye(len(Wt)), Wt)
        out = mm(Wt, out)
    return sum(((o - y) ** 2 for ro, ry in zip(out, Y) for o, y in zip(ro, ry)), Fraction(0)) / 2


def sympy_loss_coeffs(model, X, Y, Ws, curve):
    """Coefficients (constant first) of the expanded SymPy loss in t."""
    def S(A):
        return sympy.Matrix([[sympy.Rational(x.numerator, x.denominator) for x in r] for r in A])
    out = S(X)
    for k, W in enumerate(Ws):
        Wt = S(W) + sum((T ** p * S(step[k]) for p, step in enumerate(curve, 1)),
                        sympy.zeros(len(W), len(W[0])))
        if model == "residual_linear":
            Wt = sympy.eye(len(W)) + Wt
        out = Wt * out
    E = out - S(Y)
    loss = sympy.expand(sum((e ** 2 for e in E), sympy.Integer(0)) / 2)
    return [sympy.Rational(c) for c in reversed(sympy.Poly(loss, T).all_coeffs())]


def Q(rows):
    return QMatrix(rows)


def frac(x) -> Fraction:
    return Fraction(int(x.p), int(x.q))


def coeffs(poly):
    """Coefficients of an fmpq_poly as Fractions (constant first, [] for zero)."""
    return [frac(c) for c in poly.coeffs()]


def evaluate(poly, t) -> Fraction:
    """Horner evaluation of an fmpq_poly at a Fraction, in Fractions."""
    acc = Fraction(0)
    for c in reversed(coeffs(poly)):
        acc = acc * t + c
    return acc


# -- strategies ------------------------------------------------------------------------------------
entries = st.one_of(st.integers(-2, 2).map(Fraction), st.integers(-2, 2).map(Fraction),
                    st.fractions(min_value=-3, max_value=3, max_denominator=5),
                    st.sampled_from([Fraction(10 ** 40), Fraction(-1, 10 ** 40 + 1)]))


def mat(r, c, elements=entries):
    return st.lists(st.lists(elements, min_size=c, max_size=c), min_size=r, max_size=r)


def zero_or(r, c):
    """A matrix that is often exactly zero (zero curve coefficients are skipped inside)."""
    return st.one_of(st.just([[Fraction(0)] * c for _ in range(r)]), mat(r, c))


@st.composite
def problems(draw):
    model = draw(st.sampled_from(["deep_linear", "residual_linear"]))
    L = draw(st.integers(1, 3))
    if model == "residual_linear":
        widths = [draw(st.integers(1, 2))] * (L + 1)
    else:
        widths = draw(st.lists(st.integers(1, 3), min_size=L + 1, max_size=L + 1))
    m = draw(st.integers(1, 3))
    X = draw(mat(widths[0], m))
    Y = draw(mat(widths[-1], m))
    shapes = [(widths[k + 1], widths[k]) for k in range(L)]
    Ws = [draw(zero_or(r, c)) for r, c in shapes]
    steps = draw(st.integers(0, 3))
    curve = [[draw(zero_or(r, c)) for r, c in shapes] for _ in range(steps)]
    return model, X, Y, Ws, curve


def run(model, X, Y, Ws, curve):
    return loss_along(model, Q(X), Q(Y), [Q(W) for W in Ws], [[Q(C) for C in s] for s in curve])


# -- loss_along against direct evaluation ----------------------------------------------------------
@SETTINGS
@given(problems())
def test_loss_along_matches_direct_evaluation(problem):
    model, X, Y, Ws, curve = problem
    poly = run(model, X, Y, Ws, curve)
    assert isinstance(poly, flint.fmpq_poly)
    bound = 2 * len(Ws) * len(curve)          # each layer entry has degree <= len(curve)
    assert poly.degree() <= bound
    # bound + 1 distinct points pin the polynomial down; the extra ones are for good measure
    ts = [Fraction(k) for k in range(-(bound // 2) - 1, bound // 2 + 2)] + \
         [Fraction(1, 3), Fraction(-7, 2), Fraction(10 ** 12, 7)]
    for t in ts:
        assert evaluate(poly, t) == direct_loss(model, X, Y, Ws, curve, t), t
    # the polynomial's constant term is the loss at the point itself
    assert evaluate(poly, Fraction(0)) == direct_loss(model, X, Y, Ws, [], 0)


@settings(max_examples=25, deadline=None)
@given(problems())
def test_loss_along_matches_sympy_expansion(problem):
    model, X, Y, Ws, curve = problem
    got = coeffs(run(model, X, Y, Ws, curve))
    ref = sympy_loss_coeffs(model, X, Y, Ws, curve)
    while ref and ref[-1] == 0:
        ref.pop()
    assert [sympy.Rational(c.numerator, c.denominator) for c in got] == ref


def test_loss_along_does_not_modify_its_arguments():
    X, Y = Q([[1, 2]]), Q([[3, 4]])
    W = [Q([[1], [2]]), Q([[1, -1]])]
    curve = [[Q([[1], [0]]), Q([[0, 1]])], [Q([[0], [0]]), Q([[2, 2]])]]
    before = [repr(M) for M in [X, Y, *W, *curve[0], *curve[1]]]
    run_twice = [coeffs(loss_along("deep_linear", X, Y, W, curve)) for _ in range(2)]
    assert run_twice[0] == run_twice[1]
    assert [repr(M) for M in [X, Y, *W, *curve[0], *curve[1]]] == before


# -- hand-worked curves ----------------------------------------------------------------------------
ONE = [[1]]


@pytest.mark.parametrize("model, X, Y, W, curve, expected, low, kind", [
    # depth-3 scalar net at the origin, X = Y = 1, along W = (t, t, t): (t^3 - 1)^2 / 2
    ("deep_linear", ONE, ONE, [[[0]]] * 3, [[[[1]]] * 3],
     ["1/2", 0, 0, -1, 0, 0, "1/2"], (3, -1), "both"),
    # ... along (t, t, -t): (t^3 + 1)^2 / 2, the odd term now positive: still both sides
    ("deep_linear", ONE, ONE, [[[0]]] * 3, [[[[1]], [[1]], [[-1]]]],
     ["1/2", 0, 0, 1, 0, 0, "1/2"], (3, 1), "both"),
    # depth-2 at the origin: (t^2 - 1)^2 / 2 along (t, t), a strict descent on both sides
    ("deep_linear", ONE, ONE, [[[0]]] * 2, [[[[1]], [[1]]]], ["1/2", 0, -1, 0, "1/2"], (2, -1),
     "descent"),
    # ... (t^2 + 1)^2 / 2 along (t, -t)
    ("deep_linear", ONE, ONE, [[[0]]] * 2, [[[[1]], [[-1]]]], ["1/2", 0, 1, 0, "1/2"], (2, 1),
     "ascent"),
    # ... along (t, 0) the product stays 0: constant loss
    ("deep_linear", ONE, ONE, [[[0]]] * 2, [[[[1]], [[0]]]], ["1/2"], (None, 0), "flat"),
    # global minimum (1, 1) along the symmetry-breaking (1 + t, 1 - t): (-t^2)^2 / 2
    ("deep_linear", ONE, ONE, [[[1]]] * 2, [[[[1]], [[-1]]]], [0, 0, 0, 0, "1/2"], (4, "1/2"),
     "ascent"),
    # ... second-order curve (1 + t, 1 - t + t^2): product 1 + t^3, loss t^6 / 2
    ("deep_linear", ONE, ONE, [[[1]]] * 2, [[[[1]], [[-1]]], [[[0]], [[1]]]],
     [0, 0, 0, 0, 0, 0, "1/2"], (6, "1/2"), "ascent"),
    # linear regression (one layer), two samples: ((t)^2 + (2t)^2) / 2 = 5 t^2 / 2
    ("deep_linear", [[1, 2]], [[0, 0]], [[[0]]], [[[[1]]]], [0, 0, "5/2"], (2, "5/2"), "ascent"),
    # residual net, X = 1, Y = 2, at W = (0, 0) along (t, t): ((1 + t)^2 - 2)^2 / 2
    #   = (t^2 + 2t - 1)^2 / 2 = 1/2 - 2t + t^2 + 2t^3 + t^4/2
    ("residual_linear", ONE, [[2]], [[[0]]] * 2, [[[[1]], [[1]]]],
     ["1/2", -2, 1, 2, "1/2"], (1, -2), "both"),
    # residual net at its global minimum (I + W = 1, Y = X = 1, W = 0) along (t, -t):
    #   (1 + t)(1 - t) - 1 = -t^2, loss t^4 / 2
    ("residual_linear", ONE, ONE, [[[0]]] * 2, [[[[1]], [[-1]]]], [0, 0, 0, 0, "1/2"],
     (4, "1/2"), "ascent"),
    # 2 x 2 saddle: X = I, Y = diag(2, 1), W1 = W2 = diag(0, 1) (critical: the unused
    # direction e1 carries the larger target). Along (t E11, t E11) the product is
    # diag(t^2, 1): loss (t^2 - 2)^2 / 2 = 2 - 2 t^2 + t^4 / 2
    ("deep_linear", [[1, 0], [0, 1]], [[2, 0], [0, 1]], [[[0, 0], [0, 1]]] * 2,
     [[[[1, 0], [0, 0]]] * 2], [2, 0, -2, 0, "1/2"], (2, -2), "descent"),
    # ... and along (t E11, -t E11): (t^2 + 2)^2 / 2
    ("deep_linear", [[1, 0], [0, 1]], [[2, 0], [0, 1]], [[[0, 0], [0, 1]]] * 2,
     [[[[1, 0], [0, 0]], [[-1, 0], [0, 0]]]], [2, 0, 2, 0, "1/2"], (2, 2), "ascent"),
    # non-square layers, widths [2, 1, 2]: X = I, Y = [[1, 0], [0, 0]], W = 0 along
    # W1 = t (1, 0), W2 = t (1, 0)^T: product t^2 E11, loss (t^2 - 1)^2 / 2
    ("deep_linear", [[1, 0], [0, 1]], [[1, 0], [0, 0]], [[[0, 0]], [[0], [0]]],
     [[[[1, 0]], [[1], [0]]]], ["1/2", 0, -1, 0, "1/2"], (2, -1), "descent"),
    # no curve at all: the constant loss at the point
    ("deep_linear", ONE, [[3]], [[[1]]] * 2, [], ["2"], (None, 0), "flat"),
])
def test_hand_worked_curves(model, X, Y, W, curve, expected, low, kind):
    poly = run(model, X, Y, W, curve)
    assert coeffs(poly) == [Fraction(c) for c in expected]
    d, c = lowest_term(poly)
    assert (d, frac(flint.fmpq(c))) == (low[0], Fraction(low[1]))
    assert curve_kind(poly) == kind


def test_critical_point_has_no_linear_term():
    """At a critical point the t coefficient (the directional derivative) vanishes for every
    direction; away from it some direction has one. Depth-2 scalar net, X = Y = 1."""
    dirs = [[[[a]], [[b]]] for a in (-1, 0, 2) for b in (-1, 0, 3)]
    for d in dirs:
        c = coeffs(run("deep_linear", ONE, ONE, [[[0]]] * 2, [d])) + [0, 0]
        assert c[1] == 0
    # at (2, 3): dL = (6 - 1)(3 da + 2 db), e.g. 15 for (1, 0)
    c = coeffs(run("deep_linear", ONE, ONE, [[[2]], [[3]]], [[[[1]], [[0]]]]))
    assert c[:2] == [Fraction(25, 2), Fraction(15)]


# -- lowest_term and curve_kind ------------------------------------------------------------------
@pytest.mark.parametrize("cs, low, kind", [
    ([], (None, 0), "flat"),                      # the zero polynomial
    ([5], (None, 0), "flat"),
    ([0, 1], (1, 1), "both"),
    ([0, -1], (1, -1), "both"),
    ([7, 0, -3], (2, -3), "descent"),
    ([7, 0, 3], (2, 3), "ascent"),
    ([0, 0, 0, 0, "-1/9", 100], (4, "-1/9"), "descent"),
    ([0, 0, 0, 0, "1/9", -100], (4, "1/9"), "ascent"),
    ([1, 0, 0, "-2/3", 10 ** 30], (3, "-2/3"), "both"),
    ([1, 0, 0, 0, 0, 1], (5, 1), "both"),
    ([0, 0, f"1/{10 ** 40}"], (2, f"1/{10 ** 40}"), "ascent"),
])
def test_lowest_term_and_kind_hand_worked(cs, low, kind):
    p = flint.fmpq_poly([flint.fmpq(Fraction(c).numerator, Fraction(c).denominator) for c in cs])
    d, c = lowest_term(p)
    assert d == low[0] and frac(flint.fmpq(c)) == Fraction(low[1])
    assert curve_kind(p) == kind


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.just(Fraction(0)), st.just(Fraction(0)),
                          st.fractions(min_value=-50, max_value=50, max_denominator=9)),
                max_size=8))
def test_curve_kind_matches_the_sign_of_the_loss_change_near_zero(cs):
    """The kind says how p(t) - p(0) behaves for small t of either sign. Take t = +-eps with
    eps = min(1, |c_d| / (2 S)) (S: sum of |c_k|, k > d), so the lowest term dominates."""
    p = flint.fmpq_poly([flint.fmpq(c.numerator, c.denominator) for c in cs])
    kind = curve_kind(p)
    nonconst = [(k, c) for k, c in enumerate(cs) if k >= 1 and c != 0]
    if not nonconst:
        assert kind == "flat"
        assert lowest_term(p)[0] is None
        return
    d, cd = nonconst[0]
    assert lowest_term(p)[0] == d and frac(flint.fmpq(lowest_term(p)[1])) == cd
    S = sum(abs(c) for c in cs[d + 1:])
    eps = min(Fraction(1), abs(cd) / (2 * S)) if S else Fraction(1)

    def change(t):
        return sum((c * t ** k for k, c in enumerate(cs) if k >= 1), Fraction(0))

    right, left = change(eps), change(-eps)
    signs = {(True, True): "descent", (False, False): "ascent"}
    expected = signs.get((right < 0, left < 0), "both")
    assert right != 0 and left != 0
    assert kind == expected


# -- malformed curves are refused, not evaluated -------------------------------------------------
def test_wrongly_shaped_curve_coefficient_is_refused():
    """Regression: with W_2 = 0 the 2 x 1 coefficient of a 1 x 1 layer went unnoticed and the
    residual dot products were silently truncated, giving 1/2 - t^2 + t^4 (no network has
    that loss along this curve: the output t^2 [[1], [1]] does not even match Y's shape)."""
    with pytest.raises(ValueError, match=r"curve\[0\]\[1\].*\(2, 1\).*\(1, 1\)"):
        loss_along("deep_linear", Q(ONE), Q(ONE), [Q([[0]]), Q([[0]])],
                   [[Q([[1]]), Q([[1], [1]])]])
    with pytest.raises(ValueError, match=r"curve\[1\]\[0\].*\(1, 2\).*\(1, 1\)"):
        loss_along("deep_linear", Q(ONE), Q(ONE), [Q([[1]]), Q([[1]])],
                   [[Q([[1]]), Q([[1]])], [Q([[1, 1]]), Q([[0]])]])


@pytest.mark.parametrize("n", [1, 3])
def test_curve_step_needs_one_matrix_per_layer(n):
    """Regression: a third matrix in a step of a two-layer curve was silently ignored."""
    with pytest.raises(ValueError, match=rf"curve\[0\] has {n} matrices for 2 layers"):
        loss_along("deep_linear", Q(ONE), Q(ONE), [Q([[0]]), Q([[0]])], [[Q([[1]])] * n])


def test_unknown_model_is_refused():
    """Regression: any model name other than "residual_linear" was evaluated as deep_linear."""
    with pytest.raises(ValueError, match="residual"):
        loss_along("residual", Q(ONE), Q([[2]]), [Q([[0]]), Q([[0]])], [[Q([[1]]), Q([[1]])]])
