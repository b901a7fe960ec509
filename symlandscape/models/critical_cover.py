r"""Two more interval fact operations: every critical point localised, and "not a local minimum".

=====================================================  =========================================
``["zeros_covered", model, X, Y, rect, [box, ...]]``   every zero of the gradient in the box
                                                       ``rect`` lies in one of the boxes
                                                       (:func:`symlandscape.enclose.cover_zeros`)
``["neg_curv_on", model, X, Y, box, u]``               ``u^T H u < 0`` for every Hessian on the
                                                       box (``u`` a rational column): a critical
                                                       point in the box is not a local minimum
=====================================================  =========================================

Like ``zero_in``, ``pd_on`` and ``loss_in`` (:mod:`.enclosed`) they are true or raise
:class:`~symlandscape.enclose.Inconclusive` (undetermined), and a run using them is
"certified (interval)". With ``zero_in`` on each box, ``zeros_covered`` enumerates the
critical points in ``rect``; ``pd_on`` or ``neg_curv_on`` then classifies each.
"""

__all__ = ["COVER_PREC"]

import flint

from ..enclose import Inconclusive, box_balls, cover_zeros, precision
from ..exact.numbers import InputError
from ..facts.fast import evaluate, register_op
from .enclosed import PREC, box_of, objective

#: Working precision (bits) of the cover's gradient enclosures (cells are not tiny).
COVER_PREC = 64
#: Most boxes a cover may name.
MAX_COVER_BOXES = 64


def _zeros_covered(env, model, X, Y, rect, boxes):
    net = objective(env, model, X, Y)
    n = net.n_params
    if not isinstance(boxes, list) or len(boxes) > MAX_COVER_BOXES:
        raise InputError(f"zeros_covered takes a list of at most {MAX_COVER_BOXES} boxes")
    R = box_of(env, rect, n)
    B = [box_of(env, b, n) for b in boxes]
    cover_zeros(lambda w: net.enclose(w)[1], R, B, prec=COVER_PREC).require()
    return True


def _neg_curv_on(env, model, X, Y, box, u):
    net = objective(env, model, X, Y)
    b = box_of(env, box, net.n_params)
    U = evaluate(u, env)
    if U.shape != (net.n_params, 1):
        raise InputError(f"neg_curv_on: u must be a {net.n_params} x 1 column, got {U.shape}")
    with precision(PREC):
        H = net.enclose(box_balls(b))[2]
        col = flint.arb_mat([[flint.arb(U.flint[i, 0])] for i in range(net.n_params)])
        q = (col.transpose() * H * col)[0, 0]
        if not (q.is_finite() and q < 0):
            raise Inconclusive(f"u^T H u on the box is {q.str(5, radius=True)}, not certainly negative")
    return True


register_op("zeros_covered", _zeros_covered)
register_op("neg_curv_on", _neg_curv_on)
