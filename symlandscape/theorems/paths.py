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
