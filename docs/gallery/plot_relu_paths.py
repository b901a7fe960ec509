"""
The path graph of a small ReLU network
======================================

Choromanska et al. (2015; seed 000, section 2, eq (5)) write the output of a bias-free ReLU
network as a sum over input-output paths: ``Yhat = q sum_p x_p Z_p prod_{edges} w``, where
``Z_p`` is 1 when every unit on the path is active. The drawer
:func:`symlandscape.printing.figures.draw_path_graph` shows the path graph of widths
[3, 3, 2, 1] with the edges on active paths in red, for two samples; the check beside it is
the exact identity of eq (5) (:func:`symlandscape.paths.path_sum` against the forward pass).
"""

import os
import tempfile

import matplotlib.pyplot as plt

from symlandscape.models import ReLUNet
from symlandscape.paths import path_count, path_sum
from symlandscape.printing.figures import active_edges, draw_path_graph

widths = [3, 3, 2, 1]
X = [[1, 2], [-1, 1], [2, -1]]                  # two samples, as columns
Y = [[1, 0]]
W = [[[1, -1, 0], [0, 2, -1], [-1, 1, 1]],       # W_1: 3 x 3
     [[1, 1, -2], [-1, 2, 1]],                   # W_2: 2 x 3
     [[2, -1]]]                                  # W_3: 1 x 2
net = ReLUNet(widths, X=X, Y=Y)
print(f"widths {widths}: {path_count(widths)} input-output paths per output")
print("eq (5), path sum = forward pass (exact, both samples):", path_sum(net, W) == net.output(W))

# %%
# Draw each sample's active paths (the drawer writes a file; it is shown here as an image).
fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
with tempfile.TemporaryDirectory() as tmp:
    for ax, sample in zip(axes, (1, 2)):
        path = draw_path_graph(net, W, os.path.join(tmp, f"paths{sample}.png"), sample)
        ax.imshow(plt.imread(path))
        ax.set_axis_off()
        print(f"sample {sample}: {len(active_edges(net, W, sample))} edges on active paths")
fig.tight_layout()
plt.show()
