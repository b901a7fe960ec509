"""Feedforward networks: backprop loss/gradient/Hessian against independent computations.

* naive SymPy: build the loss as one expression of the parameter symbols and differentiate
  it (``sympy.diff``, ``sympy.hessian``), then substitute the point;
* mpmath at 60 digits: central finite differences of the loss (a different algorithm with
  an error far below the rational values' spacing in these small cases);
* the symbolic mode with an undefined ``s`` against SymPy's own chain rule (``Derivative``
  objects replaced by ``ds``, ``d2s``), and against the exact mode after substituting a
  concrete polynomial.
"""

import random

import flint
import mpmath
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symlandscape.exact.numbers import InputError
from symlandscape.models.feedforward import Feedforward, activation


def _naive_loss(net, syms):
    """The loss as one SymPy expression, written from the definition (no backprop)."""
    t = sympy.Symbol("t")
    s = sympy.Lambda(t, sum(sympy.Rational(str(c)) * t ** i for i, c in enumerate(net.act.coeffs)))
    total = 0
    X, Y = net.X.to_sympy(), net.Y.to_sympy()
    for j in range(net.m):
        z = list(X[:, j])
        for k in range(net.L):
            Wk = syms[k]
            d = net.widths[k]
            p = [sum(Wk[a, b] * z[b] for b in range(d)) + (Wk[a, d] if net.biases[k] else 0)
                 for a in range(net.widths[k + 1])]
            z = [s(v) for v in p] if k < net.L - 1 else p
        total += sum((z[o] - Y[o, j]) ** 2 for o in range(net.widths[-1])) / 2
    return total


def _flat_syms(net, syms):
    out = []
    for Wk in syms:
        r, c = Wk.shape
        out += [Wk[i, j] for j in range(c) for i in range(r)]
    return out


def _random_net(rng, widths, coeffs, biases, m):
    q = lambda: flint.fmpq(rng.randint(-3, 3), rng.randint(1, 3))  # noqa: E731
    X = [[q() for _ in range(m)] for _ in range(widths[0])]
    Y = [[q() for _ in range(m)] for _ in range(widths[-1])]
    net = Feedforward(widths, X, Y, activation=coeffs, biases=biases)
    W = [[[q() for _ in range(c)] for _ in range(r)] for r, c in net.shapes]
    return net, W


CASES = [([1, 1, 1], [0, 1, 1], True), ([2, 2, 1], [0, 1, 0, "1/3"], [True, False]),
         ([1, 2, 2, 2], [1, "1/2", -1], True), ([2, 1, 2, 1], [0, 2], [False, False, True]),
         ([1, 1, 1, 1, 1], [0, 1, "1/2", 1], True)]


@pytest.mark.parametrize("widths,coeffs,biases", CASES)
def test_against_sympy_hessian_of_expanded_loss(widths, coeffs, biases):
    rng = random.Random(str(widths))
    net, W = _random_net(rng, widths, coeffs, biases, m=2)
    syms = net.symbols()
    flat = _flat_syms(net, syms)
    loss = _naive_loss(net, syms)
    point = dict(zip(flat, [sympy.Rational(str(x)) for x in net.flatten(W).flint.entries()]))
    assert sympy.Rational(str(net.loss(W))) == loss.subs(point)
    g = [sympy.diff(loss, v).subs(point) for v in flat]
    assert net.gradient(W).to_sympy() == sympy.Matrix(g)
    H = sympy.hessian(loss, flat).subs(point)
    assert net.hessian(W).to_sympy() == H


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10 ** 6), st.sampled_from(CASES), st.integers(1, 3))
def test_against_mpmath_finite_differences(seed, case, m):
    widths, coeffs, biases = case
    net, W = _random_net(random.Random(seed), widths, coeffs, biases, m)
    mpmath.mp.dps = 110   # restored by tests/conftest.py
    theta = [mpmath.mpf(int(x.p)) / int(x.q) for x in net.flatten(W).flint.entries()]

    def L(v):
        # the loss by a forward pass in mpmath (110-digit floats), parameters from v
        total = mpmath.mpf(0)
        pos = 0
        mats = []
        for (r, c) in net.shapes:
            mats.append([[v[pos + j * r + i] for j in range(c)] for i in range(r)])
            pos += r * c
        for j in range(net.m):
            z = [mpmath.mpf(int(x.p)) / int(x.q) for x in (net.X.flint[i, j] for i in range(widths[0]))]
            for k, M in enumerate(mats):
                d = widths[k]
                p = [mpmath.fsum(M[a][b] * z[b] for b in range(d)) + (M[a][d] if net.biases[k] else 0)
                     for a in range(widths[k + 1])]
                z = [mpmath.polyval([mpmath.mpf(int(c.p)) / int(c.q) for c in reversed(net.act.coeffs)], x)
                     for x in p] if k < net.L - 1 else p
            total += mpmath.fsum((z[o] - mpmath.mpf(int(net.Y.flint[o, j].p)) / int(net.Y.flint[o, j].q)) ** 2
                                 for o in range(widths[-1])) / 2
        return total

    # h^2 times the 4th derivatives (they reach ~1e42 for three cubic layers with large weights)
    # is the second difference's truncation error: h = 1e-25 keeps it below 1e-8 relative, and
    # 110 digits keep the cancellation in the four-point formula below that too
    h = mpmath.mpf(10) ** -25
    n = net.n_params
    G, H = net.gradient(W).flint, net.hessian(W).flint
    rng = random.Random(seed)
    for a in rng.sample(range(n), min(n, 3)):
        e = [h if i == a else 0 for i in range(n)]
        fd = (L([t + x for t, x in zip(theta, e)]) - L([t - x for t, x in zip(theta, e)])) / (2 * h)
        v = mpmath.mpf(int(G[a, 0].p)) / int(G[a, 0].q)
        assert abs(fd - v) < mpmath.mpf(10) ** -20 * max(1, abs(v))
        b = rng.randrange(n)
        f = [h if i == b else 0 for i in range(n)]
        def sh(u, v):
            return L([t + x + y for t, x, y in zip(theta, u, v)])
        neg = lambda u: [-x for x in u]  # noqa: E731
        fd2 = (sh(e, f) - sh(e, neg(f)) - sh(neg(e), f) + sh(neg(e), neg(f))) / (4 * h * h)
        v = mpmath.mpf(int(H[a, b].p)) / int(H[a, b].q)
        # the second difference carries an O(h^2 * 4th derivative) truncation error: with cubic
        # activations and large weights the 4th derivatives reach ~1e20, hence 1e-12 relative
        assert abs(fd2 - v) < mpmath.mpf(10) ** -12 * max(1, abs(v))


def test_symbolic_mode_against_sympy_chain_rule():
    """Undefined s: our s, ds, d2s expressions equal SymPy's own derivatives of the loss."""
    net = Feedforward([1, 2, 1], X=[[1, 2]], Y=[[0, 3]], activation="s", biases=True)
    out = net.symbolic_derivatives()
    syms = out["weights"]
    flat = _flat_syms(net, syms)
    s = sympy.Function("s")
    # the loss written from the definition with SymPy's s
    total = 0
    for j, (x, y) in enumerate([(1, 0), (2, 3)]):
        z = [s(syms[0][a, 0] * x + syms[0][a, 1]) for a in range(2)]
        F = syms[1][0, 0] * z[0] + syms[1][0, 1] * z[1] + syms[1][0, 2]
        total += (F - y) ** 2 / 2
    u = sympy.Dummy("u")

    def ours(e):
        # SymPy writes s'(p) as Subs(Derivative(s(u), u), u, p): rename to ds(p), d2s(p)
        e = e.doit()
        e = e.replace(lambda a: isinstance(a, sympy.Subs), lambda a: {1: sympy.Function("ds"), 2: sympy.Function("d2s")}[
            a.expr.derivative_count](a.point[0]))
        e = e.replace(lambda a: isinstance(a, sympy.Derivative),
                      lambda a: {1: sympy.Function("ds"), 2: sympy.Function("d2s")}[a.derivative_count](a.variables[0]))
        return sympy.expand(e)

    del u
    assert sympy.expand(total) == out["loss"]
    for i, v in enumerate(flat):
        assert ours(sympy.diff(total, v)) == out["gradient"][i]
        for k, w in enumerate(flat):
            assert ours(sympy.diff(total, v, w)) == out["hessian"][i, k]


def test_symbolic_mode_with_polynomial_substituted_matches_exact():
    net_s = Feedforward([2, 2, 1, 2], X=[[1, -1], [0, 2]], Y=[[1, 0], [2, 1]], activation="s", biases=True)
    coeffs = [0, 1, "1/2", 2]
    net = Feedforward([2, 2, 1, 2], X=[[1, -1], [0, 2]], Y=[[1, 0], [2, 1]], activation=coeffs, biases=True)
    rng = random.Random(3)
    W = [[[flint.fmpq(rng.randint(-2, 2), rng.randint(1, 2)) for _ in range(c)] for _ in range(r)] for r, c in net.shapes]
    Wsym = [sympy.Matrix([[sympy.Rational(str(x)) for x in row] for row in w]) for w in W]
    out = net_s.symbolic_derivatives(Wsym)
    t = sympy.Symbol("t")
    poly = sum(sympy.Rational(str(c)) * t ** i for i, c in enumerate(activation(coeffs).coeffs))
    subs = {sympy.Function("s"): sympy.Lambda(t, poly), sympy.Function("ds"): sympy.Lambda(t, sympy.diff(poly, t)),
            sympy.Function("d2s"): sympy.Lambda(t, sympy.diff(poly, t, 2))}
    H = out["hessian"].applyfunc(lambda e: e.subs(subs).doit())
    assert H == net.hessian(W).to_sympy()


def test_loss_along_and_jacobian():
    net, W = _random_net(random.Random(5), [1, 2, 1], [0, 1, 1], True, m=2)
    C = [[[1] * c for _ in range(r)] for r, c in net.shapes]
    poly = net.loss_along(W, [C])
    # independently: the loss at W + t C for rational t, against the polynomial
    for t in (flint.fmpq(1, 3), flint.fmpq(-2)):
        Wt = [[[flint.fmpq(w) + t * c for w, c in zip(wr, cr)] for wr, cr in zip(Wk, Ck)] for Wk, Ck in zip(W, C)]
        assert poly(t) == net.loss(Wt)
    # Gauss-Newton: J^T J + curvature = H; at data Y = F the residuals vanish, H = J^T J
    netF = Feedforward(net.widths, net.X, net.output(W), activation=[0, 1, 1], biases=True)
    J = netF.jacobian_rows(W)
    assert (J.T @ J) == netF.hessian(W)


def test_bad_input():
    with pytest.raises(InputError, match="activation 'relu'"):
        Feedforward([1, 1], [[1]], [[1]], activation="relu")
    with pytest.raises(InputError, match="biases"):
        Feedforward([1, 1, 1], [[1]], [[1]], biases=[True])
    net = Feedforward([1, 1], [[1]], [[1]], activation="tanh")
    with pytest.raises(InputError, match="symbolic"):
        net.loss([[[1, 0]]])
    with pytest.raises(InputError):
        Feedforward([1, 1], [[1]], [[1]]).loss([[[1]]])     # the bias column is missing


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10 ** 6), st.sampled_from([([1, 1, 1], [0, 1, 1, 0], (1, 1)), ([2, 2, 1], [1, 0, "1/2", 1], (0, 1)),
                                                  ([1, 2, 1, 2], [0, 2, 0, -1], (1, 0)), ([1, 1], [0, 1, 0, 0], (1, 1))]))
def test_independent_checker_agrees(seed, case):
    """The checker's hyper-dual forward mode (plain fractions) against our backprop."""
    from fractions import Fraction

    from symlandscape.certificates.check import independent_evaluate
    from symlandscape.facts.fast import evaluate
    from symlandscape.models.feedforward import feedforward_from_scalars, spec_of
    widths, coeffs, (hb, ob) = case
    rng = random.Random(seed)
    q = lambda: flint.fmpq(rng.randint(-3, 3), rng.randint(1, 3))  # noqa: E731
    X = [[q() for _ in range(2)] for _ in range(widths[0])]
    Y = [[q() for _ in range(2)] for _ in range(widths[-1])]
    net = feedforward_from_scalars(widths, X, Y, *coeffs, hidden_bias=hb, output_bias=ob)
    W = [[[q() for _ in range(c)] for _ in range(r)] for r, c in net.shapes]
    spec = spec_of(net)
    env = {"X": net.X, "Y": net.Y, **{f"W{k + 1}": net.weights(W)[k] for k in range(net.L)}}
    fr = lambda M: [[Fraction(int(x.p), int(x.q)) for x in row] for row in M.flint.tolist()]  # noqa: E731
    ienv = {k: fr(v) for k, v in env.items()}
    names = [f"W{k + 1}" for k in range(net.L)]
    for op in ("loss", "grad", "hessian"):
        mine = evaluate([op, spec, "X", "Y", names], env)
        theirs = independent_evaluate([op, spec, "X", "Y", names], ienv)
        if op == "loss":
            assert Fraction(int(mine.p), int(mine.q)) == theirs
        else:
            assert fr(mine) == theirs
