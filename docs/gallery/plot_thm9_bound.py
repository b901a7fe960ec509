"""
Theorem 9: the exact gradient moment against its bound
======================================================

Seed 004 (Lucchi, Theorem 9) bounds the expected squared gradient of a deep linear network
at Gaussian initialisation, ``E||dl/dW^k||_F^2 <= 2 rho/(3 s^2) [s^4 d(d+2)]^L + 2 gamma
(s^2 d)^(L-1)`` (one data point, ``rho = ||x||^4``, ``gamma = ||x||^2 ||y||^2``). The left side
is known in closed form (:func:`symlandscape.moments.gaussian_grad2_closed_form`; claims MOM-13,
THM-9), so the bound's slack can be seen exactly as the weight variance ``s^2`` varies.

The seed then says that ``s^4 = d(d+2)`` separates the regime where the ``y`` term dominates
from the one where the ``y``-free term does. AW-004-XAV shows that this is false as written:
with ``rho = gamma`` the two terms cross at ``s^2 = (3/d)^(1/L) / (d+2)``, close to the Xavier
scale, far below ``s^2 = sqrt(d(d+2))``. Here ``d = 3``, ``L = 4``, ``x = y = e_1``.
"""

from fractions import Fraction

import matplotlib.pyplot as plt

from symlandscape.moments import gaussian_grad2_closed_form, grad2, thm9_bound

d, L = 3, 4
rho = gamma = Fraction(1)            # x = y = e_1: ||x||^4 = ||x||^2 ||y||^2 = 1
# rational s^2 from 10^-2 to 10^1.5 (exact grid points; floats only for drawing)
grid = [Fraction(round(10 ** (e / 40) * 10**6), 10**6) for e in range(-80, 61)]

exact = {k: [gaussian_grad2_closed_form(d, L, k, s2, rho, gamma) for s2 in grid] for k in range(1, L + 1)}
terms = [thm9_bound(d, L, s2, rho, gamma) for s2 in grid]
bound = [a + b for a, b in terms]
# Exact checks at every grid point: the closed form equals the layer recursion of MOM-13
# (Gaussian: E w^4 = 3 s^4), and the bound holds.
for i, s2 in enumerate(grid[::10]):
    for k in range(1, L + 1):
        assert grad2(d, L, k, s2, 3 * s2 * s2, 1, 1, 1) == exact[k][10 * i]
assert all(exact[k][i] <= bound[i] for k in exact for i in range(len(grid)))
print("exact: closed form = layer recursion (every 10th grid point); left side <= bound (every grid point)")

threshold = (3 / d) ** (1 / L) / (d + 2)      # AW-004-XAV's corrected crossing (a float: a mark only)
seed_s2 = (d * (d + 2)) ** 0.5                # the seed's s^4 = d(d+2)
cross = next(s2 for s2, (a, b) in zip(grid, terms) if a >= b)
print(f"y-free term first >= y term at grid point s^2 = {float(cross):.4g}; "
      f"corrected threshold (3/d)^(1/L)/(d+2) = {threshold:.4g}; seed's sqrt(d(d+2)) = {seed_s2:.4g}")

# %%
xs = [float(s) for s in grid]
fig, ax = plt.subplots(figsize=(7, 4.4))
for k, col in zip(exact, ("#1f4e79", "#2e86c1", "#5dade2", "#85c1e9")):
    ax.plot(xs, [float(v) for v in exact[k]], color=col, lw=2 if k == 1 else 1.3,
            label=f"exact $E\\|\\partial l/\\partial W^{k}\\|_F^2$")
ax.plot(xs, [float(v) for v in bound], color="#c0392b", lw=2, label="Theorem 9 bound")
ax.plot(xs, [float(a) for a, _ in terms], color="#c0392b", ls="--", lw=1, label="$y$-free term")
ax.plot(xs, [float(b) for _, b in terms], color="#c0392b", ls=":", lw=1, label="$y$ term")
ax.axvline(threshold, color="#27ae60", lw=1.5,
           label=f"terms cross: $s^2 = (3/d)^{{1/L}}/(d+2) \\approx {threshold:.3f}$ (AW-004-XAV)")
ax.axvline(seed_s2, color="#7f8c8d", lw=1.5, ls="-.",
           label=f"seed's threshold $s^4 = d(d+2)$, $s^2 \\approx {seed_s2:.2f}$")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("weight variance $s^2$")
ax.set_ylabel("expected squared gradient norm")
ax.set_title(f"Gaussian initialisation, d = {d}, L = {L}, x = y = $e_1$", fontsize=10)
ax.legend(fontsize=7, loc="upper left")
fig.tight_layout()
plt.show()
