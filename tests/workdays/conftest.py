"""Every workdays test starts and ends with an empty calendar snapshot.

The engine also notices a rolled-back write by itself (see workdays.engine); clearing here keeps one test's
calendar from ever leaking into the next, whatever a test does.
"""

import pytest

from workdays import engine


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    engine.clear_cache()
    yield
    engine.clear_cache()
