"""Test-wide hypothesis settings: exact arithmetic has no useful per-example deadline on a
loaded 2-core machine, and slow data generation is not a failure."""

from hypothesis import HealthCheck, settings

settings.register_profile("symlandscape", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("symlandscape")


import mpmath  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _restore_mpmath_precision():
    """Tests that set mpmath's global precision get it restored afterwards: a test must not
    change the precision another test's reference values are computed at (that made a
    quadrature comparison depend on the order the tests ran in)."""
    mp, iv = mpmath.mp.prec, mpmath.iv.prec
    yield
    mpmath.mp.prec, mpmath.iv.prec = mp, iv
