r"""Rigorous localisation of every zero of a gradient in a box (branch and bound).

:func:`cover_zeros` proves that every zero of ``g`` in the rectangle ``rect`` lies in the union
of the given boxes: it bisects ``rect`` (a fixed, deterministic order: the widest coordinate,
at the exact midpoint) and drops a cell when it lies inside one of the boxes or when the ball
enclosure of ``g`` over the cell excludes 0 in some coordinate. Every cell must be dropped
before ``max_cells`` cells have been examined, or the outcome is "undetermined".

With a Krawczyk certificate for each box (exactly one zero in it), this enumerates the zeros
of ``g`` in ``rect``: a critical point is then in exactly one of the boxes, and classifying
the boxes (positive definite, or a direction of negative curvature) classifies them all.
The independent checker runs the same bisection with its own interval arithmetic.
"""

__all__ = ["cover_zeros", "MAX_CELLS"]

from typing import Callable

import flint

from .core import Outcome, _fq, box_balls, precision

#: Most cells one cover may examine (each costs one enclosure of the gradient).
MAX_CELLS = 200_000


def _inside(cell, box) -> bool:
    return all(b[0] <= c[0] and c[1] <= b[1] for c, b in zip(cell, box))


def cover_zeros(grad: Callable, rect, boxes, prec: int = 64, max_cells: int = MAX_CELLS) -> Outcome:
    """Does every zero of ``grad`` in ``rect`` lie in one of ``boxes``?

    Parameters
    ----------
    grad : callable
        ``grad(balls)`` -> list of ``arb``: the gradient enclosed over the balls.
    rect, boxes : list of (lo, hi), list of such
        Rational endpoints.
    prec : int
        Working precision (bits).
    max_cells : int
        Work limit.

    Returns
    -------
    Outcome
        ``certified`` with ``value`` the number of cells examined, or ``undetermined`` naming
        the first cell that could neither be excluded nor placed in a box.

    Examples
    --------
    ``g(x) = x^2 - 2`` on [-2, 2]: its zeros +-sqrt(2) lie in the two boxes; one box is not enough.

    >>> g = lambda x: [x[0] ** 2 - 2]
    >>> q = flint.fmpq
    >>> cover_zeros(g, [(-2, 2)], [[(q(-3, 2), q(-5, 4))], [(q(5, 4), q(3, 2))]]).status
    'certified'
    >>> cover_zeros(g, [(-2, 2)], [[(q(5, 4), q(3, 2))]], max_cells=500).status
    'undetermined'

    Notes
    -----
    Cost: one gradient enclosure per examined cell; the cells near a box boundary multiply
    with the depth the bisection needs, ~ (log of rect width / box width) per coordinate.
    """
    rect = [(_fq(a), _fq(b)) for a, b in rect]
    boxes = [[(_fq(a), _fq(b)) for a, b in bx] for bx in boxes]
    if any(len(b) != len(rect) for b in boxes):
        return Outcome("undetermined", "a box has the wrong dimension")
    stack, seen = [rect], 0
    with precision(prec):
        while stack:
            cell = stack.pop()
            seen += 1
            if seen > max_cells:
                return Outcome("undetermined", f"more than {max_cells} cells needed to cover the rectangle")
            if any(_inside(cell, b) for b in boxes):
                continue
            g = grad(box_balls(cell))
            if any(x.is_finite() and (x > 0 or x < 0) for x in g):
                continue
            k = max(range(len(cell)), key=lambda i: cell[i][1] - cell[i][0])
            lo, hi = cell[k]
            if hi - lo < flint.fmpq(1, 2 ** 60):
                return Outcome("undetermined", f"a cell near {[float(a) for a, _ in cell]} is neither excluded "
                                               f"nor inside a box")
            mid = (lo + hi) / 2
            for part in ((lo, mid), (mid, hi)):
                stack.append(cell[:k] + [part] + cell[k + 1:])
    return Outcome("certified", f"every zero of the gradient in the rectangle lies in one of the {len(boxes)} "
                                f"boxes ({seen} cells examined)", seen)
