"""The clock of each kind of consultation: 30 natural days (重大行政决策, 涉企政策) and 7 working days (行政规范性
文件), computed by consultation.periods over the workdays engine and counted independently here from the State
Council's holiday notices re-typed (the engine's calendar is not consulted); a shorter period without a reason
is refused; the form's state comes from the set times alone."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from consultation import periods

pytestmark = pytest.mark.django_db

# 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）: 国庆节、中秋节 10月1日至8日放假调休，共8天；
# 9月28日（周日）、10月11日（周六）上班.
# 国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）: 春节 2月15日（农历腊月二十八）至23日（农历
# 正月初七）放假调休，共9天；2月14日（周六）、2月28日（周六）上班.
HOLIDAYS = {date(2025, 10, 1) + timedelta(days=i) for i in range(8)} | {
    date(2026, 2, 15) + timedelta(days=i) for i in range(9)
}
MAKEUP = {date(2025, 9, 28), date(2025, 10, 11), date(2026, 2, 14), date(2026, 2, 28)}


def off(day: date) -> bool:
    return day not in MAKEUP and (day.weekday() >= 5 or day in HOLIDAYS)


def natural(opens: date, n: int) -> date:
    """n days after the opening day (not counted); a last day off moves to the next working day."""
    day = opens + timedelta(days=n)
    while off(day):
        day += timedelta(days=1)
    return day


def working(opens: date, n: int) -> date:
    day, counted = opens, 0
    while counted < n:
        day += timedelta(days=1)
        if not off(day):
            counted += 1
    return day


CASES = [
    # 30 days over 国庆 2025: the 30th day on a holiday moves past the whole block
    ("major", date(2025, 9, 1)),
    ("enterprise", date(2025, 9, 5)),
    ("major", date(2025, 9, 10)),
    ("major", date(2025, 9, 12)),  # ends on Sunday 10-12 (10-11 was a make-up Saturday)
    # 7 working days over 春节 2026, with both make-up Saturdays
    ("normative", date(2026, 2, 10)),
    ("normative", date(2026, 2, 12)),
    ("normative", date(2026, 2, 13)),
    ("normative", date(2026, 2, 20)),
]


@pytest.mark.parametrize(("code", "opens"), CASES)
def test_the_clock_table_matches_an_independent_count(code, opens):
    rule = periods.NATIONAL[code]
    p = periods.period(rule, opens)
    expected = working(opens, 7) if code == "normative" else natural(opens, 30)
    assert (p.closes, p.earliest, p.shortened) == (expected, expected, False)
    assert p.closes_at == datetime.combine(
        expected + timedelta(days=1), datetime.min.time(), tzinfo=periods.BEIJING
    )


def test_the_independent_count_sees_the_holidays():
    assert natural(date(2025, 9, 1), 30) == date(2025, 10, 9)  # 10-01..10-08 off
    assert working(date(2026, 2, 12), 7) == date(2026, 2, 28)  # 2-14 and 2-28 are make-up Saturdays


def test_the_rules_quote_their_source():
    assert periods.NATIONAL["major"].days == 30 and not periods.NATIONAL["major"].workdays
    assert "第713号" in periods.NATIONAL["major"].basis and "第十五条" in periods.NATIONAL["major"].basis
    assert (
        "第722号" in periods.NATIONAL["enterprise"].basis
        and "第六十二条" in periods.NATIONAL["enterprise"].basis
    )
    assert (
        periods.NATIONAL["normative"].workdays and "国办发〔2018〕37号" in periods.NATIONAL["normative"].basis
    )


def test_a_shorter_period_needs_a_reason():
    rule = periods.NATIONAL["major"]
    with pytest.raises(periods.PeriodError, match="须说明理由"):
        periods.period(rule, date(2026, 3, 2), 10)
    with pytest.raises(periods.PeriodError):
        periods.period(rule, date(2026, 3, 2), 10, "   ")
    p = periods.period(rule, date(2026, 3, 2), 10, "汛期将至，须在5月前出台")
    assert p.shortened and p.reason == "汛期将至，须在5月前出台"
    assert p.closes == natural(date(2026, 3, 2), 10) and p.earliest == natural(date(2026, 3, 2), 30)
    assert any("汛期将至" in line for line in periods.explain(p))


def test_a_longer_period_needs_no_reason_and_publishes_none():
    p = periods.period(periods.NATIONAL["normative"], date(2026, 2, 12), 10, "多余的理由")
    assert not p.shortened and p.reason == "" and p.closes == working(date(2026, 2, 12), 10)


def test_the_state_comes_from_the_set_times():
    opens = periods.start_of_day(date(2026, 3, 2))
    closes = periods.end_of_day(date(2026, 3, 9))
    tick = timedelta(microseconds=1)
    assert periods.state(opens, closes, opens - tick) == periods.UPCOMING
    assert periods.state(opens, closes, opens) == periods.OPEN
    assert periods.state(opens, closes, closes - tick) == periods.OPEN
    assert periods.state(opens, closes, closes) == periods.CLOSED


def test_the_feedback_report_is_due_five_working_days_after_the_meeting():
    assert periods.FEEDBACK_WORKDAYS == 5
    assert periods.feedback_due(date(2025, 9, 30)) == working(date(2025, 9, 30), 5)
    assert periods.feedback_due(date(2026, 2, 13)) == working(date(2026, 2, 13), 5)
