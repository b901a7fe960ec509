"""Exact rationals and matrices: parsing, linear algebra, inertia, real roots."""

from .inertia import inertia, inertia_charpoly
from .matrix import QMatrix, qmatrix
from .numbers import InputError, WorkLimitExceeded, rational
from .roots import RealRoot, descending_roots, isolate_real_roots, real_roots, sturm_count

__all__ = ["InputError", "WorkLimitExceeded", "rational", "QMatrix", "qmatrix", "inertia", "inertia_charpoly",
           "RealRoot", "real_roots", "descending_roots", "sturm_count", "isolate_real_roots"]
