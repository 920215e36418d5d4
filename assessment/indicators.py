"""Computed indicators: a registry of functions that measure every unit of a round from the portal's data.

Each computation takes ``(unit_ids, period, params)`` and returns ``{unit_id: Measure}`` for all units at
once, in a fixed number of queries whatever the number of units. A ``Measure`` is plain JSON (it is what a
closed round keeps in its snapshot): a numerator/denominator (for rates), a count (for deductions), details,
and the evidence — ``(model label, pk, description)`` of every record that cost the unit points.

:func:`score_indicator` turns a measure into an :class:`IndicatorResult` for one indicator (points from its
scoring method); :func:`compute` does both for one unit, for use in a shell or a test.

The disclosure indicators measure what each unit was **expected** to publish (:mod:`assessment.expected`)
against what it did: a unit with duties due and nothing published scores 0 on them. Where a unit had nothing
to measure (``den == 0``), :func:`score_indicator` applies the indicator's explicit ``when_nothing_due`` choice
(full, neutral or excluded) and says so in the details; it never gives full marks silently.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from foi import selectors as foi_selectors
from interaction import selectors as interaction_selectors
from opinion import selectors as opinion_selectors
from publishing.models import COUNTED_STATUSES, Fulfilment, Obligation, ObligationStatus, Publication
from publishing.selectors import check_columns
from workdays import engine

from . import expected as exp
from .models import policy_text
from .selectors import ratings_by_unit

TWO = Decimal("0.01")


def q2(value) -> Decimal:
    return Decimal(value).quantize(TWO, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Period:
    """What a computation measures: from ``start`` up to ``end``, the round's as-of date (its period's end once
    closed, today while open; see :meth:`assessment.models.Round.as_of`)."""

    start: date
    end: date
    #: what computations share within one scoring (the expected disclosures); not part of the identity
    cache: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def bounds(self) -> tuple[datetime, datetime]:
        """Aware datetimes [start 00:00, day after end 00:00) in the portal's time zone."""
        tz = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=tz),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz),
        )

    def end_bound(self) -> datetime:
        return self.bounds()[1]


@dataclass
class Measure:
    """What a computation found for one unit (JSON-safe; kept in a closed round's snapshot)."""

    num: int | None = None
    den: int | None = None
    count: int = 0
    details: dict = field(default_factory=dict)
    evidence: list = field(default_factory=list)  # [model label, pk, description]

    @property
    def ratio(self) -> Decimal | None:
        if not self.den:
            return None
        return Decimal(self.num or 0) / Decimal(self.den)

    def as_dict(self) -> dict:
        return {
            "num": self.num,
            "den": self.den,
            "count": self.count,
            "details": self.details,
            "evidence": [list(e) for e in self.evidence],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Measure:
        return cls(
            data.get("num"),
            data.get("den"),
            data.get("count", 0),
            data.get("details", {}),
            [tuple(e) for e in data.get("evidence", [])],
        )


@dataclass
class IndicatorResult:
    """The points of one unit on one indicator, why, and the records they came from."""

    score: Decimal | None
    details: dict
    evidence: list  # [(model label, pk, description)]
    value: Decimal | None = None


Computation = Callable[[list[int], Period, dict], dict[int, Measure]]


@dataclass(frozen=True)
class Spec:
    key: str
    label: str
    func: Computation
    kind: str  # "rate" (num/den) or "count" (items to deduct for), or "both"


REGISTRY: dict[str, Spec] = {}


def register(key: str, label: str, kind: str):
    def wrap(func: Computation) -> Computation:
        REGISTRY[key] = Spec(key, label, func, kind)
        return func

    return wrap


def choices() -> list[tuple[str, str]]:
    return [(s.key, s.label) for s in REGISTRY.values()]


def _local(dt) -> date | None:
    return timezone.localdate(dt) if dt else None


def _empty(unit_ids) -> dict[int, Measure]:
    return {uid: Measure() for uid in unit_ids}


# =====================================================================================================
# Proactive disclosure (主动公开): expected against actual
# =====================================================================================================
ALL_KINDS = (exp.PERIODIC, exp.DEADLINE, exp.COLUMN)
#: the computations that measure the expected disclosures (a round's unit page lists those only where used)
EXPECTED_COMPUTATIONS = ("ontime_rate", "completeness_rate", "late_items")


def _expected(unit_ids, period: Period, params: dict) -> list[exp.Due]:
    kinds = tuple(params.get("kinds") or ALL_KINDS)
    return [d for d in exp.expected_for(unit_ids, period) if d.kind in kinds]


def _tally(unit_ids, dues, good_states, evidence_states) -> dict[int, Measure]:
    out = _empty(unit_ids)
    for d in dues:
        m = out[d.unit_id]
        m.den = (m.den or 0) + 1
        if d.state in good_states:
            m.num = (m.num or 0) + 1
        if d.state in evidence_states:
            m.count += 1
            label, pk = _target(d)
            m.evidence.append((label, pk, d.evidence))
        by_state = m.details.setdefault("states", {})
        by_state[d.state] = by_state.get(d.state, 0) + 1
    for m in out.values():
        m.num = m.num or 0
        m.den = m.den or 0
    return out


def _target(d: exp.Due) -> tuple[str, int]:
    if d.publication_id and d.state == exp.LATE:
        return "publishing.publication", d.publication_id
    if d.obligation_id:
        return "publishing.obligation", d.obligation_id
    if d.domain_id:
        return "domains.domain", d.domain_id
    return "organizations.unit", d.unit_id


@register("catalog_coverage", "目录覆盖率（有公开记录的义务 / 有效义务）", "rate")
def catalog_coverage(unit_ids, period: Period, params: dict) -> dict[int, Measure]:
    """Active obligations with at least one record published by the period's end, per unit and per field."""
    out = _empty(unit_ids)
    obligations = list(
        Obligation.objects.filter(unit_id__in=unit_ids, status=ObligationStatus.ACTIVE)
        .values_list("pk", "unit_id", "item__name", "item__domain__code")
        .order_by("unit_id", "item__tree_id", "item__lft")
    )
    covered = set(
        Fulfilment.objects.filter(
            obligation__unit_id__in=unit_ids,
            obligation__status=ObligationStatus.ACTIVE,
            publication__status__in=COUNTED_STATUSES,
            publication__published_at__lt=period.end_bound(),
        ).values_list("obligation_id", flat=True)
    )
    for pk, unit_id, item_name, domain in obligations:
        m = out[unit_id]
        m.den = (m.den or 0) + 1
        cell = m.details.setdefault("by_domain", {}).setdefault(domain, [0, 0])
        cell[1] += 1
        if pk in covered:
            m.num = (m.num or 0) + 1
            cell[0] += 1
        else:
            m.count += 1
            m.evidence.append(
                (
                    "publishing.obligation",
                    pk,
                    _("事项「%(item)s」截至%(end)s尚无公开记录") % {"item": item_name, "end": period.end},
                )
            )
    for m in out.values():
        m.num = m.num or 0
        m.den = m.den or 0
    return out


@register("ontime_rate", "按时公开率（按时公开 / 应公开事项）", "rate")
def ontime_rate(unit_ids, period: Period, params: dict) -> dict[int, Measure]:
    """Expected disclosures due in the period published by their due date / all of them (late and missing
    ones are the evidence). Params: ``kinds`` (periodic, deadline, column; default all)."""
    return _tally(unit_ids, _expected(unit_ids, period, params), {exp.ON_TIME}, {exp.LATE, exp.MISSING})


@register("completeness_rate", "公开完整率（已公开 / 应公开事项）", "rate")
def completeness_rate(unit_ids, period: Period, params: dict) -> dict[int, Measure]:
    """Expected disclosures due in the period published at all by its end (on time or late) / all of them."""
    return _tally(unit_ids, _expected(unit_ids, period, params), {exp.ON_TIME, exp.LATE}, {exp.MISSING})


@register("late_items", "应公开未按时公开的事项数（逾期 + 未公开）", "count")
def late_items(unit_ids, period: Period, params: dict) -> dict[int, Measure]:
    """Expected disclosures due in the period that were late or are missing (count), over all that were due
    (num/den = on time / due). Params: ``kinds`` (default all), ``count_early`` (records published before the
    information was formed count too; 鲤城区 rule), ``per`` = "record" (a late record answering several
    obligations counts once)."""
    dues = _expected(unit_ids, period, params)
    out = _tally(unit_ids, dues, {exp.ON_TIME}, set())
    seen: set[tuple[int, int]] = set()
    for d in dues:
        if d.state == exp.ON_TIME:
            continue
        if params.get("per") == "record" and d.publication_id:
            if (d.unit_id, d.publication_id) in seen:
                continue
            seen.add((d.unit_id, d.publication_id))
        m = out[d.unit_id]
        m.count += 1
        m.evidence.append((*_target(d), d.evidence))
    if params.get("count_early"):
        _count_early(unit_ids, period, out)
    for m in out.values():
        m.details["items"] = m.count
    return out


def _count_early(unit_ids, period: Period, out: dict[int, Measure]) -> None:
    start, end = period.bounds()
    rows = Publication.objects.filter(
        unit_id__in=unit_ids,
        status__in=COUNTED_STATUSES,
        published_at__gte=start,
        published_at__lt=end,
    ).values_list("pk", "unit_id", "title", "formed_on", "published_at")
    for pk, unit_id, title, formed_on, published_at in rows.order_by("unit_id", "pk"):
        day = _local(published_at)
        if formed_on and day < formed_on:
            m = out[unit_id]
            m.count += 1
            m.evidence.append(
                (
                    "publishing.publication",
                    pk,
                    _("「%(title)s」发布日期%(day)s早于信息形成日期%(formed)s（提前公开）")
                    % {"title": title, "day": day, "formed": formed_on},
                )
            )


POLICY_KEYWORDS = ["规范性文件", "政策文件", "政策法规", "实施办法", "管理办法", "实施意见"]


@register("interpretation_sync", "政策解读同步发布（规范性文件须同步发布解读）", "both")
def interpretation_sync(unit_ids, period: Period, params: dict) -> dict[int, Measure]:
    """规范性文件 published in the period (a record with a 文号 whose item or title names a policy document)
    and whether an interpretation (政策解读, ``interprets`` → the policy) was published with it: on or before
    the policy's day, or within ``sync_workdays`` working days (default 0). count = policies without one."""
    keywords = params.get("keywords") or POLICY_KEYWORDS
    tolerance = int(params.get("sync_workdays", 0))
    start, end = period.bounds()
    candidates = list(
        Publication.objects.filter(
            unit_id__in=unit_ids,
            status__in=COUNTED_STATUSES,
            published_at__gte=start,
            published_at__lt=end,
            interprets__isnull=True,
        )
        .exclude(doc_number="")
        .values_list("pk", "unit_id", "title", "doc_number", "published_at")
        .order_by("unit_id", "published_at", "pk")
    )
    ids = [c[0] for c in candidates]
    items_of: dict[int, list[str]] = defaultdict(list)
    for pub_id, item_name in Publication.objects.filter(pk__in=ids).values_list(
        "pk", "obligations__item__name"
    ):
        if item_name:
            items_of[pub_id].append(item_name)
    interpretations: dict[int, list[date]] = defaultdict(list)
    for target, published_at in Publication.objects.filter(
        interprets_id__in=ids, status__in=COUNTED_STATUSES
    ).values_list("interprets_id", "published_at"):
        interpretations[target].append(_local(published_at))
    out = _empty(unit_ids)
    for pub_id, unit_id, title, doc_number, published_at in candidates:
        names = [title, *items_of.get(pub_id, [])]
        if not any(k in n for k in keywords for n in names):
            continue
        m = out[unit_id]
        m.den = (m.den or 0) + 1
        day = _local(published_at)
        synced = any(
            d <= day or engine.count_workdays(day, d) <= tolerance for d in interpretations.get(pub_id, [])
        )
        if synced:
            m.num = (m.num or 0) + 1
        else:
            m.count += 1
            later = interpretations.get(pub_id)
            note = _("解读晚于文件发布（%(day)s）") % {"day": min(later)} if later else _("未发布政策解读")
            m.evidence.append(
                (
                    "publishing.publication",
                    pub_id,
                    _("规范性文件「%(title)s」（%(doc)s，%(day)s发布）%(note)s")
                    % {"title": title, "doc": doc_number, "day": day, "note": note},
                )
            )
    for m in out.values():
        m.num = m.num or 0
    return out


PLACEHOLDER_TITLES = ("无标题", "未命名", "新建", "测试", "test", "副本", "草稿", "xxx")


def title_problem(title: str) -> str | None:
    """Why a record's title is not acceptable (鲤城区 rule), or None."""
    bare = (title or "").strip()
    if len(bare) < 5:
        return _("标题过短（少于5个字）")
    if len(bare) > 100:
        return _("标题过长（超过100个字）")
    lowered = bare.lower()
    for word in PLACEHOLDER_TITLES:
        if word in lowered:
            return _("标题含有“%(word)s”") % {"word": word}
    if re.search(r"[。，；！？.,;!?]$", bare):
        return _("标题以标点结尾")
    return None


def index_problem(index_number: str, unit_code: str, formed_on: date) -> str | None:
    expected = rf"^{re.escape(unit_code)}-{formed_on.year}-\d{{6}}$"
    if not re.match(expected, index_number or ""):
        return _("索引号「%(index)s」与单位代码、信息形成年度不符（应为 %(unit)s-%(year)s-六位序号）") % {
            "index": index_number,
            "unit": unit_code,
            "year": formed_on.year,
        }
    return None


@register("bad_metadata", "标题或索引号不规范的记录数", "count")
def bad_metadata(unit_ids, period: Period, params: dict) -> dict[int, Measure]:
    """Records published in the period with a bad title or a 索引号 that does not match unit and year."""
    start, end = period.bounds()
    out = _empty(unit_ids)
    rows = (
        Publication.objects.filter(
            unit_id__in=unit_ids, status__in=COUNTED_STATUSES, published_at__gte=start, published_at__lt=end
        )
        .values_list("pk", "unit_id", "title", "index_number", "unit__code", "formed_on")
        .order_by("unit_id", "pk")
    )
    for pk, unit_id, title, index_number, unit_code, formed_on in rows:
        problems = [p for p in (title_problem(title), index_problem(index_number, unit_code, formed_on)) if p]
        m = out[unit_id]
        m.den = (m.den or 0) + 1
        if problems:
            m.count += 1
            m.evidence.append(("publishing.publication", pk, f"「{title}」：" + _("；").join(problems)))
        else:
            m.num = (m.num or 0) + 1
    return out


# =====================================================================================================
# Column monitoring (栏目监测)
# =====================================================================================================
def column_states(unit_ids, period: Period) -> dict[int, list[dict]]:
    """Each unit's columns as of the period's end: fresh, stale (超期未更新) or blank (空白栏目), from the column
    monitor (``publishing.monitoring.check_columns``: field columns and the unit's 通知公告 column, each with
    the freshness window of its kind)."""
    out: dict[int, list[dict]] = {uid: [] for uid in unit_ids}
    if period.end < period.start:  # an open round whose period has not begun: nothing to check yet
        return out
    for s in check_columns(as_of=period.end, units=list(unit_ids)):
        out[s.unit_id].append(
            {
                "domain_id": s.domain_id,
                "domain": s.name,
                "unit_id": s.unit_id,
                "state": "blank" if s.blank else "stale" if s.stale else "fresh",
                "last_date": str(s.last_update) if s.last_update else None,
                "window": s.kind_label,
            }
        )
    return out


@register("stale_columns", "栏目更新（空白栏目、6个月未更新栏目）", "both")
def stale_columns(unit_ids, period: Period, params: dict) -> dict[int, Measure]:
    """count = stale + blank columns; num/den = fresh columns / columns."""
    states = column_states(unit_ids, period)
    out = _empty(unit_ids)
    for unit_id, cols in states.items():
        m = out[unit_id]
        m.den = len(cols)
        m.num = sum(1 for c in cols if c["state"] == "fresh")
        m.details = {
            "blank": sum(1 for c in cols if c["state"] == "blank"),
            "stale": sum(1 for c in cols if c["state"] == "stale"),
        }
        for c in cols:
            target = (
                ("domains.domain", c["domain_id"]) if c["domain_id"] else ("organizations.unit", c["unit_id"])
            )
            if c["state"] == "blank":
                text = _("栏目「%(column)s」空白：截至%(end)s从未发布信息")
                m.evidence.append((*target, text % {"column": c["domain"], "end": period.end}))
            elif c["state"] == "stale":
                text = _(
                    "栏目「%(column)s」最近一次更新为%(last)s，截至%(end)s超过更新周期（%(window)s）未更新"
                )
                m.evidence.append(
                    (
                        *target,
                        text
                        % {
                            "column": c["domain"],
                            "last": c["last_date"],
                            "end": period.end,
                            "window": c["window"],
                        },
                    )
                )
        m.count = m.details["blank"] + m.details["stale"]
    return out


# =====================================================================================================
# Citizens' ratings (好差评)
# =====================================================================================================
@register("citizen_ratings", "群众好评率（好评 / 好评+差评）", "rate")
def citizen_ratings(unit_ids, period: Period, params: dict) -> dict[int, Measure]:
    out = _empty(unit_ids)
    for unit_id, summary in ratings_by_unit(unit_ids, period.start, period.end).items():
        m = out[unit_id]
        m.num, m.den, m.count = summary["good"], summary["good"] + summary["bad"], summary["bad"]
        m.details = {"good": summary["good"], "bad": summary["bad"]}
        m.evidence = [("participation.rating", pk, text) for pk, text in summary["bad_ratings"]]
    return out


# =====================================================================================================
# Requests for disclosure (依申请公开), from foi.selectors
# =====================================================================================================
@register("foi_late_replies", "依申请公开逾期答复件数（逾期答复、逾期未答复）", "count")
def foi_late_replies(unit_ids, period: Period, params: dict) -> dict[int, Measure]:
    """Requests answered in the period or whose reply fell due in it: on time / all; late ones deduct."""
    out = _empty(unit_ids)
    for unit_id, entry in foi_selectors.reply_timeliness(unit_ids, period.start, period.end).items():
        m = out[unit_id]
        m.num, m.den, m.count = entry["on_time"], entry["total"], len(entry["late"])
        m.evidence = [("foi.disclosurerequest", pk, text) for pk, text in entry["late"]]
    return out


@register("foi_corrected", "依申请公开答复被复议、诉讼纠错件数", "count")
def foi_corrected(unit_ids, period: Period, params: dict) -> dict[int, Measure]:
    """Replies corrected on administrative review or in court, decided in the period (den: requests answered
    or due in the period, so a unit with no request has nothing to be measured on)."""
    out = _empty(unit_ids)
    replies = foi_selectors.reply_timeliness(unit_ids, period.start, period.end)
    for unit_id, corrected in foi_selectors.appeal_corrections(unit_ids, period.start, period.end).items():
        m = out[unit_id]
        m.count = len(corrected)
        m.den = max(replies[unit_id]["total"], m.count)
        m.num = m.den - m.count
        m.evidence = [("foi.appeal", pk, text) for pk, text in corrected]
    return out


# =====================================================================================================
# 互动交流 and 政务舆情回应, from interaction.selectors and opinion.selectors (not in any template of the standards:
# offered in the registry for a round's template to pick)
# =====================================================================================================
MESSAGE = "interaction.message"
OPINION = "opinion.entry"
#: the records the ledger indicators list that cost no points (answered, responded on time)
COUNTED_ON_TIME = {"on_time"}


months_waited = interaction_selectors.months_waited


def message_line(rec: dict, end: date) -> str:
    """The evidence line of one counted message: tracking code, kind, received, due, answered or overdue days."""
    head = _("留言 %(code)s（%(kind)s）%(received)s收到，应于%(due)s前答复，") % {
        "code": rec["code"],
        "kind": rec["kind"],
        "received": rec["received"],
        "due": rec["due"],
    }
    if rec["state"] == "on_time":
        return head + _("%(answered)s按时答复") % {"answered": rec["answered"]}
    if rec["state"] == "late":
        return head + _("实际%(answered)s答复（超期%(n)s个工作日）") % {
            "answered": rec["answered"],
            "n": rec["overdue_workdays"],
        }
    months = months_waited(date.fromisoformat(rec["received"]), end)
    return head + _("截至%(end)s尚未答复（超期%(n)s个工作日，已等待%(m)s个月）") % {
        "end": end,
        "n": rec["overdue_workdays"],
        "m": months,
    }


def _waited(rec: dict, end: date) -> int:
    until = date.fromisoformat(rec["answered"]) if rec["answered"] else end
    return months_waited(date.fromisoformat(rec["received"]), until)


@register("interaction_late_answers", "互动交流留言超期答复、超期未答复件数", "count")
def interaction_late_answers(unit_ids, period: Period, params: dict) -> dict[int, Measure]:
    """Messages answered in the period (on time / all) plus those waiting past their due date at its end
    (however old; one not yet due is not counted); each late or unanswered one deducts. Every counted message
    is an evidence line (the on-time ones marked as costing nothing).

    Param ``waiting_months`` = N: count only the messages that waited N months or more for their answer (still
    waiting at the period's end, or answered that late in it) — the 两个月 / 三个月 rules; the evidence lists
    just those."""
    months = int(params.get("waiting_months") or 0)
    out = _empty(unit_ids)
    for unit_id, entry in interaction_selectors.answer_timeliness(unit_ids, period.start, period.end).items():
        m = out[unit_id]
        m.num, m.den = entry["on_time"], entry["total"]
        m.details = {
            "unanswered": entry["unanswered"],
            "over_two_months": entry["over_two_months"],
            "over_three_months": entry["over_three_months"],
        }
        records = sorted(entry["records"], key=lambda r: (r["received"], r["pk"]))
        if months:
            records = [r for r in records if r["state"] != "on_time" and _waited(r, period.end) >= months]
            m.details["waiting_months"] = months
            m.num = m.den - len(records)
        m.count = sum(1 for r in records if r["state"] not in COUNTED_ON_TIME)
        m.evidence = [
            (MESSAGE, r["pk"], message_line(r, period.end), r["state"] not in COUNTED_ON_TIME)
            for r in records
        ]
    return out


def opinion_line(clock: dict, end: date) -> str:
    """The evidence line of one 舆情 clock: found at, level, deadline, responded on time / late / missed."""
    head = _("舆情「%(summary)s」（%(level)s%(emergency)s，%(found)s发现）%(clock)s时限 %(due)s：") % {
        "summary": clock["summary"],
        "level": clock["level"],
        "emergency": _("，突发事件") if clock["emergency"] else "",
        "found": clock["found"],
        "clock": clock["clock"],
        "due": clock["due"],
    }
    if clock["state"] == "on_time":
        return head + _("按时，%(met)s回应") % {"met": clock["met"]}
    if clock["state"] == "late":
        return head + _("超时，实际%(met)s回应") % {"met": clock["met"]}
    return head + _("截至%(end)s未回应") % {"end": end}


@register("opinion_responses", "政务舆情回应按时率（按时 / 按时+超时+未回应）", "both")
def opinion_responses(unit_ids, period: Period, params: dict) -> dict[int, Measure]:
    """Every clock of the 舆情 found in the period, as it stood at the period's end: on time counts, late and
    missed deduct; handed over (公安/网信) and still running are not measured. Every measured clock is an
    evidence line (the on-time ones marked as costing nothing)."""
    out = _empty(unit_ids)
    for unit_id, entry in opinion_selectors.unit_outcomes(unit_ids, period.start, period.end).items():
        m = out[unit_id]
        counts = entry["counts"]
        m.num = counts["on_time"]
        m.den = counts["on_time"] + counts["late"] + counts["missed"]
        m.count = counts["late"] + counts["missed"]
        m.details = dict(counts)
        m.evidence = [
            (OPINION, c["pk"], opinion_line(c, period.end), c["state"] != "on_time")
            for c in entry["clocks"]
            if c["state"] in ("on_time", "late", "missed")
        ]
    return out


# =====================================================================================================
# Points
# =====================================================================================================
FULL, NEUTRAL, EXCLUDED = "full", "neutral", "excluded"


def nothing_due(measure: Measure) -> bool:
    """Nothing to measure the unit on: no expected disclosure, no rated record, no column, no record."""
    return not measure.den


def best_score(ind: dict) -> Decimal:
    """The points of a leaf with nothing lost: its points (rate, deduction) or no deduction (deduct)."""
    return Decimal(0) if ind["scoring"] == "deduct" else Decimal(ind["max_points"])


def score_indicator(ind: dict, measure: Measure | None, neutral: Decimal | None = None) -> IndicatorResult:
    """Points of a computed leaf indicator (``ind`` as in a round snapshot) from its measure.

    When the unit had nothing to be measured on, the indicator's ``when_nothing_due`` decides (``neutral`` is
    the mean of the units that had something, computed by the caller) and the details say so. Snapshots
    taken before that choice existed (``ind`` without ``when_nothing_due``) keep their old rule."""
    measure = measure or Measure()
    policy = ind.get("when_nothing_due")
    if policy and nothing_due(measure):
        return _nothing_due_result(ind, measure, policy, neutral)
    return _measured(ind, measure)


def _nothing_due_result(ind: dict, measure: Measure, policy: str, neutral: Decimal | None) -> IndicatorResult:
    details = {**measure.details, "count": 0, "num": measure.num, "den": 0, "nothing_due": True}
    details["policy"] = policy
    details["note"] = _("本期无应考核事项，%(rule)s（指标体系规定）") % {"rule": policy_text(policy)}
    if policy == EXCLUDED:
        details["excluded"] = True
        return IndicatorResult(None, details, [])
    if policy == NEUTRAL:
        if neutral is None:
            neutral = best_score(ind) / 2 if ind["scoring"] != "deduct" else Decimal(0)
        return IndicatorResult(q2(neutral), details, [])
    return IndicatorResult(q2(best_score(ind)), details, [])


def _measured(ind: dict, measure: Measure) -> IndicatorResult:
    max_points = Decimal(ind["max_points"])
    details = dict(measure.details)
    details.update({"count": measure.count, "num": measure.num, "den": measure.den})
    scoring = ind["scoring"]
    if scoring == "rate":
        ratio = measure.ratio
        if ratio is None:  # only for snapshots taken before ``when_nothing_due`` existed
            details["note"] = _("无应考核的记录，按满分计")
            return IndicatorResult(q2(max_points), details, measure.evidence, None)
        details["note"] = _("%(num)s/%(den)s = %(pct)s，得分 = %(max)s × %(ratio)s") % {
            "num": measure.num,
            "den": measure.den,
            "pct": f"{ratio:.2%}",
            "max": max_points,
            "ratio": f"{ratio:.4f}",
        }
        return IndicatorResult(
            q2(max_points * ratio), details, measure.evidence, ratio.quantize(Decimal("0.0001"))
        )
    per = Decimal(ind["deduction_per"] or 0)
    deduction = per * measure.count
    if scoring == "deduct":
        details["note"] = _("%(n)s 项 × %(per)s 分 = 扣 %(d)s 分") % {
            "n": measure.count,
            "per": per,
            "d": deduction,
        }
        return IndicatorResult(q2(-deduction), details, measure.evidence, Decimal(measure.count))
    # "deduction": the indicator's own points minus the deductions, not below the floor
    floor = Decimal(ind.get("floor") or 0)
    score = max(floor, max_points - deduction)
    details["note"] = _("%(max)s − %(n)s 项 × %(per)s = %(rest)s（不低于%(floor)s）") % {
        "max": max_points,
        "n": measure.count,
        "per": per,
        "rest": max_points - deduction,
        "floor": floor,
    }
    return IndicatorResult(q2(score), details, measure.evidence, Decimal(measure.count))


def compute(key: str, unit, period: Period, params: dict | None = None) -> Measure:
    """One computation for one unit (the bulk function with a single unit)."""
    return REGISTRY[key].func([unit.pk], period, params or {})[unit.pk]


# =====================================================================================================
# 公开栏 (boards/): 村务 at least quarterly, finances monthly (村民委员会组织法 第三十条)
# =====================================================================================================
@register("board_frequency", "公开栏按期张贴（村务每季度、财务每月；村民委员会组织法第三十条）", "both")
def board_frequency(unit_ids, period: Period, params: dict) -> dict[int, Measure]:
    """Communities and villages: the whole quarters and months of the period in which their boards carried a
    posting (any record for the quarter, a finance record for the month) / all of them; count = the periods
    missed, each one evidence. Other units have nothing to measure (``den == 0``)."""
    from boards import selectors as board_selectors

    out = _empty(unit_ids)
    for unit_id, (required, gaps) in board_selectors.frequency(unit_ids, period.start, period.end).items():
        m = out[unit_id]
        m.den, m.count, m.num = required, len(gaps), required - len(gaps)
        m.details = {"missed": [g.words for g in gaps]}
        m.evidence = [("organizations.unit", unit_id, g.words) for g in gaps]
    for m in out.values():
        m.num, m.den = m.num or 0, m.den or 0
    return out
