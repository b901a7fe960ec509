"""vec/Kronecker calculus on exact and symbolic matrices."""

from .kron import vec, unvec, kron, commutation

__all__ = ["vec", "unvec", "kron", "commutation"]
