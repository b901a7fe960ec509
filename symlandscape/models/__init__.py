"""Network models with exact losses and derivatives."""

from .linear import LinearChain, DeepLinear, ResidualLinear

__all__ = ["LinearChain", "DeepLinear", "ResidualLinear"]
