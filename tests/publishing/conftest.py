"""The publishing tests use the shared district, office users, field and edition release of tests/conftest.py,
with a fresh working-day calendar cache around every test."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_calendar(fresh_calendar_cache):
    yield
