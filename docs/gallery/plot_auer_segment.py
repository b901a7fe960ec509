"""
Two certified local minima of a sigmoid neuron (Auer et al.)
============================================================

The loss ``L(w) = 1/2 sum_i (sigma(w . x_i) - y_i)^2`` of a single sigmoid neuron on the
bundled data set of claim AUER (d = 2, m = 4), along the segment between its two certified
local minima, and on the plane around them. The minima are the stored certified boxes
(``symlandscape/data/auer_minima.json``, written by ``proofs/auer.py``): each box of
half-width 2^-30 contains exactly one zero of the gradient (Krawczyk test), every Hessian on
it has eigenvalues >= mu > 0, and the loss on it lies in the recorded interval. The curve is
drawn in floats (a picture, not a verdict); the markers are the certified loss intervals.
"""

import json
import os
from fractions import Fraction

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import symlandscape  # noqa: E402
from symlandscape.models import SigmoidNeuron  # noqa: E402

path = os.path.join(os.path.dirname(symlandscape.__file__), "data", "auer_minima.json")
with open(path) as f:
    data = json.load(f)["data_sets"][0]
net = SigmoidNeuron([len(data["X"]), 1], data["X"], data["Y"])
minima = data["minima"]
centres = [np.array([float((Fraction(a) + Fraction(b)) / 2) for a, b in m["box"]]) for m in minima]
losses = [[float(Fraction(x)) for x in m["loss"]] for m in minima]

a, b = centres
t = np.linspace(-0.3, 1.3, 400)
curve = [net.float_derivatives(a + s * (b - a))[0] for s in t]

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
ax1.plot(t, curve, color="C0", label="loss along w(t) = (1 - t) w1 + t w2")
for s, (lo, hi), k in zip((0, 1), losses, (1, 2)):
    ax1.errorbar([s], [(lo + hi) / 2], yerr=[[(hi - lo) / 2]], fmt="o", color="C3", capsize=4,
                 label="certified minima (loss enclosures)" if k == 1 else None)
    ax1.annotate(f"min {k}: L in [{lo:.7f}, {hi:.7f}]", (s, (lo + hi) / 2), textcoords="offset points",
                 xytext=(8, 10 if k == 1 else -16), fontsize=8)
ax1.set_xlabel("t")
ax1.set_ylabel("loss")
ax1.set_title("segment between the two certified minima")
ax1.legend(fontsize=8, loc="center right")

lo_ = np.minimum(a, b) - 1.0
hi_ = np.maximum(a, b) + 1.0
g1, g2 = np.meshgrid(np.linspace(lo_[0], hi_[0], 160), np.linspace(lo_[1], hi_[1], 160))
Z = np.array([[net.float_derivatives(np.array([x, y]))[0] for x, y in zip(r1, r2)] for r1, r2 in zip(g1, g2)])
cs = ax2.contourf(g1, g2, Z, levels=30, cmap="viridis")
fig.colorbar(cs, ax=ax2, label="loss")
ax2.plot([a[0], b[0]], [a[1], b[1]], "w--", lw=1)
for k, c in enumerate(centres, 1):
    ax2.plot(*c, "r*", ms=12)
    ax2.annotate(f"min {k}", c, textcoords="offset points", xytext=(6, 6), color="w")
ax2.set_xlabel("w_1")
ax2.set_ylabel("w_2")
ax2.set_title("loss on the plane (floats)")
fig.tight_layout()
plt.show()
