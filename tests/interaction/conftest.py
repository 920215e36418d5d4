"""Fixtures of 互动交流's tests: the small test district's office and two streets' officers, a clean cache for
the rate limits, and a helper that submits a message through the service."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture(autouse=True)
def _clean_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def officer_s1(d):
    from organizations.models import Role
    from tests.factories import member

    return member(Role.OFFICER, d["s1"], "officer_s1")


@pytest.fixture
def officer_s2(d):
    from organizations.models import Role
    from tests.factories import member

    return member(Role.OFFICER, d["s2"], "officer_s2")


@pytest.fixture
def submit(d):
    from interaction import services

    def make(*, unit="s1", received=date(2026, 3, 2), consent=True, kind="consult", **fields):
        values = {
            "subject": "咨询入学材料",
            "body": "请问需要哪些材料？",
            "name": "王小明",
            "phone": "13912345678",
            "email": "wxm@example.cn",
            **fields,
        }
        return services.submit(
            kind=kind, consent=consent, unit=d[unit] if unit else None, today=received, **values
        )

    return make
