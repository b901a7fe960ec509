"""Exercise topics on matrices and deep linear networks.

``kron-vec``, ``dl-gradient``, ``dl-hessian-block``, ``critical``, ``classify``,
``global-min``. Every solution is computed by the toolkit (python-flint) and confirmed by a
second route before the exercise exists: the definition column by column, SymPy
differentiation of the symbolic loss, the independent certificate checker, or the loss at
an explicit minimiser (see each topic).

Examples
--------
>>> from symlandscape.exercises import get_topic
>>> t = get_topic("dl-gradient")
>>> ex = t.generate(3)
>>> t.grade(ex, ex.solution_text).status
'correct'
"""

__all__ = ["FrobSq", "loss_notation"]

from fractions import Fraction

import sympy

from ..calculus.kron import kron, vec
from ..certificates.check import check_certificate
from ..exact.matrix import QMatrix
from ..landscape.classify import classify
from ..landscape.globalmin import global_min_value
from ..models import DeepLinear
from .base import Exercise, Grade, M, as_matrix, fmt, internal_check, matrix_complaint, parse, register, scalar_of
from .parse import exact_equal


class FrobSq(sympy.Function):
    """``||A||_F^2`` as notation (printed by SymPy's printers, never evaluated)."""

    def _latex(self, printer):
        return r"\left\| %s \right\|_F^2" % printer._print(self.args[0])

    def _sympystr(self, printer):
        return "||%s||_F^2" % printer._print(self.args[0])


def loss_notation(widths) -> sympy.Expr:
    """``1/2 ||W_{H+1} ... W_1 X - Y||_F^2`` with matrix symbols of the right shapes.

    >>> sympy.sstr(loss_notation([2, 1, 2]))
    '||W_2*W_1*X - Y||_F^2/2'
    """
    d = list(widths)
    Ws = [sympy.MatrixSymbol(f"W_{k + 1}", d[k + 1], d[k]) for k in range(len(d) - 1)]
    X = sympy.MatrixSymbol("X", d[0], 1)
    Y = sympy.MatrixSymbol("Y", d[-1], 1)
    prod = X
    for W in Ws:
        prod = W * prod
    return sympy.Rational(1, 2) * FrobSq(prod - Y)


def _fr(x) -> Fraction:
    return Fraction(int(x.p), int(x.q))


def _q(M_) -> list:
    return M_.tolist()


def _sym(rows):
    return sympy.Matrix([[sympy.Rational(x.numerator, x.denominator) for x in r] for r in rows])


def _rand(rng, r, c, lo=-2, hi=2, nonzero=False):
    while True:
        A = [[Fraction(rng.randint(lo, hi)) for _ in range(c)] for _ in range(r)]
        if not nonzero or any(x for row in A for x in row):
            return A


def _neg(A):
    return [[-x for x in r] for r in A]


def _T(A):
    return [list(r) for r in zip(*A)]


def _net_parts(net, W, extra=()):
    """The statement's description of a deep linear network and its point."""
    parts = ["A deep linear network with widths ", M(sympy.Tuple(*net.widths), str(net.widths)),
             " and loss ", M((sympy.Symbol("L"), loss_notation(net.widths)),
                             "L = 1/2 ||W_%d ... W_1 X - Y||_F^2" % (net.H + 1)),
             " (summed over the columns of X and Y), data ",
             M((sympy.Symbol("X"), net.X.to_sympy()), f"X = {fmt(net.X.tolist())}"), " and ",
             M((sympy.Symbol("Y"), net.Y.to_sympy()), f"Y = {fmt(net.Y.tolist())}")]
    if W is not None:
        parts.append(", at the point ")
        for k, w in enumerate(W):
            sep = ", " if k < len(W) - 2 else " and " if k == len(W) - 2 else ""
            parts += [M((sympy.Symbol(f"W_{k + 1}"), _sym(_q(w))), f"W_{k + 1} = {fmt(_q(w))}"), sep]
    parts.append(". ")
    return parts + list(extra)


def _data(net, W=None, **more) -> dict:
    d = {"widths": list(net.widths), "X": net.X.tostrings(), "Y": net.Y.tostrings()}
    if W is not None:
        d["weights"] = [w.tostrings() for w in W]
    d.update(more)
    return d


def _sympy_blocks(net, W, hessian: bool = True):
    """Gradient blocks and (with ``hessian``) the Hessian by SymPy differentiation of the
    symbolic loss (the second route)."""
    s = net.symbolic()
    subs = {sym: _sym(_q(w))[i, j] for Ws, w in zip(s["weights"], W)
            for (i, j), sym in ((ij, Ws[ij]) for ij in [(i, j) for i in range(Ws.rows) for j in range(Ws.cols)])}
    grads = [Ws.applyfunc(lambda v: sympy.diff(s["loss"], v).subs(subs)) for Ws in s["weights"]]
    H = sympy.hessian(s["loss"], s["theta"]).subs(subs) if hessian else None
    return grads, H


def _gradient_formulas(net) -> list:
    """``dL/dW_1 = W_2^T E X^T`` and ``dL/dW_2 = E (W_1 X)^T`` with ``E = W_2 W_1 X - Y`` (H = 1)."""
    d, m = net.widths, net.m
    W1, W2 = sympy.MatrixSymbol("W_1", d[1], d[0]), sympy.MatrixSymbol("W_2", d[2], d[1])
    X, Y, E = (sympy.MatrixSymbol(n, r, m) for n, r in (("X", d[0]), ("Y", d[2]), ("E", d[2])))
    return ["With the residual ", M((E, W2 * W1 * X - Y), "E = W_2 W_1 X - Y"), ", ",
            M((sympy.Symbol("dL/dW_1"), W2.T * E * X.T), "dL/dW_1 = W_2^T E X^T"), " and ",
            M((sympy.Symbol("dL/dW_2"), E * (W1 * X).T), "dL/dW_2 = E (W_1 X)^T")]


def _same(rows, sym_matrix) -> bool:
    return _sym(rows) == sym_matrix


# -- kron-vec --------------------------------------------------------------------------------------
@register("kron-vec", "Kronecker/vec identity: the matrix K with vec(A X B) = K vec(X)")
def _kron_vec():
    def gen(rng, seed):
        while True:
            p, m, n, q = (rng.choice([1, 2]) for _ in range(4))
            if p * q * m * n >= 2 and (p, m, n, q) != (1, 1, 1, 1):
                break
        A, B = _rand(rng, p, m, nonzero=True), _rand(rng, n, q, nonzero=True)
        Aq, Bq = QMatrix(A), QMatrix(B)
        K = kron(Bq.T, Aq)
        # second route: the definition, column j of K = vec(A E_j B) for the unit matrices of vec order
        cols = []
        for j in range(n):
            for i in range(m):
                E = [[Fraction(int((a, b) == (i, j))) for b in range(n)] for a in range(m)]
                cols.append(vec(Aq @ QMatrix(E) @ Bq))
        internal_check(QMatrix.hstack(cols) == K, "kron-vec: K column by column")
        Xs = sympy.MatrixSymbol("X", m, n)
        vecf = sympy.Function("vec")
        As, Bs = sympy.MatrixSymbol("A", p, m), sympy.MatrixSymbol("B", n, q)
        parts = ["Let ", M((sympy.Symbol("A"), _sym(A)), f"A = {fmt(A)}"), " and ",
                 M((sympy.Symbol("B"), _sym(B)), f"B = {fmt(B)}"),
                 ". Here vec stacks the columns of a matrix. Find the matrix K with ",
                 M((vecf(As * Xs * Bs), sympy.Symbol("K") * vecf(Xs)), "vec(A X B) = K vec(X)"),
                 f" for every {m} x {n} matrix X."]
        sol = _q(K)
        expl = ["By the identity ", M((vecf(As * Xs * Bs), sympy.Symbol("K") * vecf(Xs)), "vec(AXB) = K vec(X)"),
                " with ", M((sympy.Symbol("K"), sympy.KroneckerProduct(Bs.T, As)), "K = B^T kron A"), ", ",
                M((sympy.Symbol("K"), _sym(sol)), f"K = {fmt(sol)}"), "."]
        return Exercise("kron-vec", seed, "", parts,
                        f"a {p * q} x {m * n} matrix as a list of rows, e.g. [[1, 0], [2, -1]]",
                        sol, fmt(sol), expl, {"A": Aq.tostrings(), "B": Bq.tostrings()},
                        extra={"alts": {"A kron B^T (the factors in the wrong order)": _q(kron(Aq, Bq.T)),
                                        "B kron A (B must be transposed)": _q(kron(Bq, Aq)),
                                        "A kron B": _q(kron(Aq, Bq)),
                                        "B^T kron A^T (A must not be transposed)": _q(kron(Bq.T, Aq.T))}})

    def grade(ex, text):
        got = as_matrix(parse(ex, text), (len(ex.solution), len(ex.solution[0])), "K")
        c = matrix_complaint(ex.solution, got, "K", ex.extra["alts"])
        return Grade("correct", "correct") if c is None else Grade("incorrect", c)

    return gen, grade


# -- dl-gradient -----------------------------------------------------------------------------------
def _small_net(rng, max_entries=None):
    while True:
        widths = [rng.choice([1, 2]) for _ in range(3)]
        m = rng.choice([1, 2])
        if max_entries is None or all(widths[k] * widths[k + 1] <= max_entries for k in range(2)):
            break
    X = _rand(rng, widths[0], m, -2, 2, nonzero=True)
    Y = _rand(rng, widths[-1], m, -2, 2)
    return DeepLinear(widths, X, Y)


def _point(rng, net, lo=-2, hi=2):
    return net.weights([_rand(rng, r, c, lo, hi) for r, c in net.shapes])


@register("dl-gradient", "gradient of a deep linear loss at a point")
def _dl_gradient():
    def gen(rng, seed):
        net = _small_net(rng)
        W = _point(rng, net)
        k = rng.choice([1, 2])
        G = [_q(g) for g in net.gradient_blocks(W)]
        grads, _ = _sympy_blocks(net, W, hessian=False)
        internal_check(all(_same(g, s) for g, s in zip(G, grads)), "dl-gradient: SymPy differentiation")
        r, c = net.shapes[k - 1]
        parts = _net_parts(net, W, [f"Compute the gradient block dL/dW_{k} at this point (a {r} x {c} matrix, "
                                    f"the shape of W_{k})."])
        expl = _gradient_formulas(net) + [", so ",
                M((sympy.Symbol(f"dL/dW_{k}"), _sym(G[k - 1])), f"dL/dW_{k} = {fmt(G[k - 1])}"), "."]
        other = 3 - k
        return Exercise("dl-gradient", seed, "", parts,
                        f"a {r} x {c} matrix as a list of rows, e.g. [[1, -2]]", G[k - 1], fmt(G[k - 1]), expl,
                        _data(net, W, block=k),
                        extra={"block": k, "alts": {f"dL/dW_{other}, the other block": G[other - 1]}})

    def grade(ex, text):
        sol = ex.solution
        got = as_matrix(parse(ex, text), (len(sol), len(sol[0])), f"dL/dW_{ex.extra['block']}")
        c = matrix_complaint(sol, got, f"dL/dW_{ex.extra['block']}", ex.extra["alts"])
        return Grade("correct", "correct") if c is None else Grade("incorrect", c)

    return gen, grade


# -- dl-hessian-block -------------------------------------------------------------------------------
@register("dl-hessian-block", "a block of the Hessian of a deep linear loss")
def _dl_hessian_block():
    def gen(rng, seed):
        net = _small_net(rng, max_entries=2)
        W = net.weights([[[Fraction(rng.choice([-2, -1, 1, 2])) for _ in range(c)] for _ in range(r)]
                         for r, c in net.shapes])
        k, j = rng.choice([(1, 1), (1, 2), (2, 1), (2, 2)])
        Hq = net.hessian(W)
        o = net.offsets
        blk = lambda H, a, b: [row[o[b - 1]:o[b]] for row in _q(H)[o[a - 1]:o[a]]]
        _, Hs = _sympy_blocks(net, W)
        internal_check(_same(_q(Hq), Hs), "dl-hessian-block: SymPy Hessian")
        sol = blk(Hq, k, j)
        gn = net.hessian(W, part="gauss_newton")
        parts = _net_parts(net, W, [
            "The parameters are ordered theta = (vec W_1, vec W_2), vec stacking columns. Compute the Hessian "
            f"block d^2 L / (d vec W_{k} d vec W_{j}^T) at this point (rows: the entries of vec W_{k}; "
            f"columns: those of vec W_{j}; a {len(sol)} x {len(sol[0])} matrix)."])
        alts = {f"the block ({a}, {b}), not ({k}, {j})": blk(Hq, a, b)
                for a, b in ((1, 1), (1, 2), (2, 1), (2, 2)) if (a, b) != (k, j)}
        alts["only the Gauss-Newton part J^T J: the term with the residual E is missing"] = blk(gn, k, j)
        expl = ["Differentiating dL/dW_k once more (or from the closed form: Gauss-Newton term plus the "
                "residual term for k != j), the block is ",
                M(_sym(sol), fmt(sol), display=True)]
        return Exercise("dl-hessian-block", seed, "", parts,
                        f"a {len(sol)} x {len(sol[0])} matrix as a list of rows", sol, fmt(sol), expl,
                        _data(net, W, block=[k, j]), extra={"alts": alts, "block": (k, j)})

    def grade(ex, text):
        sol = ex.solution
        name = "the block ({}, {})".format(*ex.extra["block"])
        got = as_matrix(parse(ex, text), (len(sol), len(sol[0])), name)
        c = matrix_complaint(sol, got, name, ex.extra["alts"])
        return Grade("correct", "correct") if c is None else Grade("incorrect", c)

    return gen, grade


# -- critical ----------------------------------------------------------------------------------------
@register("critical", "is this point critical? (and a nonzero gradient block if not)")
def _critical():
    def gen(rng, seed):
        net = _small_net(rng)
        style = rng.choice(["zero", "random", "random", "fit"])
        if style == "zero":
            W = net.weights([[[0] * c for _ in range(r)] for r, c in net.shapes])
        elif style == "fit" and net.widths == [1, 1, 1]:
            # a global minimum of the scalar net: W_2 W_1 = Y X^T (X X^T)^-1
            x, y = net.X.tolist()[0], net.Y.tolist()[0]
            t = sum(a * b for a, b in zip(x, y)) / sum(a * a for a in x)
            a = Fraction(rng.choice([1, 2, -1]))
            W = net.weights([[[a]], [[t / a]]])
        else:
            W = _point(rng, net)
        G = [_q(g) for g in net.gradient_blocks(W)]
        grads, _ = _sympy_blocks(net, W, hessian=False)
        internal_check(all(_same(g, s) for g, s in zip(G, grads)), "critical: SymPy differentiation")
        crit = all(x == 0 for g in G for r in g for x in r)
        nonzero = [k + 1 for k, g in enumerate(G) if any(x != 0 for r in g for x in r)]
        parts = _net_parts(net, W, ["Is this point a critical point of L (every gradient block zero)? "
                                    "If not, name a block k with dL/dW_k != 0 and give that block."])
        sol_text = "yes" if crit else f"no; {nonzero[0]}; {fmt(G[nonzero[0] - 1])}"
        expl = _gradient_formulas(net) + [" give "]
        for k, g in enumerate(G):
            expl += [M((sympy.Symbol(f"dL/dW_{k + 1}"), _sym(g)), f"dL/dW_{k + 1} = {fmt(g)}"),
                     "; " if k == 0 else "."]
        expl.append(" The point is critical." if crit else f" The point is not critical (block {nonzero[0]}).")
        return Exercise("critical", seed, "", parts,
                        "yes, or: no; k; the matrix dL/dW_k as a list of rows (e.g. no; 2; [[1, 0]])",
                        "yes" if crit else ("no", nonzero[0], G[nonzero[0] - 1]), sol_text, expl, _data(net, W),
                        extra={"blocks": G, "critical": crit})

    def grade(ex, text):
        G, crit = ex.extra["blocks"], ex.extra["critical"]
        pieces = [p.strip() for p in text.strip().split(";")]
        word = pieces[0].lower()
        if word not in ("yes", "no"):
            return Grade("unparseable", f"cannot read the answer: start with yes or no (expected: {ex.answer_format})")
        if word == "yes":
            if len(pieces) != 1:
                return Grade("unparseable", "cannot read the answer: after 'yes' nothing more is expected")
            if crit:
                return Grade("correct", "correct")
            k = next(i for i, g in enumerate(G) if any(x != 0 for r in g for x in r)) + 1
            return Grade("incorrect", f"the point is not critical: dL/dW_{k} is not zero")
        if len(pieces) != 3:
            return Grade("unparseable", f"cannot read the answer: after 'no' give the block number and the block "
                                        f"(expected: {ex.answer_format})")
        if crit:
            return Grade("incorrect", "the point is critical: every gradient block is zero here")
        k = scalar_of(parse(ex, pieces[1]), "the block number")
        if not (isinstance(k, Fraction) and k.denominator == 1 and 1 <= k <= len(G)):
            return Grade("incorrect", f"the block number must be 1..{len(G)}")
        k = int(k)
        if all(x == 0 for r in G[k - 1] for x in r):
            return Grade("incorrect", f"dL/dW_{k} is zero at this point; another block is not")
        got = as_matrix(parse(ex, pieces[2]), (len(G[k - 1]), len(G[k - 1][0])), f"dL/dW_{k}")
        alts = {f"dL/dW_{i + 1}, a different block": g for i, g in enumerate(G) if i != k - 1}
        c = matrix_complaint(G[k - 1], got, f"dL/dW_{k}", alts)
        return Grade("correct", "correct") if c is None else Grade("incorrect", c)

    return gen, grade


# -- classify ------------------------------------------------------------------------------------------
CLASSES = ("global minimum", "local minimum", "strict saddle", "higher-order saddle", "local maximum")

_HINTS = {
    "global minimum": "the loss here equals the smallest value the loss takes",
    "local minimum": "the point is a minimum nearby but the loss is smaller elsewhere",
    "strict saddle": "the Hessian has a negative and a positive eigenvalue",
    "higher-order saddle": "the Hessian is positive semidefinite and singular, yet the loss decreases along a curve",
    "local maximum": "the loss is largest here nearby",
}


def _classify_cases(rng):
    a, b = rng.choice([(2, 1), (3, 1), (3, 2), (2, -1)])
    x, y = Fraction(rng.choice([1, 2, -1])), Fraction(rng.choice([1, 2, -2, 3]))
    c = Fraction(rng.choice([1, 2, -1]))
    return [
        ("strict saddle", DeepLinear([1, 1, 1], [[x]], [[y]]), [[[0]], [[0]]]),
        ("higher-order saddle", DeepLinear([1, 1, 1, 1], [[x]], [[y]]), [[[0]], [[0]], [[0]]]),
        # W_1 = ... = W_H = 0 with W_{H+1} != 0 (seed 000 line 73 calls it "bad": see AW-000-BAD)
        ("strict saddle", DeepLinear([1, 1, 1, 1], [[x]], [[y]]), [[[0]], [[0]], [[c]]]),
        ("global minimum", DeepLinear([1, 1, 1], [[x]], [[y]]), [[[c]], [[y / (x * c)]]]),
        ("global minimum", DeepLinear([1, 1, 1, 1], [[x]], [[0]]), [[[0]], [[c]], [[0]]]),
        # [2, 1, 2] autoencoder-style: the top direction of Sigma = Y Y^T is a global minimum,
        # the other one a strict saddle
        ("global minimum", DeepLinear([2, 1, 2], [[1, 0], [0, 1]], [[a, 0], [0, b]]),
         [[[c, 0]], [[a / c], [0]]]),
        ("strict saddle", DeepLinear([2, 1, 2], [[1, 0], [0, 1]], [[a, 0], [0, b]]),
         [[[0, c]], [[0], [b / c]]]),
        ("strict saddle", DeepLinear([2, 1, 2], [[1, 0], [0, 1]], [[a, 0], [0, b]]), [[[0, 0]], [[0], [0]]]),
    ]


@register("classify", "classify a critical point of a deep linear network")
def _classify():
    def gen(rng, seed):
        expect, net, W = rng.choice(_classify_cases(rng))
        W = net.weights(W)
        c = classify(net, W)
        internal_check(c.verdict == expect, f"classify: verdict {c.verdict!r}, construction {expect!r}")
        res = check_certificate(c.certificate)     # the independent checker confirms it
        internal_check(res["status"] == "holds", "classify: independent re-check")
        parts = _net_parts(net, W, ["This point is a critical point (check it). Classify it: global minimum, "
                                    "local minimum (not global), strict saddle (the Hessian has a negative "
                                    "eigenvalue), higher-order saddle (a saddle with positive semidefinite "
                                    "Hessian) or local maximum."])
        expl = [f"Exact classification: {c.verdict}. {c.reason}"]
        return Exercise("classify", seed, "", parts, "one of: " + ", ".join(CLASSES),
                        c.verdict, c.verdict, expl, _data(net, W), kind="choice", choices=CLASSES,
                        extra={"inertia": c.inertia})

    def grade(ex, text):
        word = " ".join(text.strip().lower().replace("-", " - ").replace("_", " ").split()).replace(" - ", "-")
        word = {"saddle": "saddle"}.get(word, word)
        if word not in CLASSES:
            if word in ("saddle", "saddle point"):
                return Grade("incorrect", "say which kind of saddle: strict saddle or higher-order saddle")
            return Grade("unparseable", f"cannot read the answer: expected one of: {', '.join(CLASSES)}")
        if word == ex.solution:
            return Grade("correct", "correct")
        n_plus, n_minus, n_zero = ex.extra["inertia"]
        return Grade("incorrect", f"not a {word}: the Hessian has inertia (n+, n-, n0) = ({n_plus}, {n_minus}, "
                                  f"{n_zero}); {_HINTS[ex.solution]}")

    return gen, grade


# -- global-min ------------------------------------------------------------------------------------------
_ROTATIONS = [((1, 0), (0, 1)), ((0, 1), (1, 0)), ((3, -4), (4, 3)), ((4, 3), (3, -4)), ((3, 4), (-4, 3))]


@register("global-min", "global minimum value of a deep linear network")
def _global_min():
    def gen(rng, seed):
        a, b = rng.sample([1, 2, 3], 2)
        U = rng.choice(_ROTATIONS)
        den = 5 if abs(U[0][0]) in (3, 4) else 1
        scale = 5 if den == 5 else 1
        # Y's first two columns = U diag(a, b) * scale / den: Sigma has eigenvalues (a s)^2, (b s)^2
        Y2 = [[Fraction(U[i][0] * a * scale, den), Fraction(U[i][1] * b * scale, den)] for i in range(2)]
        extra_col = rng.choice([True, False])
        c = Fraction(rng.choice([1, 2]))
        if extra_col:   # a third sample with input 0: its target is never fitted
            X = [[c, 0, 0], [0, c, 0]]
            e = [Fraction(rng.randint(-2, 2)), Fraction(rng.randint(-2, 2))]
            Y = [Y2[0] + [e[0]], Y2[1] + [e[1]]]
        else:
            X = [[c, 0], [0, c]]
            Y = Y2
        widths = rng.choice([[2, 1, 2], [2, 1, 1, 2]])
        net = DeepLinear(widths, X, Y)
        _, _, value = global_min_value(net.X, net.Y, widths)
        internal_check(value is not None, "global-min: rational eigenvalues")
        value = _fr(value)
        # second route: SymPy eigenvalues of Sigma and the formula
        Xs, Ys = net.X.to_sympy(), net.Y.to_sympy()
        P = Xs.pinv() * Xs
        Sigma = Ys * P * Ys.T
        ev = sorted((v for v, mult in Sigma.eigenvals().items() for _ in range(mult)), reverse=True)
        sym_val = (Ys.norm() ** 2 - (Ys * P).norm() ** 2) / 2 + sum(ev[1:]) / 2
        internal_check(sympy.expand(sym_val) == sympy.Rational(value.numerator, value.denominator),
                       "global-min: SymPy eigenvalues")
        # third route: an explicit minimiser attains it and classifies as a global minimum
        top = max(range(2), key=lambda i: [a, b][i])
        u = [[Fraction(U[0][top], den)], [Fraction(U[1][top], den)]]
        Xp = net.X.pinv()
        W1 = (QMatrix([[u[0][0], u[1][0]]]) @ net.Y @ Xp)
        Ws = [W1] + [QMatrix([[1]])] * (len(widths) - 3) + [QMatrix(u)]
        internal_check(_fr(net.loss(Ws)) == value and classify(net, Ws).verdict == "global minimum",
                       "global-min: the minimiser")
        parts = _net_parts(net, None, ["What is the smallest value the loss L takes over all weights W_1, ..., "
                                       f"W_{net.H + 1}? Give the exact number."])
        expl = ["With k = min(widths) = 1 and Sigma = Y X^+ X Y^T (eigenvalues ",
                M(sympy.Tuple(*ev), ", ".join(str(v) for v in ev)),
                "), the minimum is 1/2 (||Y||^2 - ||Y X^+ X||^2) + 1/2 (the eigenvalues of Sigma beyond the largest) = ",
                M(sympy.Rational(value.numerator, value.denominator), fmt(value)), "."]
        return Exercise("global-min", seed, "", parts,
                        "one exact number, e.g. 9/2", value, fmt(value), expl, _data(net), kind="number",
                        extra={"twice": 2 * value, "no_bottleneck": Fraction(
                            str((Ys.norm() ** 2 - (Ys * P).norm() ** 2) / 2))})

    def grade(ex, text):
        got = scalar_of(parse(ex, text))
        if exact_equal(got, ex.solution):
            return Grade("correct", "correct")
        if exact_equal(got, ex.extra["twice"]):
            return Grade("incorrect", "your value is twice the minimum: L has the factor 1/2")
        if exact_equal(got, ex.extra["no_bottleneck"]) or exact_equal(got, 0):
            return Grade("incorrect", "too small: a width-1 layer limits the product W_H...W_1 to rank 1, "
                                      "so only the largest eigenvalue of Sigma can be fitted")
        return Grade("incorrect", f"the value {fmt(got)} is not the minimum of L")

    return gen, grade
