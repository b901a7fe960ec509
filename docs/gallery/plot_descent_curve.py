"""
The loss along a certified descent curve at a higher-order saddle
=================================================================

At the origin of a deep linear network with two hidden layers (``examples/deep_linear_origin_h2.json``,
widths [2, 2, 2, 2]) the gradient and the Hessian are both zero: the inertia ``(0, 0, 12)``
cannot tell a minimum from a saddle. ``classify`` settles it with a *witness*: a polynomial
curve ``W(t) = W + t D`` through the point, recorded in the certificate, along which the loss
is an exact polynomial in ``t`` (:func:`symlandscape.landscape.curves.loss_along`) whose
lowest nonconstant term is negative on one side. The independent checker re-derives that
polynomial from the certificate by interpolation with plain fractions.
"""

import os
from fractions import Fraction

import matplotlib.pyplot as plt

import symlandscape as sl
from symlandscape.exact import QMatrix
from symlandscape.landscape.curves import curve_kind, loss_along, lowest_term

HERE = os.path.dirname(os.path.abspath(__file__)) if "__file__" in globals() else os.getcwd()
EXAMPLE = os.path.join(HERE, "..", "..", "examples", "deep_linear_origin_h2.json")

inst = sl.load_instance(EXAMPLE)
net = sl.DeepLinear(list(inst.widths), inst.env["X"], inst.env["Y"])
c = sl.classify(net, inst.weights)
print(f"verdict: {c.verdict}; inertia {c.inertia}; loss {c.loss}")
print(f"reason:  {c.reason}")
print("re-verified independently:", sl.check_certificate(c.certificate)["ok"])

# %%
# The curve is the certificate's witness: one coefficient matrix per layer and power of t.
curve = [[QMatrix(m) for m in step] for step in c.certificate["witnesses"]["curve"]]
W = [w if isinstance(w, QMatrix) else QMatrix(w) for w in inst.weights]
poly = loss_along("deep_linear", inst.env["X"], inst.env["Y"], W, curve)
deg, coeff = lowest_term(poly)
print(f"L(W + t D) = {poly}")
print(f"lowest term {coeff} t^{deg}: kind {curve_kind(poly)!r} (odd degree: the loss drops for t < 0)")

# %%
# Exact values of the polynomial at rational t, converted to floats only to draw them.
coeffs = [Fraction(int(q.p), int(q.q)) for q in poly.coeffs()]
ts = [Fraction(i, 200) for i in range(-260, 261)]
vals = [sum(a * t ** k for k, a in enumerate(coeffs)) for t in ts]
base = coeffs[0]

fig, ax = plt.subplots(figsize=(6.4, 3.8))
ax.plot([float(t) for t in ts], [float(v) for v in vals], color="#1f4e79", lw=2,
        label=f"$L(W + tD)$ (exact polynomial, degree {len(coeffs) - 1})")
ax.axhline(float(base), color="grey", ls=":", lw=1, label=f"$L(W) = {base}$")
ax.plot([0], [float(base)], "o", color="#c0392b", zorder=3, label=f"the saddle: {c.verdict}")
low = Fraction(int(coeff.p), int(coeff.q))
ax.plot([float(t) for t in ts], [float(base + low * t ** deg) for t in ts], color="#e67e22", ls="--", lw=1,
        label=f"lowest term $L(W) {'-' if low < 0 else '+'} {abs(low)}\\,t^{deg}$")
ax.set_ylim(float(base) - 4, float(base) + 6)
ax.set_xlabel("$t$")
ax.set_ylabel("loss")
ax.set_title(f"Inertia {c.inertia}: the loss still drops along the certified curve", fontsize=10)
ax.legend(fontsize=8, loc="upper left")
fig.tight_layout()
plt.show()
