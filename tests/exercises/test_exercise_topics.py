"""Every topic generates, solves and grades for 20 seeds; each solution equals one computed
here independently from the exercise's data (SymPy differentiation, brute-force path
enumeration, sign-pattern averages, closed forms, the definitions); each kind of wrong answer
gets its complaint; hostile answers are unparseable, never an exception."""

import itertools
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symlandscape.exercises import get_topic, render_latex, render_text, topics
from symlandscape.exercises.base import fmt

SEEDS = range(20)
NAMES = ["kron-vec", "dl-gradient", "dl-hessian-block", "critical", "classify", "global-min", "locus",
         "paths", "moment", "as-written"]


def R(x):
    return sympy.Rational(str(x))


def mat(rows):
    return sympy.Matrix([[R(x) for x in r] for r in rows])


def sym_loss(data):
    """Symbols for every weight and the loss 1/2 ||W_{H+1} ... W_1 X - Y||^2 from the data."""
    d = data["widths"]
    Ws = [sympy.Matrix(d[k + 1], d[k], lambda i, j, k=k: sympy.Symbol(f"w{k}_{i}_{j}")) for k in range(len(d) - 1)]
    out = mat(data["X"])
    for W in Ws:
        out = W * out
    E = out - mat(data["Y"])
    return Ws, sum((e ** 2 for e in E), sympy.Integer(0)) / 2


def at_point(Ws, data):
    return {Ws[k][i, j]: R(v) for k, w in enumerate(data["weights"]) for i, r in enumerate(w) for j, v in enumerate(r)}


def as_sym(sol):
    return mat(sol) if isinstance(sol, list) else sol


def test_at_least_ten_topics_with_titles():
    ts = topics()
    assert [t.name for t in ts][:10] == NAMES and all(t.title for t in ts)


@pytest.mark.parametrize("name", NAMES)
def test_generates_solves_grades_twenty_seeds(name):
    t = get_topic(name)
    for seed in SEEDS:
        ex = t.generate(seed)
        again = t.generate(seed)
        assert render_text(ex.parts) == render_text(again.parts) and ex.solution_text == again.solution_text
        assert t.grade(ex, ex.solution_text).correct, (seed, ex.solution_text)
        assert "\\begin{matrix}" in render_latex(ex.parts) or name in ("moment", "classify", "global-min", "paths")
        INDEPENDENT[name](ex)


def _kron(ex):
    A, B = mat(ex.data["A"]), mat(ex.data["B"])
    X = sympy.Matrix(A.cols, B.rows, lambda i, j: sympy.Symbol(f"x{i}{j}"))
    vec = lambda M: sympy.Matrix([M[i, j] for j in range(M.cols) for i in range(M.rows)])
    K = vec(A * X * B).jacobian(vec(X))
    assert K == mat(ex.solution)


def _gradient(ex):
    Ws, L = sym_loss(ex.data)
    k = ex.data["block"]
    G = Ws[k - 1].applyfunc(lambda w: sympy.diff(L, w)).subs(at_point(Ws, ex.data))
    assert G == mat(ex.solution)


def _hessian(ex):
    Ws, L = sym_loss(ex.data)
    k, j = ex.data["block"]
    vec = lambda M: [M[a, b] for b in range(M.cols) for a in range(M.rows)]
    H = sympy.Matrix([[sympy.diff(L, p, q) for q in vec(Ws[j - 1])] for p in vec(Ws[k - 1])])
    assert H.subs(at_point(Ws, ex.data)) == mat(ex.solution)


def _critical(ex):
    Ws, L = sym_loss(ex.data)
    pt = at_point(Ws, ex.data)
    grads = [W.applyfunc(lambda w: sympy.diff(L, w)).subs(pt) for W in Ws]
    crit = all(g.is_zero_matrix for g in grads)
    assert (ex.solution == "yes") == crit
    if not crit:
        _, k, G = ex.solution
        assert grads[k - 1] == mat(G) and not grads[k - 1].is_zero_matrix


def _global_min_formula(data):
    X, Y = mat(data["X"]), mat(data["Y"])
    P = X.pinv() * X
    S = Y * P * Y.T
    lam = sorted((v for v, m in S.eigenvals().items() for _ in range(m)), reverse=True)
    k = min(data["widths"])
    return ((Y - Y * P).norm() ** 2 + sum(lam[k:])) / 2


def _classify(ex):
    Ws, L = sym_loss(ex.data)
    pt = at_point(Ws, ex.data)
    theta = [w for W in Ws for w in W]
    assert all(sympy.diff(L, w).subs(pt) == 0 for w in theta)
    H = sympy.hessian(L, theta).subs(pt)
    ev = [v for v, m in H.eigenvals().items() for _ in range(m)]
    neg, pos = any(v < 0 for v in ev), any(v > 0 for v in ev)
    if ex.solution == "strict saddle":
        assert neg and pos
    elif ex.solution == "global minimum":
        assert sympy.expand(L.subs(pt) - _global_min_formula(ex.data)) == 0
    elif ex.solution == "higher-order saddle":
        assert not neg and any(v == 0 for v in ev)
        # the loss drops along the ray theta(t) = point + t d for one of the sign patterns of d
        t = sympy.Symbol("t")
        drops = False
        for signs in itertools.product([1, -1], repeat=len(theta)):
            f = sympy.expand(L.subs({w: pt[w] + s * t for w, s in zip(theta, signs)}) - L.subs(pt))
            low = sympy.Poly(f, t).terms()[-1] if f != 0 else None
            drops |= low is not None and low[1] < 0
        assert drops
    else:
        pytest.fail(f"unexpected class {ex.solution}")


def _global_min(ex):
    assert sympy.expand(_global_min_formula(ex.data) - R(ex.solution)) == 0


def _locus(ex):
    d = ex.data
    W = [[[Fraction(v) for v in r] for r in w] for w in d["weights"]]
    Y = [Fraction(v) for v in d["Y"][0]]
    mean = sum(Y) / len(Y)
    L = len(d["widths"]) - 1
    out_ok = all(v == 0 for v in W[-1][0][:-1]) and W[-1][0][-1] == mean
    want = [i for i in range(1, L) if out_ok and all(v == 0 for r in W[i - 1] for v in r[:-1])]
    assert ex.solution == want


def _paths(ex):
    d = ex.data
    widths = d["widths"]
    x = [Fraction(r[0]) for r in d["x"]]
    W = [[[Fraction(v) for v in r] for r in w] for w in d["weights"]]
    acts = [x]
    for k, w in enumerate(W):                           # forward pass, relu everywhere
        pre = [sum(a * b for a, b in zip(row, acts[-1])) for row in w]
        acts.append([max(p, Fraction(0)) for p in pre])
    total, active = Fraction(0), 0
    for path in itertools.product(*[range(n) for n in widths[:-1]]):
        units = list(path) + [0]
        if all(acts[k][units[k]] > 0 for k in range(1, len(widths))):
            active += 1
            prod_w = x[units[0]]
            for k in range(1, len(widths)):
                prod_w *= W[k - 1][units[k]][units[k - 1]]
            total += prod_w
    assert ex.solution == [len(list(itertools.product(*[range(n) for n in widths[:-1]]))), active, acts[-1][0]]
    assert total == acts[-1][0]


def _moment(ex):
    d = ex.data
    rows, cols = d["shape"]
    x = [Fraction(v) for v in d["x"]]
    u = [Fraction(v) for v in d["u"]] if d["u"] else None
    q = d["quantity"]

    def value(W):
        Wx = [sum(W[i][j] * x[j] for j in range(cols)) for i in range(rows)]
        n2 = sum(v * v for v in Wx)
        return {"norm2": n2, "norm4": n2 * n2, "bilinear": sum(a * b for a, b in zip(u or [], Wx)) ** 2}[q]
    if d["law"] == "rademacher":
        a = Fraction(d["a"])
        vals = [value([[s[i * cols + j] * a for j in range(cols)] for i in range(rows)])
                for s in itertools.product([1, -1], repeat=rows * cols)]
        assert sum(vals) / len(vals) == ex.solution
    else:
        s = sympy.Symbol("s", positive=True)
        x2 = R(sum(v * v for v in x))
        want = {"norm2": rows * s ** 2 * x2, "norm4": rows * (rows + 2) * s ** 4 * x2 ** 2,
                "bilinear": s ** 2 * x2 * R(sum(v * v for v in (u or [])))}[q]
        assert sympy.expand(want - ex.solution) == 0


def _as_written(ex):
    A, B = mat(ex.solution), mat(ex.data["B"])
    assert B.row_join(A).rank() == B.rank()                  # R(A) in R(B)
    r = A.rank()
    assert all(B[:, list(I)].row_join(A).rank() > r for I in itertools.combinations(range(B.cols), r))


INDEPENDENT = {"kron-vec": _kron, "dl-gradient": _gradient, "dl-hessian-block": _hessian, "critical": _critical,
               "classify": _classify, "global-min": _global_min, "locus": _locus, "paths": _paths,
               "moment": _moment, "as-written": _as_written}


# -- wrong answers and their complaints --------------------------------------------------------------
def _first(name, pred):
    t = get_topic(name)
    for seed in range(200):
        ex = t.generate(seed)
        if pred(ex):
            return t, ex
    pytest.fail(f"no seed of {name} fits")


def _nonzero(rows):
    return any(v != 0 for r in rows for v in r)


@pytest.mark.parametrize("name", ["kron-vec", "dl-gradient", "dl-hessian-block"])
def test_wrong_entry_sign_and_shape(name):
    t, ex = _first(name, lambda e: _nonzero(e.solution) and len(e.solution) != len(e.solution[0]))
    sol = ex.solution
    bad = [list(r) for r in sol]
    bad[-1][-1] += 1
    g = t.grade(ex, fmt(bad))
    assert g.status == "incorrect" and ("entry" in g.message and "is wrong" in g.message or "your answer is" in g.message)
    g = t.grade(ex, fmt([[-v for v in r] for r in sol]))
    assert g.status == "incorrect" and ("wrong sign" in g.message or "your answer is" in g.message), g.message
    g = t.grade(ex, fmt([list(r) for r in zip(*sol)]))
    assert g.status == "incorrect" and ("wrong shape" in g.message and "transpose" in g.message
                                        or "your answer is" in g.message), g.message


def test_wrong_entry_names_the_entry():
    t, ex = _first("dl-gradient", lambda e: len(e.solution) == 2 and len(e.solution[0]) == 2
                   and e.solution[1][0] != 0 and e.extra["alts"])
    bad = [list(r) for r in ex.solution]
    bad[1][0] = -bad[1][0]
    g = t.grade(ex, fmt(bad))
    assert g.message.endswith("entry (2, 1) is wrong (its sign is wrong)") or "your answer is" in g.message


def test_wrong_block_is_named():
    def other_differs(e):
        other = list(e.extra["alts"].values())[0]
        return other != e.solution and len(other) == len(e.solution) and len(other[0]) == len(e.solution[0])
    t, ex = _first("dl-gradient", other_differs)
    other = list(ex.extra["alts"].values())[0]
    g = t.grade(ex, fmt(other))
    assert g.status == "incorrect" and "the other block" in g.message
    t, ex = _first("dl-hessian-block", lambda e: e.extra["block"] == (1, 2) and len(e.solution) == len(e.solution[0]))
    H11 = ex.extra["alts"]["the block (1, 1), not (1, 2)"]
    if H11 != ex.solution and len(H11) == len(ex.solution):
        assert "block (1, 1)" in t.grade(ex, fmt(H11)).message


def test_hessian_missing_residual_term():
    t, ex = _first("dl-hessian-block", lambda e: e.extra["block"] in ((1, 2), (2, 1)) and
                   e.extra["alts"]["only the Gauss-Newton part J^T J: the term with the residual E is missing"] != e.solution)
    gn = ex.extra["alts"]["only the Gauss-Newton part J^T J: the term with the residual E is missing"]
    g = t.grade(ex, fmt(gn))
    assert g.status == "incorrect" and ("Gauss-Newton" in g.message or "block" in g.message)


def test_kron_wrong_order():
    t, ex = _first("kron-vec", lambda e: e.extra["alts"]["A kron B^T (the factors in the wrong order)"] != e.solution
                   and len(e.extra["alts"]["A kron B^T (the factors in the wrong order)"]) == len(e.solution))
    g = t.grade(ex, fmt(ex.extra["alts"]["A kron B^T (the factors in the wrong order)"]))
    assert "wrong order" in g.message or "B must be transposed" in g.message or "A kron B" in g.message


def test_critical_complaints():
    t, ex = _first("critical", lambda e: e.solution != "yes")
    assert "not critical" in t.grade(ex, "yes").message
    _, k, G = ex.solution
    zero_k = [i + 1 for i, g in enumerate(ex.extra["blocks"]) if not _nonzero(g)]
    if zero_k:
        assert "zero at this point" in t.grade(ex, f"no; {zero_k[0]}; {fmt(ex.extra['blocks'][zero_k[0] - 1])}").message
    assert t.grade(ex, f"no; {k}; {fmt([[-v for v in r] for r in G])}").status == "incorrect"
    t, ex = _first("critical", lambda e: e.solution == "yes")
    assert "is critical" in t.grade(ex, "no; 1; [[1]]").message
    assert t.grade(ex, "maybe").status == "unparseable"


def test_wrong_class():
    t, ex = _first("classify", lambda e: e.solution == "strict saddle")
    g = t.grade(ex, "local minimum")
    assert g.status == "incorrect" and "inertia" in g.message and "negative" in g.message
    assert "which kind of saddle" in t.grade(ex, "saddle").message
    assert t.grade(ex, "Strict  Saddle").correct
    assert t.grade(ex, "a banana").status == "unparseable"


def test_global_min_and_moment_complaints():
    t, ex = _first("global-min", lambda e: e.solution != 0)
    assert "factor 1/2" in t.grade(ex, fmt(2 * ex.solution)).message
    assert "rank 1" in t.grade(ex, "0").message
    t, ex = _first("moment", lambda e: e.data["law"] == "gaussian")
    assert "sign" in t.grade(ex, fmt(-ex.solution)).message
    assert t.grade(ex, "t**2").status == "unparseable"


def test_locus_paths_as_written_complaints():
    t, ex = _first("locus", lambda e: len(e.solution) >= 1)
    i = ex.solution[0]
    assert f"on S_{i}" in t.grade(ex, "none").message
    t, ex = _first("locus", lambda e: not e.solution)
    assert "not on S_1" in t.grade(ex, "[1]").message and t.grade(ex, "none").correct
    t, ex = _first("paths", lambda e: True)
    psi, act, y = ex.solution
    g = t.grade(ex, fmt([psi + 1, act, y]))
    assert "number of paths" in g.message and "active" not in g.message
    assert "output" in t.grade(ex, fmt([psi, act, y + 1])).message
    t, ex = _first("as-written", lambda e: True)
    B = ex.extra["B"].tolist()
    col = fmt([[r[0]] for r in B])
    assert "condition (3) holds" in t.grade(ex, col).message            # a column of B itself
    rows = len(B)
    outside = [[Fraction(int(i == j)) for j in range(1)] for i in range(rows)]
    g = t.grade(ex, fmt(outside))
    assert g.correct or "not contained" in g.message or "condition (3)" in g.message


HOSTILE = ["9**9**9", "(" * 30 + "1" + ")" * 30, "__import__('os').system('true')", "().__class__.__bases__[0]",
           "lambda: 1", "[x for x in range(10**9)]", "'a' * 10**9", "1" * 5000, "s.__class__"]


@pytest.mark.parametrize("name", NAMES)
def test_hostile_answers_are_unparseable_not_errors(name):
    t = get_topic(name)
    ex = t.generate(0)
    for h in HOSTILE:
        g = t.grade(ex, h)
        assert g.status in ("unparseable", "incorrect") and "\n" not in g.message, (h, g)
        if name not in ("classify",):
            assert g.status == "unparseable", (name, h, g)


_EXERCISES = {}


@settings(max_examples=120)
@given(st.sampled_from(NAMES), st.text(alphabet="0123456789+-*/()[],; .noyesxs_", max_size=60) | st.text(max_size=40))
def test_grading_random_text_returns_a_grade(name, text):
    t = get_topic(name)
    ex = _EXERCISES.setdefault(name, t.generate(0))
    g = t.grade(ex, text)
    assert g.status in ("correct", "incorrect", "unparseable") and "\n" not in g.message
