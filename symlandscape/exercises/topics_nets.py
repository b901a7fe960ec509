"""Exercise topics on nonlinear networks, ReLU paths, moments and an as-written statement.

``locus`` (star/core locus of seed 002), ``paths`` (path expansion of a ReLU net, eq (5) of
seed 000), ``moment`` (an initialisation moment, exact), ``as-written`` (a counterexample
to AW-000-P5, graded by the claim's own statement). Each solution is confirmed by a second
route before the exercise exists (see each topic).

Examples
--------
>>> from symlandscape.exercises import get_topic
>>> t = get_topic("as-written")
>>> ex = t.generate(0)
>>> t.grade(ex, ex.solution_text).status
'correct'
"""

__all__ = ["S"]

import itertools
from fractions import Fraction
from math import prod

import sympy

from ..exact.matrix import QMatrix
from ..landscape.loci import locus_point, pieces_containing
from ..models import ReLUNet
from ..models.feedforward import Feedforward
from ..moments.expect import enumerate_expectation, expect, weight_matrix
from ..moments.laws import Gaussian, rademacher
from ..paths import path_count, path_expansion, path_sum
from ..provers.registry import check_claim
from .base import Exercise, Grade, M, as_matrix, fmt, internal_check, parse, register, scalar_of
from .parse import AnswerError, exact_equal
from .topics_linear import _fr, _q, _sym

#: The standard deviation symbol of Gaussian weights (answers may use the name ``s``).
S = sympy.Symbol("s", positive=True)


# -- locus ------------------------------------------------------------------------------------------
@register("locus", "star/core locus membership (seed 002)")
def _locus():
    def gen(rng, seed):
        widths = rng.choice([[1, 1, 1, 1], [1, 2, 1, 1], [1, 1, 2, 1], [1, 1, 1, 1, 1]])
        m = rng.choice([2, 3])
        X = [[Fraction(v) for v in rng.sample([-2, -1, 1, 2, 3], m)]]
        Y = [[Fraction(rng.randint(-2, 3)) for _ in range(m)]]
        net = Feedforward(widths, X, Y, activation=[0, 1, 1])        # s(x) = x + x^2, all biases
        L = net.L
        zero = [i for i in range(1, L) if rng.random() < 0.5]
        W = [w.tolist() for w in locus_point(net, zero, rng=rng)]
        spoil = rng.random() < 0.25
        if spoil:   # move W_L or b_L off the locus
            r, c = rng.randrange(widths[-1]), rng.randrange(widths[-2] + 1)
            W[-1][r][c] += Fraction(rng.choice([-1, 1]))
        W = net.weights(W)
        star = pieces_containing(net, W, "G")["star"]
        # second route: the definitions read off directly, and the theorem that a point of a
        # star piece is critical (W_i = 0 makes the last hidden output constant, b_L = mean y)
        mean = [sum(row, Fraction(0)) / m for row in net.Y.tolist()]
        WL = W[-1].tolist()
        out_ok = all(all(x == 0 for x in row[:-1]) and row[-1] == mean[o] for o, row in enumerate(WL))
        direct = [i for i in range(1, L) if out_ok and all(x == 0 for row in W[i - 1].tolist() for x in row[:-1])]
        internal_check(direct == star, "locus: definitions")
        if star:
            internal_check(net.gradient(W).is_zero(), "locus: points of the star locus are critical")
        parts = ["A network F = A_L o s o ... o s o A_1 with L = ", M(sympy.Integer(L), str(L)),
                 " affine layers A_k(h) = W_k h + b_k, widths ", M(sympy.Tuple(*widths), str(widths)),
                 ", activation ", M(sympy.Symbol("x") + sympy.Symbol("x") ** 2, "s(x) = x + x^2"),
                 ", data ", M((sympy.Symbol("X"), net.X.to_sympy()), f"X = {fmt(net.X.tolist())}"), " and ",
                 M((sympy.Symbol("Y"), net.Y.to_sympy()), f"Y = {fmt(net.Y.tolist())}"),
                 ". The layers are given as augmented matrices [W_k | b_k]: "]
        for k, w in enumerate(W):
            parts += [M((sympy.Symbol(f"A_{k + 1}"), _sym(_q(w))), f"[W_{k + 1} | b_{k + 1}] = {fmt(_q(w))}"),
                      "; " if k < L - 1 else ". "]
        parts.append(f"The star locus is the union of the pieces S_i = {{W_L = 0, b_L = mean of the y_j, W_i = 0}} "
                     f"for i = 1, ..., {L - 1} (biases free); the core is the union of the intersections of two "
                     f"pieces. Which pieces S_i contain this point?")
        sol_text = fmt([Fraction(i) for i in star]) if star else "none"
        expl = [f"W_L = 0 and b_L = mean y {'hold' if out_ok else 'do not both hold'}; "]
        expl.append(f"the point lies on S_i for i in {star}" if star else "the point lies on no piece")
        expl.append(", so it is on the core." if len(star) >= 2 else ", so it is not on the core.")
        return Exercise("locus", seed, "", parts,
                        "the indices i as a list, e.g. [1, 3], or none", star, sol_text, expl,
                        {"widths": widths, "X": net.X.tostrings(), "Y": net.Y.tostrings(),
                         "weights": [w.tostrings() for w in W], "activation": ["0", "1", "1"]},
                        extra={"out_ok": out_ok, "L": L})

    def grade(ex, text):
        t = text.strip().lower()
        if t in ("none", "[]", "{}", "empty"):
            got = []
        else:
            v = parse(ex, text)
            v = v if isinstance(v, list) else [v]
            if any(isinstance(x, list) or not (isinstance(x, Fraction) and x.denominator == 1) for x in v):
                raise AnswerError("give whole-number indices, e.g. [1, 3]")
            got = sorted({int(x) for x in v})
        L, star = ex.extra["L"], ex.solution
        bad = [i for i in got if not 1 <= i < L]
        if bad:
            return Grade("incorrect", f"S_{bad[0]} is not a piece: i runs over 1..{L - 1}")
        if got == star:
            return Grade("correct", "correct")
        extra = [i for i in got if i not in star]
        missing = [i for i in star if i not in got]
        if extra:
            i = extra[0]
            why = "W_L = 0 and b_L = mean y do not both hold" if not ex.extra["out_ok"] else f"W_{i} is not zero"
            return Grade("incorrect", f"the point is not on S_{i}: {why}")
        return Grade("incorrect", f"the point is on S_{missing[0]} too (W_{missing[0]} = 0, W_L = 0 and b_L = mean y)")

    return gen, grade


# -- paths ---------------------------------------------------------------------------------------------
@register("paths", "path expansion of a small ReLU network")
def _paths():
    def gen(rng, seed):
        widths = rng.choice([[2, 2, 1], [1, 2, 2, 1], [2, 3, 1], [2, 2, 2, 1]])
        while True:
            x = [[Fraction(rng.choice([-2, -1, 1, 2]))] for _ in range(widths[0])]
            W = [[[Fraction(rng.choice([-2, -1, 1, 2])) for _ in range(widths[k])] for _ in range(widths[k + 1])]
                 for k in range(len(widths) - 1)]
            net = ReLUNet(widths, x, [[0]])
            P = [p.tolist() for p in net.preactivations(net.weights(W))]
            # no ties (a clean pattern) and at least one active path (a nonzero output)
            if all(v != 0 for layer in P for row in layer for v in row) and net.output(net.weights(W)).flint[0, 0] > 0:
                break
        Wq = net.weights(W)
        psi = prod(widths[:-1])
        internal_check(path_count(widths) == psi, "paths: path count")
        Z = [z.tolist() for z in net.pattern(Wq)]
        active = sum(1 for units in itertools.product(*[range(d) for d in widths[1:-1]])
                     if Z[-1][0][0] and all(Z[k][u][0] for k, u in enumerate(units))) * widths[0]
        # second route: the terms of eq (5) that survive the indicators (inputs are nonzero)
        expr = path_expansion(net)[0]
        zsubs = {sympy.Symbol(f"z{k + 1}_{u + 1}"): int(Z[k][u][0]) for k in range(len(Z)) for u in range(len(Z[k]))}
        live = sympy.expand(expr.subs(zsubs))
        internal_check(len(sympy.Add.make_args(live)) * (live != 0) == active, "paths: active paths")
        out = _fr(net.output(Wq).flint[0, 0])
        internal_check(path_sum(net, Wq) == net.output(Wq)
                       and path_expansion(net, Wq)[0] == sympy.Rational(out.numerator, out.denominator),
                       "paths: path sum = forward pass")
        parts = ["A bias-free ReLU network y = relu(W_{H+1} relu(... relu(W_1 x))) (relu also on the output) "
                 "with widths ", M(sympy.Tuple(*widths), str(widths)), ", input ",
                 M((sympy.Symbol("x"), _sym(x)), f"x = {fmt(x)}"), " and weights "]
        for k, w in enumerate(W):
            parts += [M((sympy.Symbol(f"W_{k + 1}"), _sym(w)), f"W_{k + 1} = {fmt(w)}"),
                      ", " if k < len(W) - 1 else ". "]
        parts.append("A path picks one input and one unit in every hidden layer; it is active when every unit "
                     "on it (the output unit included) has a positive pre-activation. Give [the number of "
                     "input-output paths, the number of active paths, the output y] (eq (5): y is the sum over "
                     "active paths of the input times the weights on the path).")
        sol = [Fraction(psi), Fraction(active), out]
        expl = [f"Psi = {' * '.join(map(str, widths[:-1]))} = {psi} paths; the forward pass gives the "
                f"activation pattern, with {active} active path(s); summing their products gives y = {fmt(out)}."]
        return Exercise("paths", seed, "", parts, "three numbers [paths, active paths, output]",
                        sol, fmt(sol), expl, {"widths": widths, "x": QMatrix(x).tostrings(),
                                               "weights": [w.tostrings() for w in Wq]})

    def grade(ex, text):
        v = parse(ex, text)
        if not isinstance(v, list) or len(v) != 3 or any(isinstance(x, list) for x in v):
            raise AnswerError("give three numbers [paths, active paths, output]")
        what = ["the number of paths (one input and one unit per hidden layer: the product of those widths)",
                "the number of active paths", "the output y"]
        wrong = [w for w, a, b in zip(what, ex.solution, v) if not exact_equal(a, b)]
        if not wrong:
            return Grade("correct", "correct")
        return Grade("incorrect", "; ".join(f"{w} is wrong" for w in wrong))

    return gen, grade


# -- moment --------------------------------------------------------------------------------------------
@register("moment", "an initialisation moment (exact expectation over random weights)")
def _moment():
    def gen(rng, seed):
        law_name = rng.choice(["gaussian", "rademacher"])
        d, n = rng.choice([1, 2, 3]), rng.choice([1, 2])
        x = [Fraction(rng.choice([-2, -1, 1, 2])) for _ in range(n)]
        quantity = rng.choice(["norm2", "bilinear", "norm4"] if d * n <= 4 else ["norm2", "bilinear"])
        u = [Fraction(rng.choice([-1, 1, 2])) for _ in range(d)]
        a = Fraction(rng.choice([1, 2])) if law_name == "rademacher" else None
        law = Gaussian(S ** 2) if law_name == "gaussian" else rademacher(sympy.Rational(a.numerator, a.denominator))
        Wm = weight_matrix("w", d, n)
        xs, us = sympy.Matrix([sympy.Rational(str(v)) for v in x]), sympy.Matrix([sympy.Rational(str(v)) for v in u])
        Wx = Wm * xs
        expr = {"norm2": (Wx.T * Wx)[0], "bilinear": (us.T * Wx)[0] ** 2, "norm4": (Wx.T * Wx)[0] ** 2}[quantity]
        val = expect(expr, (list(Wm), law))
        x2 = sum(v * v for v in x)
        if law_name == "gaussian":   # second route: closed forms (||W x||^2 = s^2 ||x||^2 chi^2_d)
            closed = {"norm2": d * S ** 2 * x2, "bilinear": S ** 2 * sum(v * v for v in u) * x2,
                      "norm4": d * (d + 2) * S ** 4 * x2 ** 2}[quantity]
            internal_check(sympy.expand(val - closed) == 0, "moment: closed form")
        else:                         # second route: the exact average over all sign patterns
            f = sympy.lambdify(list(Wm), expr, modules=[{}, "sympy"])
            enum = enumerate_expectation(lambda ws: Fraction(str(f(*[sympy.Rational(str(w)) for w in ws]))),
                                         d * n, rademacher(a))
            internal_check(sympy.Rational(enum.numerator, enum.denominator) == val, "moment: enumeration")
        q_text = {"norm2": "E ||W x||^2", "bilinear": "E (u^T W x)^2", "norm4": "E ||W x||^4"}[quantity]
        law_text = ("independent Gaussian entries N(0, s^2) (answer in terms of s)" if law_name == "gaussian"
                    else f"independent Rademacher entries, +{a} or -{a} with probability 1/2 each")
        parts = [f"W is a {d} x {n} random matrix with {law_text}, and ",
                 M((sympy.Symbol("x"), _sym([[v] for v in x])), f"x = {fmt(x)}")]
        if quantity == "bilinear":
            parts += [", ", M((sympy.Symbol("u"), _sym([[v] for v in u])), f"u = {fmt(u)}")]
        parts += [f". Compute {q_text} exactly."]
        sol = val if law_name == "gaussian" else Fraction(str(val))
        expl = [f"{q_text} = ", M(val, fmt(sol)), " (expand and use E w = 0, E w^2 = s^2, E w^4 = 3 s^4 "
                "for Gaussian entries, or w^2 = a^2 for Rademacher ones)."]
        return Exercise("moment", seed, "", parts,
                        "an exact expression" + (" in s, e.g. 6*s**2" if law_name == "gaussian" else ", e.g. 12"),
                        sol, fmt(sol), expl,
                        {"law": law_name, "a": str(a) if a is not None else None, "shape": [d, n],
                         "x": [str(v) for v in x], "u": [str(v) for v in u] if quantity == "bilinear" else None,
                         "quantity": quantity},
                        names={"s": S} if law_name == "gaussian" else {}, kind="number")

    def grade(ex, text):
        got = scalar_of(parse(ex, text))
        if exact_equal(got, ex.solution):
            return Grade("correct", "correct")
        if exact_equal(got, -ex.solution):
            return Grade("incorrect", "wrong sign: a second or fourth moment is never negative")
        return Grade("incorrect", f"{fmt(got)} is not the expectation")

    return gen, grade


# -- as-written ---------------------------------------------------------------------------------------------
@register("as-written", "a seed statement that fails as written: find a counterexample (AW-000-P5)")
def _as_written():
    def gen(rng, seed):
        while True:
            rows = rng.choice([2, 3])
            B = [[Fraction(rng.randint(-2, 2)) for _ in range(2)] for _ in range(rows)]
            Bq = QMatrix(B)
            if Bq.rank() == 2:
                break
        # a reference counterexample: the sum of the two columns of B (inside R(B), spanned by neither)
        A = [[r[0] + r[1]] for r in B]
        inst = {"model": "matrices", "matrices": {"A": QMatrix(A).tostrings(), "B": Bq.tostrings()}}
        v = check_claim("AW-000-P5", inst)
        internal_check(v.status == "fails", "as-written: the reference counterexample")
        parts = ["Seed 000 (property 5) states: R(A) is contained in R(B) iff B B^- A = A iff there are an index "
                 "set I of size rank(A) and an invertible G with A = [B_I, 0] G (B_I: the columns of B in I). "
                 "Show that the statement is false as written: for ",
                 M((sympy.Symbol("B"), _sym(B)), f"B = {fmt(B)}"),
                 f", give a matrix A with {rows} rows for which it fails."]
        expl = ["For example A = ", M(_sym(A), fmt(A)), ": R(A) lies in R(B), but no single column of B spans "
                "R(A), so the third condition is false while the first holds."]
        return Exercise("as-written", seed, "", parts,
                        f"a matrix with {rows} rows as a list of rows, e.g. [[1], [0]]", A, fmt(A), expl,
                        {"claim": "AW-000-P5", "B": Bq.tostrings()}, extra={"B": Bq})

    def grade(ex, text):
        B = ex.extra["B"]
        rows = B.shape[0]
        A = as_matrix(parse(ex, text), (rows, 1), "A")
        if len(A) != rows:
            return Grade("incorrect", f"A must have {rows} rows, like B (got {len(A)})")
        if len(A[0]) > 3:
            return Grade("incorrect", "keep A small: at most 3 columns")
        if any(isinstance(x, sympy.Basic) for r in A for x in r):
            raise AnswerError("give rational entries")
        Aq = QMatrix(A)
        inst = {"model": "matrices", "matrices": {"A": Aq.tostrings(), "B": B.tostrings()}}
        v = check_claim("AW-000-P5", inst)     # the claim's own statement decides
        if v.status == "fails":
            return Grade("correct", f"correct: AW-000-P5 fails on this A ({v.reason})")
        if not B.colspace_contains(Aq):
            return Grade("incorrect", "R(A) is not contained in R(B): then conditions (1) and (3) are both false "
                                      "and the statement holds for this A")
        return Grade("incorrect", f"rank(A) columns of B span R(A) here, so condition (3) holds as well and the "
                                  f"statement is true for this A (verdict: {v.status})")

    return gen, grade
