"""Matrix-calculus claims KRON-1 ... KRON-5 [seed 000, lines 41-52]."""

__all__ = []

from .instancegen import matrices_instances
from .registry import register


def _kron1_instances():
    yield from matrices_instances({"A": (2, 3), "B": (3, 2), "C": (2, 2)}, seeds=range(3))
    yield from matrices_instances({"A": (1, 2), "B": (2, 1), "C": (1, 3)}, seeds=range(2), rank={"B": 0})


@register("KRON-1", seed="000", statement="vec(ABC) = (C^T kron A) vec(B)",
          kinds=("matrices",), instances=_kron1_instances)
def _kron1(inst, ev):
    A, B, C = (inst.matrix(k) for k in "ABC")
    if A.shape[1] != B.shape[0] or B.shape[1] != C.shape[0]:
        from ..exact.numbers import InputError
        raise InputError(f"KRON-1 needs A (m x n), B (n x p), C (p x q); got {A.shape}, {B.shape}, {C.shape}")
    ev.conclusion("vec(ABC) = (C^T kron A) vec(B)",
                  ["eq", ["vec", ["mul", "A", "B", "C"]], ["mul", ["kron", ["T", "C"], "A"], ["vec", "B"]]])
