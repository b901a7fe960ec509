"""Exact rationals and matrices: parsing, linear algebra, inertia, real roots."""

from .numbers import InputError, WorkLimitExceeded, rational
from .matrix import QMatrix, qmatrix
from .inertia import inertia, inertia_charpoly
from .roots import RealRoot, real_roots, descending_roots, sturm_count, isolate_real_roots

__all__ = ["InputError", "WorkLimitExceeded", "rational", "QMatrix", "qmatrix", "inertia", "inertia_charpoly",
           "RealRoot", "real_roots", "descending_roots", "sturm_count", "isolate_real_roots"]
