"""Sharpness: theorems with one hypothesis dropped, shown false (findings).

Issue 4 asks, for each hypothesis whose removal breaks a conclusion, for the
counterexample. Registering the weakened statements makes those counterexamples
checkable like any claim (``symlandscape check KAW-4-NORANK FILE``) and their
certificates tied to this code. Each is a ``finding``: ``prove`` reports its
failure without exiting 1.

The Yun-Sra-Jadbabaie findings (YSJ-2.1-NONCRIT, YSJ-2.2-NONCRIT, YSJ-2.3-NOBOUND) are
derived claims (``derive``) in :mod:`symlandscape.theorems.yun_sra_jadbabaie`.
"""

__all__ = []

from .common import verdict
from .kawaguchi import _kaw4_facts, kaw4_rank_counterexample
from .registry import register


@register("KAW-4-NORANK", seed="000",
          statement="KAW-4 without the hypothesis rank(W_H...W_2) = p: the Hessian at any saddle "
                    "has a negative eigenvalue",
          kinds=("deep_linear",),
          instances=lambda: (kaw4_rank_counterexample(w) for w in ("origin", "small", "paper")),
          location="Theorem 1.4",
          finding="The rank hypothesis cannot be dropped: with widths [2,2,2,2], X = I, "
                  "Y = diag(2, 1), W_1 = [[2,0],[0,0]], W_2 = W_3 = [[1,0],[0,0]] the point is a "
                  "saddle (the loss drops like -t^3) whose Hessian (3, 0, 9) is PSD.",
          corrected="KAW-4 as stated (with rank(W_H...W_2) = p).")
def _kaw4_norank(inst, ev):
    _kaw4_facts(inst, ev, rank_hypothesis=False)
    return verdict(ev)
