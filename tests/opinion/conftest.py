"""Fixtures of the 舆情 ledger's tests: evidence files go to a temporary media root; entries made through the
services by the office of the small test district (tests.factories.district)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def make_entry(office, d):
    from opinion import services

    def make(
        *,
        ago=timedelta(hours=1),
        unit="s1",
        level="general",
        emergency=False,
        summary="网传某路段积水无人处理",
    ):
        return services.record_entry(
            user=office,
            found_at=timezone.now() - ago,
            source="weibo",
            summary=summary,
            unit=d[unit],
            kind="interest",
            level=level,
            emergency=emergency,
            link="https://example.cn/p/1",
        )

    return make
