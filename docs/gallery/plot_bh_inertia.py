"""
Exact Hessian inertia at every critical family of a Baldi-Hornik network
========================================================================

Baldi and Hornik (1989; seed 004, Theorems 6 and 7): the critical points of a two-layer linear
network ``W_2 W_1`` are indexed by the invariant subspaces ``V`` of
``Sigma = Y X^+ X Y^T`` that fit the hidden layer, the product being ``P_V Y X^+``; only the
subspace of the top eigenvalues is a (global) minimum, every other family is a saddle.
Here widths [3, 2, 3], ``X = I`` and ``Y`` chosen so that ``Sigma`` has the distinct
eigenvalues 9, 4 and 1. :func:`symlandscape.landscape.families.family_points` gives one
exact point per family, :func:`symlandscape.classify` its verdict and the exact inertia
``(n+, n-, n0)`` of the 12 x 12 Hessian.
"""

import matplotlib.pyplot as plt

import symlandscape as sl
from symlandscape.exact import QMatrix
from symlandscape.landscape.families import family_points, invariant_blocks
from symlandscape.landscape.globalmin import sigma_matrix

widths = [3, 2, 3]
X = QMatrix([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
Y = QMatrix([[2, 1, 0], [1, 2, 0], [0, 0, 2]])
S = sigma_matrix(X, Y)
print("Sigma =", [[str(v) for v in row] for row in S.tolist()])
blocks = invariant_blocks(S)              # rational eigenvectors, largest eigenvalue first
eig = [((S @ b).T @ b)[0, 0] / (b.T @ b)[0, 0] for b in blocks]
print("eigenvalues of Sigma (one block each):", [str(e) for e in eig])

net = sl.DeepLinear(widths, X, Y)
rows = []
for label, W in family_points(widths, X, Y):
    idx = [int(i) for i in label[label.index("{") + 1:label.index("}")].split(",") if i.strip()]
    name = "V = 0" if not idx else "V: eigenvalues " + ", ".join(str(eig[i - 1]) for i in idx)
    c = sl.classify(net, W)
    assert sl.check_certificate(c.certificate)["ok"]    # each verdict re-verified independently
    rows.append((name, c.inertia, c.verdict, c.loss))
    print(f"{name:<28} inertia {c.inertia}  {c.verdict:<15} loss {c.loss}")

# %%
# One bar per family: the counts of positive, negative and zero eigenvalues of the Hessian.
colours = {"n+": "#2e86c1", "n-": "#c0392b", "n0": "#aab7b8"}
fig, ax = plt.subplots(figsize=(7, 0.55 * len(rows) + 1.4))
for i, (name, (npos, nneg, nzero), verdict, loss) in enumerate(rows):
    left = 0
    for key, n in zip(("n+", "n-", "n0"), (npos, nneg, nzero)):
        ax.barh(i, n, left=left, color=colours[key], edgecolor="white", label=key if i == 0 else None)
        if n:
            ax.text(left + n / 2, i, str(n), ha="center", va="center", fontsize=8, color="white")
        left += n
    ax.text(left + 0.3, i, f"{verdict}, loss {loss}", va="center", fontsize=8)
ax.set_yticks(range(len(rows)), [r[0] for r in rows], fontsize=8)
ax.invert_yaxis()
ax.set_xlim(0, sum(rows[0][1]) + 7)
ax.set_xlabel("eigenvalues of the 12 x 12 Hessian (exact inertia)")
ax.set_title("Baldi-Hornik, widths [3, 2, 3]: inertia (n+, n-, n0) per critical family", fontsize=10)
ax.legend(loc="lower right", fontsize=8)
fig.tight_layout()
plt.show()
