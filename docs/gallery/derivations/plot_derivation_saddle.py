"""
A LaTeX derivation: the origin of a depth-3 linear network
==========================================================

``symlandscape latex INSTANCE.json -o out.tex [--pdf]`` writes a complete document; the same
derivation is a list of steps in Python (:func:`symlandscape.derivation`), each with its LaTeX
and the SymPy object it prints. Here: the instance ``examples/deep_linear_origin_h2.json``
(widths ``[2, 2, 2, 2]``, all weights zero). Its classification section shows why the origin
is a *higher-order saddle*: the Hessian is positive semidefinite and singular, the loss is not
the global minimum, and the loss along a certified polynomial curve drops on one side and
rises on the other. The figure plots that exact loss polynomial.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import sympy  # noqa: E402

from symlandscape import derivation, derivation_document  # noqa: E402
from symlandscape.instances import parse_instance  # noqa: E402

# the example file's content (instance files are JSON; numbers exact, as strings or integers)
instance = parse_instance({
    "model": "deep_linear", "widths": [2, 2, 2, 2],
    "X": [["-32/25", "-24/25", "3/5"], ["-24/25", "-18/25", "-4/5"]],
    "Y": [[0, 0, -2], ["4/5", "3/5", 0]],
    "weights": [[[0, 0], [0, 0]], [[0, 0], [0, 0]], [[0, 0], [0, 0]]]})
steps = derivation(instance, claims=False)
document = derivation_document(steps, "The origin of a depth-3 linear network")
print(f"{len(steps)} steps, a document of {len(document.splitlines())} lines of LaTeX\n")

# the classification section, as its LaTeX source
for s in steps:
    if s.section == "Classification" and s.latex:
        print(f"% {s.title}\n{s.latex}\n")

# the loss along the curve, from the step that carries it as a SymPy object
loss = next(s.obj for s in steps if s.title == "Loss along the curve")
t = sorted(loss.free_symbols, key=str)[0]
f = sympy.lambdify(t, loss)
ts = [i / 200 for i in range(-200, 201)]
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(ts, [f(x) for x in ts])
ax.axhline(float(loss.subs(t, 0)), color="grey", lw=0.8, ls="--")
ax.set_xlabel("t")
ax.set_ylabel("loss along the curve")
ax.set_title(f"$L(W + t C_1) = {sympy.latex(loss)}$", fontsize=9)
fig.tight_layout()
plt.show()
