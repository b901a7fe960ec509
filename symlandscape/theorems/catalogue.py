"""The catalogue: its module order is the order of ``symlandscape claims`` (THEOREMS.md).

Importing it declares every claim.
"""

import importlib

MODULES = (
    "kron",              # KRON-1..5, AW-000-P5, AW-004-JAC
    "kawaguchi",         # KAW-CONV, KAW-1..4, SAD-0, Q-RANK, Q-ATTAIN
    "kawaguchi_lemmas",  # KAW-L1, KAW-HESS, KAW-L2, AW-000-IDX/EQ3/BAD
    "yun_sra_jadbabaie", # YSJ-*, AW-001-TRUNC
    "baldi_hornik",      # BH-4..7, AW-004-BH6/THM8/DEF3
    "feedforward",       # STAR-3.1, CORE-3.2, CORE-3.3, CORE-DIM, AW-002-3.2 (seed 002)
    "fibres",            # ZERO-MAN, FIB-5.7/5.8/5.9, WIDE-5.14, AW-002-5.14 (seed 002, fibres)
    "wide",              # WIDE-5.15..5.19, AW-002-5.16/5.19, GROW-6.1/6.2 (seed 002, very wide nets)
    "paths",             # PATH-5, PATH-6, PATH-7 (ReLU path model)
    "moments",           # GRAD-004, MOM-10..13, THM-9, THM-9-LAW, AW-004-L10/XAV (random initialisation)
    "neurons",           # AUER, SS (seed 003: interval certificates)
    "hardt_ma",          # HM-1, HM-2, AW-003-HM2 (seed 003: residual linear nets)
    "relu_neurons",      # TIAN, WU (seed 003: Gaussian ReLU units)
    "sharpness",         # KAW-4-NORANK, YSJ-2.1/2.2-NONCRIT, YSJ-2.3-NOBOUND (findings)
)
DECLARED = ("kron", "classification", "kawaguchi", "kawaguchi_lemmas", "yun_sra_jadbabaie", "baldi_hornik",
            "feedforward", "paths", "moments", "neurons", "fibres", "wide",
            "hardt_ma", "relu_neurons")

for _m in DECLARED:
    importlib.import_module(f"{__package__}.{_m}")
