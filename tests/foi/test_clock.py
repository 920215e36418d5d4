"""The reply clock (条例 第三十至三十三条) against an independent computation from the State Council notices.

The independent side below does not use the workdays engine or its calendar: it re-types the two notices
and counts day by day.

* 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）, 2024-11-12 — full text reprinted e.g. at
  https://wxredian.com/art?id=63e914e2d2b1c4a258e09fe1282edb17 and
  http://mip.gyhiac.cn/blog/uWqT7AReU7Z4lz-462.html : 国庆节、中秋节 10月1日至8日放假调休，9月28日（周日）、
  10月11日（周六）上班; 春节 1月28日至2月4日，1月26日（周日）、2月8日（周六）上班; …
* 国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04 — https://politics.gmw.cn/2025-11/04/content_38391083.htm :
  春节 2月15日至23日放假调休，2月14日（周六）、2月28日（周六）上班; 国庆节 10月1日至7日，9月20日（周日）、
  10月10日（周六）上班; …
"""

from datetime import date, timedelta

import pytest
from django.core.management import call_command

from foi import clock


def _span(first: date, last: date) -> set[date]:
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


# 国办发明电〔2024〕12号 (2025)
HOLIDAYS_2025 = (
    {date(2025, 1, 1)}
    | _span(date(2025, 1, 28), date(2025, 2, 4))
    | _span(date(2025, 4, 4), date(2025, 4, 6))
    | _span(date(2025, 5, 1), date(2025, 5, 5))
    | _span(date(2025, 5, 31), date(2025, 6, 2))
    | _span(date(2025, 10, 1), date(2025, 10, 8))
)
MAKEUP_2025 = {date(2025, 1, 26), date(2025, 2, 8), date(2025, 4, 27), date(2025, 9, 28), date(2025, 10, 11)}
# 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)
HOLIDAYS_2026 = (
    _span(date(2026, 1, 1), date(2026, 1, 3))
    | _span(date(2026, 2, 15), date(2026, 2, 23))
    | _span(date(2026, 4, 4), date(2026, 4, 6))
    | _span(date(2026, 5, 1), date(2026, 5, 5))
    | _span(date(2026, 6, 19), date(2026, 6, 21))
    | _span(date(2026, 9, 25), date(2026, 9, 27))
    | _span(date(2026, 10, 1), date(2026, 10, 7))
)
MAKEUP_2026 = {
    date(2026, 1, 4),
    date(2026, 2, 14),
    date(2026, 2, 28),
    date(2026, 5, 9),
    date(2026, 9, 20),
    date(2026, 10, 10),
}
HOLIDAYS, MAKEUP = HOLIDAYS_2025 | HOLIDAYS_2026, MAKEUP_2025 | MAKEUP_2026


def working(day: date) -> bool:
    if day in MAKEUP:
        return True
    return day.weekday() < 5 and day not in HOLIDAYS


def independent_due(start: date, n: int, skip: tuple[tuple[date, date], ...] = ()) -> date:
    """The n-th working day after ``start`` (start not counted), days inside ``skip`` ranges not counted."""
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if working(day) and not any(a <= day <= b for a, b in skip):
            counted += 1
    return day


def test_the_independent_calendar_knows_the_make_up_sunday():
    assert working(date(2025, 9, 28)) and date(2025, 9, 28).weekday() == 6
    assert not working(date(2025, 10, 8)) and working(date(2025, 10, 11))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "received", [date(2025, 9, 26), date(2025, 9, 19), date(2025, 9, 30), date(2025, 10, 8)]
)
def test_across_national_day_2025(received):
    result = clock.reply_due(received=received)
    assert result.due_date == independent_due(received, 20)


@pytest.mark.django_db
def test_national_day_counts_the_make_up_sunday():
    result = clock.reply_due(received=date(2025, 9, 26))
    assert date(2025, 9, 28) in result.due.counted
    assert result.due_date == date(2025, 10, 30) == independent_due(date(2025, 9, 26), 20)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "received", [date(2026, 2, 6), date(2026, 2, 13), date(2026, 2, 14), date(2026, 2, 24)]
)
def test_across_spring_festival_2026(received):
    assert clock.reply_due(received=received).due_date == independent_due(received, 20)


@pytest.mark.django_db
def test_correction_restarts_the_period_from_its_receipt():
    received, corrected = date(2026, 1, 28), date(2026, 2, 12)
    result = clock.reply_due(received=received, correction_received=corrected)
    assert result.due_date == independent_due(corrected, 20)
    # not a pause: it runs afresh, so it is later than receipt + 20 + the days waited
    assert result.due_date != independent_due(received, 20)
    assert clock.correction_notice_due(received).due == independent_due(received, 7)


@pytest.mark.django_db
def test_consultation_days_are_skipped_both_ends_included():
    received = date(2025, 9, 15)
    consult = (date(2025, 9, 22), date(2025, 10, 14))
    result = clock.reply_due(received=received, consultations=[consult])
    assert result.due_date == independent_due(received, 20, (consult,))
    # the last reply day itself does not count
    assert consult[1] not in result.due.counted
    assert consult[0] not in result.due.counted


@pytest.mark.django_db
def test_extension_adds_at_most_twenty_working_days():
    received = date(2026, 2, 10)
    result = clock.reply_due(received=received, extension_days=20)
    assert result.due_date == independent_due(received, 40)
    with pytest.raises(ValueError):
        clock.reply_due(received=received, extension_days=21)


@pytest.mark.django_db
def test_everything_together_across_both_holidays():
    received, corrected = date(2026, 1, 30), date(2026, 2, 11)
    consult = (date(2026, 2, 26), date(2026, 3, 13))
    result = clock.reply_due(
        received=received, correction_received=corrected, consultations=[consult], extension_days=15
    )
    assert result.due_date == independent_due(corrected, 35, (consult,))


@pytest.mark.django_db
def test_impossible_facts_are_refused():
    with pytest.raises(ValueError):
        clock.reply_due(received=date(2025, 5, 6), correction_received=date(2025, 5, 1))
    with pytest.raises(ValueError):
        clock.reply_due(received=date(2025, 5, 6), consultations=[(date(2025, 5, 9), date(2025, 5, 8))])
    with pytest.raises(TypeError):
        clock.reply_due(received=date(2025, 5, 6), extension_days=True)


@pytest.mark.django_db
def test_explain_names_every_rule_and_ends_with_the_due_date():
    result = clock.reply_due(
        received=date(2025, 9, 26), consultations=[(date(2025, 10, 13), date(2025, 10, 15))]
    )
    lines = clock.explain(result)
    text = "\n".join(lines)
    assert "2025-09-28（周日）" in text and "调休上班" in text
    assert "2025-10-13（周一）：征求第三方意见" in text
    assert lines[-1].startswith(f"到期日 {result.due_date.isoformat()}")


@pytest.mark.django_db
def test_command_prints_the_due_date_last(capsys):
    call_command(
        "foi_deadline",
        "--received",
        "2026-02-10",
        "--correction-received",
        "2026-02-12",
        "--consultation",
        "2026-03-02",
        "2026-03-06",
        "--extended",
        "--explain",
    )
    lines = capsys.readouterr().out.strip().splitlines()
    expected = independent_due(date(2026, 2, 12), 40, ((date(2026, 3, 2), date(2026, 3, 6)),))
    assert lines[-1] == expected.isoformat()
    assert any("重新计算" in line for line in lines)


@pytest.mark.django_db
def test_command_refuses_bad_input():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("foi_deadline", "--received", "2025-13-45")
    with pytest.raises(CommandError):
        call_command("foi_deadline", "--received", "2025-09-26", "--extension-days", "999999999")


# -- the time left, in working days (the workspace, the handling page, the desk, the admin list) -------------------
def independent_workdays_between(first: date, last: date) -> int:
    """Working days in (first, last], by the re-typed notices."""
    return sum(1 for i in range(1, (last - first).days + 1) if working(first + timedelta(days=i)))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "due, today",
    [
        (date(2025, 10, 9), date(2025, 9, 26)),  # across 国庆 2025, counting the 调休 Sunday 9-28
        (date(2025, 10, 13), date(2025, 10, 10)),  # the 调休 Saturday 10-11 counts
        (date(2026, 2, 24), date(2026, 2, 13)),  # across 春节 2026, the 调休 Saturday 2-14 counts
        (date(2026, 3, 2), date(2026, 2, 27)),  # the 调休 Saturday 2-28 counts
    ],
)
def test_remaining_working_days_across_holidays_and_make_up_days(due, today):
    left = clock.remaining(due, today)
    expected = independent_workdays_between(today, due)
    assert not left.overdue and left.days == expected
    assert left.label == f"剩余 {expected} 个工作日"
    assert expected != (due - today).days  # calendar days would say something else


@pytest.mark.django_db
@pytest.mark.parametrize(
    "due, today",
    [
        # late over 国庆: only 10-9, 10-10 and the 调休 Saturday count
        (date(2025, 9, 30), date(2025, 10, 11)),
        (date(2026, 2, 13), date(2026, 2, 24)),  # late over 春节 2026
        (date(2024, 4, 12), date(2026, 12, 7)),  # the demo's "逾期 -958": years late, in working days
    ],
)
def test_overdue_is_said_in_working_days_and_never_negative(due, today):
    left = clock.remaining(due, today)
    assert left.overdue and left.days > 0
    if due.year >= 2025:
        assert left.days == independent_workdays_between(due, today)
    assert left.days < (today - due).days
    assert left.label == f"逾期 {left.days} 个工作日" and "-" not in left.label


@pytest.mark.django_db
def test_remaining_is_never_negative_and_due_today_says_so():
    start = date(2025, 9, 20)
    for offset in range(0, 40):
        for back in range(0, 40):
            due, today = start + timedelta(days=offset), start + timedelta(days=back)
            left = clock.remaining(due, today)
            assert left.days >= 0 and "-" not in left.label
            assert left.overdue == (due < today)
    assert clock.remaining(date(2025, 10, 9), date(2025, 10, 9)).label == "今日到期"
    # due on a Friday, looked at on the Saturday: late, but no working day lost yet
    weekend = clock.remaining(date(2025, 10, 17), date(2025, 10, 18))
    assert weekend.overdue and weekend.label == "已过答复期限（逾期不足 1 个工作日）"
