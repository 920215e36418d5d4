"""Writes on the calendar: seeding is idempotent and never touches a manual year; entering a notice by hand."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from organizations.models import Role
from tests.factories import UnitFactory, member
from workdays import engine, package_data, services
from workdays.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


def days_of(year):
    return set(CalendarDay.objects.filter(calendar_year__year=year).values_list("date", "kind", "name"))


def package_set(year):
    return {(row.date, row.kind, row.name) for row in package_data.package_days(year)}


def test_seed_is_idempotent():
    # The migration seeded 2004–2026 already: a second run changes nothing.
    report = services.seed_years(first=2004, last=2026)
    assert report.unchanged == list(range(2004, 2027))
    assert report.created == report.updated == report.skipped_manual == []


def test_seed_restores_a_package_year():
    CalendarDay.objects.filter(date=date(2025, 10, 11)).delete()
    CalendarDay.objects.filter(date=date(2025, 10, 1)).update(name="错误名称")
    CalendarYear.objects.filter(year=2024).delete()
    report = services.seed_years(first=2024, last=2025)
    assert report.created == [2024] and report.updated == [2025]
    assert days_of(2025) == package_set(2025)
    assert days_of(2024) == package_set(2024)
    assert engine.is_workday(date(2025, 10, 11))  # the engine saw the bulk write


def test_seed_never_overwrites_a_manual_year():
    year = CalendarYear.objects.get(year=2025)
    year.source = CalendarYear.Source.MANUAL
    year.save()
    CalendarDay.objects.filter(date=date(2025, 10, 11)).delete()
    report = services.seed_years(first=2025, last=2025)
    assert report.skipped_manual == [2025]
    assert (date(2025, 10, 11), "makeup_workday", "国庆节、中秋节调休上班") not in days_of(2025)


def test_seed_rejects_years_outside_the_package():
    with pytest.raises(ValueError, match="2004–2026"):
        services.seed_years(first=2026, last=2027)
    with pytest.raises(ValueError):
        services.seed_years(first=2020, last=2019)


def test_enter_year_by_hand():
    calendar_year = services.enter_year(
        year=2027,
        notice="国务院办公厅关于2027年部分节假日安排的通知",
        days=[
            (date(2027, 1, 1), "holiday", "元旦"),
            (date(2027, 1, 2), "holiday", "元旦"),
            (date(2027, 1, 3), "holiday", "元旦"),
        ],
        user=None,
    )
    assert calendar_year.source == CalendarYear.Source.MANUAL and calendar_year.is_complete
    # Dec 28 2026 + 5: Dec 29, 30, 31 → 3, Jan 1–3 off, Mon Jan 4 → 4, Tue Jan 5 → 5; no warning any more.
    due = engine.add_workdays(date(2026, 12, 28), 5)
    assert due.due == date(2027, 1, 5) and due.warnings == ()
    # Entering the year again replaces its days.
    services.enter_year(year=2027, days=[(date(2027, 1, 1), "holiday", "元旦")], user=None)
    assert days_of(2027) == {(date(2027, 1, 1), "holiday", "元旦")}
    # A manual year survives seeding (and 2027 is outside the package anyway).
    assert CalendarYear.objects.get(year=2027).source == CalendarYear.Source.MANUAL


def test_enter_year_validates():
    with pytest.raises(ValidationError) as exc:
        services.enter_year(
            year=2027,
            days=[
                (date(2027, 1, 4), "makeup_workday", "元旦调休上班"),  # a Monday
                (date(2028, 1, 1), "holiday", "元旦"),  # another year
                (date(2027, 5, 1), "holiday", "劳动节"),
                (date(2027, 5, 1), "holiday", "劳动节"),  # twice
            ],
            user=None,
        )
    text = " ".join(exc.value.messages)
    assert "2027-01-04" in text and "周六或周日" in text
    assert "2028-01-01" in text and "2027年内" in text
    assert "2027-05-01 重复录入" in text
    assert not CalendarDay.objects.filter(date__year__in=[2027, 2028]).exists()


def test_enter_holiday_one_line_of_the_notice():
    # "春节：2月6日（周六）至2月12日（周五）放假调休，共7天。2月13日（周六）上班。" — an invented 2027 line.
    rows = services.enter_holiday(
        year=2027,
        name="春节",
        first=date(2027, 2, 6),
        last=date(2027, 2, 12),
        makeup_days=[date(2027, 2, 13)],
        user=None,
    )
    assert len(rows) == 8
    calendar_year = CalendarYear.objects.get(year=2027)
    assert calendar_year.source == CalendarYear.Source.MANUAL and not calendar_year.is_complete
    assert CalendarDay.objects.get(date=date(2027, 2, 13)).name == "春节调休上班"
    # Fri Feb 5 + 2: Feb 6–12 off (春节, weekends included), Sat Feb 13 (调休) → 1, Sun 14 off, Mon 15 → 2.
    due = engine.add_workdays(date(2027, 2, 5), 2)
    assert due.due == date(2027, 2, 15)
    assert {s.date: s.reason for s in due.skipped}[date(2027, 2, 6)] == "春节（法定节假日）"
    assert "尚未录入完整" in due.warnings[0]  # until the office ticks 已录入完整

    with pytest.raises(ValidationError):
        services.enter_holiday(year=2027, name="x", first=date(2027, 5, 5), last=date(2027, 5, 1), user=None)
    with pytest.raises(ValidationError):
        services.enter_holiday(
            year=2027,
            name="x",
            first=date(2027, 5, 1),
            last=date(2027, 5, 5),
            makeup_days=[date(2027, 5, 2)],
            user=None,
        )


def test_enter_holiday_turns_a_package_year_manual():
    services.enter_holiday(
        year=2026, name="临时调整", first=date(2026, 3, 2), last=date(2026, 3, 2), user=None
    )
    assert CalendarYear.objects.get(year=2026).source == CalendarYear.Source.MANUAL
    assert services.seed_years(first=2026, last=2026).skipped_manual == [2026]


def test_permissions():
    unit = UnitFactory()
    officer = member(Role.OFFICER, unit)
    office = member(Role.OFFICE, unit)
    with pytest.raises(PermissionDenied):
        services.seed_years(first=2025, last=2025, user=officer)
    with pytest.raises(PermissionDenied):
        services.enter_year(year=2027, days=[], user=officer)
    assert services.seed_years(first=2025, last=2025, user=office).unchanged == [2025]
    services.enter_year(year=2027, days=[(date(2027, 1, 1), "holiday", "元旦")], user=office)
    assert CalendarDay.history.filter(date=date(2027, 1, 1)).first().history_user == office
