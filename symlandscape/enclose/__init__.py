"""Rigorous enclosures on python-flint ``arb`` balls (see :mod:`.core`)."""

from .core import (
                   Inconclusive,
                   Outcome,
                   ball,
                   box_balls,
                   box_midpoint,
                   certify_indefinite,
                   certify_pd,
                   eig_lower_bound,
                   krawczyk,
                   loss_bounds,
                   pd_exact,
                   precision,
                   to_fmpq,
)
from .cover import cover_zeros

__all__ = ["Inconclusive", "Outcome", "ball", "box_balls", "box_midpoint", "krawczyk", "certify_pd",
           "eig_lower_bound", "certify_indefinite", "loss_bounds", "pd_exact", "precision", "to_fmpq",
           "cover_zeros"]
