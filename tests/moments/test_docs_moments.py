"""The numbers in docs/moments.md are doctested (closed forms, slack table, the findings)."""

import doctest
import os

DOC = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "moments.md")


def test_moments_page_doctests():
    res = doctest.testfile(DOC, module_relative=False,
                           optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert res.attempted >= 10 and res.failed == 0
