"""Declarations: the catalogue order follows THEOREMS.md (an independent source), derived
claims drop exactly their hypotheses, and the checker-facing registry loads no prover."""

import re
from pathlib import Path

import pytest

import symlandscape as sl
from symlandscape.theorems.declare import _forget, declare, derive, get_claim

THEOREMS = Path(__file__).resolve().parents[3] / "shared" / "THEOREMS.md"


@pytest.mark.skipif(not THEOREMS.exists(), reason="../shared/THEOREMS.md not available")
def test_catalogue_order_follows_theorems_md():
    text = THEOREMS.read_text(encoding="utf-8")
    order = {cid: text.find(f"| {cid} |") for cid in sl.claims()}
    listed = [c for c in sl.claims() if order[c] >= 0 and not c.endswith(("-NORANK", "-NONCRIT", "-NOBOUND"))]
    by_section = sorted(listed, key=lambda c: order[c])
    # within each source module the catalogue keeps THEOREMS.md's order (theorems among
    # themselves, and the as-written statements of its last section among themselves)
    for mod in {get_claim(c).module for c in listed}:
        for aw in (False, True):
            ours = [c for c in listed if get_claim(c).module == mod and c.startswith("AW-") == aw]
            theirs = [c for c in by_section if get_claim(c).module == mod and c.startswith("AW-") == aw]
            assert ours == theirs, mod


def test_every_claim_has_metadata():
    for cid in sl.claims():
        c = sl.get_claim(cid)
        assert re.fullmatch(r"[A-Z][A-Z0-9.\-]+", cid)
        assert c.seed in ("000", "001", "002", "003", "004") and c.statement and c.kinds
        assert not (c.as_written and c.finding), cid
        if c.as_written:
            assert cid.startswith("AW-") and c.corrected, cid


def test_derive_drops_a_hypothesis_in_one_line():
    @declare("DEMO-D", seed="000", statement="rank A = 1 implies A^T A singular", kinds=("matrices",))
    def _demo(s):
        s.need("A")
        s.hypothesis("rank A = 1", ["eq", ["rank", "A"], 1], key="rank1")
        s.conclusion("A^T A singular", ["eq", ["det", ["mul", ["T", "A"], "A"]], 0], key="singular")
    from symlandscape.instances import parse_instance
    from symlandscape.provers.registry import check_instance
    try:
        d = derive("DEMO-D", "DEMO-D-NORANK", drop={"rank1"}, finding="needs rank 1")
        inst = parse_instance({"model": "matrices", "matrices": {"A": [[1, 0], [0, 1]]}})
        assert check_instance(get_claim("DEMO-D"), inst).status == "hypotheses not met"
        v = check_instance(d, inst)
        assert v.status == "fails" and [f["role"] for f in v.facts] == ["value", "conclusion"]
        assert sl.check_certificate(v.certificate)["status"] == "fails"
    finally:
        _forget("DEMO-D")
        _forget("DEMO-D-NORANK")
