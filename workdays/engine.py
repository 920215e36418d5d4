"""The deadline engine: periods in Chinese working days, calendar days and months, each able to explain itself.

Counting follows Chinese legal practice (民法典 第二百零一条至第二百零三条, 政府信息公开条例):

* the day a period starts is not counted; counting begins the next day;
* working days skip weekends and statutory holidays and include the make-up working days (调休上班) the
  State Council announces each year;
* a period in calendar days or months whose last day is a day off ends on the next working day;
* a year nobody has entered (no :class:`~workdays.models.CalendarYear` row) counts weekends and the fixed
  statutory holidays (元旦, 劳动节, 国庆节, and 春节, 清明节, 端午节, 中秋节 from the lunar calendar:
  :func:`~workdays.package_data.statutory_days`) without the yearly shifts (调休), and every result touching it
  carries a warning. So 2026-12-31 + 3 working days is 2027-01-06 (元旦 is off), not 2027-01-05.

The calendar is read from the database once per process into an in-memory snapshot (two queries), so tens
of thousands of due dates cost no further queries. A write to the calendar (signals on
:class:`~workdays.models.CalendarYear` and :class:`~workdays.models.CalendarDay`, or the services' bulk writes)
drops the snapshot at once; when the write commits, a version key in Django's cache tells the other
processes, which look at it at most every :data:`VERSION_CHECK_SECONDS`. A write inside a transaction that is
later rolled back (a failed request, the end of a test) is noticed too: its on-commit hook disappears from
the connection, and the snapshot that may hold the rolled-back rows is dropped. ``clear_cache()`` drops the
snapshot by hand. The snapshot is shared by the process's threads: while one thread's calendar write is not
yet committed, another thread may briefly compute with it (the calendar is edited rarely, by the office).
"""

from __future__ import annotations

import calendar as _calendar_module
import datetime as _dt
import logging
import threading
import time
import uuid
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from .package_data import HOLIDAY, MAKEUP_WORKDAY, statutory_days

logger = logging.getLogger(__name__)

__all__ = [
    "CALENDAR_DAYS",
    "MONTHS",
    "WORKDAYS",
    "DueDate",
    "SkippedDay",
    "add_calendar_days",
    "add_months",
    "add_workdays",
    "calendar_changed",
    "clear_cache",
    "count_workdays",
    "explain",
    "is_workday",
    "known_years",
    "warnings_for_years",
    "weekday_name",
]

#: DueDate.unit values.
WORKDAYS, CALENDAR_DAYS, MONTHS = "workdays", "calendar_days", "months"
#: The cache key whose value changes whenever a calendar write commits.
VERSION_KEY = "workdays:calendar-version"
#: How often (seconds) a process asks the shared cache whether another process changed the calendar.
VERSION_CHECK_SECONDS = 5.0
DEFAULT_PAUSE_REASON = "暂停计时"

WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_ONE_DAY = timedelta(days=1)
_MISSING = object()


# -- results ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SkippedDay:
    """A day that did not count, and why ("周六", "国庆节（法定节假日）", "暂停计时：第三方征求意见")."""

    date: date
    reason: str


@dataclass(frozen=True)
class DueDate:
    """A computed due date with everything needed to explain it.

    ``days`` is the period's length in its ``unit``: working days (``WORKDAYS``), calendar days
    (``CALENDAR_DAYS``) or months (``MONTHS``). ``skipped`` lists, in date order, the days that did not
    count (working-day periods), or the days off the end moved over (calendar periods). ``counted`` holds
    the working days counted (working-day periods only). ``nominal_due`` is, for calendar periods, the last
    day before the day-off rule moved it (equal to ``due`` when it did not move).
    """

    start: date
    days: int
    due: date
    skipped: tuple[SkippedDay, ...] = ()
    warnings: tuple[str, ...] = ()
    counted: tuple[date, ...] = ()
    unit: str = WORKDAYS
    nominal_due: date | None = None


# -- the calendar snapshot -------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Tables:
    """Working days and days off over whole years, sorted, as ordinals (for bisect) and as dates."""

    first_year: int
    last_year: int
    work_ords: list[int]
    work_dates: list[date]
    off_ords: list[int]
    off_days: list[SkippedDay]


class _Calendar:
    """The calendar as one process sees it.

    Holds the exceptions by date and year, the known years, a per-date verdict memo, and, over a stretch of
    whole years that grows on demand, the sorted working days and days off as ordinals: a period without
    pauses is then two binary searches and two slices, whatever its length.
    """

    __slots__ = (
        "by_year",
        "exceptions",
        "known",
        "incomplete",
        "version",
        "checked_at",
        "_verdicts",
        "_warned",
        "_tables",
    )

    def __init__(self, *, days, years, version):
        self.exceptions: dict[date, tuple[str, str]] = {}
        self.by_year: dict[int, dict[date, tuple[str, str]]] = {}
        for day, kind, name in days:
            self.exceptions[day] = (kind, name)
            self.by_year.setdefault(day.year, {})[day] = (kind, name)
        self.known = frozenset(year for year, _ in years)
        self.incomplete = frozenset(year for year, complete in years if not complete)
        self.version = version
        self.checked_at = time.monotonic()
        self._verdicts: dict[date, SkippedDay | None] = {}
        self._warned: dict[int, str | None] = {}
        self._tables: _Tables | None = None  # nothing covered yet

    def verdict(self, day: date) -> SkippedDay | None:
        """None for a working day, else why the day is off."""
        found = self._verdicts.get(day, _MISSING)
        if found is _MISSING:
            found = self._classify(day)
            self._verdicts[day] = found
        return found

    def _classify(self, day: date) -> SkippedDay | None:
        entry = self.exceptions.get(day)
        if entry is not None:
            kind, name = entry
            if kind == MAKEUP_WORKDAY:
                return None
            if kind == HOLIDAY:
                return SkippedDay(day, f"{name}（法定节假日）" if name else "法定节假日")
        if day.year not in self.known:
            festival = statutory_days(day.year).get(day)
            if festival:
                return SkippedDay(day, f"{festival}（法定节假日，按固定假日推算）")
        weekday = day.weekday()
        if weekday >= 5:
            return SkippedDay(day, WEEKDAY_NAMES[weekday])
        return None

    def cover(self, first_year: int, last_year: int) -> _Tables:
        """Tables spanning at least ``first_year``..``last_year`` (whole years), built or widened on demand.

        The tables are immutable and swapped in one assignment, so a thread never sees half of a rebuild.
        """
        tables = self._tables
        if tables is not None:
            if tables.first_year <= first_year and last_year <= tables.last_year:
                return tables
            first_year = min(first_year, tables.first_year)
            last_year = max(last_year, tables.last_year)
        last_year = min(max(last_year, first_year + 1), date.max.year)  # a little room ahead
        work_ords, work_dates, off_ords, off_days = [], [], [], []
        day, end = date(first_year, 1, 1), date(last_year, 12, 31)
        while True:
            off = self.verdict(day)
            if off is None:
                work_ords.append(day.toordinal())
                work_dates.append(day)
            else:
                off_ords.append(day.toordinal())
                off_days.append(off)
            if day == end:
                break
            day += _ONE_DAY
        tables = _Tables(first_year, last_year, work_ords, work_dates, off_ords, off_days)
        self._tables = tables
        return tables

    def extend(self, tables: _Tables, years: int) -> _Tables:
        """Tables reaching ``years`` further than ``tables`` (a period runs past the covered stretch)."""
        if tables.last_year >= date.max.year:
            raise OverflowError(_("期限超出可计算的日期范围。"))
        return self.cover(tables.first_year, min(tables.last_year + years, date.max.year))

    def warning(self, year: int) -> str | None:
        found = self._warned.get(year, _MISSING)
        if found is _MISSING:
            if year not in self.known:
                found = (
                    f"{year}年的节假日安排尚未录入，按周末和固定的法定节假日（元旦、春节、清明节、劳动节、端午节、"
                    f"中秋节、国庆节，不含调休）计算，请区政务公开办录入国务院办公厅关于{year}年部分节假日安排的通知。"
                )
            elif year in self.incomplete:
                found = (
                    f"{year}年的节假日安排尚未录入完整，计算结果可能有误，"
                    f"请区政务公开办对照国务院通知补全后勾选“已录入完整”。"
                )
            else:
                found = None
            self._warned[year] = found
        return found

    def warnings(self, first: date, last: date) -> tuple[str, ...]:
        if last < first:
            return ()
        if first.year == last.year:
            found = self.warning(first.year)
            return (found,) if found else ()
        found = (self.warning(year) for year in range(first.year, last.year + 1))
        return tuple(w for w in found if w)


class _CommitHook:
    """Registered with ``on_commit`` for a calendar write inside a transaction."""

    __slots__ = ("using", "thread", "sids")

    def __init__(self, using: str, sids: set):
        self.using = using
        self.thread = threading.get_ident()
        self.sids = sids

    def __call__(self):
        _committed(self)


_snapshot: _Calendar | None = None
_pending: list[_CommitHook] = []
_lock = threading.Lock()


def clear_cache() -> None:
    """Drop this process's calendar snapshot; the next call reads the database again."""
    global _snapshot
    _snapshot = None


def calendar_changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """Call after any write to the calendar (the signals do; bulk writes must).

    Drops the snapshot now, and once the write is committed tells the other processes through the cache.
    Inside a transaction, remembers the write so that a rollback drops the snapshot again.
    """
    if _pending:
        _forget_rolled_back()
    clear_cache()
    connection = connections[using]
    if not connection.in_atomic_block:
        _bump_version()
        return
    sids = set(connection.savepoint_ids)
    registered = {id(func) for _, func, _ in connection.run_on_commit}
    with _lock:
        for hook in _pending:
            if hook.using == using and hook.sids == sids and id(hook) in registered:
                return  # this savepoint already has a live hook
        hook = _CommitHook(using, sids)
        _pending.append(hook)
    connection.on_commit(hook, robust=True)


def _committed(hook: _CommitHook) -> None:
    with _lock:
        if hook in _pending:
            _pending.remove(hook)
    clear_cache()
    _bump_version()


def _bump_version() -> None:
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # the cache is a courtesy to other processes; never fail a calendar write on it
        logger.warning("workdays: could not publish the calendar version to the cache", exc_info=True)


def _shared_version():
    try:
        return cache.get(VERSION_KEY)
    except Exception:
        logger.warning("workdays: could not read the calendar version from the cache", exc_info=True)
        return None


def _forget_rolled_back() -> None:
    """Drop the snapshot if a write of this thread's open transaction was rolled back."""
    me = threading.get_ident()
    with _lock:
        mine = [hook for hook in _pending if hook.thread == me]
        if not mine:
            return
        gone = []
        for hook in mine:
            registered = connections[hook.using].run_on_commit
            if not any(func is hook for _, func, _ in registered):
                gone.append(hook)
        for hook in gone:
            _pending.remove(hook)
    if gone:
        clear_cache()


def _load(version) -> _Calendar:
    from .models import CalendarDay, CalendarYear

    years = list(CalendarYear.objects.values_list("year", "is_complete"))
    days = list(CalendarDay.objects.values_list("date", "kind", "name"))
    return _Calendar(days=days, years=years, version=version)


def _current() -> _Calendar:
    global _snapshot
    if _pending:
        _forget_rolled_back()
    snapshot = _snapshot
    now = time.monotonic()
    if snapshot is not None and now - snapshot.checked_at < VERSION_CHECK_SECONDS:
        return snapshot
    version = _shared_version()
    if snapshot is not None and snapshot.version == version:
        snapshot.checked_at = now
        return snapshot
    snapshot = _load(version)
    _snapshot = snapshot
    return snapshot


# -- input -----------------------------------------------------------------------------------------------
def _as_date(value, what: str = "日期") -> date:
    if isinstance(value, _dt.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    if isinstance(value, date):
        return value
    raise TypeError(_("%(what)s应为日期（datetime.date），收到 %(value)r") % {"what": what, "value": value})


def _as_count(n, what: str = "天数") -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(_("%(what)s应为整数，收到 %(n)r") % {"what": what, "n": n})
    if n < 0:
        raise ValueError(_("%(what)s不能为负数（收到 %(n)s）。") % {"what": what, "n": n})
    return n


def _pause_ranges(pauses, pause_reason: str) -> list[tuple[date, date, str]]:
    ranges = []
    for pause in pauses:
        if len(pause) == 3:
            first, last, reason = pause
        elif len(pause) == 2:
            (first, last), reason = pause, pause_reason
        else:
            raise ValueError(_("暂停期间应为（开始日期, 结束日期）或（开始日期, 结束日期, 原因）。"))
        first, last = _as_date(first, "暂停开始日期"), _as_date(last, "暂停结束日期")
        if last < first:
            raise ValueError(
                _("暂停期间的结束日 %(v1)s 早于开始日 %(v3)s。")
                % {"v1": last.isoformat(), "v3": first.isoformat()}
            )
        ranges.append((first, last, reason))
    ranges.sort()
    return ranges


# -- public interface ------------------------------------------------------------------------------------
def weekday_name(d: date) -> str:
    """周一 … 周日."""
    return WEEKDAY_NAMES[d.weekday()]


def is_workday(d: date) -> bool:
    """Is ``d`` a working day: Monday to Friday unless a holiday, or a make-up working day?"""
    return _current().verdict(_as_date(d)) is None


def known_years() -> frozenset[int]:
    """The years whose holiday arrangement is in the database."""
    return _current().known


def add_workdays(
    start: date,
    n: int,
    *,
    pauses: Sequence[tuple[date, date] | tuple[date, date, str]] = (),
    pause_reason: str = DEFAULT_PAUSE_REASON,
) -> DueDate:
    """The ``n``-th working day after ``start`` (``start`` itself not counted).

    ``pauses`` are inclusive date ranges during which the clock stands still (补正, 第三方征求意见); each
    may carry its own reason as a third element, otherwise ``pause_reason`` is given. ``n == 0`` returns
    ``start``; a negative ``n`` raises ValueError.
    """
    start = _as_date(start, "起算日期")
    n = _as_count(n, "工作日天数")
    ranges = _pause_ranges(pauses, pause_reason)
    snapshot = _current()
    if n == 0:
        return DueDate(start=start, days=0, due=start, unit=WORKDAYS)
    if ranges:
        return _add_workdays_paused(snapshot, start, n, ranges)
    s = start.toordinal()
    tables = snapshot.cover(start.year, start.year + 1)
    i = bisect_right(tables.work_ords, s)
    while i + n > len(tables.work_ords):  # runs past the covered years: cover more
        tables = snapshot.extend(tables, max(1, n // 200))
        i = bisect_right(tables.work_ords, s)
    due_ord = tables.work_ords[i + n - 1]
    due = tables.work_dates[i + n - 1]
    off_ords = tables.off_ords
    return DueDate(
        start=start,
        days=n,
        due=due,
        skipped=tuple(tables.off_days[bisect_right(off_ords, s) : bisect_right(off_ords, due_ord)]),
        warnings=snapshot.warnings(start + _ONE_DAY, due),
        counted=tuple(tables.work_dates[i : i + n]),
        unit=WORKDAYS,
    )


def _add_workdays_paused(snapshot: _Calendar, start: date, n: int, ranges) -> DueDate:
    """The clock stands still inside a pause, whatever the calendar says; the first matching pause names it."""
    s = start.toordinal()
    spans = [(first.toordinal(), last.toordinal(), reason) for first, last, reason in ranges if last > start]

    def pause_of(ordinal: int) -> str | None:
        for first, last, reason in spans:
            if first <= ordinal <= last:
                return reason
        return None

    tables = snapshot.cover(start.year, start.year + 1)
    i = bisect_right(tables.work_ords, s)
    picked: list[date] = []
    seen = s  # the last working day looked at
    while len(picked) < n:
        if i >= len(tables.work_ords):
            tables = snapshot.extend(tables, 1)
            i = bisect_right(tables.work_ords, seen)  # the new tables may start earlier
            continue
        seen = tables.work_ords[i]
        if pause_of(seen) is None:
            picked.append(tables.work_dates[i])
        i += 1
    due = picked[-1]
    due_ord = due.toordinal()

    off_ords = tables.off_ords
    skipped = {
        day.date.toordinal(): day
        for day in tables.off_days[bisect_right(off_ords, s) : bisect_right(off_ords, due_ord)]
    }
    for first, last, _reason in spans:
        for ordinal in range(max(first, s + 1), min(last, due_ord) + 1):
            reason = pause_of(ordinal)
            previous = skipped.get(ordinal)
            if previous is None or previous.reason != reason:
                skipped[ordinal] = SkippedDay(date.fromordinal(ordinal), reason)
    return DueDate(
        start=start,
        days=n,
        due=due,
        skipped=tuple(skipped[ordinal] for ordinal in sorted(skipped)),
        warnings=snapshot.warnings(start + _ONE_DAY, due),
        counted=tuple(picked),
        unit=WORKDAYS,
    )


def count_workdays(start: date, end: date) -> int:
    """Working days in (``start``, ``end``]: ``start`` not counted, ``end`` counted; 0 if ``end <= start``."""
    start, end = _as_date(start, "开始日期"), _as_date(end, "结束日期")
    if end <= start:
        return 0
    snapshot = _current()
    work_ords = snapshot.cover(start.year, end.year).work_ords
    return bisect_right(work_ords, end.toordinal()) - bisect_right(work_ords, start.toordinal())


def _end_on_workday(start: date, amount: int, nominal: date, unit: str) -> DueDate:
    """Apply 民法典 第二百零三条: a period whose last day is a day off ends on the next working day."""
    if amount == 0:
        return DueDate(start=start, days=0, due=start, unit=unit, nominal_due=start)
    snapshot = _current()
    skipped: list[SkippedDay] = []
    day = nominal
    while (off := snapshot.verdict(day)) is not None:
        skipped.append(off)
        day += _ONE_DAY
    return DueDate(
        start=start,
        days=amount,
        due=day,
        skipped=tuple(skipped),
        warnings=snapshot.warnings(nominal, day),
        unit=unit,
        nominal_due=nominal,
    )


def add_calendar_days(start: date, n: int) -> DueDate:
    """``n`` calendar days after ``start`` (not counted); a last day that is a day off moves to the next working day."""
    start = _as_date(start, "起算日期")
    n = _as_count(n, "天数")
    return _end_on_workday(start, n, start + timedelta(days=n), CALENDAR_DAYS)


def add_months(start: date, n: int) -> DueDate:
    """``n`` months after ``start``: the same day of the month, or the month's last day where there is none
    (民法典 第二百零二条); a last day that is a day off moves to the next working day."""
    start = _as_date(start, "起算日期")
    n = _as_count(n, "月数")
    months = start.month - 1 + n
    year, month = start.year + months // 12, months % 12 + 1
    last_day = _calendar_module.monthrange(year, month)[1]
    return _end_on_workday(start, n, date(year, month, min(start.day, last_day)), MONTHS)


def warnings_for_years(years: Iterable[int]) -> list[str]:
    """A warning for each year that is not entered (weekends and fixed holidays only) or not marked complete."""
    snapshot = _current()
    return [w for year in sorted(set(years)) if (w := snapshot.warning(year))]


def _fmt(d: date) -> str:
    return f"{d.isoformat()}（{weekday_name(d)}）"


def explain(due: DueDate) -> list[str]:
    """The due date in plain Chinese lines: the start, every day skipped and why, warnings, the result."""
    lines = []
    if due.unit == WORKDAYS:
        lines.append(f"起算日 {_fmt(due.start)} 当日不计入，自次日起计算 {due.days} 个工作日。")
        if due.days == 0:
            lines.append("期限为 0 个工作日，到期日即起算日。")
        else:
            exceptions = _current().exceptions
            position = {d: i for i, d in enumerate(due.counted, start=1)}
            events = [(s.date, f"不计入 {_fmt(s.date)}：{s.reason}") for s in due.skipped]
            for d, i in position.items():
                entry = exceptions.get(d)
                if d.weekday() >= 5 and entry and entry[0] == MAKEUP_WORKDAY:
                    events.append((d, f"计入 {_fmt(d)}：{entry[1] or '调休上班'}（第 {i} 个工作日）"))
            lines.extend(text for _, text in sorted(events))
    else:
        label = "日" if due.unit == CALENDAR_DAYS else "个月"
        lines.append(f"起算日 {_fmt(due.start)} 当日不计入，期限 {due.days} {label}。")
        if due.days == 0:
            lines.append("期限为 0，到期日即起算日。")
        else:
            nominal = due.nominal_due or due.due
            if due.unit == MONTHS:
                lines.append(f"到期月的对应日（没有对应日的取月末日）为 {_fmt(nominal)}。")
            else:
                lines.append(f"期间最后一日为 {_fmt(nominal)}。")
            if due.skipped:
                lines.append("最后一日为休息日，依《民法典》第二百零三条顺延至其后第一个工作日：")
                lines.extend(f"顺延 {_fmt(s.date)}：{s.reason}" for s in due.skipped)
    lines.extend(f"注意：{w}" for w in due.warnings)
    if due.unit == WORKDAYS and due.days:
        lines.append(f"到期日 {_fmt(due.due)}，为第 {due.days} 个工作日。")
    else:
        lines.append(f"到期日 {_fmt(due.due)}。")
    return lines
