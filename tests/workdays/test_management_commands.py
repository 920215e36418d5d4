"""The management commands: workdays_due prints the due date on its last line; seed_workdays is idempotent."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from workdays.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().splitlines()


def test_workdays_due_national_day_2025():
    lines = run("workdays_due", "--start", "2025-09-30", "--days", "20")
    assert lines == ["2025-11-04"]


def test_workdays_due_explain():
    lines = run("workdays_due", "--start", "2025-09-30", "--days", "20", "--explain")
    assert lines[-1] == "2025-11-04"
    assert "不计入 2025-10-01（周三）：国庆节、中秋节（法定节假日）" in lines
    assert "不计入 2025-10-05（周日）：国庆节、中秋节（法定节假日）" in lines
    assert "计入 2025-10-11（周六）：国庆节、中秋节调休上班（第 3 个工作日）" in lines
    assert "不计入 2025-11-02（周日）：周日" in lines
    assert not any("注意" in line for line in lines)


def test_workdays_due_2027_warns():
    # Mon 2026-12-28 + 5: Dec 29, 30, 31, Fri Jan 1 (元旦, a fixed holiday even in an unentered year), Jan 4, 5.
    lines = run("workdays_due", "--start", "2026-12-28", "--days", "5")
    assert lines[-1] == "2027-01-05"
    assert len(lines) == 2 and lines[0].startswith("注意：2027年的节假日安排尚未录入")
    explained = run("workdays_due", "--start", "2026-12-28", "--days", "5", "--explain")
    assert explained[-1] == "2027-01-05"
    assert sum("2027年的节假日安排尚未录入" in line for line in explained) == 1


def test_workdays_due_calendar_days_months_and_pause():
    # Sep 3 + 30 calendar days = Oct 3 (holiday) → Thu Oct 9.
    assert run("workdays_due", "--start", "2025-09-03", "--days", "30", "--calendar-days")[-1] == "2025-10-09"
    # Aug 1 + 2 months = Oct 1 (holiday) → Oct 9.
    assert run("workdays_due", "--start", "2025-08-01", "--days", "2", "--months")[-1] == "2025-10-09"
    # Pausing Oct 13–14 moves the 20th working day from Nov 4 to Nov 6.
    lines = run(
        "workdays_due",
        "--start",
        "2025-09-30",
        "--days",
        "20",
        "--pause",
        "2025-10-13:2025-10-14",
        "--explain",
    )
    assert lines[-1] == "2025-11-06"
    assert "不计入 2025-10-13（周一）：暂停计时" in lines


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "2025-13-01", "--days", "5"], "格式不正确"),
        (["--start", "明天", "--days", "5"], "格式不正确"),
        (["--start", "2025-09-30", "--days", "-1"], "不能为负数"),
        (["--start", "2025-09-30", "--days", "二十"], "不是整数"),
        (["--start", "2025-09-30", "--days", "5", "--pause", "2025-10-13"], "暂停期间"),
        (
            ["--start", "2025-09-30", "--days", "5", "--calendar-days", "--pause", "2025-10-13:2025-10-14"],
            "工作日",
        ),
    ],
)
def test_workdays_due_bad_input(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("workdays_due", *args, stdout=StringIO())


def test_seed_workdays_is_idempotent_and_keeps_manual_years():
    year = CalendarYear.objects.get(year=2025)
    year.source = CalendarYear.Source.MANUAL
    year.save()
    CalendarDay.objects.filter(date=date(2025, 10, 11)).delete()
    CalendarDay.objects.filter(date=date(2024, 10, 1)).delete()
    lines = run("seed_workdays", "--from", "2024", "--to", "2026")
    assert "已按日历库更新：2024" in lines
    assert "无变化：2026" in lines
    assert "手工录入，未覆盖：2025" in lines
    assert CalendarDay.objects.filter(date=date(2024, 10, 1)).exists()
    assert not CalendarDay.objects.filter(date=date(2025, 10, 11)).exists()
    again = run("seed_workdays", "--from", "2024", "--to", "2026")
    assert "无变化：2024、2026" in again


def test_seed_workdays_out_of_range():
    with pytest.raises(CommandError, match="2004–2026"):
        call_command("seed_workdays", "--from", "2027", "--to", "2027", stdout=StringIO())
