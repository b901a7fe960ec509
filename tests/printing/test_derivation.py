"""Derivations: the values a derivation prints are checked against an independent SymPy
computation (the loss written out from its definition and differentiated by SymPy), the
printed closed forms evaluate to those values, and the document contains SymPy's LaTeX of
every value step."""

import os

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import symlandscape as sl
from symlandscape.cli import main
from symlandscape.instances import load_instance, parse_instance
from symlandscape.printing.derivation import (
    MAX_SHOWN,
    Step,
    claim_derivation,
    derivation,
    derivation_document,
)

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "examples")


def _naive(inst):
    """Loss, theta (column-major per layer) and point substitution, from the definition."""
    d = list(inst.widths)
    X = sympy.Matrix(inst.env["X"].tolist())
    Y = sympy.Matrix(inst.env["Y"].tolist())
    Ws, theta = [], []
    for k in range(1, len(d)):
        Wk = sympy.Matrix(d[k], d[k - 1], lambda i, j: sympy.Symbol(f"w{k}_{i}_{j}"))
        Ws.append(Wk)
        theta += [Wk[i, j] for j in range(d[k - 1]) for i in range(d[k])]
    F = X
    for Wk in Ws:
        A = Wk + sympy.eye(Wk.rows) if inst.model == "residual_linear" else Wk
        F = A * F
    loss = sum((e ** 2 for e in F - Y), sympy.Integer(0)) / 2
    point = {}
    if inst.weights is not None:
        for Wk, val in zip(Ws, inst.weights):
            for i in range(Wk.rows):
                for j in range(Wk.cols):
                    point[Wk[i, j]] = sympy.Rational(str(val.tolist()[i][j]))
    return loss, theta, point


def _step(steps, title):
    return next(s for s in steps if s.title == title)


def _check_linear(inst, steps):
    loss, theta, point = _naive(inst)
    H = sympy.hessian(loss, theta).subs(point)
    g = sympy.Matrix([sympy.diff(loss, t) for t in theta]).subs(point)
    assert _step(steps, "Loss at the point").obj == loss.subs(point)
    assert _step(steps, "Gradient").obj == g
    assert _step(steps, "Hessian at the point").obj == H
    # every block's closed form (a SymPy matrix expression), evaluated at the point's
    # factors, is the block of the independent Hessian
    d = list(inst.widths)
    o = [0]
    for k in range(1, len(d)):
        o.append(o[-1] + d[k] * d[k - 1])
    n_blocks = 0
    for s in steps:
        if s.title.startswith("Block (") and not s.title.endswith("at the point"):
            k, j = (int(x) for x in s.title[7:-1].split(", "))
            expr, vals = s.obj
            explicit = sympy.Matrix(expr.subs(vals).doit().as_explicit())
            assert explicit == H[o[k - 1]:o[k], o[j - 1]:o[j]], s.title
            n_blocks += 1
    assert n_blocks == (len(d) - 1) * len(d) // 2


def _instance(model, widths, X, Y, W):
    return parse_instance({"model": model, "widths": widths, "X": X, "Y": Y, "weights": W})


small = st.integers(-2, 2)


@st.composite
def linear_instances(draw):
    model = draw(st.sampled_from(["deep_linear", "residual_linear"]))
    depth = draw(st.integers(1, 3))
    if model == "residual_linear":
        widths = [draw(st.integers(1, 2))] * (depth + 1)
    else:
        widths = [draw(st.integers(1, 2)) for _ in range(depth + 1)]
    m = draw(st.integers(1, 2))
    num = st.one_of(small, st.sampled_from(["1/2", "-1/3"]))

    def mat(r, c):
        return [[draw(num) for _ in range(c)] for _ in range(r)]
    W = [mat(widths[k + 1], widths[k]) for k in range(depth)]
    return _instance(model, widths, mat(widths[0], m), mat(widths[-1], m), W)


@settings(max_examples=12)
@given(linear_instances())
def test_hessian_gradient_and_blocks_match_sympy(inst):
    steps = derivation(inst, claims=False)
    _check_linear(inst, steps)


@pytest.mark.parametrize("name", ["bh_def3_origin", "deep_linear_kaw4_rank_counterexample",
                                  "residual_singular_saddle", "deep_linear_global_min"])
def test_examples_match_sympy_and_the_document_prints_them(name):
    inst = load_instance(os.path.join(EXAMPLES, f"{name}.json"))
    steps = derivation(inst, claims=False)
    _check_linear(inst, steps)
    doc = derivation_document(steps, name)
    for s in steps:
        if s.latex:
            assert s.latex in doc
        if isinstance(s.obj, sympy.Matrix) and max(s.obj.shape) <= MAX_SHOWN:
            shown = s.obj.T if s.title == "Gradient" else s.obj    # printed as a row
            assert sympy.latex(shown) in doc, s.title


def test_seed_eq2_form_equals_the_gradient():
    """Seed 000, eq (2): ((W_{H+1}...W_{k+1}) kron (W_{k-1}...W_1 X)^T)^T vec(r) is
    vec(dL/dW_k^T) = K_{d_k,d_{k-1}} vec(dL/dW_k): checked with the printed values."""
    inst = load_instance(os.path.join(EXAMPLES, "deep_linear_not_critical.json"))
    steps = derivation(inst, claims=False)
    loss, theta, point = _naive(inst)
    W = [sympy.Matrix(w.tolist()) for w in inst.weights]
    X = sympy.Matrix(inst.env["X"].tolist())
    r = _step(steps, "Residual at the point").obj.T
    vec = lambda A: A.T.reshape(A.rows * A.cols, 1)     # column-major
    for k in range(1, len(W) + 1):
        right = X
        for Wi in W[:k - 1]:
            right = Wi * right
        left = sympy.eye(W[-1].rows)
        for Wi in reversed(W[k:]):
            left = left * Wi
        seed = sympy.kronecker_product(left, right.T).T * vec(r)
        G = _step(steps, f"Gradient block {k}").obj
        assert seed == vec(G.T)
        # and that block is the independent derivative
        Wk = [t for t in theta if str(t).startswith(f"w{k}_")]
        naive = sympy.Matrix(G.rows, G.cols, lambda i, j: sympy.diff(loss, sympy.Symbol(f"w{k}_{i}_{j}")))
        assert naive.subs(point) == G and len(Wk) == G.rows * G.cols


def test_depth_three_origin_is_a_higher_order_saddle_along_t():
    """Hand-worked: L(t, t, t) = (t^3 - 1)^2 / 2 at the origin of the scalar depth-3 net."""
    inst = load_instance(os.path.join(EXAMPLES, "bh_def3_origin.json"))
    steps = derivation(inst, claims=False)
    t = sympy.Symbol("t")
    assert sympy.expand(_step(steps, "Loss along the curve").obj - (t ** 3 - 1) ** 2 / 2) == 0
    assert _step(steps, "Lowest-order term").obj == -t ** 3
    assert _step(steps, "Verdict").obj == "higher-order saddle"
    assert _step(steps, "Inertia").obj == sympy.Tuple(0, 0, 3)


def test_global_minimum_reason_and_infimum():
    inst = _instance("deep_linear", [2, 1, 2], [[1, 0], [0, 1]], [[3, 0], [0, 1]], [[[1, 0]], [[3], [0]]])
    steps = derivation(inst, claims=False)
    assert _step(steps, "Verdict").obj == "global minimum"
    # by hand: Sigma = diag(9, 1), k = 1, inf = (9 + 1)/2 - 9/2 = 1/2 = L(W)
    assert _step(steps, "Sigma").obj == sympy.diag(9, 1)
    assert _step(steps, "Infimum").obj == sympy.Rational(1, 2) == _step(steps, "Loss at the point").obj


def test_large_matrices_are_elided_with_every_entry_in_the_appendix():
    W1 = [[1, 0, 2], [0, 1, 0], [1, 1, 1]]
    inst = _instance("deep_linear", [3, 3, 3], [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
                     [[1, 2, 0], [0, 1, 0], [1, 0, 1]], [W1, W1])
    steps = derivation(inst, claims=False)
    s = _step(steps, "Hessian at the point")
    assert s.obj.shape == (18, 18) and r"\cdots" in s.latex and r"\vdots" in s.latex
    doc = derivation_document(steps)
    app = doc[doc.index(r"\section{Full values}"):]
    # the appendix blocks tile the matrix: each block's SymPy LaTeX is there
    H = s.obj
    for r0 in range(0, 18, 24):
        for c0 in range(0, 18, MAX_SHOWN):
            assert sympy.latex(H[r0:r0 + 24, c0:c0 + MAX_SHOWN]) in app
    assert _check_linear(inst, steps) is None


def test_feedforward_values_match_sympy_differentiation():
    inst = load_instance(os.path.join(EXAMPLES, "feedforward_star_saddle.json"))
    from symlandscape.models.registry import get_model, make_network
    net = make_network(inst.model, inst.widths, inst.env["X"], inst.env["Y"],
                       **{k: inst.env[k].flint[0, 0] for k in get_model(inst.model).scalars})
    sym = net.symbolic()
    Y = sympy.Matrix(inst.env["Y"].tolist())
    loss = sum((e ** 2 for e in sym["output"] - Y), sympy.Integer(0)) / 2
    theta = [Wk[i, j] for Wk in sym["weights"] for j in range(Wk.cols) for i in range(Wk.rows)]
    point = {Wk[i, j]: sympy.Rational(str(v.tolist()[i][j])) for Wk, v in zip(sym["weights"], inst.weights)
             for i in range(Wk.rows) for j in range(Wk.cols)}
    steps = derivation(inst, claims=False)
    assert _step(steps, "Loss at the point").obj == loss.subs(point)
    assert _step(steps, "Gradient").obj == sympy.Matrix([sympy.diff(loss, t) for t in theta]).subs(point)
    assert _step(steps, "Hessian at the point").obj == sympy.hessian(loss, theta).subs(point)
    assert any(s.title == "Not derived here" for s in steps)


def test_claims_section_lists_the_verdicts_of_check():
    inst = load_instance(os.path.join(EXAMPLES, "residual_singular_saddle.json"))
    steps = derivation(inst)
    verdicts = _step(steps, "Claims that apply").obj
    got = {v.claim: v.status for v in verdicts}
    # every listed verdict is what `check` says, and the two claims this point was built for
    # are among them (other residual-net claims, e.g. HM-1, may apply too)
    assert got == {c: sl.check_claim(c, inst).status for c in got}
    assert {c: got[c] for c in ("YSJ-2.3", "YSJ-2.3-NOBOUND")} == {"YSJ-2.3": "hypotheses not met",
                                                                  "YSJ-2.3-NOBOUND": "fails"}


def test_claim_derivation_prints_every_fact_and_the_verdict():
    inst = load_instance(os.path.join(EXAMPLES, "kron_ginv_counterexample.json"))
    v = sl.check_claim("KRON-3", inst)
    steps = claim_derivation("KRON-3", inst)
    facts = [s for s in steps if s.section == "Hypotheses, conclusions and values" and s.title != "Verdict"]
    assert [s.obj for s in facts] == v.facts
    assert _step(steps, "Verdict").obj.status == v.status == "fails"
    doc = derivation_document(steps)
    assert all(s.latex in doc for s in facts)
    with pytest.raises(sl.InputError, match="does not apply"):
        claim_derivation("KRON-3", load_instance(os.path.join(EXAMPLES, "bh_def3_origin.json")))


def test_step_repr_latex():
    s = Step("x", "", "x = 1", sympy.Integer(1))
    assert s._repr_latex_() == r"$$\displaystyle x = 1$$"
    assert Step("prose only")._repr_latex_() is None


def test_text_is_escaped():
    inst = parse_instance({"model": "matrices", "name": "a_b & {c} 100% $x$ #1 ~ ^ \\",
                           "matrices": {"A": [[1]]}})
    doc = derivation_document(derivation(inst, claims=False), inst.name)
    assert r"a\_b \& \{c\} 100\% \$x\$ \#1 \~{} \^{} \textbackslash{}" in doc


@pytest.mark.parametrize("argv, message", [
    (["latex", "missing.json"], "no such file"),
    (["latex", "--claim", "KRON-9", "@bh_def3_origin"], "unknown claim"),
    (["latex", "--claim", "KRON-1", "@bh_def3_origin"], "does not apply"),
    (["latex", "@bh_def3_origin", "--pdf"], "--pdf needs -o"),
    (["latex", "@bh_def3_origin", "-o", "out.pdf"], "must end in .tex"),
])
def test_cli_bad_input_is_one_line_exit_2(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    argv = [os.path.join(EXAMPLES, a[1:] + ".json") if a.startswith("@") else a for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_cli_pdf_without_pdflatex_is_one_line_and_writes_nothing(capsys, tmp_path, monkeypatch):
    import shutil
    monkeypatch.setattr(shutil, "which", lambda name: None)
    out = tmp_path / "d.tex"
    assert main(["latex", os.path.join(EXAMPLES, "bh_def3_origin.json"), "-o", str(out), "--pdf"]) == 2
    err = capsys.readouterr().err
    assert "needs pdflatex" in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_cli_writes_the_tex(tmp_path, capsys):
    out = tmp_path / "d.tex"
    assert main(["latex", os.path.join(EXAMPLES, "relu_path7.json"), "-o", str(out)]) == 0
    tex = out.read_text()
    assert tex.startswith(r"\documentclass") and "PATH-7" in tex
    assert main(["latex", "--claim", "PATH-7", os.path.join(EXAMPLES, "relu_path7.json")]) == 0
    assert capsys.readouterr().out.count(r"\end{document}") == 1


def test_size_limits(monkeypatch):
    import symlandscape.printing.derivation as deriv
    W1 = [[1, 0, 2], [0, 1, 0], [1, 1, 1]]
    inst = _instance("deep_linear", [3, 3, 3], [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
                     [[1, 2, 0], [0, 1, 0], [1, 0, 1]], [W1, W1])
    monkeypatch.setattr(deriv, "MAX_APPENDIX_ENTRIES", 100)      # the 18 x 18 Hessian has 324
    steps = derivation(inst, claims=False)
    s = _step(steps, "Hessian at the point")
    assert s.appendix == "" and "more than the 100" in s.prose
    monkeypatch.setattr(deriv, "MAX_DERIVATION_PARAMS", 17)
    with pytest.raises(sl.InputError, match="limited to 17 parameters; this network has 18"):
        derivation(inst)
