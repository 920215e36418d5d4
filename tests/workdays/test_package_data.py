"""The package data and the seeding migration: Chinese names, joined festivals, make-up days."""

from datetime import date

import pytest

from workdays import package_data
from workdays.models import CalendarDay, CalendarYear


def by_date(year):
    return {row.date: row for row in package_data.package_days(year)}


def test_package_years():
    years = package_data.package_years()
    assert years[0] == 2004 and years[-1] == 2026


def test_national_day_2025_is_one_block_named_after_both_festivals():
    rows = by_date(2025)
    for day in range(1, 9):
        assert rows[date(2025, 10, day)].kind == package_data.HOLIDAY
        assert rows[date(2025, 10, day)].name == "国庆节、中秋节"
    assert rows[date(2025, 9, 28)].kind == package_data.MAKEUP_WORKDAY
    assert rows[date(2025, 9, 28)].name == "国庆节、中秋节调休上班"
    assert rows[date(2025, 10, 11)].name == "国庆节、中秋节调休上班"
    assert date(2025, 10, 12) not in rows


def test_festival_order_follows_the_dates():
    # 2023: 中秋节 Sep 29 comes first ("中秋节、国庆节"); 2020: 中秋节 fell on Oct 1, which chinese_calendar
    # labels 国庆节 only — the holidays package completes the name.
    assert by_date(2023)[date(2023, 9, 29)].name == "中秋节、国庆节"
    assert by_date(2020)[date(2020, 10, 1)].name == "国庆节、中秋节"


def test_chinese_names_and_spring_festival_2026():
    rows = by_date(2026)
    assert rows[date(2026, 1, 1)].name == "元旦"
    assert rows[date(2026, 1, 4)].name == "元旦调休上班"
    assert rows[date(2026, 2, 14)].name == "春节调休上班"
    assert rows[date(2026, 2, 28)].name == "春节调休上班"
    assert {rows[date(2026, 2, d)].name for d in range(15, 24)} == {"春节"}
    assert rows[date(2026, 4, 4)].name == "清明节"
    assert rows[date(2026, 6, 19)].name == "端午节"
    assert rows[date(2026, 9, 25)].name == "中秋节"
    assert rows[date(2026, 5, 1)].name == "劳动节"
    names_2015 = {row.name for row in package_data.package_days(2015)}
    assert "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日" in names_2015


def test_make_up_days_are_weekends():
    for year in package_data.package_years():
        for row in package_data.package_days(year):
            if row.kind == package_data.MAKEUP_WORKDAY:
                assert row.date.weekday() >= 5, row


def test_unknown_year_raises():
    with pytest.raises(ValueError, match="2004–2026"):
        package_data.package_days(2027)


@pytest.mark.django_db
def test_migration_seeded_every_package_year():
    years = CalendarYear.objects.order_by("year")
    assert list(years.values_list("year", flat=True)) == list(range(2004, 2027))
    assert set(years.values_list("source", "is_complete")) == {(CalendarYear.Source.PACKAGE, True)}
    assert CalendarYear.objects.get(year=2025).notice == "国务院办公厅关于2025年部分节假日安排的通知"
    stored = set(CalendarDay.objects.filter(date__year=2025).values_list("date", "kind", "name"))
    assert stored == {(row.date, row.kind, row.name) for row in package_data.package_days(2025)}
    assert CalendarDay.objects.count() == sum(len(package_data.package_days(y)) for y in range(2004, 2027))
    # The import is in the change history.
    assert (
        CalendarDay.history.filter(history_change_reason="由日历库导入").count()
        == CalendarDay.objects.count()
    )
