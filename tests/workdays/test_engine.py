"""The deadline engine on the seeded calendar (2004–2026 from chinese_calendar), worked out by hand."""

import datetime as dt
from datetime import date, timedelta

import pytest

from workdays import engine
from workdays.engine import CALENDAR_DAYS, MONTHS, SkippedDay
from workdays.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db

NATIONAL_DAY_2025 = "国庆节、中秋节（法定节假日）"


def skipped_map(due):
    return {s.date: s.reason for s in due.skipped}


# -- 国庆节、中秋节 2025: Oct 1 (Wed) – Oct 8 (Wed) off; Sun Sep 28 and Sat Oct 11 are make-up working days ----
def test_national_day_2025_twenty_workdays():
    # Start Tue 2025-09-30 (not counted). Oct 1–8 off. Thu 9 → 1, Fri 10 → 2, Sat 11 (调休) → 3,
    # Oct 13–17 → 4–8, Oct 20–24 → 9–13, Oct 27–31 → 14–18, Mon Nov 3 → 19, Tue Nov 4 → 20.
    due = engine.add_workdays(date(2025, 9, 30), 20)
    assert due.due == date(2025, 11, 4)
    assert due.start == date(2025, 9, 30) and due.days == 20
    assert len(due.counted) == 20
    assert due.counted[:3] == (date(2025, 10, 9), date(2025, 10, 10), date(2025, 10, 11))
    assert due.counted[-1] == date(2025, 11, 4)
    assert date(2025, 9, 28) not in due.counted  # the make-up Sunday lies before the start
    skipped = skipped_map(due)
    for day in range(1, 9):
        assert skipped[date(2025, 10, day)] == NATIONAL_DAY_2025
    # The weekend inside the holiday is named after the holiday, not "周六".
    assert skipped[date(2025, 10, 4)] == NATIONAL_DAY_2025
    # Ordinary weekends after it: Oct 12 (Sun), 18/19, 25/26, Nov 1/2.
    assert skipped[date(2025, 10, 12)] == "周日"
    assert skipped[date(2025, 10, 18)] == "周六"
    assert [d for d, r in skipped.items() if r in ("周六", "周日")] == [
        date(2025, 10, 12),
        date(2025, 10, 18),
        date(2025, 10, 19),
        date(2025, 10, 25),
        date(2025, 10, 26),
        date(2025, 11, 1),
        date(2025, 11, 2),
    ]
    assert date(2025, 10, 11) not in skipped
    # 8 holiday days + 7 weekend days + 20 counted = 35 days from Oct 1 to Nov 4.
    assert len(due.skipped) + len(due.counted) == (date(2025, 11, 4) - date(2025, 9, 30)).days == 35
    assert due.warnings == ()


def test_is_workday_around_national_day_2025():
    assert engine.is_workday(date(2025, 9, 28))  # Sunday, 调休上班
    assert engine.is_workday(date(2025, 10, 11))  # Saturday, 调休上班
    assert not engine.is_workday(date(2025, 10, 6))  # Monday, 中秋节
    assert not engine.is_workday(date(2025, 10, 12))  # ordinary Sunday
    assert engine.is_workday(date(2025, 10, 13))  # ordinary Monday


def test_explain_national_day_2025():
    lines = engine.explain(engine.add_workdays(date(2025, 9, 30), 20))
    assert lines[0] == "起算日 2025-09-30（周二） 当日不计入，自次日起计算 20 个工作日。"
    assert "不计入 2025-10-01（周三）：国庆节、中秋节（法定节假日）" in lines
    assert "不计入 2025-10-04（周六）：国庆节、中秋节（法定节假日）" in lines
    assert "不计入 2025-10-08（周三）：国庆节、中秋节（法定节假日）" in lines
    assert "计入 2025-10-11（周六）：国庆节、中秋节调休上班（第 3 个工作日）" in lines
    assert "不计入 2025-10-12（周日）：周日" in lines
    assert lines[-1] == "到期日 2025-11-04（周二），为第 20 个工作日。"
    # Chronological: the Oct 11 line sits between Oct 8 and Oct 12.
    i8 = lines.index("不计入 2025-10-08（周三）：国庆节、中秋节（法定节假日）")
    i11 = lines.index("计入 2025-10-11（周六）：国庆节、中秋节调休上班（第 3 个工作日）")
    i12 = lines.index("不计入 2025-10-12（周日）：周日")
    assert i8 < i11 < i12


# -- 春节 2026: Feb 15 (Sun) – Feb 23 (Mon) off; Sat Feb 14 and Sat Feb 28 are make-up working days -----------
def test_spring_festival_2026_counts_makeup_saturday_before():
    # Start Thu Feb 12. Fri 13 → 1, Sat 14 (调休) → 2, Feb 15–23 off, Tue 24 → 3, Wed 25 → 4, Thu 26 → 5.
    due = engine.add_workdays(date(2026, 2, 12), 5)
    assert due.due == date(2026, 2, 26)
    assert due.counted == (
        date(2026, 2, 13),
        date(2026, 2, 14),
        date(2026, 2, 24),
        date(2026, 2, 25),
        date(2026, 2, 26),
    )
    assert [s.date for s in due.skipped] == [date(2026, 2, d) for d in range(15, 24)]
    assert {s.reason for s in due.skipped} == {"春节（法定节假日）"}


def test_spring_festival_2026_counts_makeup_saturday_after():
    # Start Tue Feb 24. Wed 25 → 1, Thu 26 → 2, Fri 27 → 3, Sat 28 (调休) → 4, Sun Mar 1 off, Mon Mar 2 → 5.
    # Without the make-up Saturday it would be Tue Mar 3.
    due = engine.add_workdays(date(2026, 2, 24), 5)
    assert due.due == date(2026, 3, 2)
    assert date(2026, 2, 28) in due.counted
    assert due.skipped == (SkippedDay(date(2026, 3, 1), "周日"),)


def test_count_workdays_spring_festival_2026():
    # (Feb 13, Feb 28]: Sat 14 (调休) 1; 15–23 off; 24, 25, 26, 27 → 5; Sat 28 (调休) → 6.
    assert engine.count_workdays(date(2026, 2, 13), date(2026, 2, 28)) == 6
    assert engine.is_workday(date(2026, 2, 14)) and engine.is_workday(date(2026, 2, 28))
    assert not engine.is_workday(date(2026, 2, 21))  # Saturday inside the holiday


# -- the turn of the year: 元旦 2026 is Jan 1 (Thu) – Jan 3 (Sat); Sun Jan 4 is a make-up working day --------
def test_turn_of_year_2025_2026():
    # Start Thu 2025-12-25. Fri 26 → 1, Dec 27/28 weekend, Mon 29 → 2, Tue 30 → 3, Wed 31 → 4,
    # Jan 1–3 off (元旦), Sun Jan 4 (调休) → 5, Jan 5–9 → 6–10.
    due = engine.add_workdays(date(2025, 12, 25), 10)
    assert due.due == date(2026, 1, 9)
    assert date(2026, 1, 4) in due.counted
    skipped = skipped_map(due)
    assert skipped == {
        date(2025, 12, 27): "周六",
        date(2025, 12, 28): "周日",
        date(2026, 1, 1): "元旦（法定节假日）",
        date(2026, 1, 2): "元旦（法定节假日）",
        date(2026, 1, 3): "元旦（法定节假日）",
    }
    assert due.warnings == ()


# -- a year nobody entered ----------------------------------------------------------------------------------
def test_2027_falls_back_to_weekends_and_fixed_statutory_holidays_with_a_warning():
    assert not CalendarYear.objects.filter(year=2027).exists()
    # Thu 2026-12-31 + 3 working days: Fri 2027-01-01 is 元旦, Jan 2/3 the weekend → Jan 4, 5, 6.
    due = engine.add_workdays(date(2026, 12, 31), 3)
    assert due.due == date(2027, 1, 6)
    assert skipped_map(due)[date(2027, 1, 1)] == "元旦（法定节假日，按固定假日推算）"
    assert len(due.warnings) == 1
    assert "2027年的节假日安排尚未录入" in due.warnings[0]
    assert "按周末和固定的法定节假日" in due.warnings[0] and "不含调休" in due.warnings[0]
    assert any(line.startswith("注意：2027年") for line in engine.explain(due))


@pytest.mark.parametrize(
    "day, festival",
    [
        (date(2027, 2, 5), "春节"),  # 除夕 (农历腊月廿九 in 2027), a statutory day since 2025
        (date(2027, 2, 8), "春节"),  # 正月初三
        (date(2027, 4, 5), "清明节"),
        (date(2027, 5, 1), "劳动节"),
        (date(2027, 6, 9), "端午节"),  # 农历五月初五
        (date(2027, 9, 15), "中秋节"),  # 农历八月十五
        (date(2027, 10, 3), "国庆节"),
    ],
)
def test_lunar_and_fixed_holidays_of_an_unentered_year(day, festival):
    assert not engine.is_workday(day)
    due = engine.add_workdays(day - timedelta(days=1), 1)
    assert skipped_map(due)[day].startswith(festival)


def test_an_unentered_year_has_no_shifted_working_day():
    # 2027-02-09/10 are only days off when the State Council shifts them (补假/调休): not by the fixed rule.
    assert engine.is_workday(date(2027, 2, 9)) and engine.is_workday(date(2027, 2, 10))


def test_2027_manually_entered_year_is_used_and_warning_gone():
    year = CalendarYear.objects.create(
        year=2027,
        source=CalendarYear.Source.MANUAL,
        notice="国务院办公厅关于2027年部分节假日安排的通知",
        is_complete=True,
    )
    CalendarDay.objects.create(
        calendar_year=year, date=date(2027, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦"
    )
    # Dec 29 → 1, 30 → 2, 31 → 3, Jan 1 off (元旦), Jan 2/3 weekend, Jan 4 → 4, Jan 5 → 5.
    due = engine.add_workdays(date(2026, 12, 28), 5)
    assert due.due == date(2027, 1, 5)
    assert due.warnings == ()
    assert skipped_map(due)[date(2027, 1, 1)] == "元旦（法定节假日）"


def test_incomplete_year_warns():
    CalendarYear.objects.create(year=2027, source=CalendarYear.Source.MANUAL, is_complete=False)
    due = engine.add_workdays(date(2027, 3, 1), 1)
    assert due.due == date(2027, 3, 2)
    assert len(due.warnings) == 1 and "尚未录入完整" in due.warnings[0]


def test_warnings_for_years():
    assert engine.warnings_for_years([2025, 2026]) == []
    warnings = engine.warnings_for_years([2028, 2025, 2027, 2027])
    assert len(warnings) == 2
    assert warnings[0].startswith("2027年的节假日安排尚未录入，按周末和固定的法定节假日")
    assert warnings[1].startswith("2028年")


# -- pauses -------------------------------------------------------------------------------------------------
def test_pause_stops_the_clock():
    # As the National Day case, but Mon Oct 13 and Tue Oct 14 (working days 4 and 5) are paused: the
    # 20th working day moves two working days on, from Tue Nov 4 to Thu Nov 6.
    due = engine.add_workdays(
        date(2025, 9, 30),
        20,
        pauses=[(date(2025, 10, 13), date(2025, 10, 14))],
        pause_reason="暂停计时：第三方征求意见",
    )
    assert due.due == date(2025, 11, 6)
    skipped = skipped_map(due)
    assert skipped[date(2025, 10, 13)] == "暂停计时：第三方征求意见"
    assert skipped[date(2025, 10, 14)] == "暂停计时：第三方征求意见"
    assert date(2025, 10, 13) not in due.counted


def test_pause_over_weekend_and_own_reasons():
    # Start Fri 2025-11-07, 3 working days. Pause Sat 8 – Tue 11 (补正): Sat/Sun show the pause reason,
    # Mon 10 and Tue 11 do not count. Wed 12 → 1, Thu 13 → 2. Second pause Fri 14 with its own reason.
    # Sat 15 / Sun 16 weekend, Mon 17 → 3.
    due = engine.add_workdays(
        date(2025, 11, 7),
        3,
        pauses=[
            (date(2025, 11, 14), date(2025, 11, 14), "暂停计时：第三方征求意见"),
            (date(2025, 11, 8), date(2025, 11, 11)),
        ],
        pause_reason="暂停计时：补正",
    )
    assert due.due == date(2025, 11, 17)
    assert skipped_map(due) == {
        date(2025, 11, 8): "暂停计时：补正",
        date(2025, 11, 9): "暂停计时：补正",
        date(2025, 11, 10): "暂停计时：补正",
        date(2025, 11, 11): "暂停计时：补正",
        date(2025, 11, 14): "暂停计时：第三方征求意见",
        date(2025, 11, 15): "周六",
        date(2025, 11, 16): "周日",
    }


def test_default_pause_reason_and_bad_pause():
    due = engine.add_workdays(date(2025, 11, 3), 1, pauses=[(date(2025, 11, 4), date(2025, 11, 4))])
    assert due.due == date(2025, 11, 5)
    assert due.skipped == (SkippedDay(date(2025, 11, 4), "暂停计时"),)
    with pytest.raises(ValueError, match="早于开始日"):
        engine.add_workdays(date(2025, 11, 3), 1, pauses=[(date(2025, 11, 5), date(2025, 11, 4))])


# -- counting and edge input --------------------------------------------------------------------------------
def test_count_workdays():
    assert engine.count_workdays(date(2025, 9, 30), date(2025, 11, 4)) == 20
    assert engine.count_workdays(date(2025, 10, 10), date(2025, 10, 11)) == 1  # the make-up Saturday
    assert engine.count_workdays(date(2025, 10, 1), date(2025, 10, 8)) == 0  # the holiday itself
    assert engine.count_workdays(date(2025, 11, 4), date(2025, 11, 4)) == 0
    assert engine.count_workdays(date(2025, 11, 4), date(2025, 9, 30)) == 0


def test_zero_and_negative():
    zero = engine.add_workdays(date(2025, 10, 4), 0)
    assert zero.due == date(2025, 10, 4) and zero.skipped == () and zero.counted == () and zero.warnings == ()
    with pytest.raises(ValueError, match="不能为负数"):
        engine.add_workdays(date(2025, 10, 4), -1)
    with pytest.raises(ValueError):
        engine.add_calendar_days(date(2025, 10, 4), -3)
    with pytest.raises(ValueError):
        engine.add_months(date(2025, 10, 4), -1)
    with pytest.raises(TypeError):
        engine.add_workdays(date(2025, 10, 4), 2.5)
    with pytest.raises(TypeError):
        engine.add_workdays("2025-10-04", 2)
    assert engine.add_calendar_days(date(2025, 10, 4), 0).due == date(2025, 10, 4)
    assert engine.add_months(date(2025, 10, 4), 0).due == date(2025, 10, 4)


def test_start_on_a_holiday():
    # Start Wed Oct 1 (inside the holiday, not counted anyway): Oct 2–8 off, Thu Oct 9 → 1.
    # (chinese_calendar's find_workday would give one day later; standards §7.)
    assert engine.add_workdays(date(2025, 10, 1), 1).due == date(2025, 10, 9)


def test_aware_datetime_is_read_in_local_time():
    # 2025-09-30 17:00 UTC is 2025-10-01 01:00 in Asia/Shanghai: the start is Oct 1.
    start = dt.datetime(2025, 9, 30, 17, 0, tzinfo=dt.UTC)
    due = engine.add_workdays(start, 1)
    assert due.start == date(2025, 10, 1) and due.due == date(2025, 10, 9)


# -- calendar days and months (民法典 第二百零三条: a last day off moves to the next working day) ------------------
def test_calendar_days_ending_in_a_holiday_move_on():
    # Sep 3 + 30 days = Fri Oct 3, inside the holiday: Oct 3–8 off, the period ends Thu Oct 9.
    due = engine.add_calendar_days(date(2025, 9, 3), 30)
    assert due.unit == CALENDAR_DAYS
    assert due.nominal_due == date(2025, 10, 3)
    assert due.due == date(2025, 10, 9)
    assert [s.date for s in due.skipped] == [date(2025, 10, d) for d in range(3, 9)]
    lines = engine.explain(due)
    assert "最后一日为休息日，依《民法典》第二百零三条顺延至其后第一个工作日：" in lines
    assert lines[-1] == "到期日 2025-10-09（周四）。"


def test_calendar_days_ending_on_a_makeup_saturday_stay():
    # Sep 11 + 30 days = Sat Oct 11, a make-up working day: the period ends there.
    due = engine.add_calendar_days(date(2025, 9, 11), 30)
    assert due.due == due.nominal_due == date(2025, 10, 11)
    assert due.skipped == ()


def test_calendar_days_ending_on_a_plain_weekend():
    # Nov 1 + 7 days = Sat Nov 8 → Mon Nov 10.
    due = engine.add_calendar_days(date(2025, 11, 1), 7)
    assert due.due == date(2025, 11, 10)
    assert due.skipped == (SkippedDay(date(2025, 11, 8), "周六"), SkippedDay(date(2025, 11, 9), "周日"))


def test_add_months():
    # Jan 31 + 1 month: no Feb 31, so the month's last day, Fri 2025-02-28 (a working day).
    assert engine.add_months(date(2025, 1, 31), 1).due == date(2025, 2, 28)
    # Leap year: 2024-01-31 + 1 month = Thu 2024-02-29, a working day.
    assert engine.add_months(date(2024, 1, 31), 1).due == date(2024, 2, 29)
    # Aug 1 + 2 months = Wed Oct 1, 国庆节 → Thu Oct 9.
    due = engine.add_months(date(2025, 8, 1), 2)
    assert due.unit == MONTHS and due.nominal_due == date(2025, 10, 1) and due.due == date(2025, 10, 9)
    # Nov 30 2025 + 3 months crosses the year: Feb 28 2026 is a make-up Saturday, so it stays.
    assert engine.add_months(date(2025, 11, 30), 3).due == date(2026, 2, 28)
    # 2026-11-15 + 2 months = 2027-01-15, a Friday in an unknown year: weekends only, with a warning.
    due = engine.add_months(date(2026, 11, 15), 2)
    assert due.due == date(2027, 1, 15) and len(due.warnings) == 1
