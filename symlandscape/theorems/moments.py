r"""Random initialisation moments [seed 004, Lemma 10 to Theorem 9, lines ~200-333].

Statements only (instance families in :mod:`symlandscape.provers.moments`; the fact
operations ``law_moment``, ``rw_*`` are documented in :mod:`symlandscape.moments.facts`).

Instances are ``matrices`` instances (why not a network kind: the weights are random, there is
no point to evaluate a network at, and the law is data; named matrices keep the checker's
instance validation unchanged, so its only new code is the expectation of polynomials):

========== ======================================================================================
law        exactly one of ``s2`` (1 x 1: Gaussian N(0, s2)), ``law`` (2 x n: values; probabilities,
           mean 0) or ``moments`` (1 x K: E w, E w^2, ..., E w^K with E w = 0)
x, y       d x 1: the data point and its target
depth      1 x 1: the number L of d x d layers
A, B       MOM-10: fixed matrices (W is cols(A) x rows(B))
As, Bs,    MOM-10 / AW-004-L10: a finite joint law of (A, B), independent of W: the N support
pAB        values stacked (As: N m x p, Bs: N q x n) and their probabilities (1 x N)
========== ======================================================================================

Exact structure (module :mod:`symlandscape.moments.structure`): the gradient is rank one,
``dl/dW^k = A^T r v^T``, and ``E||dl/dW^k||_F^2 = s2 E||W^{k-1:1}x||^4 E||W^{k+1:L} W^{L:k+1}||_F^2
+ (d s2)^{L-1} ||x||^2 ||y||^2`` *exactly* (Lemma 13 has a factor 2 on each term). MOM-13 and
THM-9 state the left side by the expanded definition (``rw_grad2``) when ``d^L <= 27`` and
conclude the identity there; beyond, the left side is that exact factorisation.
"""

__all__ = ["law_spec"]

from .declare import declare

_DIRECT = 27      # d^L up to which the left side is stated by the expanded definition


def law_spec(s) -> list:
    """The instance's law as a fact-language law spec (exactly one law matrix)."""
    have = [n for n in ("s2", "law", "moments") if s.view.has(n)]
    s.require(len(have) == 1, "the instance needs exactly one law: s2 (Gaussian), law (discrete) or moments")
    return [{"s2": "gaussian", "law": "discrete", "moments": "moments"}[have[0]], have[0]]


def _xyL(s, need_y=True):
    names = ("x", "y", "depth") if need_y else ("x", "depth")
    shapes = s.need(*names)
    d = shapes[0][0]
    s.conform(shapes[0] == (d, 1) and (not need_y or shapes[1] == (d, 1)) and shapes[-1] == (1, 1),
              f"x{' and y' if need_y else ''} must be d x 1 and depth 1 x 1")
    L = s.peek(["entry", "depth", 0, 0])
    s.require(L == int(L) and 1 <= L <= 6, f"depth L = {L} must be an integer in 1..6")
    return d, int(L)


def _m2(law):
    return ["law_moment", law, 2]


def _times(*factors):
    """The product of scalar expressions (``scale`` folds)."""
    out = factors[-1]
    for f in reversed(factors[:-1]):
        out = ["scale", f, out]
    return out


def _add(*terms):
    return ["add", *terms]


def _exact_terms(law, d, L, k):
    """The two exact terms s2 E||v||^4 E||A^T A||_F^2 and (d s2)^{L-1} ||x||^2 ||y||^2."""
    t1 = _times(_m2(law), ["rw_norm4", law, "x", k - 1], ["rw_aat", law, d, L - k])
    t2 = _times(["rw_pow", _times(str(d), _m2(law)), L - 1], ["frob2", "x"], ["frob2", "y"])
    return t1, t2


def _left(s, law, d, L, k, key):
    """State the left side E||dl/dW^k||_F^2; returns its expression."""
    t1, t2 = _exact_terms(law, d, L, k)
    if d ** L <= _DIRECT:
        left = ["rw_grad2", law, "x", "y", L, k]
        s.value(f"k = {k}: E||dl/dW^k||_F^2 (the loss expanded and differentiated entry by entry)", left,
                key=f"{key}.left")
        s.conclusion(f"k = {k}: E||dl/dW^k||_F^2 = s^2 E||W^(k-1:1) x||^4 E||W^(k+1:L) W^(L:k+1)||_F^2 "
                     f"+ (d s^2)^(L-1) ||x||^2 ||y||^2 exactly (rank-one gradient, cross term of mean 0)",
                     ["eq", left, _add(t1, t2)], key=f"{key}.exact")
        return left
    left = _add(t1, t2)
    s.value(f"k = {k}: E||dl/dW^k||_F^2 = s^2 E||W^(k-1:1) x||^4 E||W^(k+1:L) W^(L:k+1)||_F^2 "
            f"+ (d s^2)^(L-1) ||x||^2 ||y||^2 (exact factorisation; d^L > {_DIRECT})", left, key=f"{key}.left")
    return left


@declare("GRAD-004", seed="004",
         statement="dl/dW^k = W^{k+1:L} [W^{L:1} x x^T - y x^T] W^{1:k-1} for every layer k",
         kinds=("deep_linear",), paper="standard; Lucchi 2024 (lecture 05), gradient norm slide",
         location="lines 222-225")
def _grad004(s):
    s.require(s.view.has_point, "the instance needs \"weights\" (the point)")
    widths = s.view.widths
    Ws = s.view.weight_names
    L = len(Ws)
    grad = ["grad", "deep_linear", "X", "Y", Ws]
    offset = 0
    for k in range(1, L + 1):
        rows, cols = widths[k], widths[k - 1]
        idx = list(range(offset, offset + rows * cols))
        offset += rows * cols
        G = ["unvec", ["rows", grad, idx], rows, cols]
        mid = ["sub", ["mul", *reversed(Ws), "X", ["T", "X"]], ["mul", "Y", ["T", "X"]]]
        formula = ["mul", *[["T", Ws[j - 1]] for j in range(k + 1, L + 1)], mid,
                   *[["T", Ws[j - 1]] for j in range(1, k)]]
        s.conclusion(f"k = {k}: dl/dW^{k} = W^({k + 1}:L) [W^(L:1) X X^T - Y X^T] W^(1:{k - 1})",
                     ["eq", G, formula], key=f"k{k}")


@declare("MOM-10", seed="004",
         statement="E||A W B||_F^2 = s^2 ||A||_F^2 ||B||_F^2 for W with iid zero-mean entries of variance s^2; "
                   "for random (A, B) independent of W with ||A||_F^2, ||B||_F^2 uncorrelated: "
                   "s^2 E||A||_F^2 E||B||_F^2",
         kinds=("matrices",), paper="Lucchi 2024 (lecture 05), Lemma 10", location="Lemma 10")
def _mom10(s):
    law = law_spec(s)
    s.require(any(s.view.has(n) for n in ("A", "B", "As", "Bs", "pAB")),
              "needs fixed matrices A, B or a joint law As, Bs, pAB")
    if s.view.has("A") or s.view.has("B"):
        A, B = s.need("A", "B")
        s.value("E w^2 = s^2", _m2(law), key="s2")
        s.conclusion("E||A W B||_F^2 = s^2 ||A||_F^2 ||B||_F^2",
                     ["eq", ["rw_awb", law, "A", "B"], _times(_m2(law), ["frob2", "A"], ["frob2", "B"])],
                     key="fixed")
    if s.view.has("As") or s.view.has("pAB"):
        _joint(s, law, as_written=False)


def _joint(s, law, as_written):
    """A finite joint law of (A, B), independent of W: the identity on its expectation."""
    As, Bs, P = s.need("As", "Bs", "pAB")
    N = P[1]
    s.conform(P[0] == 1 and N >= 1 and As[0] % N == 0 and Bs[0] % N == 0,
              "pAB is 1 x N and As, Bs stack N support values")
    m, q = As[0] // N, Bs[0] // N

    def A(i):
        return ["rows", "As", list(range(i * m, (i + 1) * m))]

    def B(i):
        return ["rows", "Bs", list(range(i * q, (i + 1) * q))]

    def p(i):
        return ["entry", "pAB", 0, i]

    def mean(f):
        return _add(*[_times(p(i), f(i)) for i in range(N)])
    s.hypothesis("(A, B) has a law: probabilities positive, summing to 1",
                 ["and", ["eq", mean(lambda i: ["q", "1"]), 1], *[["lt", 0, p(i)] for i in range(N)]],
                 key="joint_law")
    cross = ["sub", mean(lambda i: ["mul", ["vec", A(i)], ["T", ["vec", B(i)]]]),
             ["mul", mean(lambda i: ["vec", A(i)]), ["T", mean(lambda i: ["vec", B(i)])]]]
    if as_written:
        s.hypothesis("A, B, W uncorrelated: Cov(a_ij, b_kl) = 0 for all entries (W independent of (A, B))",
                     ["is_zero", cross], key="uncorrelated")
        s.value("E[||A||^2 ||B||^2] - E||A||^2 E||B||^2",
                ["sub", mean(lambda i: _times(["frob2", A(i)], ["frob2", B(i)])),
                 _times(mean(lambda i: ["frob2", A(i)]), mean(lambda i: ["frob2", B(i)]))], key="norm_cov")
    else:
        s.value("Cov(a_ij, b_kl) = 0 for all entries", ["is_zero", cross], key="uncorrelated")
        s.hypothesis("||A||_F^2 and ||B||_F^2 uncorrelated: E[||A||^2 ||B||^2] = E||A||^2 E||B||^2 "
                     "(e.g. A, B independent)",
                     ["eq", mean(lambda i: _times(["frob2", A(i)], ["frob2", B(i)])),
                      _times(mean(lambda i: ["frob2", A(i)]), mean(lambda i: ["frob2", B(i)]))], key="norms_uncorrelated")
    left = mean(lambda i: ["rw_awb", law, A(i), B(i)])
    s.value("E||A W B||_F^2 (over W, then the law of (A, B))", left, key="joint_left")
    s.conclusion("E||A W B||_F^2 = s^2 E||A||_F^2 E||B||_F^2",
                 ["eq", left, _times(_m2(law), mean(lambda i: ["frob2", A(i)]), mean(lambda i: ["frob2", B(i)]))],
                 key="joint")


@declare("MOM-11", seed="004", statement="E||W^{t:1} x||^2 = (d s^2)^t ||x||^2 for every t <= L",
         kinds=("matrices",), paper="Lucchi 2024 (lecture 05), Corollary 11", location="Corollary 11")
def _mom11(s):
    law = law_spec(s)
    d, L = _xyL(s, need_y=False)
    for t in range(L + 1):
        s.conclusion(f"t = {t}: E||W^(t:1) x||^2 = (d s^2)^t ||x||^2",
                     ["eq", ["rw_norm2", law, "x", t], _times(["rw_pow", _times(str(d), _m2(law)), t], ["frob2", "x"])],
                     key=f"t{t}")


@declare("MOM-12", seed="004",
         statement="E||W xi||^4 = d(d+2) s^4 E||xi||^4 + (kappa - 3) d s^4 E||xi||_4^4 for xi independent of W "
                   "(xi = W^{t:1} x, t < L, random through earlier layers)",
         kinds=("matrices",), paper="Lucchi 2024 (lecture 05), Lemma 12", location="Lemma 12")
def _mom12(s):
    law = law_spec(s)
    d, L = _xyL(s, need_y=False)
    s4 = ["rw_pow", _m2(law), 2]
    s.value("kappa = E w^4 / s^4", _times(["law_moment", law, 4], ["rw_pow", _m2(law), -2]), key="kappa")
    for t in range(L):
        right = _add(_times(str(d * (d + 2)), s4, ["rw_norm4", law, "x", t]),
                     _times(str(d), ["sub", ["law_moment", law, 4], _times("3", s4)], ["rw_quart", law, "x", t]))
        s.conclusion(f"xi = W^({t}:1) x: E||W xi||^4 = d(d+2) s^4 E||xi||^4 + (kappa-3) d s^4 E||xi||_4^4",
                     ["eq", ["rw_norm4", law, "x", t + 1], right], key=f"t{t}")


@declare("MOM-13", seed="004",
         statement="E||dl/dW^k||_F^2 <= 2 s^2 E||W^{k-1:1} x||^4 E||W^{k+1:L} W^{L:k+1}||_F^2 "
                   "+ 2 (d s^2)^{L-1} ||x||^2 ||y||^2 for iid zero-mean weights (exact: without both 2s)",
         kinds=("matrices",), paper="Lucchi 2024 (lecture 05), Lemma 13", location="Lemma 13")
def _mom13(s):
    law = law_spec(s)
    d, L = _xyL(s)
    for k in range(1, L + 1):
        left = _left(s, law, d, L, k, f"k{k}")
        t1, t2 = _exact_terms(law, d, L, k)
        right = _times("2", _add(t1, t2))
        s.conclusion(f"k = {k}: Lemma 13's bound holds", ["le", left, right], key=f"k{k}.bound")
        s.value(f"k = {k}: slack (bound - left side)", ["sub", right, left], key=f"k{k}.slack")


def _thm9_terms(law, d, L):
    s2 = _m2(law)
    rho = ["rw_pow", ["frob2", "x"], 2]
    first = _times("2/3", rho, ["rw_pow", s2, -1], ["rw_pow", _times(str(d * (d + 2)), ["rw_pow", s2, 2]), L])
    second = _times("2", ["frob2", "x"], ["frob2", "y"], ["rw_pow", _times(str(d), s2), L - 1])
    return first, second


def _thm9(s, gaussian_hypothesis: bool):
    law = law_spec(s)
    d, L = _xyL(s)
    s2 = _m2(law)
    kappa3 = ["eq", ["law_moment", law, 4], _times("3", ["rw_pow", s2, 2])]
    s.value("kappa = E w^4 / s^4", _times(["law_moment", law, 4], ["rw_pow", s2, -2]), key="kappa")
    if gaussian_hypothesis:
        ok = s.hypothesis("Gaussian weights: E w^4 = 3 s^4 (the left side depends on the law only through "
                          "E w^2 and E w^4)", kappa3, key="gaussian")
        if not ok:
            return
    first, second = _thm9_terms(law, d, L)
    s.value("right side, first term 2 rho/(3 s^2) [s^4 d(d+2)]^L", first, key="rhs_rho")
    s.value("right side, second term 2 gamma (s^2 d)^(L-1)", second, key="rhs_gamma")
    rho, gamma = ["rw_pow", ["frob2", "x"], 2], _times(["frob2", "x"], ["frob2", "y"])
    for k in range(1, L + 1):
        left = _left(s, law, d, L, k, f"k{k}")
        if gaussian_hypothesis:
            closed = _add(_times("1/3", rho, ["rw_pow", s2, -1], ["rw_pow", s2, 2 * L],
                                 ["sub", ["q", str((d * (d + 2)) ** L)],
                                  ["q", str((d * (d + 2)) ** (k - 1) * (d * (d - 1)) ** (L - k + 1))]]),
                          _times(gamma, ["rw_pow", _times(str(d), s2), L - 1]))
            s.conclusion(f"k = {k}: left side = rho/(3 s^2) s^(4L) [(d(d+2))^L - (d(d+2))^(k-1) (d(d-1))^(L-k+1)] "
                         f"+ gamma (d s^2)^(L-1) (closed form)", ["eq", left, closed], key=f"k{k}.closed_form")
        s.conclusion(f"k = {k}: E||dl/dW^k||_F^2 <= 2 rho/(3 s^2) [s^4 d(d+2)]^L + 2 gamma (s^2 d)^(L-1)",
                     ["le", left, _add(first, second)], key=f"k{k}.bound")
        s.value(f"k = {k}: slack (bound - left side)", ["sub", _add(first, second), left], key=f"k{k}.slack")


@declare("THM-9", seed="004",
         statement="Gaussian weights N(0, s^2), rho = ||x||^4, gamma = ||x||^2 ||y||^2: E||dl/dW^k||_F^2 <= "
                   "2 rho/(3 s^2) [s^4 d(d+2)]^L + 2 gamma (s^2 d)^{L-1} for every k; exactly, the left side is "
                   "rho/(3 s^2) s^{4L} [(d(d+2))^L - (d(d+2))^{k-1} (d(d-1))^{L-k+1}] + gamma (d s^2)^{L-1}",
         kinds=("matrices",), paper="Lucchi 2024 (lecture 05), Theorem 9", location="Theorem 9, lines ~236-333")
def _thm9_gauss(s):
    _thm9(s, gaussian_hypothesis=True)


@declare("THM-9-LAW", seed="004",
         statement="Theorem 9's bound for iid zero-mean weights of any law with variance s^2 (the Gaussian "
                   "hypothesis dropped)",
         kinds=("matrices",), paper="Lucchi 2024 (lecture 05), Theorem 9", location="Theorem 9",
         finding="The constants of Theorem 9 need the Gaussian fourth moment. With kurtosis kappa the left side "
                 "grows like (kappa s^4)^{L-1} already for d = 1; the zero-mean two-point law on {1, -7} "
                 "(P(1) = 7/8, kappa = 43/7 > 6) with d = 1, L = 2, x = 1, y = 0 gives E||dl/dW^1||^2 = 2107 "
                 "against the bound 2058.",
         corrected="For kappa <= 3 the bound holds (each (kappa - 3) term of the layer recursions is <= 0, so the "
                   "left side is at most the Gaussian one). In general the exact left side is "
                   "s^2 P_{k-1} T_{L-k} + (d s^2)^{L-1} ||x||^2 ||y||^2 with the recursions of "
                   "symlandscape.moments.structure (P: Lemma 12 and its ||.||_4^4 row; T: E||A^T A||_F^2).")
def _thm9_law(s):
    _thm9(s, gaussian_hypothesis=False)


@declare("AW-004-L10", seed="004",
         statement="Lemma 10, second part as written: E||A W B||_F^2 = s^2 E||A||_F^2 E||B||_F^2 when A, B, W "
                   "are merely uncorrelated",
         kinds=("matrices",), paper="Lucchi 2024 (lecture 05), Lemma 10", location="Lemma 10, second part",
         as_written=True,
         corrected="E||A W B||_F^2 = s^2 E[||A||_F^2 ||B||_F^2] for (A, B) independent of W; it factors as "
                   "s^2 E||A||_F^2 E||B||_F^2 when ||A||_F^2 and ||B||_F^2 are uncorrelated (e.g. A and B "
                   "independent). Uncorrelated entries are not enough: A = z, B = -z^2 with z uniform on "
                   "{-1, 0, 1} (1 x 1) gives s^2 * 2/3 against s^2 * 4/9.")
def _aw_l10(s):
    _joint(s, law_spec(s), as_written=True)


@declare("AW-004-XAV", seed="004",
         statement="with rho = gamma, s^4 = d(d+2) is the threshold between the two regimes of Theorem 9's bound: "
                   "below it the y term dominates, above it the y-free term does",
         kinds=("matrices",), paper="Lucchi 2024 (lecture 05), remarks after Theorem 9", location="lines 236-239",
         as_written=True,
         corrected="With rho = gamma the ratio of the bound's terms is (y-free)/(y) = s^{2L} d (d+2)^L / 3 (s^2 "
                   "written s2: s2^L d (d+2)^L / 3), so the y-free term is the larger iff s2 > (3/d)^{1/L} / (d+2), "
                   "which tends to 1/(d+2) (Xavier scale 1/d for large d), not s^4 = d(d+2); e.g. d = L = 1, "
                   "s^2 = 3/2 (s^4 = 9/4 < 3): y-free term 3 rho against 2 gamma.")
def _aw_xav(s):
    law = law_spec(s)
    d, L = _xyL(s)
    s2 = _m2(law)
    rho, gamma = ["rw_pow", ["frob2", "x"], 2], _times(["frob2", "x"], ["frob2", "y"])
    s.hypothesis("rho = gamma (||x||^4 = ||x||^2 ||y||^2)", ["eq", rho, gamma], key="rho_gamma")
    first, second = _thm9_terms(law, d, L)
    s.value("y-free term 2 rho/(3 s^2) [s^4 d(d+2)]^L", first, key="rho_term")
    s.value("y term 2 gamma (s^2 d)^(L-1)", second, key="gamma_term")
    s4 = ["rw_pow", s2, 2]
    below, above = ["lt", s4, ["q", str(d * (d + 2))]], ["lt", ["q", str(d * (d + 2))], s4]
    s.value("s^4 < d(d+2)", below, key="below")
    s.value("s^4 > d(d+2)", above, key="above")
    s.conclusion("s^4 < d(d+2) implies the y term is at least the y-free term",
                 ["or", ["not", below], ["le", first, second]], key="below_y_dominates")
    s.conclusion("s^4 > d(d+2) implies the y-free term is at least the y term",
                 ["or", ["not", above], ["le", second, first]], key="above_rho_dominates")
