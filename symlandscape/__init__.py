"""symlandscape: exact checks of theorems about neural-network loss landscapes.

>>> import symlandscape as sl
>>> sl.inertia([[2, 0], [0, -1]])
(1, 1, 0)
>>> sl.check_claim("KRON-1", {"model": "matrices", "matrices":
...     {"A": [[1]], "B": [[2]], "C": [[3]]}}).status
'holds'
"""

import os as _os

# Threaded OpenBLAS made eigvalsh 250-500x slower on small 2-core machines; the
# user's own setting wins.
_os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from . import printing as _printing  # noqa: E402,F401  (Verdict renderers)
from .certificates.check import CertificateError, check_certificate  # noqa: E402
from .exact import InputError, QMatrix, inertia, qmatrix, rational  # noqa: E402
from .instances import Instance, load_instance, parse_instance  # noqa: E402
from .landscape import globalmin as _globalmin  # noqa: E402,F401  (registers landscape fact ops)
from .landscape.classify import Classification, classify  # noqa: E402
from .landscape.points import eigenvector_subset_point, rescaled_point, zero_layer_point  # noqa: E402
from .models import DeepLinear, ResidualLinear  # noqa: E402  (registers the model kinds)
from .printing.derivation import claim_derivation, derivation, derivation_document  # noqa: E402
from .provers.registry import Verdict, check_claim, claims, get_claim  # noqa: E402

__version__ = "0.1.0"
__all__ = ["InputError", "QMatrix", "qmatrix", "rational", "inertia", "Instance",
           "load_instance", "parse_instance", "Verdict", "check_claim", "claims", "get_claim",
           "CertificateError", "check_certificate", "DeepLinear", "ResidualLinear",
           "Classification", "classify", "eigenvector_subset_point", "zero_layer_point",
           "rescaled_point", "derivation", "claim_derivation", "derivation_document", "__version__"]
