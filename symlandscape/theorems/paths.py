"""The ReLU path model [seed 000, section 2; Choromanska et al. 2015; Kawaguchi 2016].

Statements only (instance families in :mod:`symlandscape.provers.paths`). Instances are
``relu`` networks ``q sigma(W_{H+1} ... sigma(W_1 X))`` (eq (4)) with a point; the fact
operations ``path_sum``, ``path_count``, ``relu_output``, ``relu_ties`` and
``gated_expectation`` are documented in :mod:`symlandscape.paths.expansion`.

Convention for a pre-activation exactly 0: ``sigma(0) = 0`` and the unit is inactive
(indicator 0); eq (5) holds with it, and PATH-5 is checked on instances that have such ties.
"""

__all__ = []

from math import prod

from .declare import declare


def _args(s) -> list:
    s.require(s.view.has_point, "the instance needs \"weights\" (the point)")
    q = s.peek(["entry", "q", 0, 0])
    return [["relu", str(q)], "X", "Y", s.view.weight_names], q


@declare("PATH-5", seed="000",
         statement="a ReLU network's output equals q * sum over input-output paths of x_path * Z_path * "
                   "prod of path weights (Z the product of the path's activation indicators); "
                   "Psi = d_x d_1 ... d_H paths per output",
         kinds=("relu",), paper="Choromanska et al. 2015, eq (5); Kawaguchi 2016, Section 5",
         location="section 2, eqs (4)-(5)")
def _path5(s):
    args, _ = _args(s)
    psi = prod(s.view.widths[:-1])
    s.value("pre-activations exactly 0 (inactive by the convention sigma(0) = 0)", ["relu_ties", *args],
            key="ties")
    s.conclusion(f"Psi = d_x d_1 ... d_H = {psi} input-output paths per output (walked on the path graph)",
                 ["eq", ["path_count", *args], psi], key="psi")
    s.conclusion("Yhat = q sum_p x_p Z_p prod_k w_p^(k) for every output and sample (eq (5))",
                 ["eq", ["path_sum", *args], ["relu_output", *args]], key="eq5")


def _int_root(n: int, k: int) -> int:
    """The largest integer r with r^k <= n (exact integer arithmetic, no floats)."""
    lo, hi = 0, 1
    while hi ** k <= n:
        hi *= 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if mid ** k <= n else (lo, mid)
    return lo


def _ones(n: int) -> list:
    return ["lit", [[1]] * n]


@declare("PATH-6", seed="000",
         statement="the spin-glass form of eq (6): with Lambda = Psi^(1/(H+1)) an integer, independent "
                   "Bernoulli(rho) gates, q = 1/rho (A1p, A5u) and Lambda non-redundant weights, each path's "
                   "product a distinct tuple w_{i_1} ... w_{i_{H+1}} (A3p, A4p), the expected output is "
                   "sum_{i_1..i_{H+1}=1}^{Lambda} X_{i_1..i_{H+1}} prod_k w_{i_k}; a loss linear in the output "
                   "is then C_1 + C_2 Lambda^(-H/2) times that sum (A7p: (1/Lambda) sum w_i^2 = 1 fixes the "
                   "scale), and A6u with A2p make X an iid Gaussian tensor (the spherical spin glass)",
         kinds=("relu",), paper="Choromanska et al. 2015, eq (6) and Theorem 3.1's assumptions",
         location="section 2, eq (6)")
def _path6(s):
    # What is checked exactly: the gate expectation of eq (5) (enumerated over every gate
    # pattern on the path graph) equals the Hamiltonian sum over [Lambda]^(H+1), which for
    # the tying W_k[a, b] = w_b (every path (i_1, ..., i_{H+1}) of input and hidden units
    # carries w_{i_1} ... w_{i_{H+1}}) factorises as (w . x) (1 . w)^H. Its inputs are
    # X_{i_1..i_{H+1}} = x_{i_1}: a network shares each input among Lambda^H paths, so A6u
    # (independent path inputs) never holds for it; A6u and A2p only decide the law of X.
    args, q = _args(s)
    widths = list(s.view.widths)
    H = len(widths) - 2
    psi = prod(widths[:-1])
    lam = _int_root(psi, H + 1)
    s.hypothesis(f"Lambda = Psi^(1/(H+1)) = {psi}^(1/{H + 1}) is an integer: floor(Lambda)^(H+1) = "
                 f"{lam}^{H + 1} equals Psi (counted on the path graph)",
                 ["eq", ["q", str(lam ** (H + 1))], ["path_count", *args]], key="lambda")
    if lam ** (H + 1) != psi:
        return
    s.hypothesis(f"d_x = d_1 = ... = d_H = Lambda = {lam}, so that tying W_k[a, b] = w_b gives every path "
                 f"a distinct tuple of the Lambda weights (A3p, A4p)",
                 ["eq", ["lit", [widths[:-1]]], ["lit", [[lam] * (H + 1)]]], key="widths")
    if widths[:-1] != [lam] * (H + 1):
        return
    Ws = s.view.weight_names
    w = ["T", ["rows", Ws[-1], [0]]]                 # w_b = W_{H+1}[1, b]
    tied = [s.hypothesis(f"the weights are tied: every row of {name} is w^T = row 1 of {Ws[-1]} (A3p, A4p)",
                         ["eq", name, ["mul", _ones(widths[k + 1]), ["T", w]]], key=f"tied{k + 1}")
            for k, name in enumerate(Ws)]
    rho_ok = s.hypothesis("q >= 1, so that rho = 1/q is a probability (A1p)",
                          ["le", 1, ["entry", "q", 0, 0]], key="rho")
    if not (all(tied) and rho_ok):
        return
    ham = ["mul", ["T", w], "X"]                     # (w . x_i) for every sample i
    for _ in range(H):
        ham = ["scale", ["entry", ["mul", ["lit", [[1] * lam]], w], 0, 0], ham]
    ham = ["mul", _ones(widths[-1]), ham]
    s.conclusion(f"E_Z[q sum_p x_p Z_p prod w] (Bernoulli({1 / q}) gates, every pattern enumerated) = "
                 f"sum over [Lambda]^(H+1) of x_(i_1) w_(i_1) ... w_(i_(H+1)) = (w . x)(1 . w)^{H} "
                 f"for every output and sample", ["eq", ["gated_expectation", *args, ["q", str(1 / q)]], ham],
                 key="eq6")


@declare("PATH-7", seed="000",
         statement="with independent Bernoulli(rho) gates Z and q = 1/rho, the expected output equals "
                   "the linear network W_{H+1} ... W_1 X (eq 7)",
         kinds=("relu",), paper="Kawaguchi 2016, Section 5 (assumptions A1p-m, A5u-m)", location="eq (7)")
def _path7(s):
    args, q = _args(s)
    Ws = s.view.weight_names
    lin = ["mul", *reversed(Ws), "X"]
    s.hypothesis("q >= 1, so that rho = 1/q is a probability", ["le", 1, ["entry", "q", 0, 0]], key="rho")
    if q < 1:
        return
    rho = 1 / q
    s.conclusion(f"E_Z[q sum_p x_p Z_p prod w] = W_{{H+1}} ... W_1 X for independent Bernoulli({rho}) gates, "
                 f"one per path (all gate patterns enumerated)",
                 ["eq", ["gated_expectation", *args, ["q", str(rho)]], lin], key="eq7")
    s.value("with the true ReLU indicators instead (they depend on x and w, violating A5u): "
            "Yhat - W_{H+1} ... W_1 X", ["sub", ["relu_output", *args], lin], key="relu_gap")
