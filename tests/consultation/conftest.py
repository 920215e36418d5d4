"""Fixtures of 征求意见's tests: the small test district's office and two streets' officers, a clean cache for
the rate limits, and a helper that opens a consultation through the service."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone


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
def kind():
    from consultation.models import Kind

    return lambda code="major": Kind.objects.get(code=code)


@pytest.fixture
def make(office, d, kind):
    from consultation import services

    def open_one(
        *,
        unit="s1",
        code="major",
        opens_on=None,
        days=None,
        reason="",
        title="关于老旧小区加装电梯的实施办法（征求意见稿）",
    ):
        return services.open_consultation(
            user=office,
            unit=d[unit],
            kind=kind(code),
            title=title,
            draft="第一条 为了方便居民出行，制定本办法。\n第二条 ……",
            explanation="起草背景：本区老旧小区多为六层以下住宅，无电梯。",
            basis="《中华人民共和国民法典》第二百七十八条",
            opens_on=opens_on or timezone.localdate() - timedelta(days=1),
            days=days,
            reason=reason,
        )

    return open_one
