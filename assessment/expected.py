"""Expected disclosures (应公开事项): what each unit had to publish in a round's period, and what it did.

From each obligation's machine rule (``Obligation.rule``, a :class:`catalog.timelimits.TimeLimitRule`) and the
unit's events, a round's period holds these duties — each belongs to the round whose period contains its due
date, so consecutive rounds assess every duty exactly once:

* **periodic** (``每季度结束后10日内``): every period of the rule whose due date falls in the round's period;
  answered by a record of the obligation for that period (``Fulfilment.period_start``).
* **deadline** (``信息形成之日起20个工作日内``, ``作出决定之日起7个工作日内``): every trigger that happened —
  a record formed (its ``formed_on``, also for a draft not yet published) or an event registered by the office
  from the unit's ledgers (:class:`assessment.models.DutyTrigger`) — whose due date falls in the period; a
  registered event is answered by a record of the obligation formed that day.
* **column** (continuous, as-progress or hand-set rules: ``实时公开``, ``及时公开``): each field column (unit ×
  field) that holds such an obligation running since the period's start must be fresh at the period's end:
  a record published within the column's window (``publishing.monitoring``: 6 months for 通知公告/政策文件
  columns, 1 year for plans) before the end.

Each duty is **on time** (published by its due date), **late** (published after it but by the period's end) or
**missing** (nothing published by the period's end — a duty due with nothing published is never full marks).
Only records published by the end of the period count, so a closed round's figures do not depend on what was
published after it.

A round's computation passes the period **up to its as-of date** (:meth:`assessment.models.Round.as_of`): the
period's end for a closed round, today for an open one. So a duty counts only if it fell due inside the round's
period *and* on or before the as-of date — nothing due 12-10 is missing on 12-07 — and "截至" names that day.

:func:`classify` is pure (data in, :class:`Due` rows out) and is what the property tests drive;
:func:`expected_for` reads the data through :mod:`assessment.selectors` and caches the result on the period.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.timelimits import Kind, due_for, period_bounds
from publishing import selectors as publishing_selectors
from publishing.selectors import COLUMN_KINDS as KINDS
from publishing.selectors import field_kind
from workdays import engine

from . import selectors

ON_TIME, LATE, MISSING = "on_time", "late", "missing"
PERIODIC, DEADLINE, COLUMN = "periodic", "deadline", "column"
#: how far back a periodic rule's periods are enumerated at most (a guard against a bad ``started_on``)
MAX_PERIODS = 400


@dataclass(frozen=True)
class Duty:
    """An obligation as the computation sees it."""

    obligation_id: int
    unit_id: int
    item: str
    domain_id: int | None
    domain_code: str
    domain: str
    rule: object  # TimeLimitRule | None
    started_on: date


@dataclass(frozen=True)
class Record:
    """A record answering an obligation: published (counted) or still on its way (draft … scheduled)."""

    obligation_id: int
    publication_id: int
    title: str
    counted: bool
    formed_on: date
    published_on: date | None
    period_start: date | None = None
    due_date: date | None = None


@dataclass(frozen=True)
class Trigger:
    obligation_id: int
    occurred_on: date
    description: str


@dataclass(frozen=True)
class Due:
    """One expected disclosure and its outcome (stored as :class:`assessment.models.ExpectedDisclosure`)."""

    unit_id: int
    obligation_id: int | None
    domain_id: int | None
    kind: str
    what: str
    key_date: date
    due_date: date
    state: str
    publication_id: int | None = None
    published_on: date | None = None
    late_workdays: int = 0
    evidence: str = ""

    def as_list(self) -> list:
        return [
            self.unit_id,
            self.obligation_id,
            self.domain_id,
            self.kind,
            self.what,
            str(self.key_date),
            str(self.due_date),
            self.state,
            self.publication_id,
            str(self.published_on) if self.published_on else None,
            self.late_workdays,
            self.evidence,
        ]


def _outcome(due: date, record: Record | None, end: date) -> tuple[str, int]:
    if record is None or record.published_on is None or record.published_on > end:
        return MISSING, 0
    if record.published_on <= due:
        return ON_TIME, 0
    return LATE, engine.count_workdays(due, record.published_on)


def _describe(what: str, due: date, state: str, record: Record | None, late: int, end: date) -> str:
    if state == ON_TIME:
        return _("%(what)s应于%(due)s前公开，已于%(on)s按时公开（「%(title)s」）") % {
            "what": what,
            "due": due,
            "on": record.published_on,
            "title": record.title,
        }
    if state == LATE:
        return _("%(what)s应于%(due)s前公开，%(on)s才公开，逾期%(late)s个工作日（「%(title)s」）") % {
            "what": what,
            "due": due,
            "on": record.published_on,
            "late": late,
            "title": record.title,
        }
    if record is not None and not record.counted:
        return _("%(what)s应于%(due)s前公开，记录「%(title)s」截至%(end)s仍未发布") % {
            "what": what,
            "due": due,
            "title": record.title,
            "end": end,
        }
    return _("%(what)s应于%(due)s前公开，截至%(end)s未公开") % {"what": what, "due": due, "end": end}


def _due(duty: Duty, kind: str, what: str, key: date, due: date, record: Record | None, end: date) -> Due:
    state, late = _outcome(due, record, end)
    shown = record if state != MISSING or (record is not None and not record.counted) else None
    return Due(
        duty.unit_id,
        duty.obligation_id,
        duty.domain_id,
        kind,
        what,
        key,
        due,
        state,
        record.publication_id if state != MISSING and record else None,
        record.published_on if state != MISSING and record else None,
        late,
        _describe(what, due, state, shown, late, end),
    )


def _first_published(records: list[Record]) -> Record | None:
    counted = [r for r in records if r.counted and r.published_on]
    return min(counted, key=lambda r: (r.published_on, r.publication_id)) if counted else None


def _periodic(duty: Duty, records: list[Record], start: date, end: date) -> list[Due]:
    rule = duty.rule
    by_period: dict[date, list[Record]] = defaultdict(list)
    for r in records:
        key = r.period_start or publishing_selectors.period_covered(rule, r.formed_on)[0]
        by_period[key].append(r)
    out = []
    p_start, p_end = period_bounds(rule.period, duty.started_on)
    for _i in range(MAX_PERIODS):
        due = due_for(rule, p_end).due
        if due > end:
            break
        if due >= start:
            what = _("「%(item)s」%(start)s至%(end)s的定期公开") % {
                "item": duty.item,
                "start": p_start,
                "end": p_end,
            }
            mine = by_period.get(p_start, [])
            record = _first_published(mine) or next(iter(mine), None)
            out.append(_due(duty, PERIODIC, what, p_start, due, record, end))
        p_start, p_end = period_bounds(rule.period, p_end + timedelta(days=1))
    return out


def _deadline(
    duty: Duty, records: list[Record], triggers: list[Trigger], start: date, end: date
) -> list[Due]:
    out = []
    formed_days = {r.formed_on for r in records}
    for r in records:
        due = r.due_date or due_for(duty.rule, r.formed_on).due
        if start <= due <= end:
            what = _("「%(item)s」%(day)s形成的信息") % {"item": duty.item, "day": r.formed_on}
            out.append(_due(duty, DEADLINE, what, r.formed_on, due, r, end))
    for t in triggers:
        if t.occurred_on in formed_days:
            continue  # a record formed that day answers the event
        due = due_for(duty.rule, t.occurred_on).due
        if start <= due <= end:
            what = _("「%(item)s」%(day)s%(event)s") % {
                "item": duty.item,
                "day": t.occurred_on,
                "event": t.description,
            }
            out.append(_due(duty, DEADLINE, what, t.occurred_on, due, None, end))
    return out


def _columns(duties: list[Duty], records: dict[int, list[Record]], start: date, end: date) -> list[Due]:
    columns: dict[tuple[int, int], list[Duty]] = defaultdict(list)
    for duty in duties:
        columns[(duty.unit_id, duty.domain_id)].append(duty)
    out = []
    for (_unit, _domain), members in sorted(columns.items(), key=lambda c: (c[0][0], c[1][0].domain)):
        if not any(_is_column(d.rule) and d.started_on <= start for d in members):
            continue
        first = members[0]
        window = KINDS[field_kind(first.domain_code)]
        since = end - window[1]
        published = [
            r for d in members for r in records.get(d.obligation_id, []) if r.counted and r.published_on
        ]
        published = [r for r in published if r.published_on <= end]
        last = max(published, key=lambda r: (r.published_on, r.publication_id)) if published else None
        what = _("「%(domain)s」栏目（%(kind)s，更新周期%(window)s）") % {
            "domain": first.domain,
            "kind": window[0],
            "window": _window_text(since, end),
        }
        fresh = last is not None and last.published_on > since
        if fresh:
            text = _("%(what)s截至%(end)s保持更新，最近一次%(on)s（「%(title)s」）")
        elif last is not None:
            text = _("%(what)s最近一次更新为%(on)s（「%(title)s」），截至%(end)s超过更新周期未更新")
        else:
            text = _("%(what)s截至%(end)s从未发布信息（空白栏目）")
        evidence = text % {
            "what": what,
            "end": end,
            "on": last.published_on if last else "",
            "title": last.title if last else "",
        }
        out.append(
            Due(
                first.unit_id,
                None,
                first.domain_id,
                COLUMN,
                what,
                start,
                end,
                ON_TIME if fresh else MISSING,
                last.publication_id if fresh else None,
                last.published_on if fresh else None,
                0,
                evidence,
            )
        )
    return out


def _window_text(since: date, end: date) -> str:
    months = (end.year - since.year) * 12 + end.month - since.month
    if months >= 1:
        return _("%(n)s个月") % {"n": months}
    return _("%(n)s天") % {"n": (end - since).days}


def _is_column(rule) -> bool:
    return rule is None or not rule.computable or rule.kind in (Kind.CONTINUOUS, Kind.AS_PROGRESS)


def classify(
    duties: list[Duty], records: list[Record], triggers: list[Trigger], start: date, end: date
) -> list[Due]:
    """Every duty that fell due in [start, end] and its outcome as of ``end`` (pure: no queries except the
    working-day calendar, which the engine caches). ``end`` is the as-of date: nothing is due when it is
    before ``start`` (a round whose period has not begun)."""
    if end < start:
        return []
    by_ob: dict[int, list[Record]] = defaultdict(list)
    for r in records:
        by_ob[r.obligation_id].append(r)
    trig: dict[int, list[Trigger]] = defaultdict(list)
    for t in triggers:
        trig[t.obligation_id].append(t)
    out: list[Due] = []
    for duty in duties:
        rule = duty.rule
        if rule is None or not rule.computable:
            continue
        if rule.kind is Kind.PERIODIC:
            out.extend(_periodic(duty, by_ob.get(duty.obligation_id, []), start, end))
        elif rule.kind is Kind.DEADLINE:
            out.extend(
                _deadline(
                    duty, by_ob.get(duty.obligation_id, []), trig.get(duty.obligation_id, []), start, end
                )
            )
    out.extend(_columns(duties, by_ob, start, end))
    out.sort(key=lambda d: (d.unit_id, d.due_date, d.kind, d.what))
    return out


def load(unit_ids, start: date, end: date) -> tuple[list[Duty], list[Record], list[Trigger]]:
    """The inputs of :func:`classify` from the database. Three queries."""
    duties = [
        Duty(
            pk,
            unit_id,
            item,
            domain_id,
            code or "",
            domain or "",
            publishing_selectors.rule_of(rule),
            started_on,
        )
        for pk, unit_id, item, domain_id, code, domain, rule, started_on in selectors.duties_of(unit_ids)
    ]
    records = [
        Record(
            ob,
            pub,
            title,
            counted,
            formed,
            timezone.localdate(published) if published else None,
            period_start,
            due,
        )
        for ob, pub, title, counted, formed, published, period_start, due in selectors.records_of(
            unit_ids, start, end
        )
    ]
    triggers = [Trigger(ob, day, text) for ob, day, text in selectors.triggers_of(unit_ids, start, end)]
    return duties, records, triggers


def expected_for(unit_ids, period) -> list[Due]:
    """The expected disclosures of the units in ``period`` (an :class:`assessment.indicators.Period`), computed
    once per period object and kept on it."""
    key = ("expected", tuple(unit_ids))
    if key not in period.cache:
        period.cache[key] = classify(*load(unit_ids, period.start, period.end), period.start, period.end)
    return period.cache[key]
