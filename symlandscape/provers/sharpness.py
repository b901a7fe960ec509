"""Sharpness: theorems with one hypothesis dropped, shown false (findings).

Issue 4 asks, for each hypothesis whose removal breaks a conclusion, for the
counterexample (KAW-4-NORANK is declared with ``derive`` in
:mod:`symlandscape.theorems.kawaguchi`, its instances in :mod:`symlandscape.provers.kawaguchi`). Registering the weakened statements makes those counterexamples
checkable like any claim (``symlandscape check KAW-4-NORANK FILE``) and their
certificates tied to this code. Each is a ``finding``: ``prove`` reports its
failure without exiting 1.
"""

__all__ = []

from .common import verdict
from .registry import register
from .yun_sra_jadbabaie import _theorem_2x, residual_population_facts, sharpness_instances


def _noncrit(case):
    return lambda: iter([sharpness_instances()[f"YSJ-{case} non-critical"]])


@register("YSJ-2.1-NONCRIT", seed="001",
          statement="YSJ-2.1 at any point, critical or not: global minimum iff rank(W_{H+1}...W_1) = k",
          kinds=("deep_linear",), instances=_noncrit("2.1"), location="Theorem 2.1",
          finding="Criticality cannot be dropped: widths [1,1,1], X = Y = [[1]], W = (1, 2) has a "
                  "full-rank product and loss 1/2 > 0 = inf L.",
          corrected="YSJ-2.1 as stated (at critical points).")
def _ysj21_noncrit(inst, ev):
    _theorem_2x(inst, ev, "2.1", require_critical=False)
    return verdict(ev)


@register("YSJ-2.2-NONCRIT", seed="001",
          statement="YSJ-2.2 at any point, critical or not: global minimum iff rank = k and "
                    "col(W_{H+1}...W_{p+1}) = col(Uhat)",
          kinds=("deep_linear",), instances=_noncrit("2.2"), location="Theorem 2.2",
          finding="Criticality cannot be dropped: a global minimum with W_1 doubled keeps rank k "
                  "and col(W_2) = col(Uhat) but is not a minimum.",
          corrected="YSJ-2.2 as stated (at critical points).")
def _ysj22_noncrit(inst, ev):
    _theorem_2x(inst, ev, "2.2", require_critical=False)
    return verdict(ev)


@register("YSJ-2.3-NOBOUND", seed="001",
          statement="YSJ-2.3 without sigma_max(W_i) < 1: every critical point of the residual "
                    "population risk is a global minimum",
          kinds=("residual_linear",),
          instances=lambda: iter([sharpness_instances()["YSJ-2.3 sigma_max = 1"]]),
          location="Corollary 2.3",
          finding="The spectral bound cannot be dropped: d = 1, R = 3, W = (-1, -1) (sigma_max = 1) "
                  "is critical with risk 9/2 + d/2, above the minimum d/2.",
          corrected="YSJ-2.3 as stated (sigma_max(W_i) < 1 for all i).")
def _ysj23_nobound(inst, ev):
    residual_population_facts(inst, ev, bound_is_hypothesis=False)
    return verdict(ev)
