"""The path graph of a feedforward network: nodes ``(layer, unit)``, edges carrying weights.

Layers are numbered 0 (inputs) to H + 1 (outputs) and units from 1, as the seeds write
them; the edge ``(k - 1, v) -> (k, u)`` carries ``W_k[u, v]``.
"""

__all__ = ["path_graph", "input_output_paths", "path_count"]

from math import prod

import networkx as nx
import sympy


def path_graph(widths, W=None, symbol: str = "w") -> nx.DiGraph:
    """The network's path graph.

    Parameters
    ----------
    widths : list of int
        ``[d_x, d_1, ..., d_H, d_y]``.
    W : list of matrices, optional
        Exact weights (``QMatrix`` or nested lists); without them the edges carry SymPy
        symbols ``w{k}_{u}{v}`` (the entry ``W_k[u, v]``, 1-based).

    Examples
    --------
    >>> G = path_graph([2, 3, 1])
    >>> G.number_of_nodes(), G.number_of_edges()
    (6, 9)
    >>> G.edges[(0, 1), (1, 2)]["weight"]
    w1_21
    >>> from fractions import Fraction
    >>> path_graph([1, 1], [[["1/2"]]]).edges[(0, 1), (1, 1)]["weight"]
    Fraction(1, 2)
    """
    G = nx.DiGraph()
    for k, d in enumerate(widths):
        G.add_nodes_from(((k, u) for u in range(1, d + 1)), layer=k)
    for k in range(1, len(widths)):
        rows = None if W is None else _rows(W[k - 1])
        for u in range(1, widths[k] + 1):
            for v in range(1, widths[k - 1] + 1):
                w = sympy.Symbol(f"{symbol}{k}_{u}{v}") if rows is None else rows[u - 1][v - 1]
                G.add_edge((k - 1, v), (k, u), weight=w)
    return G


def _rows(M) -> list:
    from fractions import Fraction
    if hasattr(M, "tolist"):
        return M.tolist()
    return [[Fraction(str(x)) for x in r] for r in M]


def input_output_paths(G: nx.DiGraph, output: int):
    """Every path from an input unit to output unit ``output`` (1-based), as node lists.

    >>> G = path_graph([2, 2, 1])
    >>> sorted(input_output_paths(G, 1))[:2]
    [[(0, 1), (1, 1), (2, 1)], [(0, 1), (1, 2), (2, 1)]]
    """
    last = max(k for k, _ in G.nodes)
    target = (last, output)
    if target not in G:
        raise ValueError(f"output {output} is not a unit of the last layer")
    for v in sorted(u for k, u in G.nodes if k == 0):
        yield from nx.all_simple_paths(G, (0, v), target)


def path_count(widths) -> int:
    """``Psi = d_x d_1 ... d_H``: the number of input-to-output paths per output.

    >>> path_count([3, 4, 5, 2])
    60
    """
    return prod(widths[:-1])
