"""The demo app's tests (load_demo and its loaders), with a fresh working-day calendar cache around every test."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_calendar(fresh_calendar_cache):
    yield
