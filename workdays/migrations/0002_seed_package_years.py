"""Seed the calendar with every year the chinese_calendar package knows (2004–2026), in a few bulk inserts.

Years already present are left alone. Later years are entered by the district office (admin or
``workdays.services.enter_year``); ``manage.py seed_workdays`` re-imports package years idempotently.
"""
from django.db import migrations
from django.utils import timezone

from workdays.package_data import notice_title, package_days, package_years

REASON = "由日历库导入"


def seed(apps, schema_editor):
    db = schema_editor.connection.alias
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    HistoricalCalendarYear = apps.get_model("workdays", "HistoricalCalendarYear")
    HistoricalCalendarDay = apps.get_model("workdays", "HistoricalCalendarDay")

    present = set(CalendarYear.objects.using(db).values_list("year", flat=True))
    years = [year for year in package_years() if year not in present]
    if not years:
        return
    CalendarYear.objects.using(db).bulk_create(
        [CalendarYear(year=year, source="package", notice=notice_title(year), is_complete=True) for year in years]
    )
    # Read the rows back: not every backend returns primary keys from bulk_create.
    stored = {cy.year: cy for cy in CalendarYear.objects.using(db).filter(year__in=years)}
    taken = set(CalendarDay.objects.using(db).values_list("date", flat=True))
    CalendarDay.objects.using(db).bulk_create(
        [
            CalendarDay(calendar_year=stored[year], date=row.date, kind=row.kind, name=row.name)
            for year in years
            for row in package_days(year)
            if row.date not in taken
        ],
        batch_size=500,
    )

    now = timezone.now()
    HistoricalCalendarYear.objects.using(db).bulk_create(
        [
            HistoricalCalendarYear(
                id=cy.pk,
                year=cy.year,
                source=cy.source,
                notice=cy.notice,
                is_complete=cy.is_complete,
                updated_at=cy.updated_at,
                history_date=now,
                history_type="+",
                history_change_reason=REASON,
            )
            for cy in stored.values()
        ],
        batch_size=500,
    )
    HistoricalCalendarDay.objects.using(db).bulk_create(
        [
            HistoricalCalendarDay(
                id=day.pk,
                calendar_year_id=day.calendar_year_id,
                date=day.date,
                kind=day.kind,
                name=day.name,
                history_date=now,
                history_type="+",
                history_change_reason=REASON,
            )
            for day in CalendarDay.objects.using(db).filter(calendar_year__year__in=years)
        ],
        batch_size=500,
    )


def unseed(apps, schema_editor):
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarYear.objects.using(schema_editor.connection.alias).filter(source="package").delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
