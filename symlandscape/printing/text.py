"""Plain-text and Markdown rendering of fact expressions, facts and verdicts.

Printing is a layer of its own (SymPy's model): the mathematics never formats its
results for people; this module does, with one ``_print_<op>`` method per operation of
the fact language (unknown operations fall back to ``op(args)``).
"""

__all__ = ["TextPrinter", "render", "verdict_lines", "verdict_markdown", "classification_lines"]

_INFIX = {"eq": "=", "ne": "!=", "lt": "<", "le": "<=", "sub": "-"}


class TextPrinter:
    """Render a fact expression as compact text.

    Examples
    --------
    >>> render(["eq", ["vec", ["mul", "A", "B", "C"]], ["mul", ["kron", ["T", "C"], "A"], ["vec", "B"]]])
    'vec(A B C) = (C^T kron A) vec(B)'
    >>> render(["rank", ["lit", [["1", "2"], ["2", "4"]]]])
    'rank([[1, 2], [2, 4]])'
    """

    def doprint(self, expr) -> str:
        if isinstance(expr, str):
            return expr
        if isinstance(expr, bool):
            return "true" if expr else "false"
        if isinstance(expr, int):
            return str(expr)
        if not isinstance(expr, list) or not expr:
            return repr(expr)
        op, *args = expr
        method = getattr(self, f"_print_{op}", None)
        if method is not None:
            try:
                return method(*args)
            except (TypeError, ValueError, IndexError, AttributeError):
                pass   # a malformed expression still prints, generically
        if op in _INFIX and len(args) == 2:
            return f"{self._atom(args[0])} {_INFIX[op]} {self._atom(args[1])}"
        return f"{op}({', '.join(self.doprint(a) for a in args)})"

    def _atom(self, e) -> str:
        s = self.doprint(e)
        compound = isinstance(e, list) and e and e[0] in ("add", "sub", "kron", "and", "or")
        return f"({s})" if compound else s

    def _print_lit(self, rows):
        if len(rows) * len(rows[0]) > 12:
            return f"<{len(rows)} x {len(rows[0])} matrix>"
        return "[" + ", ".join("[" + ", ".join(map(str, r)) + "]" for r in rows) + "]"

    def _print_mul(self, *a):
        return " ".join(self._atom(x) for x in a)

    def _print_add(self, *a):
        return " + ".join(self.doprint(x) for x in a)

    def _print_kron(self, a, b):
        return f"{self._atom(a)} kron {self._atom(b)}"

    def _print_T(self, a):
        return f"{self._atom(a)}^T"

    def _print_pinv(self, a):
        return f"{self._atom(a)}^+"

    def _print_ginv(self, a, U):
        return f"{self._atom(a)}^-"

    def _print_inv(self, a):
        return f"{self._atom(a)}^-1"

    def _print_neg(self, a):
        return f"-{self._atom(a)}"

    def _print_eye(self, n):
        return f"I_{n}"

    def _print_zeros(self, m, n):
        return f"0_{m}x{n}"

    def _print_q(self, x):
        return str(x)

    def _print_scale(self, q, a):
        return f"{self._atom(q) if isinstance(q, list) else q} {self._atom(a)}"

    def _print_is_zero(self, a):
        return f"{self._atom(a)} = 0"

    def _print_not(self, a):
        return f"not ({self.doprint(a)})"

    def _print_and(self, *a):
        return " and ".join(self._atom(x) for x in a) if a else "true"

    def _print_or(self, *a):
        return " or ".join(self._atom(x) for x in a) if a else "false"

    def _print_colspace_le(self, a, b):
        return f"R({self.doprint(a)}) in R({self.doprint(b)})"

    def _print_colspace_eq(self, a, b):
        return f"R({self.doprint(a)}) = R({self.doprint(b)})"

    def _print_proj(self, a):
        return f"P_R({self.doprint(a)})"

    def _print_frob2(self, a):
        return f"||{self.doprint(a)}||_F^2"

    def _print_cols(self, a, idx):
        return f"{self._atom(a)}[:, {[i + 1 for i in idx]}]"

    def _print_rows(self, a, idx):
        return f"{self._atom(a)}[{[i + 1 for i in idx]}, :]"

    def _print_at(self, a, i):
        return f"{self._atom(a)}[{i}]"

    def _print_loss(self, model, X, Y, Ws):
        return f"L({', '.join(Ws) if all(isinstance(w, str) for w in Ws) else 'W'})"

    def _print_grad(self, model, X, Y, Ws):
        return f"grad {self._print_loss(model, X, Y, Ws)}"

    def _print_hessian(self, model, X, Y, Ws):
        return f"Hess {self._print_loss(model, X, Y, Ws)}"


def render(expr) -> str:
    """Text of a fact expression (see :class:`TextPrinter`)."""
    return TextPrinter().doprint(expr)


def _value(v) -> str:
    if isinstance(v, list) and v and isinstance(v[0], list):
        return f"<{len(v)} x {len(v[0])} matrix>" if len(v) * len(v[0]) > 12 else \
            "[" + ", ".join("[" + ", ".join(map(str, r)) + "]" for r in v) + "]"
    if isinstance(v, list):
        return "(" + ", ".join(map(str, v)) + ")"
    return str(v).lower() if isinstance(v, bool) else str(v)


def verdict_lines(v) -> list:
    """The lines ``symlandscape check`` prints: status, reason, then every fact checked.

    >>> import symlandscape as sl
    >>> print("\\n".join(verdict_lines(sl.check_claim("KRON-5", {"model": "matrices",
    ...     "matrices": {"A": [[1], [1]], "B": [[1], [1]]}}))))
    KRON-5: holds
      R(A) in R(B) iff B B^- A = A
      value       R(A) in R(B): true
      value       B B^- A = A: true
      conclusion  R(A) in R(B) iff B B^- A = A: true
    """
    kind = getattr(v, "kind", "exact")
    out = [f"{v.claim}: {v.status}" + (f" [{kind}]" if kind != "exact" else "")
           + (" (a documented finding: see the errata)" if v.status == "fails" and v.finding else "")]
    out.append(f"  {v.reason}")
    for f in v.facts:
        out.append(f"  {f['role']:<11} {f['text']}: {_value(f['value'])}")
    return out


def verdict_markdown(v) -> str:
    """Markdown of a verdict (Jupyter's ``_repr_markdown_``)."""
    rows = "\n".join(f"| {f['role']} | {f['text']} | `{_value(f['value'])}` |" for f in v.facts)
    table = f"\n\n| role | fact | value |\n|---|---|---|\n{rows}" if rows else ""
    return f"**{v.claim}: {v.status}** — {v.reason}{table}"


def classification_lines(c) -> list:
    """The lines ``symlandscape classify`` prints.

    >>> import symlandscape as sl
    >>> c = sl.classify(sl.DeepLinear([1, 1, 1], X=[[1]], Y=[[1]]), [[[0]], [[0]]])
    >>> print("\\n".join(classification_lines(c)))
    verdict: strict saddle
    loss:    1/2
    inertia: (n+, n-, n0) = (1, 1, 0)
    reason:  Hessian inertia (1, 1, 0): indefinite
    """
    out = [f"verdict: {c.verdict}", f"loss:    {c.loss}"]
    if c.inertia:
        out.append(f"inertia: (n+, n-, n0) = {c.inertia}")
    out.append(f"reason:  {c.reason}")
    return out
