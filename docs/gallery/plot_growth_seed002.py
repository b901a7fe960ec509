"""
Growth of the critical loci as the hidden width grows (seed 002, section 6)
===========================================================================

Cooper's Propositions 6.1 and 6.2 compare, for a fixed data set and equal hidden widths
``n``, the dimensions of the zero-loss locus, the star and core loci and the linear spaces
``p + V`` inside level sets of critical points, and the numbers of zero Hessian
eigenvalues there. Every value below is exact: ranks of parametrisations and Jacobians,
exact Hessians by backpropagation and their exact inertia
(:func:`symlandscape.landscape.wide.growth_table`), for the data set
:data:`symlandscape.landscape.wide.GROWTH_DATA` (one input, one output, ``m = 3``
samples, three hidden layers, ``s(x) = x + x^2``), in both readings of the seed
(G: hidden biases free; S: none, ``s(0) = 0``). Dashed lines are the seed's formulas.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from symlandscape.landscape.wide import GROWTH_DATA, growth_table  # noqa: E402

D = GROWTH_DATA
WIDTHS = [4, 5, 6, 7, 8]
tables = {r: growth_table(len(D["X"]), len(D["Y"]), D["depth"], WIDTHS, D["X"], D["Y"], D["activation"],
                          reading=r) for r in ("G", "S")}

fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
colours = {"dim_min": "C0", "dim_star": "C1", "dim_core": "C2", "dim_V": "C3"}
labels = {"dim_min": "zero-loss locus", "dim_star": "star locus", "dim_core": "core locus",
          "dim_V": "linear space p + V (star point)"}
for reading, style in (("G", "-"), ("S", ":")):
    rows = tables[reading]
    for key, colour in colours.items():
        axes[0].plot(WIDTHS, [r[key] for r in rows], style, marker="o", color=colour,
                     label=f"{labels[key]} ({reading})")
for key, colour in colours.items():
    axes[0].plot(WIDTHS, [r["formula"][key] for r in tables["S"]], "--", color=colour, alpha=0.4)
axes[0].set_xlabel("hidden width n")
axes[0].set_ylabel("dimension")
axes[0].set_title("Proposition 6.1: dimensions (G solid, S dotted; seed formula dashed)")
axes[0].legend(fontsize=6, ncol=2)

zcol = {"zeros_core": "C2", "zeros_min": "C0", "zeros_star": "C3"}
zlab = {"zeros_core": "core point", "zeros_min": "global minimum", "zeros_star": "star point (critical)"}
for reading, style in (("G", "-"), ("S", ":")):
    rows = tables[reading]
    for key, colour in zcol.items():
        axes[1].plot(WIDTHS, [r[key] for r in rows], style, marker="s", color=colour,
                     label=f"{zlab[key]} ({reading})")
axes[1].plot(WIDTHS, [r["formula"]["zeros_star"] for r in tables["G"]], "--", color="C3", alpha=0.6,
             label="seed bound d (n - m) at any critical point")
axes[1].set_xlabel("hidden width n")
axes[1].set_ylabel("zero Hessian eigenvalues (exact inertia)")
axes[1].set_title("Proposition 6.2: zero eigenvalues")
axes[1].legend(fontsize=6)
for ax in axes:
    ax.set_xticks(WIDTHS)
fig.tight_layout()
