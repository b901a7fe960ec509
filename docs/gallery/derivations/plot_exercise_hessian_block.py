"""
An exercise with its solution and the grader's complaints
=========================================================

``symlandscape exercise TOPIC --seed N [--solution] [--latex]`` prints a randomised exercise
whose solution the toolkit has verified by a second route; ``symlandscape grade TOPIC --seed N
ANSWER`` grades an answer exactly (a whitelist parser over Python's ``ast``, never ``eval``)
and says what is wrong. Here the topic ``dl-hessian-block`` (a block of the Hessian of a deep
linear loss), seed 2, through the Python API, then three answers: the solution, a wrong shape
and a hostile one. The figure shows the whole Hessian at the point, coloured by sign.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from symlandscape.exercises import get_topic, render_latex, render_text  # noqa: E402
from symlandscape.models import DeepLinear  # noqa: E402

topic = get_topic("dl-hessian-block")
ex = topic.generate(2)
print(render_text(ex.parts), "\n")
print("LaTeX of the statement:\n" + render_latex(ex.parts)[:600], "...\n")
print("solution:", ex.solution_text)
for answer in (ex.solution_text, "[[1, 2], [3, 4]]", "9**9**9"):
    print(f"grade {answer!r}: {topic.grade(ex, answer)}")

# the whole Hessian at the exercise's point (the same exact model the solution comes from)
d = ex.data
net = DeepLinear(d["widths"], d["X"], d["Y"])
H = np.array([[float(x) for x in row] for row in net.hessian(d["weights"]).tolist()])
fig, ax = plt.subplots(figsize=(4, 4))
ax.imshow(np.sign(H), cmap="coolwarm", vmin=-1, vmax=1)
for (i, j), v in np.ndenumerate(H):
    ax.text(j, i, f"{v:g}", ha="center", va="center", fontsize=8)
ax.set_title("Hessian at the exercise's point (sign colours)", fontsize=9)
plt.show()
