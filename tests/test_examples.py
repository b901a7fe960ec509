"""Every registered claim can be checked on at least one shipped example file, through
the CLI as a user would (exit 0 or 1, never 2), and every example is a valid instance."""

import glob
import os

import pytest

import symlandscape as sl
from symlandscape.cli import main
from symlandscape.instances import load_instance

ROOT = os.path.join(os.path.dirname(__file__), "..")
EXAMPLES = sorted(glob.glob(os.path.join(ROOT, "examples", "*.json")))


def _first_example(claim_id):
    claim = sl.get_claim(claim_id)
    for path in EXAMPLES:
        inst = load_instance(path)
        if inst.model not in claim.kinds:
            continue
        try:
            claim.check(inst)
        except sl.InputError:
            continue  # e.g. a network claim that needs a point on a data-only file
        return path
    return None


@pytest.mark.parametrize("claim_id", sl.claims())
def test_every_claim_has_a_checkable_example(claim_id, capsys):
    path = _first_example(claim_id)
    assert path is not None, f"no example file exercises {claim_id}"
    rc = main(["check", claim_id, path])
    out, err = capsys.readouterr()
    assert rc in (0, 1), err
    assert out.startswith(f"{claim_id}: ")
