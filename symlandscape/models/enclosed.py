r"""Interval fact operations: certified statements about transcendental losses.

For a model kind whose network has ``enclose(balls) -> (L, g, H)`` (python-flint balls over
the weights ``theta``), three boolean operations of the fact language, each decided by a
rigorous enclosure (:mod:`symlandscape.enclose`) and *true or undetermined*: a test that does
not close raises :class:`~symlandscape.enclose.Inconclusive` (a ``WorkLimitExceeded``), so
the run is "undetermined" with the reason, never a false "fails".

===========================================  ================================================
``["zero_in", model, X, Y, box]``            the box (an ``n x 2`` matrix of rational
                                             ``[lo, hi]`` rows, theta order) contains exactly
                                             one zero of the gradient (Krawczyk)
``["pd_on", model, X, Y, box, mu]``          every Hessian on the box has eigenvalues >= mu
``["loss_in", model, X, Y, box, lo, hi]``    the loss on the box lies in ``[lo, hi]``
``["pd_on_span", model, X, Y, box, V, mu]``  every ``V^T H V`` (``H`` a Hessian on the box,
                                             ``V`` an ``n x k`` rational matrix) has
                                             eigenvalues >= mu: the Hessian restricted to
                                             the column space of V
===========================================  ================================================

A certificate using them says ``"kind": "certified (interval)"``; the independent checker
repeats each test with its own interval arithmetic (mpmath ``iv``).
"""

__all__ = ["objective", "box_of", "register_objective"]

import flint

from ..enclose import Inconclusive, box_balls, certify_pd, krawczyk, precision
from ..exact.numbers import InputError
from ..facts.fast import evaluate, register_op
from .registry import get_model

#: Working precision (bits) of the interval facts.
PREC = 128

#: Objectives that are not instance kinds (a reparameterisation of one: ``relu_circle``),
#: by name: ``factory(widths, X, Y)``.
_OBJECTIVES: dict = {}


def register_objective(name: str, factory) -> None:
    """Make ``name`` usable as the model of the interval facts without being an instance kind."""
    _OBJECTIVES[name] = factory


def objective(env, model, X, Y):
    """The network of kind ``model`` on data ``X, Y`` (fact expressions), with ``enclose``.

    ``model`` is a kind name (widths ``[d_x, d_y]``) or ``[kind, K]`` (widths ``[d_x, K, d_y]``).
    """
    name, hidden = (model, []) if isinstance(model, str) else (model[0], list(model[1:])) \
        if isinstance(model, list) and model else (None, [])
    if not isinstance(name, str) or not all(type(h) is int and h > 0 for h in hidden):
        raise InputError(f"interval fact names no model kind: {str(model)[:40]}")
    Xv, Yv = evaluate(X, env), evaluate(Y, env)
    if name in _OBJECTIVES:
        return _OBJECTIVES[name]([Xv.shape[0], *hidden, Yv.shape[0]], Xv, Yv)
    kind = get_model(name)
    widths = [Xv.shape[0], *hidden, Yv.shape[0]]    # a spec [kind, K] gives the hidden width
    kind.validate(widths)
    net = kind.factory(widths, Xv, Yv)
    if not hasattr(net, "enclose"):
        raise InputError(f"model {name!r} has no ball-arithmetic enclosure")
    return net


def box_of(env, box, n: int) -> list:
    """The box expression as ``[(lo, hi), ...]`` of ``fmpq`` (``n`` rows, lo <= hi)."""
    B = evaluate(box, env)
    if B.shape != (n, 2):
        raise InputError(f"a box for {n} parameters is an {n} x 2 matrix, got {B.shape}")
    rows = [(B.flint[i, 0], B.flint[i, 1]) for i in range(n)]
    if any(hi < lo for lo, hi in rows):
        raise InputError("a box has an interval with hi < lo")
    return rows


def _zero_in(env, model, X, Y, box):
    net = objective(env, model, X, Y)
    b = box_of(env, box, net.n_params)
    krawczyk(lambda w: net.enclose(w)[1:], b, prec=PREC).require()
    return True


def _pd_on(env, model, X, Y, box, mu):
    net = objective(env, model, X, Y)
    b = box_of(env, box, net.n_params)
    with precision(PREC):
        H = net.enclose(box_balls(b))[2]
        certify_pd(H, evaluate(mu, env)).require()
    return True


def _loss_in(env, model, X, Y, box, lo, hi):
    net = objective(env, model, X, Y)
    b = box_of(env, box, net.n_params)
    lo, hi = evaluate(lo, env), evaluate(hi, env)
    with precision(PREC):
        L = net.enclose(box_balls(b))[0]
        if not (L.is_finite() and L.lower() >= lo and L.upper() <= hi):
            raise Inconclusive(f"the loss enclosure {L.str(6, radius=True)} is not inside [{lo}, {hi}]")
    return True


def _pd_on_span(env, model, X, Y, box, V, mu):
    net = objective(env, model, X, Y)
    b = box_of(env, box, net.n_params)
    Vm = evaluate(V, env)
    if Vm.shape[0] != net.n_params or Vm.shape[1] == 0:
        raise InputError(f"pd_on_span: V must have {net.n_params} rows, got shape {Vm.shape}")
    with precision(PREC):
        H = net.enclose(box_balls(b))[2]
        Va = flint.arb_mat([[flint.arb(Vm.flint[i, j]) for j in range(Vm.shape[1])] for i in range(Vm.shape[0])])
        certify_pd(Va.transpose() * H * Va, evaluate(mu, env)).require()
    return True


register_op("zero_in", _zero_in)
register_op("pd_on_span", _pd_on_span)
register_op("pd_on", _pd_on)
register_op("loss_in", _loss_in)
