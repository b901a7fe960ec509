r"""The spin-glass form of eq (6) of seed 000 (Choromanska et al. 2015), as SymPy polynomials.

Under A1p and A5u (independent Bernoulli(rho) gates, one per path, independent of x and w)
with ``q = 1/rho``, the expected output of eq (5) is ``sum_p X_p prod(w on p)``. A3p and A4p
(no redundancy, uniformity) say that the ``Psi`` path products are the ``Lambda^(H+1)``
products ``w_{i_1} ... w_{i_{H+1}}`` of ``Lambda = Psi^(1/(H+1))`` parameters, each tuple once.
A network realises this when ``d_x = d_1 = ... = d_H = Lambda`` and the weights are tied,
``W_k[a, b] = w_b``: the path through units ``(i_1, ..., i_{H+1})`` (input, hidden) carries
``w_{i_1} ... w_{i_{H+1}}``. A6u (each path its own input) is what lets ``X`` be a tensor of
independent entries; a real network gives ``X_{i_1..i_{H+1}} = x_{i_1}`` instead.
"""

__all__ = ["spin_glass_form"]

from itertools import product
from math import prod

import sympy

from ..exact.numbers import InputError
from .graph import input_output_paths, path_graph

#: Largest Psi :func:`spin_glass_form` expands (two polynomials with Psi terms each).
MAX_SPIN_GLASS_PATHS = 5_000


def spin_glass_form(widths) -> dict:
    """Both sides of eq (6)'s Hamiltonian for a tied network of the given widths.

    Parameters
    ----------
    widths : list of int
        ``[d_x, d_1, ..., d_H, d_y]`` with ``d_x = d_1 = ... = d_H`` (A3p/A4p by tying).

    Returns
    -------
    dict
        ``Lambda``; ``expected_output``, the gate expectation ``q sum_p X_p E[Z_p] prod(w)``
        of output 1 with ``q = 1/rho`` and one input symbol per path (A6u), summed over the
        paths of the networkx path graph; ``hamiltonian``, the sum over ``[Lambda]^(H+1)``
        of ``X_{i_1..i_{H+1}} w_{i_1} ... w_{i_{H+1}}``; ``weights``, the symbols ``w_i``.

    Examples
    --------
    >>> f = spin_glass_form([2, 2, 1])
    >>> f["Lambda"], f["hamiltonian"]
    (2, X_11*w_1**2 + X_12*w_1*w_2 + X_21*w_1*w_2 + X_22*w_2**2)
    >>> sympy.expand(f["expected_output"] - f["hamiltonian"])
    0
    >>> spin_glass_form([2, 3, 1])
    Traceback (most recent call last):
    ...
    symlandscape.exact.numbers.InputError: spin_glass_form: needs d_x = d_1 = ... = d_H (got [2, 3])

    Notes
    -----
    ``Psi = Lambda^(H+1)`` terms on each side; refused past ``MAX_SPIN_GLASS_PATHS``.
    """
    widths = [int(d) for d in widths]
    if len(widths) < 2 or min(widths) < 1:
        raise InputError(f"spin_glass_form: widths must be at least two positive integers (got {widths})")
    if len(set(widths[:-1])) != 1:
        raise InputError(f"spin_glass_form: needs d_x = d_1 = ... = d_H (got {widths[:-1]})")
    psi = prod(widths[:-1])
    if psi > MAX_SPIN_GLASS_PATHS:
        raise InputError(f"spin_glass_form: Psi = {psi:,} paths exceed the limit {MAX_SPIN_GLASS_PATHS:,}")
    return _spin_glass_form(widths)


def _spin_glass_form(widths) -> dict:
    lam, H = widths[0], len(widths) - 2
    w = sympy.symbols(f"w_1:{lam + 1}")
    rho = sympy.Symbol("rho", positive=True)

    def X(units):
        return sympy.Symbol("X_" + "".join(str(u) for u in units))

    # left: walk the path graph of the tied network (edge (k-1, v) -> (k, u) carries w_v)
    G = path_graph(widths)
    left = 0
    for path in input_output_paths(G, 1):
        units = [u for (_, u) in path[:-1]]                     # input and hidden units
        weight = prod(w[a[1] - 1] for a, b in zip(path, path[1:]) if G.has_edge(a, b))
        left += (1 / rho) * X(units) * rho * weight             # q X_p E[Z_p] prod(w), q = 1/rho
    # right: the re-indexed sum over [Lambda]^(H+1)
    right = sum(X([i + 1 for i in idx]) * prod(w[i] for i in idx) for idx in product(range(lam), repeat=H + 1))
    return {"Lambda": lam, "expected_output": sympy.expand(left), "hamiltonian": sympy.expand(right),
            "weights": w}
