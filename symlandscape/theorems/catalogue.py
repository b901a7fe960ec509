"""Import order here is catalogue order (THEOREMS.md)."""

from . import kron  # noqa: F401  KRON-1..5 and the matrix-calculus AW statements
