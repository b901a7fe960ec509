"""Figures (matplotlib, Agg backend): the path graph of a ReLU network with its active paths.

Kept in the printing layer: the mathematics (:mod:`symlandscape.paths`) computes, this
module only draws.
"""

__all__ = ["active_edges", "draw_path_graph", "MAX_DRAW_EDGES"]

import os

from ..exact.numbers import InputError

#: Most edges :func:`draw_path_graph` draws (each with a label; 1,680 edges took 6 s, and
#: a net of a few thousand units would draw for minutes into an unreadable figure).
MAX_DRAW_EDGES = 2_000


def active_edges(net, W, sample: int = 1) -> set:
    """Edges ``((k - 1, v), (k, u))`` that lie on at least one active input-output path at
    ``sample`` (1-based): every unit on the path, output included, has pre-activation > 0.

    >>> from symlandscape.models import ReLUNet
    >>> net = ReLUNet([1, 2, 1], X=[[1]], Y=[[0]])
    >>> sorted(active_edges(net, [[[1], [-1]], [[2, 5]]]))
    [((0, 1), (1, 1)), ((1, 1), (2, 1))]
    """
    Z = net.pattern(W)
    i = sample - 1
    widths = net.widths
    L = len(widths) - 1
    W = net.weights(W)
    live = {(L, u + 1) for u in range(widths[L]) if Z[L - 1].flint[u, i] == 1}   # active outputs
    edges = set()
    for k in range(L, 0, -1):
        reach = set()
        for (kk, u) in live:
            if kk != k:
                continue
            for v in range(1, widths[k - 1] + 1):
                ok = k == 1 or Z[k - 2].flint[v - 1, i] == 1
                if ok and W[k - 1].flint[u - 1, v - 1] != 0:
                    edges.add(((k - 1, v), (k, u)))
                    reach.add((k - 1, v))
        live |= reach
    return edges


def draw_path_graph(net, W, path: str, sample: int = 1) -> str:
    """Draw the path graph (layers left to right) with the active paths at ``sample`` in
    colour and the edge weights as labels; write ``path`` (format from its suffix: .svg,
    .png, .pdf) atomically. Returns the path."""
    edges = sum(a * b for a, b in zip(net.widths, net.widths[1:]))
    if edges > MAX_DRAW_EDGES:   # refused before matplotlib starts
        raise InputError(f"the path graph has {edges:,} edges; --draw draws at most {MAX_DRAW_EDGES:,}")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import networkx as nx

    from ..paths import path_graph
    G = path_graph(net.widths, net.weights(W))
    pos = {(k, u): (k, -(u - (d + 1) / 2)) for k, d in enumerate(net.widths) for u in range(1, d + 1)}
    on = active_edges(net, W, sample)
    fig, ax = plt.subplots(figsize=(1.8 * len(net.widths) + 1, 0.8 * max(net.widths) + 1.5))
    nx.draw_networkx_nodes(G, pos, ax=ax, node_size=420, node_color="#dddddd", edgecolors="#444444")
    nx.draw_networkx_labels(G, pos, ax=ax, labels={n: f"{n[1]}" for n in G}, font_size=8)
    off = [e for e in G.edges if e not in on]
    nx.draw_networkx_edges(G, pos, ax=ax, edgelist=off, edge_color="#bbbbbb", style="dashed", arrows=False)
    nx.draw_networkx_edges(G, pos, ax=ax, edgelist=sorted(on), edge_color="#c0392b", width=2.2, arrows=False)
    nx.draw_networkx_edge_labels(G, pos, ax=ax, font_size=6, label_pos=0.3,
                                 edge_labels={e: str(G.edges[e]["weight"]) for e in G.edges})
    ax.set_title(f"ReLU path graph, widths {net.widths}: {len(on)} edges on active paths at sample {sample}",
                 fontsize=9)
    ax.set_axis_off()
    fmt = os.path.splitext(path)[1].lstrip(".").lower() or "svg"
    tmp = f"{path}.tmp{os.getpid()}.{fmt}"
    try:
        fig.savefig(tmp, format=fmt, bbox_inches="tight")
        os.replace(tmp, path)
    finally:
        plt.close(fig)
        if os.path.exists(tmp):
            os.remove(tmp)
    return path
