"""Reads of the 舆情 ledger: who may use it, the entries a person sees with their clocks, the desk's section, and
the figures of a month (also for assessment's 舆情回应 indicator: on time, late, missed)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import permissions as perms

from . import clocks
from .models import AREA, Entry, Kind, Level, Response, State


def may_use_ledger(user) -> bool:
    """Whether ``user`` sees the ledger at all (the office, a unit's officer)."""
    return perms.can(user, perms.VIEW, AREA)


def may_record(user) -> bool:
    return perms.can(user, perms.ADD, AREA)


def entries_for(user) -> QuerySet:
    return (
        Entry.objects.visible_to(user)
        .select_related("unit")
        .prefetch_related(Prefetch("responses", queryset=Response.objects.order_by("responded_at", "id")))
    )


@dataclass
class Clock:
    """One deadline of an entry and where it stands now."""

    deadline: clocks.Deadline
    state: str
    met_at: datetime | None
    words: str

    @property
    def label(self) -> str:
        return self.deadline.label

    @property
    def state_label(self) -> str:
        return str(clocks.OUTCOME_LABELS[self.state])

    @property
    def urgent(self) -> bool:
        return self.state == clocks.MISSED or (
            self.state == clocks.RUNNING and self.deadline.due - timedelta(hours=1) <= timezone.now()
        )


@dataclass
class Row:
    entry: Entry
    clocks: list[Clock] = field(default_factory=list)

    @property
    def running(self) -> list[Clock]:
        return [c for c in self.clocks if c.state in (clocks.RUNNING, clocks.MISSED)]

    @property
    def worst(self) -> str:
        order = (clocks.MISSED, clocks.LATE, clocks.RUNNING, clocks.HANDED_OVER, clocks.ON_TIME)
        return min((c.state for c in self.clocks), key=order.index)


def met_at(entry: Entry, kind: str) -> datetime | None:
    """When ``entry``'s clock ``kind`` was met (its first qualifying response), from the prefetched responses."""
    times = [r.responded_at for r in entry.responses.all() if r.kind in clocks.MEETS[kind]]
    return min(times) if times else None


def row_of(entry: Entry, now: datetime) -> Row:
    row = Row(entry)
    for deadline in entry.deadlines():
        met = met_at(entry, deadline.kind)
        state = clocks.outcome(deadline, met_at=met, handed_at=entry.handed_at, now=now)
        if state in (clocks.RUNNING, clocks.MISSED):
            words = clocks.remaining_words(deadline, now)
        elif state in (clocks.ON_TIME, clocks.LATE) and met is not None:
            words = _("%(span)s后回应") % {"span": clocks.span(met - entry.found_at)}
        else:
            words = str(clocks.OUTCOME_LABELS[state])
        row.clocks.append(Clock(deadline, state, met, words))
    return row


def ledger(
    user, now: datetime, *, state: str = "", level: str = "", clock: str = "", limit: int = 200
) -> list[Row]:
    """The entries ``user`` sees, newest first, filtered by state, level and clock (``running``: a clock still
    running or overdue; ``missed``: a deadline passed unmet)."""
    qs = entries_for(user)
    if state in State.values:
        qs = qs.filter(state=state)
    if level in Level.values:
        qs = qs.filter(level=level)
    if clock == "running":
        qs = qs.exclude(state=State.CLOSED)
    rows = [row_of(e, now) for e in qs[: limit if not clock else limit * 5]]
    if clock == "running":
        rows = [r for r in rows if r.running]
    elif clock == "missed":
        rows = [r for r in rows if any(c.state == clocks.MISSED for c in r.clocks)]
    return rows[:limit]


#: The most open 舆情 entries the desk reads to count running and missed clocks.
DESK_OPEN_LIMIT = 1000


def desk_section(user, within: str, today: date):
    """The 舆情 section of the publishing desk: the running clocks (registered in OpinionConfig.ready())."""
    from organizations.selectors import subtree_q
    from publishing.selectors import DeskCount, DeskLine, DeskSection

    if not may_use_ledger(user):
        return None
    now = timezone.now()
    # every open entry the person may see (narrowed by the desk's filter), its clocks computed now: a ledger
    # holds dozens of open entries, not thousands (DESK_OPEN_LIMIT bounds it all the same)
    scope = entries_for(user).exclude(state=State.CLOSED)
    if within:
        scope = scope.filter(subtree_q(within, "unit__"))
    rows = [r for r in (row_of(e, now) for e in scope[:DESK_OPEN_LIMIT]) if r.running]
    missed = sum(1 for r in rows if any(c.state == clocks.MISSED for c in r.clocks))
    base = reverse("opinion:ledger")
    lines = []
    for row in rows[:5]:
        first = min(row.running, key=lambda c: c.deadline.due)
        lines.append(
            DeskLine(
                title=row.entry.summary[:40],
                unit=row.entry.unit.name,
                when=f"{first.label} {first.words}",
                action=str(_("处置")),
                url=reverse("opinion:entry", args=[row.entry.pk]),
                badge=str(row.entry.get_level_display()),
            )
        )
    return DeskSection(
        key="opinion",
        title=str(_("政务舆情回应")),
        url=base,
        counts=(
            DeskCount(
                key="running",
                title=str(_("计时中")),
                count=len(rows) - missed,
                url=f"{base}?clock=running",
                unit=str(_("条舆情")),
            ),
            DeskCount(
                key="missed",
                title=str(_("已超时")),
                count=missed,
                url=f"{base}?clock=missed",
                unit=str(_("条舆情")),
            ),
        ),
        lines=tuple(lines),
        link_label=str(_("进入舆情台账")),
    )


# -- the month's figures --------------------------------------------------------------------------------------
@dataclass
class MonthReport:
    year: int
    month: int
    total: int
    by_level: list[tuple[str, int]]
    by_kind: list[tuple[str, int]]
    #: clock kind label -> outcome -> count
    outcomes: list[tuple[str, dict[str, int]]]
    totals: dict[str, int]
    median_hours: float | None
    responded: int
    rows: list[Row]


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    start = datetime(year, month, 1, tzinfo=clocks.BEIJING)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=clocks.BEIJING)
    return start, end


def outcomes(rows: list[Row]) -> dict[str, int]:
    """How many clocks ended on time, late, missed, handed over, or still run (each clock counted once)."""
    counts = dict.fromkeys(clocks.OUTCOME_LABELS, 0)
    for row in rows:
        for c in row.clocks:
            counts[c.state] += 1
    return counts


def month_rows(user, year: int, month: int, now: datetime) -> list[Row]:
    start, end = month_bounds(year, month)
    qs = entries_for(user).filter(found_at__gte=start, found_at__lt=end).order_by("found_at", "id")
    return [row_of(e, now) for e in qs]


def month_report(user, year: int, month: int, now: datetime | None = None) -> MonthReport:
    """The ledger of one month (by the time found): counts by level and kind, each clock on time / late /
    missed, and the median hours from found to the first response."""
    now = now or timezone.now()
    rows = month_rows(user, year, month, now)
    by_level = [
        (str(label), sum(1 for r in rows if r.entry.level == value)) for value, label in Level.choices
    ]
    by_kind = [(str(label), sum(1 for r in rows if r.entry.kind == value)) for value, label in Kind.choices]
    table = []
    for kind, label in clocks.KIND_LABELS.items():
        counts = dict.fromkeys(clocks.OUTCOME_LABELS, 0)
        for row in rows:
            for c in row.clocks:
                if c.deadline.kind == kind:
                    counts[c.state] += 1
        table.append((str(label), counts))
    hours = [
        (row.entry.responses.all()[0].responded_at - row.entry.found_at).total_seconds() / 3600
        for row in rows
        if row.entry.responses.all()
    ]
    return MonthReport(
        year=year,
        month=month,
        total=len(rows),
        by_level=by_level,
        by_kind=by_kind,
        outcomes=table,
        totals=outcomes(rows),
        median_hours=round(statistics.median(hours), 1) if hours else None,
        responded=len(hours),
        rows=rows,
    )


# -- for assessment's 舆情回应 indicator ------------------------------------------------------------------------
def unit_outcomes(unit_ids, start: date, end: date) -> dict[int, dict]:
    """Per unit: each clock of the entries found in [start, end] as it stood at the end of ``end`` (Beijing):
    counts per outcome (on time, late, missed, handed over, running) and the late and missed clocks as
    ``(entry id, text)`` evidence; ``clocks`` lists every clock with its outcome (for assessment's evidence
    lines). Two queries."""
    out: dict[int, dict] = {
        uid: {"counts": dict.fromkeys(clocks.OUTCOME_LABELS, 0), "bad": [], "clocks": []} for uid in unit_ids
    }
    levels = dict(Level.choices)
    since = datetime.combine(start, datetime.min.time(), tzinfo=clocks.BEIJING)
    until = datetime.combine(end + timedelta(days=1), datetime.min.time(), tzinfo=clocks.BEIJING)
    entries = (
        Entry.objects.filter(unit_id__in=unit_ids, found_at__gte=since, found_at__lt=until)
        .prefetch_related(Prefetch("responses", queryset=Response.objects.filter(responded_at__lt=until)))
        .order_by("found_at", "id")
    )
    for entry in entries:
        found = out[entry.unit_id]
        handed = entry.handed_at if entry.handed_at and entry.handed_at < until else None
        for deadline in entry.deadlines():
            met = met_at(entry, deadline.kind)
            state = clocks.outcome(deadline, met_at=met, handed_at=handed, now=until)
            found["counts"][state] += 1
            found["clocks"].append(
                {
                    "pk": entry.pk,
                    "summary": entry.summary[:30],
                    "found": clocks.beijing(entry.found_at),
                    "level": str(levels.get(entry.level, entry.level)),
                    "emergency": entry.emergency,
                    "clock": str(deadline.label),
                    "due": clocks.beijing(deadline.due),
                    "met": clocks.beijing(met) if met else None,
                    "state": state,
                    "state_label": str(clocks.OUTCOME_LABELS[state]),
                }
            )
            if state in (clocks.LATE, clocks.MISSED):
                when = f"实际{clocks.beijing(met)}" if met else f"截至{end}未回应"
                found["bad"].append(
                    (
                        entry.pk,
                        f"舆情「{entry.summary[:30]}」{deadline.label}时限 {clocks.beijing(deadline.due)}，{when}",
                    )
                )
    return out
