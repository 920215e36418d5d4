"""The engine's in-process calendar: no query per day, and never stale after a write, a commit or a rollback."""

import datetime as dt
from datetime import date

import pytest
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workdays import engine
from workdays.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


def test_one_load_then_no_queries(django_assert_num_queries):
    with django_assert_num_queries(2):  # the years and the days, once
        engine.is_workday(date(2025, 10, 1))
    with django_assert_num_queries(0):
        for offset in range(2000):
            start = date(2024, 1, 1) + dt.timedelta(days=offset)
            engine.add_workdays(start, 20)
            engine.count_workdays(start, start + dt.timedelta(days=45))
            engine.add_calendar_days(start, 15)


def test_editing_a_day_invalidates_the_cache():
    assert engine.is_workday(date(2025, 10, 13))  # an ordinary Monday
    year = CalendarYear.objects.get(year=2025)
    day = CalendarDay.objects.create(
        calendar_year=year, date=date(2025, 10, 13), kind=CalendarDay.Kind.HOLIDAY, name="临时放假"
    )
    assert not engine.is_workday(date(2025, 10, 13))
    # Sep 30 + 20 now also skips Oct 13: one working day later, Wed Nov 5.
    due = engine.add_workdays(date(2025, 9, 30), 20)
    assert due.due == date(2025, 11, 5)
    assert {s.date: s.reason for s in due.skipped}[date(2025, 10, 13)] == "临时放假（法定节假日）"

    day.name = "补休"
    day.save()
    assert {s.date: s.reason for s in engine.add_workdays(date(2025, 9, 30), 20).skipped}[
        date(2025, 10, 13)
    ] == "补休（法定节假日）"

    day.delete()
    assert engine.is_workday(date(2025, 10, 13))
    assert engine.add_workdays(date(2025, 9, 30), 20).due == date(2025, 11, 4)


def test_turning_a_makeup_day_into_a_plain_saturday():
    assert engine.count_workdays(date(2025, 10, 10), date(2025, 10, 11)) == 1
    CalendarDay.objects.filter(date=date(2025, 10, 11)).delete()
    assert engine.count_workdays(date(2025, 10, 10), date(2025, 10, 11)) == 0


def test_year_rows_invalidate_too():
    assert engine.warnings_for_years([2027])
    year = CalendarYear.objects.create(year=2027, is_complete=True)
    assert engine.warnings_for_years([2027]) == []
    year.is_complete = False
    year.save()
    assert "尚未录入完整" in engine.warnings_for_years([2027])[0]
    year.delete()
    assert "尚未录入，按周末和固定的法定节假日" in engine.warnings_for_years([2027])[0]


def test_rolled_back_write_is_forgotten():
    # A write inside a savepoint that is rolled back: the snapshot that saw it must go.
    with pytest.raises(RuntimeError), transaction.atomic():
        CalendarYear.objects.create(year=2027, is_complete=True)
        assert engine.warnings_for_years([2027]) == []  # seen inside the transaction
        raise RuntimeError("roll back")
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert engine.warnings_for_years([2027]) != []


def test_released_savepoint_keeps_the_write():
    with transaction.atomic():
        CalendarYear.objects.create(year=2027, is_complete=True)
        assert engine.warnings_for_years([2027]) == []
    assert engine.warnings_for_years([2027]) == []


def test_commit_publishes_a_new_version(django_capture_on_commit_callbacks):
    before = cache.get(engine.VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        CalendarYear.objects.create(year=2027, is_complete=True)
    assert len(callbacks) == 1  # one hook per savepoint, whatever the number of writes
    assert cache.get(engine.VERSION_KEY) not in (None, before)


def test_another_process_change_is_picked_up(monkeypatch, django_assert_num_queries):
    engine.is_workday(date(2025, 1, 1))  # load
    with django_assert_num_queries(0):
        engine.is_workday(date(2025, 1, 2))  # within VERSION_CHECK_SECONDS: no look at the cache
    monkeypatch.setattr(engine, "VERSION_CHECK_SECONDS", 0.0)
    with django_assert_num_queries(0):
        engine.is_workday(date(2025, 1, 2))  # version unchanged: the snapshot stays
    cache.set(engine.VERSION_KEY, "changed-by-another-process")
    with django_assert_num_queries(2):
        engine.is_workday(date(2025, 1, 2))  # version changed: reload


def test_clear_cache_forces_a_reload(django_assert_num_queries):
    engine.is_workday(date(2025, 1, 1))
    engine.clear_cache()
    with django_assert_num_queries(2):
        engine.is_workday(date(2025, 1, 1))


# -- the fast path agrees with counting day by day -------------------------------------------------------------
def reference_add_workdays(start, n, pauses=()):
    """Day by day, straight from the rule: start not counted; paused days and days off skipped."""
    day, counted = start, 0
    while counted < n:
        day += dt.timedelta(days=1)
        if any(a <= day <= b for a, b in pauses):
            continue
        if engine.is_workday(day):
            counted += 1
    return day


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.dates(min_value=date(2004, 1, 1), max_value=date(2028, 12, 31)),
    n=st.integers(min_value=0, max_value=80),
    pause_at=st.integers(min_value=0, max_value=40),
    pause_len=st.integers(min_value=0, max_value=20),
    with_pause=st.booleans(),
)
def test_fast_path_matches_day_by_day(start, n, pause_at, pause_len, with_pause):
    pauses = (
        [(start + dt.timedelta(days=pause_at), start + dt.timedelta(days=pause_at + pause_len))]
        if with_pause
        else []
    )
    due = engine.add_workdays(start, n, pauses=pauses)
    assert due.due == reference_add_workdays(start, n, pauses)
    assert len(due.counted) == n
    # Every day in (start, due] is either counted or skipped, exactly once, in order.
    covered = sorted([*due.counted, *(s.date for s in due.skipped)])
    assert covered == [start + dt.timedelta(days=k) for k in range(1, (due.due - start).days + 1)]
    if not pauses:
        assert engine.count_workdays(start, due.due) == n


def test_long_periods_widen_the_tables():
    # 1000 working days from 2025 run about four years on, through 2026 (known) into 2027–2028 (weekends only).
    start = date(2025, 1, 1)
    due = engine.add_workdays(start, 1000)
    assert due.due == reference_add_workdays(start, 1000)
    assert engine.count_workdays(start, due.due) == 1000
    assert [w[:5] for w in due.warnings] == ["2027年", "2028年"]
    pauses = [(date(2026, 3, 1), date(2026, 3, 31))]
    paused = engine.add_workdays(date(2025, 12, 1), 700, pauses=pauses)
    assert paused.due == reference_add_workdays(date(2025, 12, 1), 700, pauses)
    # A start before the stored years (2003 is not in the package) widens the tables downwards.
    early = engine.add_workdays(date(2003, 12, 30), 3)
    assert early.due == date(
        2004, 1, 5
    )  # Dec 31 → 1, Jan 1 2004 元旦 off, Jan 2 → 2, Jan 3/4 weekend, Jan 5 → 3
    assert len(early.warnings) == 1 and early.warnings[0].startswith("2003年")
