"""symlandscape: exact checks of theorems about neural-network loss landscapes."""

import os as _os

# Threaded OpenBLAS made eigvalsh 250-500x slower on small 2-core machines; the
# user's own setting wins.
_os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from .exact import InputError, QMatrix, qmatrix, rational, inertia  # noqa: E402

__version__ = "0.1.0"
__all__ = ["InputError", "QMatrix", "qmatrix", "rational", "inertia", "__version__"]
