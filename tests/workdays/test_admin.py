"""The calendar in the admin: the office edits it, everyone else reads it; edits make a year manual."""

from datetime import date

import pytest
from django.utils import timezone

from organizations.models import Role
from tests.factories import UnitFactory, member
from workdays import engine
from workdays.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client):
    client.force_login(member(Role.OFFICE, UnitFactory()))
    return client


@pytest.fixture
def officer(client):
    client.force_login(member(Role.OFFICER, UnitFactory()))
    return client


def test_year_changelist_and_change_page(office):
    page = office.get("/admin/workdays/calendaryear/").content.decode()
    assert "由日历库导入" in page and "2025" in page
    assert "/admin/workdays/calendaryear/seed/" in page
    assert "/admin/workdays/calendaryear/enter-holiday/" in page
    # Next year is not in the calendar (the package ends with 2026): the office is told so.
    next_year = timezone.localdate().year + 1
    assert f"{next_year}年的节假日安排尚未录入" in page
    year = CalendarYear.objects.get(year=2025)
    page = office.get(f"/admin/workdays/calendaryear/{year.pk}/change/").content.decode()
    assert "国庆节、中秋节调休上班" in page and "2025-10-11" in page


def test_day_changelist_filters_by_year_and_kind(office):
    page = office.get("/admin/workdays/calendarday/?year=2025&kind=makeup_workday").content.decode()
    # 2025's make-up days: Jan 26, Feb 8, Apr 27, Sep 28, Oct 11.
    for d in ("2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"):
        assert d in page
    assert "2025-10-01" not in page and "2024-" not in page


def test_editing_a_day_makes_the_year_manual_and_reaches_the_engine(office):
    day = CalendarDay.objects.get(date=date(2025, 10, 11))
    response = office.post(
        f"/admin/workdays/calendarday/{day.pk}/change/",
        {"calendar_year": day.calendar_year_id, "date": "2025-10-11", "kind": "holiday", "name": "改为放假"},
    )
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2025).source == CalendarYear.Source.MANUAL
    assert not engine.is_workday(date(2025, 10, 11))


def test_day_form_rejects_a_weekday_makeup_and_another_year(office):
    year = CalendarYear.objects.get(year=2025)
    response = office.post(
        "/admin/workdays/calendarday/add/",
        {"calendar_year": year.pk, "date": "2026-10-13", "kind": "makeup_workday", "name": "x"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "周六或周日" in page and "2025年内" in page


def test_office_deletes_a_day(office):
    day = CalendarDay.objects.get(date=date(2025, 10, 11))
    response = office.post(f"/admin/workdays/calendarday/{day.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(pk=day.pk).exists()
    assert CalendarYear.objects.get(year=2025).source == CalendarYear.Source.MANUAL
    assert not engine.is_workday(date(2025, 10, 11))


def test_seed_page(office):
    CalendarYear.objects.filter(year=2024).delete()
    assert office.get("/admin/workdays/calendaryear/seed/").status_code == 200
    response = office.post("/admin/workdays/calendaryear/seed/", {"first": "2024", "last": "2024"})
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2024).source == CalendarYear.Source.PACKAGE
    response = office.post("/admin/workdays/calendaryear/seed/", {"first": "2026", "last": "2027"})
    assert response.status_code == 200 and "2004–2026" in response.content.decode()


def test_enter_holiday_page(office):
    response = office.post(
        "/admin/workdays/calendaryear/enter-holiday/",
        {"year": "2027", "name": "元旦", "first": "2027-01-01", "last": "2027-01-03", "makeup_days": ""},
    )
    assert response.status_code == 302
    assert CalendarDay.objects.filter(calendar_year__year=2027).count() == 3
    response = office.post(
        "/admin/workdays/calendaryear/enter-holiday/",
        {
            "year": "2027",
            "name": "春节",
            "first": "2027-02-06",
            "last": "2027-02-12",
            "makeup_days": "2027-02-10",
        },
    )
    assert response.status_code == 200 and "落在放假期间内" in response.content.decode()


def test_reimport_action_skips_manual_years(office):
    CalendarDay.objects.filter(date=date(2024, 10, 1)).delete()
    manual = CalendarYear.objects.get(year=2025)
    manual.source = CalendarYear.Source.MANUAL
    manual.save()
    ids = list(CalendarYear.objects.filter(year__in=[2024, 2025]).values_list("pk", flat=True))
    response = office.post(
        "/admin/workdays/calendaryear/", {"action": "reimport", "_selected_action": ids}, follow=True
    )
    page = response.content.decode()
    assert "已按日历库更新：2024" in page and "手工录入，未覆盖：2025" in page
    assert CalendarDay.objects.filter(date=date(2024, 10, 1)).exists()


def test_officer_reads_only(officer):
    assert officer.get("/admin/workdays/calendaryear/").status_code == 200
    assert officer.get("/admin/workdays/calendaryear/add/").status_code == 403
    assert officer.get("/admin/workdays/calendaryear/seed/").status_code == 403
    assert officer.get("/admin/workdays/calendaryear/enter-holiday/").status_code == 403
    day = CalendarDay.objects.get(date=date(2025, 10, 11))
    assert officer.post(f"/admin/workdays/calendarday/{day.pk}/delete/", {"post": "yes"}).status_code == 403
    assert CalendarDay.objects.filter(pk=day.pk).exists()
    page = officer.get("/admin/workdays/calendaryear/").content.decode()
    assert "/admin/workdays/calendaryear/seed/" not in page


def inline_data(*days):
    data = {
        "days-TOTAL_FORMS": str(len(days)),
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
    }
    for i, (day, kind, name) in enumerate(days):
        data.update({f"days-{i}-date": day, f"days-{i}-kind": kind, f"days-{i}-name": name})
    return data


def test_office_adds_a_year_with_its_days(office):
    base = {"year": "2027", "notice": "国务院办公厅关于2027年部分节假日安排的通知", "is_complete": "on"}
    response = office.post(
        "/admin/workdays/calendaryear/add/", {**base, **inline_data(("2028-01-01", "holiday", "元旦"))}
    )
    assert response.status_code == 200 and "2027年内" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()

    response = office.post(
        "/admin/workdays/calendaryear/add/",
        {
            **base,
            **inline_data(
                ("2027-01-01", "holiday", "元旦"), ("2027-02-20", "makeup_workday", "春节调休上班")
            ),
        },
    )
    assert response.status_code == 302
    year = CalendarYear.objects.get(year=2027)
    assert year.source == CalendarYear.Source.MANUAL and year.days.count() == 2
    assert not engine.is_workday(date(2027, 1, 1)) and engine.is_workday(date(2027, 2, 20))
    assert engine.warnings_for_years([2027]) == []
