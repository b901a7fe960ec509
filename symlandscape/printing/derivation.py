r"""Derivations as LaTeX: the steps from a network's loss to the kind of its point.

:func:`derivation` returns the derivation of an instance as a list of :class:`Step` (each
with its LaTeX and the SymPy object it prints, for notebooks); :func:`claim_derivation`
does the same for one catalogue claim on an instance (its hypotheses, conclusions and the
exact values that decide them); :func:`derivation_document` turns steps into a complete
``article`` that pdflatex compiles.

The mathematics is computed in its own layers (models, landscape, provers) and only
printed here. Every value and formula is typeset by SymPy's LaTeX printer: values as
``sympy.Matrix`` / ``sympy.Rational``, formulas as SymPy matrix expressions or fact
expressions through :class:`~symlandscape.printing.latex.FactLatexPrinter`; the prose
around them uses fixed notation only. Matrices with more than :data:`MAX_SHOWN` rows or
columns are shown elided (``\cdots``, ``\vdots``) and given in full in the appendix, in
blocks of at most :data:`MAX_SHOWN` columns and :data:`APPENDIX_ROWS` rows.

Examples
--------
>>> from symlandscape.instances import parse_instance
>>> inst = parse_instance({"model": "deep_linear", "widths": [1, 1, 1], "X": [[1]],
...                        "Y": [[1]], "weights": [[[0]], [[0]]]})
>>> steps = derivation(inst)
>>> [s.title for s in steps if s.section == "Classification"][-1]
'Verdict'
>>> next(s for s in steps if s.title == "Hessian at the point").obj
Matrix([
[ 0, -1],
[-1,  0]])
>>> doc = derivation_document(steps, "example")
>>> doc.startswith(r"\documentclass") and doc.rstrip().endswith(r"\end{document}")
True
"""

__all__ = ["Step", "derivation", "claim_derivation", "derivation_document", "MAX_SHOWN", "APPENDIX_ROWS",
           "MAX_APPENDIX_ENTRIES", "MAX_DERIVATION_PARAMS"]

import re
from dataclasses import dataclass, field
from fractions import Fraction

import sympy
from sympy import KroneckerProduct, MatrixSymbol

from ..exact.numbers import InputError
from ..models.sigmoid import NotExact
from .latex import FactLatexPrinter, latex_fact

#: Matrices with more rows or columns than this are elided in the text (full in the appendix).
MAX_SHOWN = 8
#: Rows per block of a matrix in the appendix (a display does not break across pages).
APPENDIX_ROWS = 24
#: Matrices with more entries than this are elided without an appendix (it would run to
#: hundreds of pages); the document says so.
MAX_APPENDIX_ENTRIES = 4096
#: Derivations of networks with more parameters are refused (the dense Hessian as SymPy
#: numbers and its printout grow as n^2).
MAX_DERIVATION_PARAMS = 400
#: The expanded symbolic loss is shown up to this many parameters and terms.
MAX_SYMBOLIC_PARAMS = 8
MAX_SYMBOLIC_TERMS = 40
#: Rough width of a display line in visible symbols (LaTeX commands count as one).
LINE_CHARS = 72

_LINEAR = ("deep_linear", "residual_linear")


@dataclass
class Step:
    """One step of a derivation.

    Attributes
    ----------
    title : str
        A short heading (plain text).
    prose : str
        LaTeX text explaining the step (fixed notation; no computed values).
    latex : str
        The body of a display (no delimiters); empty for a prose-only step.
    obj : object
        What ``latex`` prints: a SymPy object (``Matrix``, ``Rational``, an expression or a
        matrix expression), a fact expression (a JSON list), or a tuple/dict of them.
    section : str
        The section of the document the step belongs to.
    appendix : str
        LaTeX of the full values when ``latex`` elides a large matrix, else empty.
    """

    title: str
    prose: str = ""
    latex: str = ""
    obj: object = None
    section: str = ""
    appendix: str = field(default="", repr=False)

    def _repr_latex_(self):
        return f"$$\\displaystyle {self.latex}$$" if self.latex else None


# -- text and matrices ---------------------------------------------------------------------
_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "%": r"\%",
            "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}", "<": r"\textless{}", ">": r"\textgreater{}",
            "|": r"\textbar{}"}


def _text(s) -> str:
    """Plain text (claim statements, instance names) escaped for LaTeX text mode.

    >>> print(_text("W_{H+1} ... 50% & more"))
    W\\_\\{H+1\\} ... 50\\% \\& more
    """
    out = []
    for ch in str(s):
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 32 or ord(ch) > 126:
            out.append(" " if ch.isspace() else "?")
        else:
            out.append(ch)
    return "".join(out)


def _sentence(s) -> str:
    """Escaped text with a capital first letter and a final full stop."""
    s = str(s).strip()
    s = s[:1].upper() + s[1:]
    return _text(s if s.endswith(".") else s + ".")


def _q(x) -> sympy.Rational:
    """An exact number (fmpq, Fraction, int or its string) as a SymPy Rational."""
    return sympy.Rational(str(Fraction(str(x))))


def _sm(Q) -> sympy.Matrix:
    """A QMatrix (or nested list of exact numbers) as a SymPy Matrix."""
    rows = Q.tolist() if hasattr(Q, "tolist") else Q
    return sympy.Matrix([[_q(x) for x in r] for r in rows])


_ELL = {"h": sympy.Symbol(r"\cdots"), "v": sympy.Symbol(r"\vdots"), "d": sympy.Symbol(r"\ddots")}


def _keep(n: int) -> list:
    """Indices shown of n (None marks the elision): the first MAX_SHOWN - 2 and the last."""
    if n <= MAX_SHOWN:
        return list(range(n))
    return list(range(MAX_SHOWN - 2)) + [None, n - 1]


def _elided(M: sympy.Matrix) -> sympy.Matrix:
    """The corner view of a large matrix, elided rows/columns as ``\\vdots``/``\\cdots``."""
    rows, cols = _keep(M.rows), _keep(M.cols)

    def entry(i, j):
        if i is None and j is None:
            return _ELL["d"]
        if i is None:
            return _ELL["v"]
        if j is None:
            return _ELL["h"]
        return M[i, j]
    return sympy.Matrix([[entry(i, j) for j in cols] for i in rows])


def _is_large(M) -> bool:
    return M.rows > MAX_SHOWN or M.cols > MAX_SHOWN


def _mat(M: sympy.Matrix) -> str:
    """LaTeX of a matrix, elided when it is large."""
    if M.rows == 0 or M.cols == 0:
        return sympy.latex(sympy.ZeroMatrix(M.rows, M.cols))
    return sympy.latex(_elided(M) if _is_large(M) else M)


def _appendix(name_tex: str, M: sympy.Matrix) -> str:
    """The full values of a large matrix in blocks that fit a page."""
    out = [rf"\subsection*{{${name_tex}$ (a ${M.rows} \times {M.cols}$ matrix)}}"]
    for r0 in range(0, M.rows, APPENDIX_ROWS):
        r1 = min(r0 + APPENDIX_ROWS, M.rows)
        for c0 in range(0, M.cols, MAX_SHOWN):
            c1 = min(c0 + MAX_SHOWN, M.cols)
            out.append(rf"Rows {r0 + 1}--{r1}, columns {c0 + 1}--{c1}:")
            out.append(r"\[" + sympy.latex(M[r0:r1, c0:c1]) + r"\]")
    return "\n".join(out)


def _matrix_step(section, title, name_tex, M, prose="") -> Step:
    """A step ``name = value`` for a matrix; large matrices get an appendix block."""
    body = f"{name_tex} = {_mat(M)}"
    app = ""
    if _is_large(M) and M.rows * M.cols > MAX_APPENDIX_ENTRIES:
        prose = (prose + " " if prose else "") + (
            rf"A ${M.rows} \times {M.cols}$ matrix: the corner is shown; its {M.rows * M.cols} entries are "
            rf"more than the {MAX_APPENDIX_ENTRIES} the appendix takes.")
    elif _is_large(M):
        prose = (prose + " " if prose else "") + (
            rf"A ${M.rows} \times {M.cols}$ matrix: the corner is shown, the full values are in the appendix.")
        app = _appendix(name_tex, M)
    return Step(title, prose, body, M, section, app)


def _break_sum(lhs: str, expr) -> str:
    """``lhs = expr`` for a long sum (or a number times a sum), broken into lines of about
    LINE_CHARS symbols, the terms in the order SymPy prints them.

    >>> x = sympy.Symbol("x")
    >>> _break_sum("f", x + 1)
    'f = x + 1'
    >>> "\\\\" in _break_sum("f", sympy.Rational(1, 2) * sum(x ** k / (k + 1) for k in range(30)))
    True
    """
    coeff, rest = expr.as_coeff_Mul() if isinstance(expr, sympy.Mul) else (sympy.Integer(1), expr)
    if not isinstance(rest, sympy.Add):
        coeff, rest = sympy.Integer(1), expr
    terms = rest.as_ordered_terms() if isinstance(rest, sympy.Add) else [rest]
    pieces = [sympy.latex(t) for t in terms]
    if len(pieces) == 1 or sum(map(_vis, pieces)) + _vis(lhs) < LINE_CHARS:
        return f"{lhs} = {sympy.latex(expr)}"
    lines, cur = [], ""
    for p in pieces:
        p = p if p.startswith("-") or not cur and not lines else "+ " + p
        if cur and _vis(cur) + _vis(p) > LINE_CHARS:
            lines.append(cur)
            cur = ""
        cur = f"{cur} {p}".strip()
    lines.append(cur)
    if coeff != 1:
        lines = _wrap(sympy.latex(coeff) + r" \Big( ", lines, r" \Big)")
    body = (r" \\ & \quad ").join(lines)
    return rf"\begin{{aligned}} {lhs} = {{}} & {body} \end{{aligned}}"


def _vis(s: str) -> int:
    """A rough count of the symbols a LaTeX math string shows (for line breaking).

    >>> _vis(r"\\left\\|\\operatorname{rows}\\left(\\mathrm{As}\\right)\\right\\|_F^{2}")
    12
    """
    s = re.sub(r"\\(left|right|Big|big|operatorname|mathrm|mathcal|text|frac|quad|,|;)(?![a-zA-Z])", "", s)
    s = re.sub(r"\\[a-zA-Z]+|\\.", "x", s)
    return len(re.sub(r"[{}^_&\s]", "", s))


def _wrap(open_: str, lines: list, close: str) -> list:
    lines = list(lines)
    lines[0] = open_ + lines[0]
    lines[-1] = lines[-1] + close
    return lines


def _fact_lines(expr, width: int = LINE_CHARS) -> list:
    """A fact expression as display lines of about ``width`` characters: long expressions
    are broken at their operators, parentheses of broken groups become ``\\Big(``/``\\Big)``
    (``\\left``/``\\right`` cannot span lines).

    >>> _fact_lines(["add", "A", "B"])
    ['A + B']
    >>> len(_fact_lines(["eq", ["add", *["W%d" % k for k in range(1, 40)]], "Y"])) > 2
    True
    """
    p = FactLatexPrinter()
    s = p.doprint(expr)
    if _vis(s) <= width or not (isinstance(expr, list) and expr and isinstance(expr[0], str)):
        return [s]
    op, *args = expr
    w = max(width - 6, 24)

    def group(a, also=()):
        sub = _fact_lines(a, w)
        if len(sub) > 1 and isinstance(a, list) and a and a[0] in ("add", "sub", "kron", "and", "or", "scale", *also):
            return _wrap(r"\Big( ", sub, r" \Big)")
        return sub if len(sub) > 1 else [p._paren(a, also)]

    def chain(parts, conn, also=()):
        out = []
        for i, a in enumerate(parts):
            sub = group(a, also)
            out.extend([(conn + " " if i and k == 0 else "") + x for k, x in enumerate(sub)])
        return out

    rel = {"eq": "=", "ne": r"\neq", "lt": "<", "le": r"\leq"}
    if op in ("and", "or") and args:
        return chain(args, r"\wedge" if op == "and" else r"\vee")
    if op == "not" and len(args) == 1:
        return _wrap(r"\neg \Big[ ", _fact_lines(args[0], w), r" \Big]")
    if op == "eq" and len(args) == 2 and any(isinstance(a, list) and a and a[0] in p._BOOLEAN for a in args):
        return _wrap(r"\Big( ", _fact_lines(args[0], w), r" \Big)") + \
            _wrap(r"\iff \Big( ", _fact_lines(args[1], w), r" \Big)")
    if op in rel and len(args) == 2:
        right = _fact_lines(args[1], w)
        return _fact_lines(args[0], width) + [f"{rel[op]} {right[0]}"] + right[1:]
    if op == "add" and args:
        return chain(args, "+")
    if op == "sub" and len(args) == 2:
        return _fact_lines(args[0], width) + _wrap("- ", group(args[1], ("add", "sub")), "")
    if op == "mul" and args:
        return chain(args, r"\cdot", ("add", "sub"))
    if op == "scale" and len(args) == 2 and isinstance(args[0], list):
        return chain(args, r"\cdot", ("add", "sub"))
    if op == "scale" and len(args) == 2:
        q = p._fact(args[0]) if isinstance(args[0], list) else p._print_op_q(args[0])
        return _wrap(q + " ", group(args[1], ("mul",)) if isinstance(args[1], list) else [p._fact(args[1])], "")
    if not hasattr(p, f"_print_op_{op}") and args:
        # an operation printed generically, op(a, b, ...): one argument per line
        parts = [_fact_lines(a, w) for a in args]
        out = []
        for i, sub in enumerate(parts):
            out.extend(_wrap("", sub, "," if i < len(parts) - 1 else ""))
        return _wrap(rf"\operatorname{{{_op_name(op)}}}\Big( ", out, r" \Big)")
    return [s]


def _op_name(op: str) -> str:
    return op.replace("_", r"\_")


def _pack(lines: list, width: int = LINE_CHARS) -> list:
    """Join consecutive short lines (any split point is valid LaTeX inside one row)."""
    out = []
    for x in lines:
        if out and _vis(out[-1]) + _vis(x) + 1 <= width:
            out[-1] = f"{out[-1]} {x}"
        else:
            out.append(x)
    return out


def _display_fact(expr) -> str:
    lines = _pack(_fact_lines(expr))
    if len(lines) == 1:
        return lines[0]
    return r"\begin{aligned} & " + r" \\ & \quad ".join(lines) + r" \end{aligned}"


def _value_latex(v) -> str:
    """LaTeX of a recorded fact value (bool, number, vector or matrix), through SymPy."""
    p = FactLatexPrinter()
    if isinstance(v, bool):
        return p._fact(v)
    if isinstance(v, list) and v and isinstance(v[0], list):
        return _mat(_sm(v))
    if isinstance(v, list):
        return sympy.latex(sympy.Tuple(*[_q(x) for x in v]))
    return sympy.latex(_q(v))


# -- the instance and its network -----------------------------------------------------------
def _network(inst):
    from ..models.registry import get_model, make_network
    scal = {k: inst.env[k].flint[0, 0] for k in get_model(inst.model).scalars if k in inst.env}
    return make_network(inst.model, inst.widths, inst.env["X"], inst.env["Y"], **scal)


def _data_steps(inst) -> list:
    S = "Network and data"
    steps = []
    if inst.model == "matrices":
        steps.append(Step("Matrices", "The instance names these exact rational matrices.", section=S))
        for k, Q in inst.env.items():
            steps.append(_matrix_step(S, f"Matrix {k}", sympy.latex(sympy.Symbol(k)), _sm(Q)))
        return steps
    d = list(inst.widths)
    m = inst.env["X"].shape[1]
    steps.append(Step("Widths", rf"Model \texttt{{{_text(inst.model)}}}, widths $(d_0, \dots, d_{{{len(d) - 1}}})$ "
                      rf"as below, ${sympy.latex(sympy.Integer(m))}$ columns of data.",
                      sympy.latex(sympy.Tuple(*d)), sympy.Tuple(*d), S))
    steps.append(_matrix_step(S, "Inputs", "X", _sm(inst.env["X"])))
    steps.append(_matrix_step(S, "Targets", "Y", _sm(inst.env["Y"])))
    from ..models.registry import get_model
    for key in get_model(inst.model).scalars:
        if key in inst.env:
            v = _q(inst.env[key].flint[0, 0])
            steps.append(Step(f"Parameter {key}", "", f"{sympy.latex(sympy.Symbol(key))} = {sympy.latex(v)}",
                              v, S))
    if inst.weights is not None:
        for k, Wk in enumerate(inst.weights):
            steps.append(_matrix_step(S, f"Weight W_{k + 1}", f"W_{{{k + 1}}}", _sm(Wk),
                                      "The point." if k == 0 else ""))
    else:
        steps.append(Step("No point", "The instance has no weights: the derivation below stays symbolic "
                          "and no values at a point are derived.", section=S))
    return steps


# -- linear chains --------------------------------------------------------------------------
def _layer_fact(model, k, d):
    w = f"W{k}"
    return ["add", ["eye", d], w] if model == "residual_linear" else w


def _linear_steps(inst) -> list:
    net = _network(inst)
    d, L, m, model = list(inst.widths), len(inst.widths) - 1, inst.env["X"].shape[1], inst.model
    W = inst.weights
    steps = []
    S = "Loss"
    layers = [_layer_fact(model, k, d[k]) for k in range(L, 0, -1)]
    loss_f = ["eq", ["loss", model, "X", "Y", [f"W{k}" for k in range(1, L + 1)]],
              ["scale", "1/2", ["frob2", ["sub", ["mul", *layers, "X"], "Y"]]]]
    sym = net.symbolic()
    steps.append(Step("The loss", (r"The squared loss of the chain of layer maps "
                      + (r"$A_k = I + W_k$ (a residual network)" if model == "residual_linear" else r"$A_k = W_k$")
                      + r"; $\|\cdot\|_F$ is the Frobenius norm."), latex_fact(loss_f), sym["loss"], S))
    if net.n_params <= MAX_SYMBOLIC_PARAMS:
        poly = sympy.expand(sym["loss"])
        if len(sympy.Add.make_args(poly)) <= MAX_SYMBOLIC_TERMS:
            steps.append(Step("The loss as a polynomial", r"Expanded in the weight entries ($W_{k,ij}$ is "
                              r"entry $(i, j)$ of $W_k$).", _break_sum(r"\mathcal{L}", poly), poly, S))
    if W is not None:
        E = _sm(net.residual(W))
        steps.append(_matrix_step(S, "Residual at the point", "E", E,
                                  r"The residual $E = A_{H+1} \cdots A_1 X - Y$ at the point."))
        val = _q(net.loss(W))
        steps.append(Step("Loss at the point", "", rf"\mathcal{{L}}(W) = {sympy.latex(val)}", val, S))
    steps += _gradient_steps(inst, net, d, L, m, W)
    steps += _hessian_steps(inst, net, d, L, m, W)
    return steps


def _notation_facts():
    R = ["sym", "R_k"]
    Lk = ["sym", "L_k"]
    chain_left = ["mul", ["sym", "A_{H+1}"], ["sym", r"\cdots"], ["sym", "A_{k+1}"]]
    chain_right = ["mul", ["sym", "A_{k-1}"], ["sym", r"\cdots"], ["sym", "A_{1}"], "X"]
    return R, Lk, chain_left, chain_right


def _gradient_steps(inst, net, d, L, m, W) -> list:
    S = "Gradient in vec form"
    R, Lk, left, right = _notation_facts()
    E, r = ["sym", "E"], ["sym", "r"]
    steps = [Step("The vec convention",
                  r"$\operatorname{vec}(A)$ stacks the columns of $A$ (column-major), and the parameter "
                  r"vector is $\theta = (\operatorname{vec} W_1; \dots; \operatorname{vec} W_{H+1})$. "
                  r"The seeds differentiate with respect to $\operatorname{vec}(W_k^T)$ instead; for a "
                  r"$p \times q$ matrix $A$ the commutation matrix $K_{p,q}$ (a permutation, "
                  r"$K_{p,q}^{-1} = K_{p,q}^T = K_{q,p}$) relates the two:",
                  latex_fact(["eq", ["vec", ["T", "A"]], ["mul", ["comm", "p", "q"], ["vec", "A"]]]),
                  ["eq", ["vec", ["T", "A"]], ["mul", ["comm", "p", "q"], ["vec", "A"]]], S)]
    from ..calculus.kron import commutation
    p, q = d[1], d[0]
    Kpq = _sm(commutation(p, q))
    steps.append(_matrix_step(S, "Commutation matrix of W_1",
                              sympy.latex(MatrixSymbol(f"K_{{{p},{q}}}", p * q, p * q)), Kpq,
                              rf"For $W_1$ ($d_1 \times d_0 = {p} \times {q}$): "
                              r"$\operatorname{vec}(W_1^T) = K_{d_1,d_0} \operatorname{vec}(W_1)$ with"))
    notation = ["and", ["eq", R, right], ["eq", Lk, left], ["eq", E, ["sub", ["mul", ["sym", "A_{H+1}"],
                ["sym", r"\cdots"], ["sym", "A_{1}"], "X"], "Y"]]]
    steps.append(Step("Notation", r"For layer $k$ (with $R_1 = X$ and $L_{H+1} = I$):",
                      r"\begin{aligned} " + r" \\ ".join(
                          latex_fact(f).replace(" = ", " &= ", 1) for f in notation[1:]) + r" \end{aligned}",
                      notation, S))
    G = ["eq", ["partial", ["sym", "W_k"]], ["mul", ["T", Lk], E, ["T", R]]]
    V = ["eq", ["vec", ["partial", ["sym", "W_k"]]], ["mul", ["kron", R, ["T", Lk]], ["vec", E]]]
    steps.append(Step("Gradient blocks",
                      r"Since $d\mathcal{L} = \langle E, \sum_k L_k\, dW_k\, R_k \rangle$ and "
                      r"$\operatorname{vec}(ABC) = (C^T \otimes A) \operatorname{vec}(B)$:",
                      r"\begin{aligned} " + latex_fact(G).replace(" = ", " &= ", 1) + r" \\ "
                      + latex_fact(V).replace(" = ", " &= ", 1) + r" \end{aligned}", (G, V), S))
    seed = ["eq", ["T", ["dvec", ["sym", "W_k"]]], ["mul", ["T", ["kron", ["mul", ["sym", "W_{H+1}"], ["sym", r"\cdots"],
            ["sym", "W_{k+1}"]], ["T", ["mul", ["sym", "W_{k-1}"], ["sym", r"\cdots"], ["sym", "W_{1}"], "X"]]]],
            ["vec", r]]]
    link = ["eq", ["T", ["dvec", ["sym", "W_k"]]], ["mul", ["comm", ["sym", "d_k"], ["sym", "d_{k-1}"]],
            ["vec", ["partial", ["sym", "W_k"]]]]]
    steps.append(Step("Seed 000, eq (2)",
                      r"In the seed's form (deep linear case, $A_k = W_k$), with $r = E^T$ and the derivative "
                      r"with respect to $\operatorname{vec}(W_k^T)$ (a row vector, numerator layout): the two "
                      r"forms agree because $\operatorname{vec}(r) = K_{d_y,m} \operatorname{vec}(E)$ and",
                      r"\begin{aligned} " + latex_fact(link).replace(" = ", " &= ", 1) + r" \\ "
                      + latex_fact(seed).replace(" = ", " &= ", 1) + r" \end{aligned}", (link, seed), S))
    if W is None:
        return steps
    for k in range(1, L + 1):
        Rk = net.product(W, 1, k - 1) @ net.X
        Lkv = net.product(W, k + 1, L)
        steps.append(_matrix_step(S, f"R_{k}", f"R_{{{k}}}", _sm(Rk), rf"Layer ${k}$:"))
        steps.append(_matrix_step(S, f"L_{k}", f"L_{{{k}}}", _sm(Lkv)))
    blocks = net.gradient_blocks(W)
    for k, Gk in enumerate(blocks, 1):
        steps.append(_matrix_step(S, f"Gradient block {k}", latex_fact(["partial", f"W{k}"]), _sm(Gk),
                                  rf"$L_{{{k}}}^T E R_{{{k}}}^T$ at the point:"))
    g = _sm(net.gradient(W))
    zero = all(x == 0 for x in g)
    st = _matrix_step(S, "Gradient", r"\left(\nabla_{\theta} \mathcal{L}\right)^{T}", g.T,
                      r"The whole gradient in $\theta$ order (as a row): the point is "
                      + (r"\textbf{critical} (every entry is exactly $0$)." if zero else
                         r"\textbf{not critical}."))
    st.obj = g
    steps.append(st)
    return steps


def _block_expr(d, k, j, m):
    """The SymPy matrix expression of Hessian block (k, j), j <= k (1-based), with the shapes
    of the instance (SymPy checks that they conform)."""
    L = len(d) - 1
    Rk, Rj = MatrixSymbol(f"R_{k}", d[k - 1], m), MatrixSymbol(f"R_{j}", d[j - 1], m)
    Lk, Lj = MatrixSymbol(f"L_{k}", d[L], d[k]), MatrixSymbol(f"L_{j}", d[L], d[j])
    gn = KroneckerProduct(Rk * Rj.T, Lk.T * Lj)
    if j == k:
        return gn, {"R": (Rk, Rj), "L": (Lk, Lj)}
    Q = MatrixSymbol(f"Q_{{{k}{j}}}", d[k], d[j - 1])
    M = MatrixSymbol(f"M_{{{k}{j}}}", d[k - 1], d[j])
    K = MatrixSymbol(f"K_{{{d[k - 1]},{d[k]}}}", d[k - 1] * d[k], d[k - 1] * d[k])
    return gn + K * KroneckerProduct(Q, M), {"R": (Rk, Rj), "L": (Lk, Lj), "Q": Q, "M": M, "K": K}


def _hessian_steps(inst, net, d, L, m, W) -> list:
    S = "Hessian blocks"
    R, Lk, _, _ = _notation_facts()
    Rj, Lj = ["sym", "R_j"], ["sym", "L_j"]
    Q = ["eq", ["sym", "Q_{kj}"], ["mul", ["T", Lk], ["sym", "E"], ["T", Rj]]]
    M = ["eq", ["sym", "M_{kj}"], ["mul", ["sym", "A_{k-1}"], ["sym", r"\cdots"], ["sym", "A_{j+1}"]]]
    Hkj = ["eq", ["sym", "H_{kj}"], ["add", ["kron", ["mul", R, ["T", Rj]], ["mul", ["T", Lk], Lj]],
                                     ["mul", ["comm", ["sym", "d_{k-1}"], ["sym", "d_k"]], ["kron", ["sym", "Q_{kj}"],
                                                                                        ["sym", "M_{kj}"]]]]]
    Hkk = ["eq", ["sym", "H_{kk}"], ["kron", ["mul", R, ["T", R]], ["mul", ["T", Lk], Lk]]]
    forms = [Hkj, Hkk, Q, M]
    steps = [Step("Closed form",
                  r"The block $H_{kj} = \partial^2 \mathcal{L} / \partial \operatorname{vec} W_k\, "
                  r"\partial \operatorname{vec} W_j^T$ of the Hessian in $\theta$ order, for $j < k$ "
                  r"($H_{jk} = H_{kj}^T$). The first term is the Gauss--Newton term $J_k^T J_j$ "
                  r"($J_k = R_k^T \otimes L_k$); the second comes from $\langle E, d^2 F\rangle$, which "
                  r"vanishes on the diagonal because $F$ is affine in each $W_k$ "
                  r"($M_{k,k-1} = I$):",
                  r"\begin{aligned} " + r" \\ ".join(latex_fact(f).replace(" = ", " &= ", 1) for f in forms)
                  + r" \end{aligned}", forms, S)]
    Hfull = _sm(net.hessian(W)) if W is not None else None
    o = [0]
    for k in range(L):
        o.append(o[-1] + d[k] * d[k + 1])
    from ..calculus.kron import commutation
    for k in range(1, L + 1):
        for j in range(1, k + 1):
            expr, syms = _block_expr(d, k, j, m)
            name = f"H_{{{k}{j}}}"
            st = Step(f"Block ({k}, {j})", "", f"{name} = {sympy.latex(expr)}", expr, S)
            if W is not None:
                vals = {syms["R"][0]: _sm(net.product(W, 1, k - 1) @ net.X),
                        syms["R"][1]: _sm(net.product(W, 1, j - 1) @ net.X),
                        syms["L"][0]: _sm(net.product(W, k + 1, L)), syms["L"][1]: _sm(net.product(W, j + 1, L))}
                if j < k:
                    Lkv, E = net.product(W, k + 1, L), net.residual(W)
                    vals[syms["Q"]] = _sm(Lkv.T @ E @ (net.product(W, 1, j - 1) @ net.X).T)
                    vals[syms["M"]] = _sm(net.product(W, j + 1, k - 1))
                    vals[syms["K"]] = _sm(commutation(d[k - 1], d[k]))
                st.obj = (expr, vals)
                steps.append(st)
                for sym_, v in vals.items():
                    if sym_.name[0] in "QM":
                        steps.append(_matrix_step(S, f"{sym_.name} at the point", sympy.latex(sym_), v))
                blk = Hfull[o[k - 1]:o[k], o[j - 1]:o[j]]
                steps.append(_matrix_step(S, f"Block ({k}, {j}) at the point", name, blk,
                                          "Its value at the point:"))
            else:
                steps.append(st)
    if W is not None:
        steps.append(_matrix_step(S, "Hessian at the point", r"\nabla^{2}_{\theta} \mathcal{L}", Hfull,
                                  r"The blocks assembled in $\theta$ order:"))
    return steps


# -- classification -------------------------------------------------------------------------
def _classification_steps(inst) -> list:
    from ..facts.fast import evaluate
    from ..landscape.classify import classify_instance
    from ..landscape.globalmin import decide_top_sum, global_min_value
    S = "Classification"
    c = classify_instance(inst)
    cert = c.certificate
    facts = {f["key"]: f for f in cert["facts"]}
    steps = []

    def fact_step(title, f, prose=""):
        body = _display_fact(f["expr"])
        return Step(title, prose + (" " if prose else "") + _sentence(f["text"]),
                    rf"{body} \;:\; {_value_latex(f['value'])}" if "aligned" not in body else
                    rf"{body} \qquad {_value_latex(f['value'])}", f, S)

    if "not_critical" in facts:
        steps.append(fact_step("Not critical", facts["not_critical"],
                               "The gradient above has a nonzero entry, so the point is not critical:"))
    if "critical" in facts:
        steps.append(fact_step("Critical", facts["critical"]))
    if "hessian_inertia" in facts:
        f = facts["hessian_inertia"]
        red = cert.get("witnesses", {}).get("reduction")
        if isinstance(red, dict) and red.get("P"):
            t = len(red["P"])
            prose = (r"The rank argument: at a critical point the tangents $T$ of the rescaling symmetries "
                     r"$A_k \to G A_k$, $A_{k+1} \to A_{k+1} G^{-1}$ lie in the kernel of the Hessian. "
                     rf"The witness gives rows $P$ and tangent columns $C$, $|P| = |C| = {sympy.latex(sympy.Integer(t))}$, "
                     r"with $T[P, C]$ nonsingular, "
                     r"so with $Q$ the other rows, Sylvester's law of inertia gives "
                     r"$\operatorname{In}(H) = \operatorname{In}(H[Q, Q]) + (0, 0, |P|)$, computed exactly "
                     r"on the smaller matrix.")
        else:
            prose = r"The inertia $(n_+, n_-, n_0)$ of the exact Hessian (exact $LDL^T$ / Sturm count)."
        steps.append(Step("Inertia", prose,
                          rf"(n_{{+}}, n_{{-}}, n_{{0}}) = {_value_latex(f['value'])}",
                          sympy.Tuple(*f["value"]), S))
    if "global_min_same_space" in facts:
        env = inst.env
        W = inst.weights
        model = inst.model
        Sig = evaluate(["mul", "Y", ["pinv", "X"], "X", ["T", "Y"]], env)
        layers = [_layer_fact(model, k, inst.widths[k]) for k in range(len(W), 0, -1)]
        N = evaluate(["mul", *layers, "X"], env)
        k = min(inst.widths)
        lam = sympy.Symbol("lambda")
        SigS = _sm(Sig)
        steps.append(Step("Global-minimum test",
                          r"With $M = Y X^{+} X$, $\Sigma = M M^T = Y X^{+} X Y^T$, $N = A_{H+1} \cdots A_1 X$, "
                          r"$V = \mathcal{R}(N)$ and $k$ the smallest width, the infimum of the loss is "
                          r"$\frac{1}{2}\|Y\|_F^2 - \frac{1}{2} S_k$ ($S_k$ the sum of the $k$ largest eigenvalues "
                          r"of $\Sigma$, Eckart--Young), and $W$ attains it iff $N = P_V M$ and "
                          r"$\operatorname{tr}(P_V \Sigma) = S_k$.", "", None, S))
        steps.append(_matrix_step(S, "Sigma", r"\Sigma", SigS))
        cp = SigS.charpoly(lam).as_expr()
        steps.append(Step("Characteristic polynomial", r"The eigenvalues of $\Sigma$ are the roots of",
                          _break_sum(r"\det(\lambda I - \Sigma)", cp), cp, S))
        steps.append(_matrix_step(S, "N", "N", _sm(N)))
        trace = evaluate(["trace", ["mul", ["proj", "N"], "S"]], {"N": N, "S": Sig})
        steps.append(Step("Trace", "", rf"k = {k}, \quad \operatorname{{tr}}(P_V \Sigma) = {sympy.latex(_q(trace))}",
                          (k, _q(trace)), S))
        half, top, exact = global_min_value(env["X"], env["Y"], inst.widths)
        if exact is not None:
            steps.append(Step("Infimum", r"All of the $k$ largest eigenvalues are rational, so the infimum is",
                              rf"\inf \mathcal{{L}} = {sympy.latex(_q(exact))}", _q(exact), S))
        dec = decide_top_sum(Sig, N, k)
        case = {"r = 0": r"$V = \{0\}$", "V = whole space": r"$V$ is the whole space",
                "not invariant": r"$V$ is not $\Sigma$-invariant",
                "r < k": r"$\dim V < k$, decided by $\Sigma|_{V^\perp} = 0$ or not",
                "separated": r"the smallest eigenvalue of $\Sigma|_V$ exceeds the largest of $\Sigma|_{V^\perp}$",
                "tie": r"the smallest eigenvalue of $\Sigma|_V$ equals the largest of $\Sigma|_{V^\perp}$",
                "crossed": r"the smallest eigenvalue of $\Sigma|_V$ is below the largest of $\Sigma|_{V^\perp}$",
                }.get(dec.case, _text(dec.case))
        steps.append(fact_step("Best approximation", facts["global_min_same_space"]))
        steps.append(fact_step("Top eigenvalues", facts["global_min_top_sum"],
                               rf"Decided exactly ($\dim V = {dec.rank}$; {case})."))
        key = "global_min" if "global_min" in facts else "not_global_min"
        f = facts[key]
        steps.append(Step("Global minimum", _sentence(f["text"]),
                          rf"\text{{{'yes' if key == 'global_min' else 'no'}}}", f, S))
    if "curve_loss" in facts:
        curve = cert["witnesses"]["curve"]
        t = sympy.Symbol("t")
        for i, stepc in enumerate(curve, 1):
            for kk, Ck in enumerate(stepc, 1):
                steps.append(_matrix_step(S, f"Curve coefficient {i}, layer {kk}",
                                          sympy.latex(MatrixSymbol(f"C_{{{i},{kk}}}", 1, 1)), _sm(Ck),
                                          (r"The curve $W_k(t) = W_k + t C_{1,k}"
                                           + (r" + t^2 C_{2,k}" if len(curve) > 1 else "") + r"$:")
                                          if i == 1 and kk == 1 else ""))
        coeffs = [_q(x) for x in facts["curve_loss"]["value"]]
        poly = sum((cf * t ** n for n, cf in enumerate(coeffs)), sympy.Integer(0))
        steps.append(Step("Loss along the curve", "The loss along the curve is the exact polynomial",
                          _break_sum(r"\mathcal{L}(W(t))", poly), poly, S))
        low = next(((n, cf) for n, cf in enumerate(coeffs) if n > 0 and cf != 0), None)
        if low is not None:
            n, cf = low
            term = cf * t ** n
            why = ("odd, so the loss drops for small $t$ of the sign that makes it negative" if n % 2 else
                   ("even with a negative coefficient, so the loss drops for every small $t \\neq 0$" if cf < 0 else
                    "even with a positive coefficient, so the loss rises for every small $t \\neq 0$"))
            steps.append(Step("Lowest-order term", rf"The lowest-order non-constant term has degree ${n}$, {why}:",
                              sympy.latex(term), term, S))
        for key in ("descends", "rises"):
            if key in facts:
                steps.append(fact_step("Along the curve", facts[key]))
    for key in ("indefinite", "definite", "negative_eigenvalue"):
        if key in facts:
            steps.append(fact_step("Inertia decides", facts[key]))
    shown = {"not_critical", "critical", "hessian_inertia", "global_min_same_space", "global_min_top_sum",
             "global_min", "not_global_min", "curve_loss", "descends", "rises", "indefinite", "definite",
             "negative_eigenvalue"}
    for f in cert["facts"]:   # facts of later versions of the statement, printed as they are
        if f.get("key") not in shown:
            title = {"not_local_max": "Not a local maximum"}.get(f.get("key"), f"Fact {f.get('key', '')}".strip())
            steps.append(fact_step(title.replace("_", " "), f))
    steps.append(Step("Verdict", rf"\textbf{{{_text(c.verdict)}}}: {_text(c.reason)}.",
                      rf"\text{{{_text(c.verdict)}}}", c.verdict, S))
    return steps


# -- nonlinear kinds ------------------------------------------------------------------------
def _nonlinear_steps(inst) -> list:
    S = "Loss and derivatives"
    net = _network(inst)
    W = inst.weights
    steps = []
    if inst.model == "relu":
        L = len(inst.widths) - 1
        z = "X"
        for k in range(1, L + 1):
            z = ["relu", ["mul", f"W{k}", z]]
        f = ["eq", ["loss", "relu", "X", "Y", [f"W{k}" for k in range(1, L + 1)]],
             ["scale", "1/2", ["frob2", ["sub", ["scale", ["sym", "q"], z], "Y"]]]]
        steps.append(Step("The loss", r"The bias-free ReLU network of seed 000, eq (4): "
                          r"$\sigma(x) = \max(0, x)$ entrywise at every layer, output scale $q$.",
                          latex_fact(f), f, S))
    elif inst.model == "feedforward":
        a = [_q(inst.env[f"a{i}"].flint[0, 0]) for i in range(4)]
        x = sympy.Symbol("x")
        s = sum((c * x ** i for i, c in enumerate(a)), sympy.Integer(0))
        steps.append(Step("The loss", r"Affine layers $p_k = W_k z_{k-1} + b_k$, $z_k = s(p_k)$ on the hidden "
                          r"layers, $F = p_L$, $\mathcal{L} = \frac{1}{2}\sum_j \|F(x_j) - y_j\|^2$; a layer's "
                          r"parameters are $[W_k \mid b_k]$ (column-major, $b_k$ after $\operatorname{vec} W_k$). "
                          r"The activation is the polynomial", f"s(x) = {sympy.latex(s)}", s, S))
    elif inst.model == "sigmoid_neuron":
        sym = net.symbolic()
        steps.append(Step("The loss", r"A single sigmoid neuron $\sigma(z) = 1/(1 + e^{-z})$ with squared loss:",
                          _break_sum(r"\mathcal{L}(w)", sym["loss"]), sym["loss"], S))
        steps.append(Step("Derivatives", r"With $s_i = \sigma(w \cdot x_i)$, $r_i = s_i - y_i$, "
                          r"$s' = s(1 - s)$, $s'' = s'(1 - 2s)$: "
                          r"$\nabla \mathcal{L} = \sum_i r_i s'_i x_i$ and "
                          r"$\nabla^2 \mathcal{L} = \sum_i (s_i'^2 + r_i s''_i) x_i x_i^T$. These are "
                          r"transcendental: values are certified by interval enclosures, not derived here.",
                          section=S))
    elif inst.model == "relu_population":
        i, i2, j, j2 = sympy.symbols("i i' j j'", integer=True)
        w, v, a = sympy.IndexedBase("w"), sympy.IndexedBase("v"), sympy.IndexedBase("a")
        kf = sympy.Function("k")
        K, Kt = inst.widths[1], inst.env["X"].shape[1]
        Lexpr = (sympy.Sum(kf(w[i], w[i2]), (i, 1, K), (i2, 1, K)) / 2
                 - sympy.Sum(a[j] * kf(w[i], v[j]), (i, 1, K), (j, 1, Kt))
                 + sympy.Sum(a[j] * a[j2] * kf(v[j], v[j2]), (j, 1, Kt), (j2, 1, Kt)) / 2)
        th, nw, nv, dot = sympy.symbols(r"theta \|w\| \|v\| w\cdot{}v")
        kdef = (nw * nv * sympy.sin(th) + (sympy.pi - th) * dot) / (2 * sympy.pi)
        steps.append(Step("The loss", r"The Gaussian population loss $\frac{1}{2} E_{x \sim N(0, I)}"
                          r"(\sum_i \sigma(w_i \cdot x) - \sum_j a_j \sigma(v_j \cdot x))^2$ of a sum of ReLU units "
                          r"(rows $w_i$ of $W_1$) against the teacher (columns $v_j$ of $X$, weights $a_j$ in $Y$), "
                          r"through the arc-cosine kernel $k$ ($\theta$ the angle between $w$ and $v$):",
                          r"\begin{aligned} \mathcal{L} &= " + sympy.latex(Lexpr) + r" \\ k(w, v) &= "
                          + sympy.latex(kdef) + r" \end{aligned}", (Lexpr, kdef), S))
        steps.append(Step("Derivatives", "The loss is not a rational function of the weights; its gradient and "
                          "Hessian are certified by interval enclosures (ball arithmetic), not derived here.",
                          section=S))
    elif inst.model == "sigmoid_mlp":
        steps.append(Step("The loss", r"One hidden layer of sigmoid units $\sigma(z) = 1/(1 + e^{-z})$, a linear "
                          r"output layer, no biases: $\mathcal{L}(W) = \frac{1}{2} \|W_2 \sigma(W_1 X) - Y\|_F^2$. "
                          r"It is transcendental: its values, gradient and Hessian are certified by interval "
                          r"enclosures, not derived here.", section=S))
    if W is not None:
        try:
            val = _q(net.loss(W))
        except NotExact as e:      # a transcendental loss: no exact value to print
            steps.append(Step("Loss at the point", _text(str(e)) + ".", section=S))
            W = None
    if W is not None:
        steps.append(Step("Loss at the point", "Exactly:", rf"\mathcal{{L}}(W) = {sympy.latex(val)}", val, S))
        try:
            g = _sm(net.gradient(W))
            st = _matrix_step(S, "Gradient", r"\left(\nabla_{\theta} \mathcal{L}\right)^{T}", g.T,
                              r"The exact gradient in $\theta$ order (as a row; by backpropagation):")
            st.obj = g
            steps.append(st)
            steps.append(_matrix_step(S, "Hessian at the point", r"\nabla^{2}_{\theta} \mathcal{L}",
                                      _sm(net.hessian(W)), "The exact Hessian:"))
        except InputError as e:
            steps.append(Step("Not differentiable", _text(str(e)) + ".", section=S))
    steps.append(Step("Not derived here",
                      r"The closed-form Hessian blocks in Kronecker form and the classification of the point "
                      r"(inertia, global-minimum test, descent curve) are derived for the linear kinds "
                      r"(\texttt{deep\_linear}, \texttt{residual\_linear}) only; for this kind the document "
                      r"gives the loss, the exact values where they exist, and the catalogue claims.", section=S))
    return steps


# -- claims ---------------------------------------------------------------------------------
def _applicable(inst) -> tuple:
    """(verdicts of the catalogue claims that apply, ids of those that need other data)."""
    from ..provers.registry import check_instance, claims, get_claim
    out, other = [], []
    for cid in claims():
        c = get_claim(cid)
        if inst.model not in c.kinds or cid == "CLASSIFY":
            continue
        try:
            out.append((c, check_instance(c.decl, inst)))
        except InputError:
            other.append(cid)
    return out, other


def _claims_steps(inst) -> list:
    S = "Catalogue claims"
    res, other = _applicable(inst)
    if not res:
        return [Step("No claims", "No catalogue claim applies to this instance.", section=S)]
    rows = [rf"{_text(c.id)} & {_text(c.seed)} & {_text(c.statement)} & {_text(v.status)}"
            + (r" (finding)" if v.status == "fails" and v.finding else "") + r" \\"
            for c, v in res]
    table = "\n".join([r"\begin{longtable}{@{}p{0.17\textwidth}p{0.05\textwidth}p{0.52\textwidth}p{0.17\textwidth}@{}}",
                       r"claim & seed & statement & verdict \\ \hline \endhead", *rows, r"\end{longtable}"])
    prose = ("Every catalogue claim about this kind of instance, checked exactly on it "
             r"(\texttt{symlandscape latex --claim ID} derives one in full). ")
    if other:
        prose += "Not applicable (they need other data): " + _text(", ".join(other)) + ". "
    return [Step("Claims that apply", prose + "\n" + table, "", [v for _, v in res], S)]


# -- public API -----------------------------------------------------------------------------
def derivation(inst, claims: bool = True) -> list:
    """The derivation of an instance as a list of :class:`Step`.

    Parameters
    ----------
    inst : Instance or dict
        A parsed instance (:func:`symlandscape.instances.parse_instance`) or its dict.
    claims : bool
        Whether to check the catalogue claims that apply (the last section).

    Returns
    -------
    list of Step
        Sections: the network and data; for the linear kinds the loss, the gradient in
        Kronecker/vec form (seed 000, eq (2)), the Hessian blocks in closed form and at the
        point, and the classification with its reason; for the other network kinds what
        applies (loss, exact values where they exist); and the catalogue claims that apply,
        with their verdicts.

    Examples
    --------
    >>> steps = derivation({"model": "deep_linear", "widths": [1, 1, 1], "X": [[1]], "Y": [[2]],
    ...                     "weights": [[[1]], [[2]]]})
    >>> next(s for s in steps if s.title == "Loss at the point").latex
    '\\\\mathcal{L}(W) = 0'
    >>> next(s for s in steps if s.title == "Verdict").obj
    'global minimum'

    Notes
    -----
    Cost: the exact Hessian, the classification and every applicable claim of the
    catalogue run on the instance (the same work as ``classify`` and ``check``); the
    expanded symbolic loss only up to :data:`MAX_SYMBOLIC_PARAMS` parameters. Networks with
    more than :data:`MAX_DERIVATION_PARAMS` parameters are refused (InputError): the dense
    Hessian is converted to SymPy numbers and printed (measured ~0.1 s at 12 parameters,
    most of it the claims section).
    """
    from ..instances import Instance, parse_instance
    if not isinstance(inst, Instance):
        inst = parse_instance(inst)
    if inst.model != "matrices":
        n = _network(inst).n_params
        if n > MAX_DERIVATION_PARAMS:
            raise InputError(f"a derivation document is limited to {MAX_DERIVATION_PARAMS} parameters; this "
                             f"network has {n} (use classify or check for the verdicts)")
    steps = _data_steps(inst)
    if inst.model in _LINEAR:
        steps += _linear_steps(inst)
        if inst.weights is not None:
            steps += _classification_steps(inst)
    elif inst.model != "matrices":
        steps += _nonlinear_steps(inst)
    if claims:
        steps += _claims_steps(inst)
    return steps


def claim_derivation(claim_id: str, inst) -> list:
    """The derivation of one claim on an instance: statement, hypotheses, conclusions, values.

    Parameters
    ----------
    claim_id : str
    inst : Instance or dict

    Returns
    -------
    list of Step
        The claim's metadata, the instance's data, then one step per recorded fact (the
        fact expression, and the exact value that decides it) and the verdict.

    Raises
    ------
    InputError
        Unknown claim, or an instance the claim does not apply to.

    Examples
    --------
    >>> steps = claim_derivation("KRON-1", {"model": "matrices", "matrices":
    ...     {"A": [[1]], "B": [[2]], "C": [[3]]}})
    >>> [s.title for s in steps][-2:]
    ['Conclusion 1', 'Verdict']
    >>> steps[-2].latex.endswith(r"\\mathrm{true}")
    True
    """
    from ..instances import Instance, parse_instance
    from ..provers.registry import check_instance, get_claim
    c = get_claim(claim_id)
    if not isinstance(inst, Instance):
        inst = parse_instance(inst)
    v = check_instance(c.decl, inst)
    S = "The claim"
    meta = [rf"\textbf{{{_text(c.id)}}} (seed {_text(c.seed)}"
            + (f"; {_text(c.paper)}" if c.paper else "") + (f"; {_text(c.location)}" if c.location else "") + ").",
            _text(c.statement) + "."]
    if c.as_written:
        meta.append(r"\emph{As written} in the seed: a failure is a finding.")
    if c.finding:
        meta.append(r"\emph{Finding:} " + _text(c.finding) + ".")
    if getattr(c, "corrected", ""):
        meta.append(r"\emph{Corrected statement:} " + _text(c.corrected) + ".")
    steps = [Step("Statement", "\n\n".join(meta), "", c.decl, S)]
    steps += _data_steps(inst)
    defs = (v.certificate or {}).get("defs") or {}
    if defs:
        S = "Definitions"
        for name, expr in defs.items():
            f = ["eq", name, expr]
            steps.append(Step(f"Definition of {name}", "", _display_fact(f), f, S))
    S = "Hypotheses, conclusions and values"
    counts = {}
    facts = v.facts
    if not facts:
        steps.append(Step("No facts", "No fact was recorded: " + _text(v.reason) + ".", section=S))
    for f in facts:
        role = f["role"]
        counts[role] = counts.get(role, 0) + 1
        body = _display_fact(f["expr"])
        val = _value_latex(f["value"])
        sep = r" \qquad " if "aligned" in body else r" \;:\; "
        st = Step(f"{role.capitalize()} {counts[role]}", rf"\emph{{{role}}}: {_text(f['text'])}.",
                  f"{body}{sep}{val}", f, S)
        if isinstance(f["value"], list) and f["value"] and isinstance(f["value"][0], list):
            M = _sm(f["value"])
            if _is_large(M):
                st.appendix = _appendix(rf"\text{{value of {role} {counts[role]}}}", M)
                st.prose += " The value is elided; the full matrix is in the appendix."
        steps.append(st)
    finding = " (a documented finding: see the errata)" if v.status == "fails" and v.finding else ""
    steps.append(Step("Verdict", rf"\textbf{{{_text(v.status)}}}{finding}: {_text(v.reason)}.",
                      rf"\text{{{_text(v.status)}}}", v, S))
    return steps


_PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage{amsmath,amssymb}
\usepackage[margin=2cm]{geometry}
\usepackage{longtable}
\setcounter{MaxMatrixCols}{20}
\allowdisplaybreaks
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.5ex}
"""


def derivation_document(steps, title: str = "Derivation") -> str:
    """A complete LaTeX document (``article``) of a list of steps.

    Steps are grouped by their ``section`` (in order of first appearance); each step is a
    bold title, its prose and its display; elided matrices are given in full in an
    appendix. Packages: amsmath, amssymb, geometry, longtable, lmodern (texlive-latex-base
    and lmodern).

    Examples
    --------
    >>> doc = derivation_document([Step("One", "Prose.", "x = 1", 1, "S")], "T & U")
    >>> "\\\\section{S}" in doc and "T \\\\& U" in doc
    True
    """
    out = [_PREAMBLE, rf"\title{{{_text(title)}}}", r"\author{symlandscape}", r"\date{}",
           r"\begin{document}", r"\sloppy", r"\maketitle"]
    section = None
    appendix = []
    for s in steps:
        if s.section != section:
            section = s.section
            out.append(rf"\section{{{_text(section)}}}")
        out.append(rf"\paragraph{{{_text(s.title)}.}} {s.prose}")
        if s.latex:
            out.append(r"\[" + s.latex + r"\]")
        if s.appendix:
            appendix.append(s.appendix)
    if appendix:
        out += [r"\appendix", r"\section{Full values}", *appendix]
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"
