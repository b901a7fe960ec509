"""Build a network model from a model name and widths (as instance files give them)."""

__all__ = ["make_network"]

from ..exact.numbers import InputError


def make_network(model: str, widths, X, Y):
    """The network of an instance: ``"deep_linear"`` or ``"residual_linear"``.

    >>> make_network("residual_linear", [1, 1, 1], [[1]], [[2]]).H
    1
    """
    from .linear import DeepLinear, ResidualLinear
    widths = list(widths)
    if model == "deep_linear":
        return DeepLinear(widths, X, Y)
    if model == "residual_linear":
        if len(set(widths)) != 1:
            raise InputError("a residual linear network has all widths equal")
        return ResidualLinear(widths[0], X, Y, H=len(widths) - 2)
    raise InputError(f"model {model!r} is not a network (known: deep_linear, residual_linear)")
