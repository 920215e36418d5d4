"""Column monitoring (栏目监测): each unit's pages checked against the national website rules (standards §5).

A unit's **columns** are its field pages — one per (unit, active field) where the unit has active
obligations — plus its 通知公告 column (everything the unit itself publishes). Each column has a kind with
a freshness window (国办秘函〔2019〕19号):

======== ======================== =========
kind     columns                  window
======== ======================== =========
news     动态/要闻                 2 weeks
notice   通知公告/政策文件          6 months
plan     人事/规划计划              1 year
======== ======================== =========

A field column's kind comes from ``settings.PUBLISHING_COLUMN_KINDS`` (field code → kind), else
:data:`DEFAULT_FIELD_KINDS`, else ``notice``. A column is **stale** (超期未更新) when the check date is past
its last update plus the window, and **blank** (空白栏目) when nothing was ever published in it; a blank
column is not also counted stale. Single veto (单项否决) per unit site: ≥5 stale columns, or ≥5 blank ones.

"Published in a column" means: published (or later superseded — it was on the page) before the end of the
check date, and fulfilling one of the unit's obligations of that field (for the 通知公告 column: published
by the unit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .models import COUNTED_STATUSES, ColumnCheck, Fulfilment, Obligation, ObligationStatus, Publication

NEWS, NOTICE, PLAN = "news", "notice", "plan"
KINDS = {
    NEWS: ("动态/要闻", relativedelta(weeks=2)),
    NOTICE: ("通知公告/政策文件", relativedelta(months=6)),
    PLAN: ("人事/规划计划", relativedelta(years=1)),
}
#: Field columns updated on a yearly rhythm (budgets, plans); every other field column is ``notice``.
DEFAULT_FIELD_KINDS = {"budget": PLAN, "urban-planning": PLAN}
UNIT_COLUMN = "通知公告"
VETO_STALE = 5
VETO_BLANK = 5


def field_kind(domain_code: str) -> str:
    kinds = {**DEFAULT_FIELD_KINDS, **getattr(settings, "PUBLISHING_COLUMN_KINDS", {})}
    kind = kinds.get(domain_code, NOTICE)
    return kind if kind in KINDS else NOTICE


@dataclass(frozen=True)
class ColumnStatus:
    """One column of one unit's site at a check date."""

    unit_id: int
    unit_code: str
    unit_name: str
    domain_id: int | None  # None: the unit's 通知公告 column
    name: str
    kind: str
    last_update: date | None
    fresh_until: date | None
    stale: bool
    blank: bool

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind][0]

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "domain_id": self.domain_id,
            "last_update": self.last_update.isoformat() if self.last_update else None,
            "fresh_until": self.fresh_until.isoformat() if self.fresh_until else None,
            "stale": self.stale,
            "blank": self.blank,
        }


@dataclass
class UnitSummary:
    """One unit's columns at a check date, with the single-veto flags."""

    unit_id: int
    unit_code: str
    unit_name: str
    tier: str
    columns: list[ColumnStatus] = field(default_factory=list)

    @property
    def column_count(self) -> int:
        return len(self.columns)

    @property
    def stale(self) -> list[ColumnStatus]:
        return [c for c in self.columns if c.stale]

    @property
    def blank(self) -> list[ColumnStatus]:
        return [c for c in self.columns if c.blank]

    @property
    def stale_count(self) -> int:
        return len(self.stale)

    @property
    def blank_count(self) -> int:
        return len(self.blank)

    @property
    def last_update(self) -> date | None:
        dates = [c.last_update for c in self.columns if c.last_update]
        return max(dates) if dates else None

    @property
    def stale_veto(self) -> bool:
        return self.stale_count >= VETO_STALE

    @property
    def blank_veto(self) -> bool:
        return self.blank_count >= VETO_BLANK

    @property
    def vetoed(self) -> bool:
        return self.stale_veto or self.blank_veto


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _status(unit, domain_id, name, kind, last: datetime | None, as_of: date) -> ColumnStatus:
    last_day = timezone.localdate(last) if last else None
    fresh_until = last_day + KINDS[kind][1] if last_day else None
    return ColumnStatus(
        unit_id=unit[0],
        unit_code=unit[2],
        unit_name=unit[1],
        domain_id=domain_id,
        name=name,
        kind=kind,
        last_update=last_day,
        fresh_until=fresh_until,
        stale=fresh_until is not None and as_of > fresh_until,
        blank=last_day is None,
    )


def check_columns(as_of: date | None = None, units=None) -> list[ColumnStatus]:
    """Every column of every active unit with obligations (or of ``units``), at ``as_of``. Three queries."""
    as_of = as_of or timezone.localdate()
    cutoff = _end_of(as_of)
    obligations = Obligation.objects.filter(
        status=ObligationStatus.ACTIVE, unit__is_active=True, item__domain__is_active=True
    )
    if units is not None:
        obligations = obligations.filter(unit__in=units)
    pairs = list(
        obligations.values_list(
            "unit_id",
            "unit__name",
            "unit__code",
            "unit__tier",
            "unit__tree_id",
            "unit__lft",
            "item__domain_id",
            "item__domain__code",
            "item__domain__name",
            "item__domain__order",
        )
        .distinct()
        .order_by()
    )
    unit_ids = {row[0] for row in pairs}
    field_last = {
        (row["obligation__unit_id"], row["obligation__item__domain_id"]): row["last"]
        for row in Fulfilment.objects.filter(
            obligation__unit_id__in=unit_ids,
            publication__status__in=COUNTED_STATUSES,
            publication__published_at__lt=cutoff,
        )
        .values("obligation__unit_id", "obligation__item__domain_id")
        .annotate(last=Max("publication__published_at"))
        .order_by()
    }
    unit_last = dict(
        Publication.objects.filter(unit_id__in=unit_ids, status__in=COUNTED_STATUSES, published_at__lt=cutoff)
        .values("unit_id")
        .annotate(last=Max("published_at"))
        .order_by()
        .values_list("unit_id", "last")
    )
    result: list[ColumnStatus] = []
    pairs.sort(key=lambda r: (r[4], r[5], r[9], r[8]))
    seen_units = set()
    for unit_id, name, code, _tier, _tree, _lft, domain_id, domain_code, domain_name, _order in pairs:
        unit = (unit_id, name, code)
        if unit_id not in seen_units:
            seen_units.add(unit_id)
            result.append(_status(unit, None, UNIT_COLUMN, NOTICE, unit_last.get(unit_id), as_of))
        result.append(
            _status(
                unit,
                domain_id,
                domain_name,
                field_kind(domain_code),
                field_last.get((unit_id, domain_id)),
                as_of,
            )
        )
    return result


def summarize(statuses: list[ColumnStatus], tiers: dict[int, str] | None = None) -> list[UnitSummary]:
    """Group column statuses per unit, in the order given."""
    summaries: dict[int, UnitSummary] = {}
    for status in statuses:
        summary = summaries.get(status.unit_id)
        if summary is None:
            summary = summaries[status.unit_id] = UnitSummary(
                status.unit_id, status.unit_code, status.unit_name, (tiers or {}).get(status.unit_id, "")
            )
        summary.columns.append(status)
    return list(summaries.values())


def unit_summaries(as_of: date | None = None, units=None) -> list[UnitSummary]:
    """The check, per unit, with each unit's tier. Four queries."""
    from organizations.models import Unit

    statuses = check_columns(as_of, units)
    tiers = dict(Unit.objects.filter(pk__in={s.unit_id for s in statuses}).values_list("pk", "tier"))
    return summarize(statuses, tiers)


@transaction.atomic
def record_checks(as_of: date | None = None) -> int:
    """Store today's (or ``as_of``'s) ``ColumnCheck`` per unit; running twice on a day updates the rows."""
    as_of = as_of or timezone.localdate()
    summaries = summarize(check_columns(as_of))
    rows = [
        ColumnCheck(
            unit_id=s.unit_id,
            checked_on=as_of,
            columns=s.column_count,
            stale=s.stale_count,
            blank=s.blank_count,
            last_update=s.last_update,
            stale_veto=s.stale_veto,
            blank_veto=s.blank_veto,
            details=[c.as_dict() for c in s.columns],
        )
        for s in summaries
    ]
    if rows:
        ColumnCheck.objects.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["unit", "checked_on"],
            update_fields=[
                "columns",
                "stale",
                "blank",
                "last_update",
                "stale_veto",
                "blank_veto",
                "details",
                "created_at",
            ],
        )
    return len(rows)


def latest_checks(on: date | None = None):
    """For assessment: the stored snapshot per unit on ``on`` (default: the latest check date)."""
    if on is None:
        on = ColumnCheck.objects.aggregate(last=Max("checked_on"))["last"]
    return (
        ColumnCheck.objects.filter(checked_on=on).select_related("unit") if on else ColumnCheck.objects.none()
    )
