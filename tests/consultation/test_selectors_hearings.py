"""The desk warns of a hearing's materials clock: due within the warning days, then missed; quiet once the
materials are sent on time; only for the people of the lead unit (and the office)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from consultation import periods, selectors, services

pytestmark = pytest.mark.django_db


def _count(user) -> int:
    section = selectors.desk_section(user, "", timezone.localdate())
    return next(c.count for c in section.counts if c.key == "hearing")


def test_the_desk_warns_before_the_materials_deadline_and_stops_once_sent(office, officer_s1, officer_s2, d):
    now = timezone.now()
    decision = services.list_decision(
        user=office, year=now.year, title="加装电梯办法", unit=d["s1"], listed_on=date(now.year, 1, 5)
    )
    far = periods.MATERIALS_DAYS + periods.MATERIALS_WARN_DAYS + 2
    hearing = services.save_hearing(
        user=office,
        decision=decision,
        subject="听证会",
        hearing_at=now + timedelta(days=far),
        place="会议室",
        selection="随机抽取",
        participants="王某（居民代表）",
    )
    assert _count(officer_s1) == 0  # the deadline is more than the warning days away
    soon = now + timedelta(days=far - periods.MATERIALS_DAYS - 1)  # a day before the deadline
    assert [c for _, c in selectors.hearing_alerts(officer_s1, soon)] == [periods.MATERIALS_DUE_SOON]
    missed = hearing.materials_deadline() + timedelta(minutes=1)
    assert [c for _, c in selectors.hearing_alerts(officer_s1, missed)] == [periods.MATERIALS_MISSED]
    assert selectors.hearing_alerts(officer_s2, missed) == []  # another street's officer
    services.send_materials(user=officer_s1, hearing=hearing, sent_at=now, now=now)
    assert selectors.hearing_alerts(officer_s1, missed) == []  # sent on time: nothing to warn of
    assert _count(office) == 0
