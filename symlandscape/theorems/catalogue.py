"""Import order here is catalogue order (THEOREMS.md)."""

from . import kron  # noqa: F401  KRON-1..5, AW-000-P5, AW-004-JAC
from . import kawaguchi  # noqa: F401  KAW-CONV, KAW-1..4, SAD-0, Q-RANK, Q-ATTAIN
from . import kawaguchi_lemmas  # noqa: F401  KAW-L1, KAW-L2, KAW-HESS, AW-000-IDX/EQ3/BAD
from . import yun_sra_jadbabaie  # noqa: F401  YSJ-*, AW-001-TRUNC
from . import baldi_hornik  # noqa: F401  BH-4..7, AW-004-BH6/THM8/DEF3
