"""The clock check the beat runs every 10 minutes (opinion.tasks.check_clocks → services.check_clocks): each
warning and each escalation goes out exactly once, however often it runs; a met or handed-over clock is quiet."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from config.beat import CELERY_BEAT_SCHEDULE
from opinion import clocks, services, tasks
from opinion.models import ClockAlert
from organizations.models import Role
from publishing.models import Notice, NoticeKind
from tests.factories import member

pytestmark = pytest.mark.django_db


def _alerts():
    return sorted(ClockAlert.objects.values_list("entry_id", "clock", "step", "notified"))


def test_each_warning_and_the_escalation_go_out_once_under_reruns(office, d, make_entry):
    officer = member(Role.OFFICER, d["s1"])
    entry = make_entry(ago=timedelta(minutes=5), level="major", emergency=True)
    authority, press = entry.deadlines()
    times = clocks.alert_times(authority)
    assert services.check_clocks(now=timezone.now()) == 0  # nothing due yet
    for _ in range(3):
        services.check_clocks(now=times[clocks.HALF] + timedelta(minutes=1))
    assert _alerts() == [(entry.pk, "authority", "half", 1)]
    for _ in range(3):
        services.check_clocks(now=times[clocks.HOUR] + timedelta(minutes=1))
    for _ in range(2):
        services.check_clocks(now=authority.due + timedelta(minutes=10))
    assert [a[1:3] for a in _alerts()] == [
        ("authority", "escalate"),
        ("authority", "half"),
        ("authority", "hour"),
    ]
    mine = Notice.objects.filter(recipient=officer, url__contains=f"/opinion/{entry.pk}/")
    assert mine.count() == 3  # half, hour, escalation: one each
    to_office = Notice.objects.filter(recipient=office, url__contains=f"/opinion/{entry.pk}/")
    assert to_office.count() == 1 and "超时上报" in to_office.get().text
    # their own kinds: the two warnings 舆情时限预警, the escalation 舆情超时升级 (never the duties' "due")
    assert sorted(mine.values_list("kind", flat=True)) == sorted(
        [NoticeKind.OPINION_WARN, NoticeKind.OPINION_WARN, NoticeKind.OPINION_LATE]
    )
    assert to_office.get().kind == NoticeKind.OPINION_LATE


def test_a_missed_run_sends_only_the_latest_warning(d, make_entry):
    member(Role.OFFICER, d["s1"])
    entry = make_entry(ago=timedelta(minutes=5))
    (deadline,) = entry.deadlines()
    services.check_clocks(now=clocks.alert_times(deadline)[clocks.HOUR] + timedelta(minutes=1))
    assert _alerts() == [(entry.pk, "response", "half", 0), (entry.pk, "response", "hour", 1)]


def test_a_met_or_handed_over_clock_raises_nothing(d, make_entry):
    officer = member(Role.OFFICER, d["s1"])
    answered = make_entry(ago=timedelta(hours=1))
    services.record_response(user=officer, entry=answered, kind="response", responded_at=timezone.now())
    handed = make_entry(ago=timedelta(hours=1), summary="造谣传谣线索")
    services.hand_over(user=officer, entry=handed, to="cac", party="区网信办", handed_at=timezone.now())
    services.check_clocks(now=timezone.now() + timedelta(hours=60))
    assert _alerts() == []


def test_the_task_is_on_the_beat_every_ten_minutes_and_reruns_safely(d, make_entry):
    member(Role.OFFICER, d["s1"])
    make_entry(ago=timedelta(hours=30))  # half of its 48 hours gone
    assert CELERY_BEAT_SCHEDULE["opinion-check-clocks"]["task"] == tasks.check_clocks.name
    assert CELERY_BEAT_SCHEDULE["opinion-check-clocks"]["schedule"].minute == set(range(0, 60, 10))
    tasks.check_clocks.apply()
    tasks.check_clocks.apply()
    assert [a[2] for a in _alerts()] == ["half"]
