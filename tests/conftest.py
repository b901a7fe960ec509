"""Test-wide hypothesis settings: exact arithmetic has no useful per-example deadline on a
loaded 2-core machine, and slow data generation is not a failure."""

from hypothesis import HealthCheck, settings

settings.register_profile("symlandscape", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("symlandscape")
