"""Writes on the working-day calendar: import years from the package, enter a new year's State Council notice.

Every service is keyword-only and atomic, checks the permission module when a user acts (``user=None`` is
the system itself: migrations and management commands), and tells the deadline engine that the calendar
changed (bulk writes send no model signals).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from organizations import permissions as perms

from . import engine, package_data
from .models import CalendarDay, CalendarYear

AREA = "workdays"


@dataclass
class SeedReport:
    """What :func:`seed_years` did, year by year."""

    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    skipped_manual: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        def years(values: list[int]) -> str:
            return "、".join(str(y) for y in values)

        out = []
        if self.created:
            out.append(f"新导入：{years(self.created)}")
        if self.updated:
            out.append(f"已按日历库更新：{years(self.updated)}")
        if self.unchanged:
            out.append(f"无变化：{years(self.unchanged)}")
        if self.skipped_manual:
            out.append(f"手工录入，未覆盖：{years(self.skipped_manual)}")
        return out


def _require(user: User | None, action: str) -> None:
    if user is not None:
        perms.require(user, action, AREA)


@transaction.atomic
def seed_years(*, first: int, last: int, user: User | None = None) -> SeedReport:
    """Import the package's arrangement for ``first``..``last``; idempotent, and a manually entered year is
    never touched. Raises ValueError for years the package does not know."""
    _require(user, perms.CHANGE)
    available = package_data.package_years()
    if first > last:
        raise ValueError(_("起始年份 %(first)s 晚于结束年份 %(last)s。") % {"first": first, "last": last})
    if first < available[0] or last > available[-1]:
        raise ValueError(
            _("日历库只包含%(v1)s–%(v3)s年的节假日安排；其他年份请按国务院通知在管理后台手工录入。")
            % {"v1": available[0], "v3": available[-1]}
        )
    report = SeedReport()
    existing = {
        cy.year: cy for cy in CalendarYear.objects.select_for_update().filter(year__range=(first, last))
    }
    stored: dict[int, dict[tuple[dt.date, str, str], int]] = {}
    for pk, year, day, kind, name in CalendarDay.objects.filter(
        calendar_year__year__range=(first, last)
    ).values_list("pk", "calendar_year__year", "date", "kind", "name"):
        stored.setdefault(year, {})[(day, kind, name)] = pk

    to_delete: list[int] = []
    to_create: list[CalendarDay] = []
    for year in range(first, last + 1):
        calendar_year = existing.get(year)
        if calendar_year is not None and calendar_year.source == CalendarYear.Source.MANUAL:
            report.skipped_manual.append(year)
            continue
        wanted = {(row.date, row.kind, row.name) for row in package_data.package_days(year)}
        title = package_data.notice_title(year)
        if calendar_year is None:
            calendar_year = CalendarYear(year=year)
            report.created.append(year)
        else:
            have = stored.get(year, {})
            if set(have) == wanted and calendar_year.notice == title and calendar_year.is_complete:
                report.unchanged.append(year)
                continue
            to_delete.extend(pk for key, pk in have.items() if key not in wanted)
            wanted -= set(have)
            report.updated.append(year)
        calendar_year.source = CalendarYear.Source.PACKAGE
        calendar_year.notice = title
        calendar_year.is_complete = True
        calendar_year._change_reason = "由日历库导入"  # type: ignore[attr-defined]  # django-simple-history\'s, untyped
        calendar_year.save()
        to_create.extend(
            CalendarDay(calendar_year=calendar_year, date=day, kind=kind, name=name)
            for day, kind, name in sorted(wanted)
        )
    if to_delete:
        CalendarDay.objects.filter(pk__in=to_delete).delete()
    if to_create:
        bulk_create_with_history(
            to_create, CalendarDay, batch_size=500, default_user=user, default_change_reason="由日历库导入"
        )
    engine.calendar_changed()
    return report


def _validated_day(calendar_year: CalendarYear, day: dt.date, kind: str, name: str) -> CalendarDay:
    row = CalendarDay(calendar_year=calendar_year, date=day, kind=kind, name=name)
    row.full_clean(exclude=["calendar_year"], validate_unique=False)
    return row


def _manual_year(*, year: int, notice: str | None, is_complete: bool | None) -> CalendarYear:
    calendar_year = CalendarYear.objects.select_for_update().filter(year=year).first()
    if calendar_year is None:
        calendar_year = CalendarYear(year=year, is_complete=False)
    calendar_year.source = CalendarYear.Source.MANUAL
    if notice is not None:
        calendar_year.notice = notice
    if is_complete is not None:
        calendar_year.is_complete = is_complete
    calendar_year.full_clean(validate_unique=False)
    calendar_year._change_reason = "手工录入"  # type: ignore[attr-defined]  # django-simple-history\'s, untyped
    calendar_year.save()
    return calendar_year


@transaction.atomic
def enter_year(
    *,
    year: int,
    days: Iterable[tuple[dt.date, str, str]],
    notice: str = "",
    is_complete: bool = True,
    user: User | None,
) -> CalendarYear:
    """Enter (or replace) a whole year by hand from the State Council notice.

    ``days`` are ``(date, kind, name)`` with kind ``"holiday"`` (every day off of a holiday, weekends inside
    it included) or ``"makeup_workday"``. The year's previous days are replaced; the year becomes manual, so
    ``seed_workdays`` will never overwrite it.
    """
    _require(user, perms.CHANGE)
    calendar_year = _manual_year(year=year, notice=notice, is_complete=is_complete)
    rows, seen, errors = [], set(), []
    for day, kind, name in days:
        if day in seen:
            errors.append(f"{day.isoformat()} 重复录入。")
            continue
        seen.add(day)
        try:
            rows.append(_validated_day(calendar_year, day, kind, name))
        except ValidationError as exc:
            errors.extend(f"{day.isoformat()}：{message}" for message in exc.messages)
    if errors:
        raise ValidationError(errors)
    CalendarDay.objects.filter(calendar_year=calendar_year).delete()
    bulk_create_with_history(rows, CalendarDay, default_user=user, default_change_reason="手工录入")
    engine.calendar_changed()
    return calendar_year


@transaction.atomic
def enter_holiday(
    *,
    year: int,
    name: str,
    first: dt.date,
    last: dt.date,
    makeup_days: Iterable[dt.date] = (),
    user: User | None,
) -> list[CalendarDay]:
    """Enter one line of a notice, e.g. "国庆节：10月1日至7日放假调休，共7天。9月27日（周日）、10月10日（周六）上班。"

    Every day from ``first`` to ``last`` becomes a holiday named ``name``; each make-up day becomes
    "<name>调休上班". Days already stored on those dates are replaced. The year becomes manual (created
    incomplete when new: tick 已录入完整 once every line of the notice is in).
    """
    _require(user, perms.CHANGE)
    if last < first:
        raise ValidationError(
            _("放假结束日 %(v1)s 早于开始日 %(v3)s。") % {"v1": last.isoformat(), "v3": first.isoformat()}
        )
    calendar_year = _manual_year(year=year, notice=None, is_complete=None)
    rows = []
    day = first
    while day <= last:
        rows.append(_validated_day(calendar_year, day, CalendarDay.Kind.HOLIDAY, name))
        day += dt.timedelta(days=1)
    makeup = sorted(set(makeup_days))
    for day in makeup:
        if first <= day <= last:
            raise ValidationError(_("调休上班日 %(v1)s 落在放假期间内。") % {"v1": day.isoformat()})
        rows.append(
            _validated_day(
                calendar_year, day, CalendarDay.Kind.MAKEUP_WORKDAY, f"{name}{package_data.MAKEUP_SUFFIX}"
            )
        )
    dates = [row.date for row in rows]
    CalendarDay.objects.filter(date__in=dates).delete()
    created: list[CalendarDay] = bulk_create_with_history(
        rows, CalendarDay, default_user=user, default_change_reason="手工录入"
    )
    engine.calendar_changed()
    return created


@transaction.atomic
def mark_manual(*, calendar_year: CalendarYear, user: User | None) -> CalendarYear:
    """Mark a year as entered by hand (after its days were edited), so that seeding never overwrites it."""
    _require(user, perms.CHANGE)
    if calendar_year.source != CalendarYear.Source.MANUAL:
        calendar_year.source = CalendarYear.Source.MANUAL
        calendar_year._change_reason = "手工修改后转为手工录入"  # type: ignore[attr-defined]  # django-simple-history\'s, untyped
        calendar_year.save(update_fields=["source", "updated_at"])
    return calendar_year
