"""The path model of ReLU networks (Choromanska et al. 2015; seed 000, section 2).

A network becomes a :class:`networkx.DiGraph` on the units; each output is the sum over
the input-to-output paths of ``q x_p Z_p prod(w)`` (eq (5)). Importing this package adds
the fact operations ``path_sum``, ``path_count``, ``relu_output`` and ``gated_expectation``.
"""

from .expansion import gated_expectation, path_expansion, path_sum
from .graph import input_output_paths, path_count, path_graph
from .spin_glass import spin_glass_form

__all__ = ["path_graph", "input_output_paths", "path_count", "path_expansion", "path_sum",
           "gated_expectation", "spin_glass_form"]
