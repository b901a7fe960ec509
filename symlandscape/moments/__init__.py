"""Exact expectations of polynomials in independent random weights (seed 004, Lemma 10 to
Theorem 9): laws, the expectation operator, and the fast structured moments of Theorem 9.

Importing this package adds the fact operations of :mod:`.facts`.
"""

from . import facts as _facts  # noqa: F401  (registers the fact operations)
from .expect import enumerate_expectation, expect, weight_matrix
from .laws import Discrete, Gaussian, Law, MomentLaw, rademacher, three_point, two_point
from .structure import (
                        aat_moment,
                        chain_moments,
                        gaussian_grad2_closed_form,
                        grad2,
                        grad2_law,
                        symbolic_grad2,
                        thm9_bound,
)

__all__ = ["Law", "Gaussian", "MomentLaw", "Discrete", "rademacher", "three_point", "two_point",
           "expect", "enumerate_expectation", "weight_matrix", "chain_moments", "aat_moment", "grad2",
           "grad2_law", "gaussian_grad2_closed_form", "symbolic_grad2", "thm9_bound"]
