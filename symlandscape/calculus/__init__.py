"""vec/Kronecker calculus on exact and symbolic matrices."""

from .kron import commutation, kron, unvec, vec

__all__ = ["vec", "unvec", "kron", "commutation"]
