"""Due dates of obligations: per event (deadline rules) or per period (periodic rules), on the working-day engine.

* A DEADLINE rule ("信息形成或者变更之日起20个工作日内") counts from the publication's ``formed_on``.
* A PERIODIC rule ("每季度结束后10日内") expects one publication per period, due from the period's end.
* CONTINUOUS / AS_PROGRESS / unparsed rules have no computable due date.
* A DEADLINE item with no record yet has no due date: the clock starts when a draft records ``formed_on``
  (nothing can be due before the information exists). The workspace lists it as "待信息形成后计时".
* ``alternatives`` (e.g. "其中行政许可、行政处罚事项应自作出行政决定之日起7个工作日内公示") are special
  limits for *part* of an item. A publication does not say which part it is, so the due date, the
  on-time flag and the reminders use the main rule (the item's general limit); applying the shorter
  special limit to every record would flag the rest of the item late. The special limit is shown with the
  rule (``TimeLimitRule.describe()``) in the workspace, and the admin (the ``rule`` snapshot) so
  officers publishing a 许可/处罚 decision keep to it; a stricter main rule can be set on the catalog item.

:func:`obligation_status` sorts a set of obligations into due soon / overdue / done (and pending, for
obligations with no record and no computable deadline) in a fixed number of queries, never reading a record's
body. :func:`due_board` gives the same due-soon and overdue entries from the few columns of :class:`Duty`
and the records' states alone (the reminders' scan, issue 17).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from catalog.timelimits import Kind, TimeLimitRule, due_for, period_bounds
from workdays import engine

from .models import COUNTED_STATUSES, Fulfilment, Obligation, PublicationStatus

#: Publications that count as "published" for an obligation (a superseded record was published in time);
#: the one definition is ``models.COUNTED_STATUSES`` (``Publication.objects.counted()``).
DONE_STATUSES = COUNTED_STATUSES
#: Publications still on their way (their due date runs).
OPEN_STATUSES = (
    PublicationStatus.DRAFT,
    PublicationStatus.SUBMITTED,
    PublicationStatus.APPROVED,
    PublicationStatus.SCHEDULED,
)


def remind_workdays() -> int:
    return int(getattr(settings, "PUBLISHING_REMIND_WORKDAYS", 3))


def rule_of(data: dict | None) -> TimeLimitRule | None:
    """The rule stored on an obligation, or None when there is none or it cannot be read."""
    if not data:
        return None
    try:
        return TimeLimitRule.from_dict(data)
    except (ValueError, TypeError):
        return None


def is_periodic(rule: TimeLimitRule | None) -> bool:
    return rule is not None and rule.kind is Kind.PERIODIC


def period_covered(rule: TimeLimitRule, formed_on: date) -> tuple[date, date]:
    """The period a periodic publication formed on ``formed_on`` reports on, by default.

    With a deadline after the period's end (an amount or a fixed date) the report is made after the
    period, so it covers the last period that ended before ``formed_on``; otherwise the current period.
    """
    start, end = period_bounds(rule.period, formed_on)
    if rule.amount is not None or rule.due_month is not None:
        start, end = period_bounds(rule.period, start - timedelta(days=1))
    return start, end


def due_date(rule: TimeLimitRule | None, *, formed_on: date, period_end: date | None = None) -> date | None:
    """The due date of one fulfilment: from ``formed_on`` (deadline) or from the period's end (periodic).

    Only the main rule counts; ``rule.alternatives`` (special limits for part of the item) are not applied
    (see the module docstring).
    """
    if rule is None or not rule.computable:
        return None
    if rule.kind is Kind.PERIODIC:
        if period_end is None:
            period_end = period_covered(rule, formed_on)[1]
        return due_for(rule, period_end).due
    return due_for(rule, formed_on).due


def timeliness(due: date | None, published_on: date) -> tuple[bool | None, int]:
    """(on time?, working days late) for a record published on ``published_on``."""
    if due is None:
        return None, 0
    if published_on <= due:
        return True, 0
    return False, engine.count_workdays(due, published_on)


@dataclass(frozen=True)
class ExpectedPeriod:
    start: date
    end: date
    due: date


def expected_periods(
    obligation: Obligation, today: date, rule: TimeLimitRule | None = None, memo: dict | None = None
) -> list[ExpectedPeriod]:
    """The periods a periodic obligation expects a record for, from the one it started in to today's.

    ``memo`` (a dict kept by the caller for one computation) remembers each (rule, period end) due date:
    thousands of duties share a handful of rules and period ends."""
    rule = rule or rule_of(obligation.rule)
    if not is_periodic(rule):
        return []
    memo = {} if memo is None else memo
    periods = []
    start, end = period_bounds(rule.period, obligation.started_on)
    while start <= today:
        due = memo.get((rule, end))
        if due is None:
            due = memo[(rule, end)] = due_for(rule, end).due
        periods.append(ExpectedPeriod(start, end, due))
        start, end = period_bounds(rule.period, end + timedelta(days=1))
    return periods


def _rule_memo(data: dict | None, memo: dict) -> TimeLimitRule | None:
    """:func:`rule_of`, remembered per rule snapshot for one computation."""
    key = json.dumps(data, sort_keys=True, default=str) if data else ""
    if key not in memo:
        memo[key] = rule_of(data)
    return memo[key]


# -- the status board ----------------------------------------------------------------------------------
DUE_SOON, OVERDUE, DONE, PENDING, UPCOMING = "due_soon", "overdue", "done", "pending", "upcoming"


@dataclass
class Entry:
    """One thing to do (or done) for one obligation: a period, or an event (a publication on its way)."""

    obligation: Obligation
    state: str
    key_date: date  # the period's start, or the event date (formed_on); the reminder key
    due: date | None = None
    period_end: date | None = None
    publication: object | None = None
    late_workdays: int = 0

    @property
    def is_period(self) -> bool:
        return self.period_end is not None


@dataclass
class StatusBoard:
    due_soon: list[Entry] = field(default_factory=list)
    overdue: list[Entry] = field(default_factory=list)
    done: list[Entry] = field(default_factory=list)
    pending: list[Entry] = field(default_factory=list)
    upcoming: list[Entry] = field(default_factory=list)

    def add(self, entry: Entry) -> None:
        getattr(self, entry.state).append(entry)


def _state(due: date, today: date, soon: int) -> str:
    if today > due:
        return OVERDUE
    if engine.count_workdays(today, due) <= soon:
        return DUE_SOON
    return UPCOMING


def _sort_one(
    board: StatusBoard,
    obligation,
    mine: list,
    done_periods: set,
    today: date,
    soon: int,
    recent_from: date,
    memo: dict,
) -> None:
    """Add one obligation's entries to the board: its recent done records, its expected periods not yet done
    (periodic rules), its open records (deadline rules), or one pending entry. ``mine`` holds the duty's open
    records and its done records published since ``recent_from`` (the ones an entry shows); ``done_periods``
    the period starts of all its done records (``None`` for a record of no period), read as plain values."""
    rule = _rule_memo(obligation.rule, memo)
    done = [f for f in mine if f.publication.status in DONE_STATUSES]
    open_ = [f for f in mine if f.publication.status in OPEN_STATUSES]
    for f in done:
        published = f.publication.published_at
        if published and timezone.localdate(published) >= recent_from:
            key = f.period_start or f.publication.formed_on
            board.add(Entry(obligation, DONE, key, f.due_date, f.period_end, f.publication, f.late_workdays))
    if is_periodic(rule):
        open_by_period = {f.period_start: f.publication for f in open_}
        for period in expected_periods(obligation, today, rule, memo):
            if period.start not in done_periods:
                state = _state(period.due, today, soon)
                board.add(
                    Entry(
                        obligation,
                        state,
                        period.start,
                        period.due,
                        period.end,
                        open_by_period.get(period.start),
                    )
                )
    elif rule is not None and rule.computable:
        for f in open_:
            due = f.due_date or due_date(rule, formed_on=f.publication.formed_on)
            board.add(
                Entry(obligation, _state(due, today, soon), f.publication.formed_on, due, None, f.publication)
            )
        if not mine and not done_periods:
            board.add(Entry(obligation, PENDING, obligation.started_on))
    elif not mine and not done_periods:
        board.add(Entry(obligation, PENDING, obligation.started_on))


def obligation_status(
    units_or_obligations,
    today: date | None = None,
    *,
    recent_days: int = 30,
    soon_workdays: int | None = None,
) -> StatusBoard:
    """Sort the active obligations of some units (a Unit, a Unit queryset) or an Obligation queryset.

    Three queries whatever the size (obligations; the records an entry shows, with their publications; the
    periods every done record fills, as plain values), plus the working-day calendar once per process.
    """
    from organizations.models import Unit

    today = today or timezone.localdate()
    soon = remind_workdays() if soon_workdays is None else soon_workdays
    if isinstance(units_or_obligations, Unit):
        obligations = Obligation.objects.filter(unit=units_or_obligations)
    elif getattr(units_or_obligations, "model", None) is Unit:
        obligations = Obligation.objects.filter(unit__in=units_or_obligations)
    else:
        obligations = units_or_obligations
    obligations = list(obligations.active().select_related("unit", "item", "item__domain"))
    by_obligation: dict[int, list[Fulfilment]] = {o.pk: [] for o in obligations}
    done_periods: dict[int, set] = {o.pk: set() for o in obligations}
    recent_from = today - timedelta(days=recent_days)
    if obligations:
        ids = list(by_obligation)
        # the records an entry shows, as objects: the open ones and the done ones published recently …
        since = timezone.make_aware(datetime.combine(recent_from, time.min))
        shown = (
            Fulfilment.objects.filter(obligation_id__in=ids)
            .filter(
                Q(publication__status__in=OPEN_STATUSES)
                | Q(publication__status__in=DONE_STATUSES, publication__published_at__gte=since)
            )
            .select_related("publication")
            .defer("publication__body")  # the status needs dates and states, never the text
        )
        for f in shown:
            by_obligation[f.obligation_id].append(f)
        # … and, of every done record (years of periods on a periodic duty), only which period it fills
        done = Fulfilment.objects.filter(obligation_id__in=ids, publication__status__in=DONE_STATUSES)
        for obligation_id, period_start in done.values_list("obligation_id", "period_start"):
            done_periods[obligation_id].add(period_start)
    board = StatusBoard()
    memo: dict = {}  # rules and period due dates shared by many duties, for this computation only
    for obligation in obligations:
        _sort_one(
            board,
            obligation,
            by_obligation[obligation.pk],
            done_periods[obligation.pk],
            today,
            soon,
            recent_from,
            memo,
        )
    board.overdue.sort(key=lambda e: e.due)
    board.due_soon.sort(key=lambda e: e.due)
    board.upcoming.sort(key=lambda e: e.due)
    board.done.sort(key=lambda e: e.publication.published_at, reverse=True)
    return board


# -- the lean path (reminders) -------------------------------------------------------------------------
@dataclass(frozen=True)
class Duty:
    """The columns of an obligation its deadline entries depend on (what the reminder scan reads)."""

    pk: int
    unit_id: int
    rule: dict
    started_on: date


@dataclass(frozen=True)
class RecordState:
    """The columns of a publication its obligations' deadline entries depend on (no title, no body)."""

    pk: int
    status: str
    formed_on: date
    published_at: object


@dataclass(frozen=True)
class FulfilmentState:
    publication: RecordState
    period_start: date | None
    period_end: date | None
    due_date: date | None
    late_workdays: int


def due_board(duties: list[Duty], today: date, *, soon_workdays: int | None = None) -> StatusBoard:
    """The due-soon and overdue entries of ``duties``, exactly as :func:`obligation_status` sorts them, from
    one query that reads only what can make an entry: the open records (each runs its own due date) and the
    counted records of periods (a period done); never a record's title or body, its publication time, nor the
    unit or item rows. The other lists of the board (done, pending, upcoming) are not complete: reminders do
    not need them."""
    soon = remind_workdays() if soon_workdays is None else soon_workdays
    mine: dict[int, list[FulfilmentState]] = {d.pk: [] for d in duties}
    if duties:
        rows = (
            Fulfilment.objects.filter(obligation_id__in=list(mine))
            .filter(
                Q(publication__status__in=OPEN_STATUSES)
                | Q(publication__status__in=DONE_STATUSES, period_start__isnull=False)
            )
            .order_by()
            .values_list(
                "obligation_id",
                "period_start",
                "period_end",
                "due_date",
                "late_workdays",
                "publication_id",
                "publication__status",
                "publication__formed_on",
            )
        )
        for ob, start, end, due, late, pub, status, formed_on in rows:
            record = RecordState(pub, status, formed_on, None)
            mine[ob].append(FulfilmentState(record, start, end, due, late))
    board = StatusBoard()
    memo: dict = {}
    never = date.max  # no "recently done" entries
    for duty in duties:
        rows = mine[duty.pk]
        periods = {f.period_start for f in rows if f.publication.status in DONE_STATUSES}
        _sort_one(board, duty, rows, periods, today, soon, never, memo)
    return board
