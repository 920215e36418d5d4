"""Records published before the portal kept them, written in bulk at their own times.

A district that brings its earlier records in (and the demo's living year, demo/year.py) has many records that were
drafted, reviewed and published long ago. Through the workflow one by one they would each cost a transaction and
be stamped "now"; :func:`import_past_records` writes them in bulk, each with

* its 索引号 from its unit's counter (``<unit code>-<year formed>-<sequence>``, the counters saved back);
* its fulfilments, with the due dates and timeliness the publishing deadline rules give (as the workflow records
  them), each of a duty its own unit holds, all of one item;
* its workflow events (create → submit → approve → publish …) with their actors and times.

The times are the caller's, given explicitly: rows are created, then their historical times are set with a bulk
update, which leaves the models' ``auto_now`` fields alone (no switching of model fields). The events are written
once here and never changed afterwards (the update is part of their creation, in the same transaction).

Bulk means: no history rows, no signals, no search documents. The caller refreshes what depends on them
(``refresh_deadlines``, the search index), as after any bulk import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.timelimits import TimeLimitRule, period_bounds
from organizations import permissions as perms
from organizations.models import Unit

from .. import deadlines
from ..models import (
    Fulfilment,
    IndexCounter,
    Obligation,
    ObligationStatus,
    Publication,
    PublicationEvent,
    PublicationStatus,
)
from .obligations import AREA

ACTIONS = frozenset(action for action, _label in PublicationEvent.ACTIONS)


@dataclass(frozen=True)
class PastRecord:
    """One published record of the past: what it says, when it was formed, created and published, who did each
    step of its workflow (``steps``: action, actor, time) and which duties of its unit it fulfilled (for a
    periodic duty, ``periods`` names a day in the period it reported on: obligation pk → day)."""

    unit: Unit
    title: str
    body: str
    formed_on: date
    created_at: datetime
    published_at: datetime
    created_by: User
    steps: Sequence[tuple[str, User, datetime]]
    obligations: Sequence[Obligation]
    periods: Mapping[int, date] = field(default_factory=dict)


class _IndexNumbers:
    """索引号 continuing each unit's counter, saved back at the end."""

    def __init__(self) -> None:
        self.last = {(c.unit_id, c.year): c.last for c in IndexCounter.objects.select_for_update()}

    def next(self, unit: Unit, year: int) -> str:
        key = (unit.pk, year)
        self.last[key] = self.last.get(key, 0) + 1
        return f"{unit.code}-{year}-{self.last[key]:06d}"

    def save(self) -> None:
        existing = {(c.unit_id, c.year): c for c in IndexCounter.objects.select_for_update()}
        for (unit_id, year), last in self.last.items():
            counter = existing.get((unit_id, year)) or IndexCounter(unit_id=unit_id, year=year)
            if counter.last != last:
                counter.last = last
                counter.save()


def _check(user: User, records: Sequence[PastRecord]) -> None:
    """The importer may publish for every unit involved; each record fulfils duties of its own unit, of one item,
    that are not closed; each step is a workflow action."""
    for unit in {r.unit.pk: r.unit for r in records}.values():
        perms.require(user, perms.ADD, AREA, unit)
    for record in records:
        items = {o.item_id for o in record.obligations}
        if len(items) > 1:
            raise ValidationError(
                _("「%(title)s」：一条信息只履行其所属公开事项的义务。") % {"title": record.title}
            )
        for obligation in record.obligations:
            if obligation.unit_id != record.unit.pk or obligation.status == ObligationStatus.CLOSED:
                raise ValidationError(
                    _("「%(title)s」：%(unit)s不承担此项公开义务。")
                    % {"title": record.title, "unit": record.unit}
                )
        unknown = {action for action, _actor, _at in record.steps} - ACTIONS
        if unknown:
            raise ValidationError(
                _("「%(title)s」：未知的操作 %(actions)s。")
                % {"title": record.title, "actions": "、".join(sorted(unknown))}
            )


def _fulfilments(
    publication: Publication, record: PastRecord, rules: dict[int, TimeLimitRule | None]
) -> list[Fulfilment]:
    out = []
    published_on = timezone.localdate(record.published_at)
    for obligation in record.obligations:
        rule = rules.setdefault(obligation.pk, deadlines.rule_of(obligation.rule))
        period_start = period_end = None
        if rule is not None and rule.period is not None and deadlines.is_periodic(rule):
            period_start, period_end = period_bounds(rule.period, record.periods[obligation.pk])
        due = deadlines.due_date(rule, formed_on=record.formed_on, period_end=period_end)
        on_time, late = deadlines.timeliness(due, published_on)
        out.append(
            Fulfilment(
                publication=publication,
                obligation=obligation,
                period_start=period_start,
                period_end=period_end,
                due_date=due,
                on_time=on_time,
                late_workdays=late,
            )
        )
    return out


@transaction.atomic
def import_past_records(*, user: User, records: Sequence[PastRecord]) -> list[Publication]:
    """Write ``records`` (in this order: their 索引号 follow it) as published records of the past, in bulk."""
    _check(user, records)
    numbers = _IndexNumbers()
    publications = [
        Publication(
            unit=r.unit,
            title=r.title[:300],
            body=r.body,
            formed_on=r.formed_on,
            index_number=numbers.next(r.unit, r.formed_on.year),
            status=PublicationStatus.PUBLISHED,
            published_at=r.published_at,
            created_by=r.created_by,
        )
        for r in records
    ]
    Publication.objects.bulk_create(publications, batch_size=500)
    for publication, r in zip(publications, records, strict=True):
        publication.created_at, publication.updated_at = r.created_at, r.published_at
    Publication.objects.bulk_update(publications, ["created_at", "updated_at"], batch_size=500)
    fulfilments: list[Fulfilment] = []
    events: list[PublicationEvent] = []
    times: list[datetime] = []
    rules: dict[int, TimeLimitRule | None] = {}
    for publication, r in zip(publications, records, strict=True):
        fulfilments.extend(_fulfilments(publication, r, rules))
        for action, actor, at in r.steps:
            events.append(PublicationEvent(publication=publication, action=action, actor=actor))
            times.append(at)
    Fulfilment.objects.bulk_create(fulfilments, batch_size=1000)
    PublicationEvent.objects.bulk_create(events, batch_size=2000)
    for event, at in zip(events, times, strict=True):
        event.at = at
    PublicationEvent.objects.bulk_update(events, ["at"], batch_size=1000)
    numbers.save()
    return publications
