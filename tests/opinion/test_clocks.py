"""The hour clocks (issue 24 must-show): 5 h / 24 h / 48 h across midnight and a weekend, computed by
opinion/clocks.py and, independently, by counting seconds from the Unix epoch with Beijing's fixed UTC+8 offset
(calendar.timegm / time.gmtime: no zoneinfo, no timedelta arithmetic on the module's side)."""

from __future__ import annotations

import calendar
import time
from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from opinion import clocks

UTC8 = 8 * 3600


def independent(found: str, hours: int) -> str:
    """``found`` (Beijing wall time) plus ``hours`` natural hours, by counting seconds."""
    wall = time.strptime(found, "%Y-%m-%d %H:%M")
    seconds = calendar.timegm(wall) - UTC8 + hours * 3600
    return time.strftime("%Y-%m-%d %H:%M", time.gmtime(seconds + UTC8))


def weekday(stamp: str) -> int:
    return time.strptime(stamp, "%Y-%m-%d %H:%M").tm_wday


# (found, level, 突发, the clocks that apply with their hours)
CASES = [
    ("2026-10-02 22:30", "major", True, [("authority", 5), ("press", 24)]),  # 5 h across midnight (国庆)
    ("2026-12-04 23:15", "extreme", True, [("authority", 5), ("press", 24)]),  # Friday night into Saturday
    ("2026-12-04 18:00", "general", False, [("response", 48)]),  # 48 h over the weekend: a Sunday
    ("2026-12-05 09:40", "large", True, [("response", 48)]),  # 较大 突发: the 48-hour clock only
    ("2026-12-31 21:05", "major", False, [("response", 48)]),  # 重大 but no 突发事件: 48 h, into a new year
]


def table() -> list[tuple[str, str, str, str]]:
    rows = []
    for found, level, emergency, _expected in CASES:
        start = datetime.strptime(found, "%Y-%m-%d %H:%M").replace(tzinfo=clocks.BEIJING)
        for deadline in clocks.deadlines(start, level, emergency):
            rows.append((found, deadline.kind, clocks.beijing(deadline.due), str(deadline.hours)))
    return rows


@pytest.mark.parametrize(("found", "level", "emergency", "expected"), CASES)
def test_the_engine_and_the_independent_count_agree(found, level, emergency, expected):
    start = datetime.strptime(found, "%Y-%m-%d %H:%M").replace(tzinfo=clocks.BEIJING)
    got = [(d.kind, clocks.beijing(d.due)) for d in clocks.deadlines(start, level, emergency)]
    assert got == [(kind, independent(found, hours)) for kind, hours in expected]


def test_the_table_crosses_midnight_and_a_weekend_in_natural_hours():
    rows = {(found, kind): due for found, kind, due, _hours in table()}
    assert rows[("2026-10-02 22:30", "authority")][:10] != "2026-10-02"  # past midnight
    assert weekday(rows[("2026-12-04 23:15", "authority")]) == 5  # a Saturday: no working-day skipping
    assert weekday(rows[("2026-12-04 18:00", "response")]) == 6  # a Sunday
    assert rows[("2026-12-31 21:05", "response")][:4] == "2027"


def test_the_command_prints_the_same_lines():
    for found, level, emergency, expected in CASES:
        out = StringIO()
        args = ["--found", found, "--level", str(clocks.LEVEL_LABELS[level])]
        call_command("opinion_clock", *args, *(["--emergency"] if emergency else []), stdout=out)
        lines = out.getvalue().splitlines()
        assert lines == [f"{clocks.KIND_LABELS[k]} {independent(found, h)}" for k, h in expected]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--found", "2026-02-30 10:00", "--level", "一般"], "发现时间格式不对"),
        (["--found", "2026-12-01 10:00", "--level", "严重"], "级别不对"),
        (["--found", "明天", "--level", "重大"], "发现时间格式不对"),
    ],
)
def test_bad_input_is_refused_in_chinese(args, words):
    with pytest.raises(CommandError, match=words):
        call_command("opinion_clock", *args, stdout=StringIO())


def test_the_warnings_fall_at_half_time_and_one_hour_before():
    start = datetime(2026, 12, 4, 23, 15, tzinfo=clocks.BEIJING)
    authority, press = clocks.deadlines(start, "major", True)
    times = clocks.alert_times(authority)
    assert times[clocks.HALF] == start + timedelta(minutes=150)
    assert times[clocks.HOUR] == start + timedelta(hours=4)
    assert times[clocks.ESCALATE] == authority.due
    assert clocks.alert_times(press)[clocks.HALF] == start + timedelta(hours=12)


def test_what_stops_a_clock_honestly():
    start = datetime(2026, 12, 4, 8, 0, tzinfo=clocks.BEIJING)
    (deadline,) = clocks.deadlines(start, "general", False)
    after = deadline.due + timedelta(minutes=1)
    assert clocks.outcome(deadline, met_at=deadline.due, handed_at=None, now=after) == clocks.ON_TIME
    assert clocks.outcome(deadline, met_at=after, handed_at=None, now=after) == clocks.LATE
    assert clocks.outcome(deadline, met_at=None, handed_at=None, now=after) == clocks.MISSED
    assert clocks.outcome(deadline, met_at=None, handed_at=None, now=deadline.due) == clocks.RUNNING
    handed = start + timedelta(hours=3)
    assert clocks.outcome(deadline, met_at=None, handed_at=handed, now=after) == clocks.HANDED_OVER
    assert clocks.outcome(deadline, met_at=after, handed_at=handed, now=after) == clocks.HANDED_OVER
    # handed over after the deadline had passed: it was missed, and stays so
    assert clocks.outcome(deadline, met_at=None, handed_at=after, now=after) == clocks.MISSED
    # answered, then handed over: the answer counts
    assert (
        clocks.outcome(deadline, met_at=start + timedelta(hours=1), handed_at=handed, now=after)
        == clocks.ON_TIME
    )


def test_remaining_and_overdue_words():
    start = datetime(2026, 12, 4, 8, 0, tzinfo=clocks.BEIJING)
    (deadline,) = clocks.deadlines(start, "general", False)
    assert (
        clocks.remaining_words(deadline, deadline.due - timedelta(hours=3, minutes=20)) == "剩余 3 小时 20 分"
    )
    assert clocks.remaining_words(deadline, deadline.due + timedelta(hours=2)) == "已超时 2 小时"
    assert clocks.remaining_words(deadline, deadline.due - timedelta(minutes=45)) == "剩余 45 分"


def test_found_at_is_kept_to_the_minute_and_must_be_aware():
    start = datetime(2026, 12, 4, 8, 0, 59, 123, tzinfo=clocks.BEIJING)
    (deadline,) = clocks.deadlines(start, "general", False)
    assert deadline.due.second == 0 and deadline.due.microsecond == 0
    with pytest.raises(ValueError):
        clocks.deadlines(datetime(2026, 12, 4, 8, 0), "general", False)
