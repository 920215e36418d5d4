"""The 公示 period: N 日 or N 工作日 from the posting day (not counted), computed by boards.periods over the workdays
engine and counted independently here with the `chinese_calendar` package (the engine's calendar is not
consulted); the command explains the count and prints the last day last; an item's rule is read from its words
or the national rule by its name."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import chinese_calendar
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from boards import periods

pytestmark = pytest.mark.django_db


def natural(posted: date, n: int) -> date:
    """n days after the posting day; a last day off moves to the next working day (民法典 第二百零三条)."""
    day = posted + timedelta(days=n)
    while not chinese_calendar.is_workday(day):
        day += timedelta(days=1)
    return day


def working(posted: date, n: int) -> date:
    day, counted = posted, 0
    while counted < n:
        day += timedelta(days=1)
        if chinese_calendar.is_workday(day):
            counted += 1
    return day


# posted before or during 春节 2026 (2-15..2-23 off, 2-14 and 2-28 make-up Saturdays) and 国庆 2026
POSTED = [
    date(2026, 2, 10),
    date(2026, 2, 12),
    date(2026, 2, 13),
    date(2026, 2, 20),
    date(2026, 9, 25),
    date(2026, 9, 28),
    date(2026, 9, 30),
]


@pytest.mark.parametrize("posted", POSTED)
def test_seven_days_and_seven_working_days_over_the_holidays(posted):
    assert periods.count(posted, 7, False).due == natural(posted, 7)
    assert periods.count(posted, 7, True).due == working(posted, 7)


def test_the_holidays_make_the_two_counts_differ():
    # 7 working days from 2-12 run to the make-up Saturday 2-28; 7 days end on 2-19, a holiday, so 2-24
    assert working(date(2026, 2, 12), 7) == date(2026, 2, 28)
    assert (
        periods.count(date(2026, 2, 12), 7, False).due == natural(date(2026, 2, 12), 7) == date(2026, 2, 24)
    )


@pytest.mark.parametrize(("flag", "fn"), [("--days", natural), ("--workdays", working)])
@pytest.mark.parametrize("posted", [date(2026, 2, 12), date(2026, 9, 28)])
def test_the_command_explains_and_prints_the_last_day_last(flag, fn, posted):
    out = StringIO()
    call_command("posting_period", "--posted", posted.isoformat(), flag, "7", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[-1] == fn(posted, 7).isoformat()
    assert any("不计入" in line for line in lines)  # the posting day, and the holidays or the moved last day


def test_the_command_refuses_a_bad_date_and_a_zero_period():
    with pytest.raises(CommandError):
        call_command("posting_period", "--posted", "2026-13-01", "--days", "7", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("posting_period", "--posted", "2026-02-12", "--days", "0", stdout=StringIO())


def test_the_rule_of_an_item_comes_from_its_words_else_from_its_name():
    assert periods.derive("低保拟确认对象公示", "公示7个工作日") == periods.Rule(
        7, True, periods.derive("x", "公示7个工作日").basis
    )
    assert (
        periods.derive("低保拟确认对象公示", "").days == 7
        and not periods.derive("低保拟确认对象公示").workdays
    )
    assert periods.derive("征地预公告").days == 10 and periods.derive("征地预公告").workdays
    assert periods.derive("征地补偿安置方案公告").days == 30
    assert periods.derive("x", "公示期不少于十个工作日") == periods.Rule(
        10, True, periods.derive("x", "公示期不少于十个工作日").basis
    )
    assert periods.derive("村务公开", "每季度公开一次") is None
