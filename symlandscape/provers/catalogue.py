"""Importing this module registers every prover (instance families, witness finders)."""

import importlib

MODULES = ("kron", "kawaguchi", "kawaguchi_lemmas", "yun_sra_jadbabaie", "baldi_hornik", "feedforward", "paths",
           "moments", "neurons", "fibres", "wide", "hardt_ma", "relu_neurons")

for _m in MODULES:
    importlib.import_module(f"{__package__}.{_m}")
