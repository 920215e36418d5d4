"""The hearing's materials clock (暂行条例 第十七条: materials reach the participants at least 7 days before the
hearing, natural days): each expectation counted here by hand, independently of consultation.periods."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from consultation import periods

BJ = periods.BEIJING
HEARING = datetime(
    2026, 10, 9, 9, 30, tzinfo=BJ
)  # 9:30 on the Friday after 国庆: natural days, holidays count


def minus_days(moment: datetime, n: int) -> datetime:
    """``n`` natural days back, counted one day at a time (not the engine's subtraction)."""
    for _ in range(n):
        moment = moment.replace(day=moment.day - 1) if moment.day > 1 else _previous_month_end(moment)
    return moment


def _previous_month_end(moment: datetime) -> datetime:
    first = moment.replace(day=1)
    last = first - timedelta(hours=24)
    return last.replace(hour=moment.hour, minute=moment.minute)


def test_the_deadline_is_seven_natural_days_before_the_hearing_holidays_included():
    deadline = periods.materials_deadline(HEARING)
    assert (
        deadline == minus_days(HEARING, 7) == datetime(2026, 10, 2, 9, 30, tzinfo=BJ)
    )  # in 国庆 all the same


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        (datetime(2026, 10, 2, 9, 30, tzinfo=BJ), periods.MATERIALS_ON_TIME),  # exactly 7×24 h before
        (datetime(2026, 9, 28, 17, 0, tzinfo=BJ), periods.MATERIALS_ON_TIME),
        (datetime(2026, 10, 2, 9, 31, tzinfo=BJ), periods.MATERIALS_LATE),  # a minute too late
        (datetime(2026, 10, 8, 9, 0, tzinfo=BJ), periods.MATERIALS_LATE),
    ],
)
def test_materials_sent_are_on_time_or_late(sent, expected):
    now = HEARING + timedelta(days=1)
    assert periods.materials_clock(HEARING, sent, now) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (minus_days(HEARING, 7 + periods.MATERIALS_WARN_DAYS + 1), periods.MATERIALS_WAITING),
        (minus_days(HEARING, 7 + periods.MATERIALS_WARN_DAYS), periods.MATERIALS_DUE_SOON),
        (minus_days(HEARING, 7), periods.MATERIALS_DUE_SOON),  # the last moment
        (minus_days(HEARING, 7) + timedelta(seconds=1), periods.MATERIALS_MISSED),
    ],
)
def test_materials_not_sent_wait_then_warn_then_miss(now, expected):
    assert periods.materials_clock(HEARING, None, now) == expected


def test_across_a_month_end():
    hearing = datetime(2026, 3, 3, 14, 0, tzinfo=BJ)
    assert periods.materials_deadline(hearing) == datetime(2026, 2, 24, 14, 0, tzinfo=BJ)
    assert minus_days(hearing, 7) == datetime(2026, 2, 24, 14, 0, tzinfo=BJ)
