"""
Certified spurious minima of Safran-Shamir networks, K = 6..20
==============================================================

For every K from 6 to 20 the population loss of K ReLU units against K orthonormal teacher
units (x ~ N(0, I_K), output weights 1) has a certified spurious local minimum: a box of
half-width 2^-30 around the stored centre contains exactly one zero of the gradient
(Krawczyk), every Hessian on the box has eigenvalues >= mu > 0, and the loss on the box lies
in an interval above the global minimum value 0. The numbers are the stored results of
``proofs/safran_shamir.py --write`` (``symlandscape/data/ss_minima.json``); nothing is
re-certified here.
"""

from fractions import Fraction

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from symlandscape.provers.neurons import ss_minima  # noqa: E402

Ks, lo, hi, mu, secs = [], [], [], [], []
for K, e in sorted(ss_minima().items()):
    c = e.get("certified")
    if c and c.get("status") == "holds":
        Ks.append(K)
        a, b = (float(Fraction(x)) for x in c["loss"])
        lo.append(a)
        hi.append(b)
        mu.append(float(Fraction(c["mu"])))
        secs.append(c["seconds_certify"])

fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(13, 3.8))
mid = [(a + b) / 2 for a, b in zip(lo, hi)]
ax1.errorbar(Ks, mid, yerr=[[m - a for m, a in zip(mid, lo)], [b - m for m, b in zip(mid, hi)]], fmt="o",
             color="C3", capsize=3)
ax1.axhline(0, color="k", lw=0.8)
ax1.set_ylim(bottom=-0.002)
ax1.set_xlabel("K")
ax1.set_ylabel("loss enclosure")
ax1.set_title("certified loss (global minimum: 0)")
ax2.semilogy(Ks, mu, "s", color="C0")
ax2.set_xlabel("K")
ax2.set_ylabel("mu")
ax2.set_title("certified lower bound on lambda_min(Hessian)")
ax3.semilogy(Ks, secs, "^", color="C2")
ax3.set_xlabel("K (K^2 parameters)")
ax3.set_ylabel("CPU seconds")
ax3.set_title("CPU seconds to certify")
for ax in (ax1, ax2, ax3):
    ax.set_xticks(Ks)
    ax.grid(alpha=0.3)
fig.tight_layout()
plt.show()
