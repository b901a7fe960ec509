r"""LaTeX of fact expressions and verdicts: a SymPy ``LatexPrinter`` with one ``_print_<op>``
method per operation of the fact language.

Numbers and literal matrices go through SymPy's own printer (``\frac{3}{4}``,
``\left[\begin{matrix}...``), so the mathematics is typeset by SymPy, never by hand-built
strings; large literal matrices are elided to their shape.

Examples
--------
>>> latex_fact(["eq", ["vec", ["mul", "A", "B", "C"]], ["mul", ["kron", ["T", "C"], "A"], ["vec", "B"]]])
'\\operatorname{vec}\\left(A B C\\right) = \\left(C^{T} \\otimes A\\right) \\operatorname{vec}\\left(B\\right)'
>>> latex_fact(["lit", [["1", "1/2"]]])
'\\left[\\begin{matrix}1 & \\frac{1}{2}\\end{matrix}\\right]'
"""

__all__ = ["FactLatexPrinter", "latex_fact", "verdict_latex"]

from fractions import Fraction

import sympy
from sympy.printing.latex import LatexPrinter

_NAMES = {"Sigma": r"\Sigma", "Rstar": "R^{*}", "Uhat": r"\hat{U}"}


class FactLatexPrinter(LatexPrinter):
    """Typeset fact expressions (JSON lists) with SymPy's LaTeX printer.

    ``doprint(expr)`` accepts a fact expression: a name, an int, a bool, or ``[op, *args]``
    (dispatched to ``_print_op_<op>``; unknown operations print as ``\\operatorname{op}(...)``).
    """

    printmethod = "_fact_latex"
    MAX_LITERAL = 36   # entries; larger literal matrices print as their shape

    def doprint(self, expr):
        return self._fact(expr)

    def _fact(self, expr) -> str:
        if isinstance(expr, bool):
            return r"\mathrm{true}" if expr else r"\mathrm{false}"
        if isinstance(expr, int):
            return self._print(sympy.Integer(expr))
        if isinstance(expr, str):
            if expr in _NAMES:
                return _NAMES[expr]
            if expr[:1] == "W" and expr[1:].isdigit():
                return f"W_{{{expr[1:]}}}"
            return expr if len(expr) == 1 else rf"\mathrm{{{expr}}}"
        if isinstance(expr, list) and all(isinstance(x, int) and not isinstance(x, bool) for x in expr):
            return self._print(sympy.Tuple(*expr))   # an index list
        if not isinstance(expr, list) or not expr or not isinstance(expr[0], str):
            return self._print(sympy.Symbol("?"))
        op, *args = expr
        method = getattr(self, f"_print_op_{op}", None)
        if method is not None:
            try:
                return method(*args)
            except (TypeError, ValueError, IndexError, AttributeError):
                pass
        name = op.replace("_", r"\_")   # an underscore in \operatorname would be a subscript
        return rf"\operatorname{{{name}}}\left({', '.join(self._fact(a) for a in args)}\right)"

    def _paren(self, e, also=()) -> str:
        s = self._fact(e)
        if isinstance(e, list) and e and e[0] in ("add", "sub", "kron", "and", "or", "scale", *also):
            return rf"\left({s}\right)"
        return s

    # a postfix (transpose, inverse) or a Kronecker factor applies to the whole product
    _POSTFIX = ("mul", "neg", "dvec", "T", "inv", "pinv", "ginv")

    def _based(self, e) -> str:
        """``e`` as the base of a sub- or superscript: parenthesised when it is a product,
        a postfix form or already carries an index (``W_{2}`` -> ``\\left(W_{2}\\right)_{1}``)."""
        s = self._paren(e, self._POSTFIX)
        grouped = s.startswith(r"\left(") and s.endswith(r"\right)")
        if not grouped and ("_" in s or "^" in s):
            return rf"\left({s}\right)"
        return s

    # -- matrices ----------------------------------------------------------------------
    def _print_op_lit(self, rows):
        m, n = len(rows), len(rows[0])
        if m * n > self.MAX_LITERAL:
            return rf"\left[\text{{a {m} \times {n} matrix}}\right]".replace(r"\times", r"$\times$")
        return self._print(sympy.Matrix([[sympy.Rational(str(Fraction(str(x)))) for x in r] for r in rows]))

    def _print_op_q(self, x):
        return self._print(sympy.Rational(str(Fraction(str(x)))))

    def _print_op_eye(self, n):
        return f"I_{{{n}}}"

    def _print_op_zeros(self, m, n):
        return rf"0_{{{m} \times {n}}}"

    def _print_op_mul(self, *a):
        return " ".join(self._paren(x) for x in a)

    def _print_op_add(self, *a):
        return " + ".join(self._fact(x) for x in a)

    def _print_op_sub(self, a, b):
        return f"{self._fact(a)} - {self._paren(b)}"

    def _print_op_neg(self, a):
        return f"-{self._paren(a)}"

    def _print_op_scale(self, q, a):
        c = self._fact(q) if isinstance(q, list) else self._print(sympy.Rational(str(Fraction(str(q)))))
        return f"{c} {self._paren(a)}"

    def _print_op_T(self, a):
        return f"{self._paren(a, self._POSTFIX)}^{{T}}"

    def _print_op_kron(self, a, b):
        return rf"{self._paren(a, ('mul',))} \otimes {self._paren(b, ('mul',))}"

    def _print_op_vec(self, a):
        return rf"\operatorname{{vec}}\left({self._fact(a)}\right)"

    def _print_op_inv(self, a):
        return f"{self._paren(a, self._POSTFIX)}^{{-1}}"

    def _print_op_pinv(self, a):
        return f"{self._paren(a, self._POSTFIX)}^{{+}}"

    def _print_op_ginv(self, a, U):
        return f"{self._paren(a, self._POSTFIX)}^{{-}}"

    def _print_op_proj(self, a):
        return rf"P_{{\mathcal{{R}}({self._fact(a)})}}"

    def _print_op_cols(self, a, idx):
        return f"{self._based(a)}_{{:, \\{{{', '.join(str(i + 1) for i in idx)}\\}}}}"

    def _print_op_rows(self, a, idx):
        return f"{self._based(a)}_{{\\{{{', '.join(str(i + 1) for i in idx)}\\}}, :}}"

    # -- networks ----------------------------------------------------------------------
    def _point(self, Ws):
        return ", ".join(self._fact(w) for w in Ws)

    def _print_op_loss(self, model, X, Y, Ws):
        return rf"\mathcal{{L}}\left({self._point(Ws)}\right)"

    def _print_op_grad(self, model, X, Y, Ws):
        return rf"\nabla \mathcal{{L}}\left({self._point(Ws)}\right)"

    def _print_op_hessian(self, model, X, Y, Ws):
        return rf"\nabla^{{2}} \mathcal{{L}}\left({self._point(Ws)}\right)"

    # -- scalars and booleans ----------------------------------------------------------
    def _print_op_rank(self, a):
        return rf"\operatorname{{rank}}\left({self._fact(a)}\right)"

    def _print_op_det(self, a):
        return rf"\det\left({self._fact(a)}\right)"

    def _print_op_trace(self, a):
        return rf"\operatorname{{tr}}\left({self._fact(a)}\right)"

    def _print_op_frob2(self, a):
        return rf"\left\|{self._fact(a)}\right\|_F^{{2}}"

    def _print_op_inertia(self, a):
        return rf"\operatorname{{In}}\left({self._fact(a)}\right)"

    def _print_op_at(self, a, i):
        if isinstance(a, list) and a and a[0] == "loss_curve":
            # the coefficient of t^i of the loss along a curve (0-based: the constant term is t^0)
            return rf"[t^{{{i}}}]\, {self._fact(a)}"
        return f"{self._based(a)}_{{{i + 1}}}"

    def _print_op_entry(self, a, i, j):
        return f"{self._based(a)}_{{{i + 1}{j + 1}}}"

    def _binary(self, a, b, rel):
        return f"{self._fact(a)} {rel} {self._fact(b)}"

    _BOOLEAN = ("eq", "ne", "lt", "le", "is_zero", "and", "or", "not", "colspace_le", "colspace_eq",
                "descends", "top_sum_attained", "zero_in", "pd_on", "loss_in")

    def _print_op_eq(self, a, b):
        if any(isinstance(x, list) and x and x[0] in self._BOOLEAN for x in (a, b)):
            # equality of two truth values: an equivalence
            return rf"\left({self._fact(a)}\right) \iff \left({self._fact(b)}\right)"
        return self._binary(a, b, "=")

    def _print_op_ne(self, a, b):
        return self._binary(a, b, r"\neq")

    def _print_op_lt(self, a, b):
        return self._binary(a, b, "<")

    def _print_op_le(self, a, b):
        return self._binary(a, b, r"\leq")

    def _print_op_is_zero(self, a):
        return f"{self._fact(a)} = 0"

    def _print_op_colspace_le(self, a, b):
        return rf"\mathcal{{R}}({self._fact(a)}) \subseteq \mathcal{{R}}({self._fact(b)})"

    def _print_op_colspace_eq(self, a, b):
        return rf"\mathcal{{R}}({self._fact(a)}) = \mathcal{{R}}({self._fact(b)})"

    def _print_op_and(self, *a):
        return r" \wedge ".join(self._paren(x) for x in a) if a else r"\mathrm{true}"

    def _print_op_or(self, *a):
        return r" \vee ".join(self._paren(x) for x in a) if a else r"\mathrm{false}"

    def _print_op_not(self, a):
        return rf"\neg\left({self._fact(a)}\right)"

    # -- notation of derivations and of the classification's facts ------------------------
    def _print_op_sym(self, name):
        # a notation symbol such as "L_k" or "W_{H+1}", typeset by SymPy's Symbol printer
        return self._print(sympy.Symbol(name))

    def _print_op_comm(self, p, q):
        return f"K_{{{self._fact(p)}, {self._fact(q)}}}"

    def _print_op_partial(self, w):
        return rf"\frac{{\partial \mathcal{{L}}}}{{\partial {self._fact(w)}}}"

    def _print_op_dvec(self, w):
        # the seeds' numerator-layout derivative with respect to vec(W^T) (a row vector)
        return rf"\mathcal{{D}}_{{\operatorname{{vec}}\left({self._paren(w)}^{{T}}\right)}} \mathcal{{L}}"

    def _print_op_hessian_inertia(self, model, X, Y, Ws, P=None, C=None):
        return self._print_op_inertia(["hessian", model, X, Y, Ws])

    def _print_op_top_sum_attained(self, S, B, k, *flag):
        return (rf"\operatorname{{tr}}\left(P_{{\mathcal{{R}}({self._fact(B)})}} {self._paren(S)}\right) = "
                rf"\sum_{{i \leq {self._fact(k)}}} \lambda_{{i}}\left({self._fact(S)}\right)")

    def _print_op_loss_curve(self, model, X, Y, Ws, steps):
        terms = ["W"] + [f"t^{{{i + 1}}} C_{{{i + 1}}}" if i else "t C_{1}" for i in range(len(steps))]
        return rf"\mathcal{{L}}\left({' + '.join(terms)}\right)"

    def _print_op_K(self, m, n):
        return self._print_op_comm(m, n)

    def _print_op_unvec(self, a, m, n):
        return rf"\operatorname{{vec}}^{{-1}}_{{{self._fact(m)} \times {self._fact(n)}}}\left({self._fact(a)}\right)"

    def _print_op_hstack(self, *a):
        return r"\left[\begin{matrix}" + " & ".join(self._fact(x) for x in a) + r"\end{matrix}\right]"

    def _print_op_vstack(self, *a):
        return r"\left[\begin{matrix}" + r" \\ ".join(self._fact(x) for x in a) + r"\end{matrix}\right]"

    def _box(self, box):
        return rf"\theta \in {self._fact(box)}"

    def _print_op_zero_in(self, model, X, Y, box):
        return rf"\exists!\, {self._box(box)} : \nabla \mathcal{{L}}(\theta) = 0"

    def _print_op_pd_on(self, model, X, Y, box, mu):
        return rf"\lambda_{{\min}}\left(\nabla^{{2}} \mathcal{{L}}(\theta)\right) \geq {self._fact(mu)} \text{{ for }} {self._box(box)}"

    def _print_op_loss_in(self, model, X, Y, box, lo, hi):
        return (rf"{self._fact(lo)} \leq \mathcal{{L}}(\theta) \leq {self._fact(hi)} "
                rf"\text{{ for }} {self._box(box)}")

    def _print_op_relu(self, a):
        return rf"\sigma\left({self._fact(a)}\right)"

    def _print_op_descends(self, curve):
        return rf"{self._fact(curve)} < \mathcal{{L}}(W) \text{{ for all small }} t \neq 0 \text{{ of one sign}}"


def latex_fact(expr) -> str:
    """LaTeX of one fact expression (see :class:`FactLatexPrinter`)."""
    return FactLatexPrinter().doprint(expr)


def _value_latex(v) -> str:
    p = FactLatexPrinter()
    if isinstance(v, bool):
        return p._fact(v)
    if isinstance(v, list) and v and isinstance(v[0], list):
        return p._print_op_lit(v)
    if isinstance(v, list):
        return r"\left(" + ", ".join(p._print_op_q(x) for x in v) + r"\right)"
    return p._print_op_q(v)


def verdict_latex(v) -> str:
    """LaTeX of a verdict (Jupyter's ``_repr_latex_``): status, then each fact and its value.

    >>> import symlandscape as sl
    >>> print(verdict_latex(sl.check_claim("KRON-1", {"model": "matrices", "matrices":
    ...     {"A": [[1]], "B": [[2]], "C": [[3]]}})))
    $\\begin{array}{ll}\\textbf{KRON-1: holds} & \\\\ \\text{conclusion} & \\operatorname{vec}\\left(A B C\\right) = \\left(C^{T} \\otimes A\\right) \\operatorname{vec}\\left(B\\right) \\;:\\; \\mathrm{true}\\end{array}$
    """
    rows = [rf"\textbf{{{v.claim}: {v.status}}} & "]
    for f in v.facts:
        rows.append(rf"\text{{{f['role']}}} & {latex_fact(f['expr'])} \;:\; {_value_latex(f['value'])}")
    return r"$\begin{array}{ll}" + r" \\ ".join(rows) + r"\end{array}$"
