"""Reads on assessment data: ratings per unit, rankings, the field × unit heat map, a unit's trend."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import DisclosureItem
from domains.models import Domain
from organizations import permissions as perms
from organizations.models import ServicePoint, Unit, UnitKind
from participation.models import Rating
from publishing import selectors as publishing_selectors
from publishing.models import (
    COUNTED_STATUSES,
    Fulfilment,
    Obligation,
    ObligationStatus,
    Publication,
)

from .models import (
    DisclosureState,
    DutyTrigger,
    ExpectedDisclosure,
    Indicator,
    IndicatorScore,
    Round,
    RoundKind,
    RoundStatus,
    Scoring,
    UnitResult,
    policy_text,
)

AREA = "assessment"

#: How many bad ratings are kept as evidence per unit (each is one row; the count is always complete).
MAX_RATING_EVIDENCE = 100


def ratings_by_unit(unit_ids, start: date, end: date) -> dict[int, dict]:
    """好差评 per unit in [start, end]: ``{unit_id: {"good", "bad", "bad_ratings": [(pk, text)]}}``.

    The one place assessment reads citizens' ratings (participation.Rating). A rating belongs to a unit
    through its target: a publication (by 索引号), a service point (by id), or an item whose catalog entry
    names a responsible unit (``DisclosureItem.subject_unit``); item ratings without one are district-wide
    and count for no unit. Four queries.
    """
    tz = timezone.get_current_timezone()
    rows = list(
        Rating.objects.filter(
            created_at__gte=datetime.combine(start, time.min, tzinfo=tz),
            created_at__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
        )
        .values_list("pk", "target_kind", "target_code", "target_label", "value", "comment")
        .order_by("pk")
    )
    codes = defaultdict(set)
    for _pk, kind, code, *_rest in rows:
        codes[kind].add(code)
    owner: dict[tuple[str, str], int] = {}
    if codes["publication"]:
        for index_number, unit_id in Publication.objects.filter(
            index_number__in=codes["publication"], unit_id__in=unit_ids
        ).values_list("index_number", "unit_id"):
            owner[("publication", index_number)] = unit_id
    point_ids = [int(c) for c in codes["service_point"] if c.isdigit()]
    if point_ids:
        for pk, unit_id in ServicePoint.objects.filter(pk__in=point_ids, unit_id__in=unit_ids).values_list(
            "pk", "unit_id"
        ):
            owner[("service_point", str(pk))] = unit_id
    if codes["item"]:
        for code, unit_id in DisclosureItem.objects.filter(
            code__in=codes["item"], subject_unit_id__in=unit_ids
        ).values_list("code", "subject_unit_id"):
            owner[("item", code)] = unit_id
    out = {uid: {"good": 0, "bad": 0, "bad_ratings": []} for uid in unit_ids}
    for pk, kind, code, label, value, comment in rows:
        unit_id = owner.get((kind, code))
        if unit_id is None:
            continue
        summary = out[unit_id]
        summary[value] = summary.get(value, 0) + 1
        if value == "bad" and len(summary["bad_ratings"]) < MAX_RATING_EVIDENCE:
            summary["bad_ratings"].append(
                # evidence is read by assessors: the citizen's text without the numbers in it (issue 28)
                (pk, f"差评：{label or code}" + (f"（{perms.redact_text(comment)}）" if comment else ""))
            )
    return out


# -- what units were expected to publish (reads on publishing's models; see assessment.expected) ----------
def duties_of(unit_ids) -> list[tuple]:
    """Active obligations of the units: (pk, unit_id, item name, domain id, domain code, domain name, rule,
    started_on). One query."""
    return list(
        Obligation.objects.filter(unit_id__in=unit_ids, status=ObligationStatus.ACTIVE)
        .values_list(
            "pk",
            "unit_id",
            "item__name",
            "item__domain_id",
            "item__domain__code",
            "item__domain__name",
            "rule",
            "started_on",
        )
        .order_by("unit_id", "item__tree_id", "item__lft")
    )


#: how far before a period's start a record can still answer a duty due in the period (the longest time limits
#: and the yearly columns are within a year)
LOOKBACK = timedelta(days=400)


def records_of(unit_ids, start: date, end: date) -> list[tuple]:
    """The records answering the units' active obligations that can matter for a period [start, end]: published
    (or later superseded) since ``start`` − :data:`LOOKBACK` (a record formed in the period and published only
    after it still shows the duty, missing at the period's end), or on their way and formed since then:
    (obligation id, publication id, title, counted?, formed_on, published_at, period_start, due_date). One query
    (joined on the obligation, not an IN list of thousands of ids), bounded in time."""
    tz = timezone.get_current_timezone()
    since = start - LOOKBACK
    published = Q(
        publication__status__in=COUNTED_STATUSES,
        publication__published_at__gte=datetime.combine(since, time.min, tzinfo=tz),
    )
    on_the_way = Q(
        publication__status__in=publishing_selectors.OPEN_STATUSES, publication__formed_on__gte=since
    )
    rows = (
        Fulfilment.objects.filter(
            published | on_the_way,
            obligation__unit_id__in=list(unit_ids),
            obligation__status=ObligationStatus.ACTIVE,
        )
        .values_list(
            "obligation_id",
            "publication_id",
            "publication__title",
            "publication__status",
            "publication__formed_on",
            "publication__published_at",
            "period_start",
            "due_date",
        )
        .order_by("obligation_id", "publication__published_at", "publication_id")
    )
    return [
        (ob, pub, title, status in COUNTED_STATUSES, formed, published, start, due)
        for ob, pub, title, status, formed, published, start, due in rows
    ]


def triggers_of(unit_ids, start: date, end: date) -> list[tuple]:
    """Registered events (应公开事件登记) of the units' active obligations up to ``end``: (obligation id, day,
    text)."""
    return list(
        DutyTrigger.objects.filter(
            obligation__unit_id__in=list(unit_ids),
            obligation__status=ObligationStatus.ACTIVE,
            occurred_on__lte=end,
        )
        .values_list("obligation_id", "occurred_on", "description")
        .order_by("occurred_on", "pk")
    )


def domain_names(codes) -> dict[str, str]:
    return dict(Domain.objects.filter(code__in=codes).values_list("code", "name"))


# -- visibility ------------------------------------------------------------------------------------------
def rounds_visible_to(user):
    if not perms.can(user, perms.VIEW, AREA):
        return Round.objects.none()
    return Round.objects.select_related("system")


def results_visible_to(user, round_: Round):
    """The unit results of a round the user may see: every unit for the office and auditors, the own
    subtree for a unit's officer or reviewer."""
    return (
        UnitResult.objects.filter(round=round_)
        .filter(perms.unit_filter(user, perms.VIEW, AREA, "unit__"))
        .select_related("unit")
        .order_by("rank", "unit__code")
    )


def results_visible_to_all(round_: Round):
    """Every unit result of a round (exports for the office and auditors)."""
    return UnitResult.objects.filter(round=round_).select_related("unit").order_by("rank", "unit__code")


# -- outputs ---------------------------------------------------------------------------------------------
def top_indicators(round_: Round) -> list[Indicator]:
    return list(Indicator.objects.filter(system_id=round_.system_id, parent=None).order_by("tree_id", "lft"))


def ranking(round_: Round, results=None) -> list[dict]:
    """Rows of the ranking table: rank, unit, total and the points of each first-level indicator.
    Three queries."""
    results = list(
        results
        if results is not None
        else UnitResult.objects.filter(round=round_).select_related("unit").order_by("rank", "unit__code")
    )
    tops = top_indicators(round_)
    by = defaultdict(dict)
    for unit_id, ind_id, score in IndicatorScore.objects.filter(
        round=round_, indicator__in=tops, unit_id__in=[r.unit_id for r in results]
    ).values_list("unit_id", "indicator_id", "score"):
        by[unit_id][ind_id] = score
    return [
        {
            "rank": r.rank,
            "unit": r.unit,
            "total": r.total,
            "result": r,
            "scores": [by[r.unit_id].get(t.pk) for t in tops],
            "cells": [{"name": t.name, "score": by[r.unit_id].get(t.pk)} for t in tops],
        }
        for r in results
    ]


def heat_map(round_: Round, results) -> dict:
    """The field (领域) × unit matrix of catalog coverage, from the round's stored figures."""
    names = (round_.snapshot or {}).get("domains", {})
    results = list(results)
    columns = sorted({code for r in results for code in r.by_domain}, key=lambda c: names.get(c, c))
    rows = []
    for r in results:
        cells = []
        for code in columns:
            covered, total = r.by_domain.get(code, (None, None))
            if not total:
                cells.append({"value": None, "text": "—", "level": "none"})
                continue
            pct = Decimal(covered * 100) / Decimal(total)
            level = 0 if pct < 20 else 1 if pct < 40 else 2 if pct < 60 else 3 if pct < 80 else 4
            cells.append(
                {"value": pct, "text": f"{pct:.0f}%", "level": f"l{level}", "title": f"{covered}/{total}"}
            )
        rows.append({"unit": r.unit, "cells": cells})
    return {"columns": [{"code": c, "name": names.get(c, c)} for c in columns], "rows": rows}


def trend(unit, user=None, limit: int = 12) -> list[dict]:
    """The unit's totals over its last ``limit`` scored rounds (oldest first), with the maximum points."""
    qs = (
        UnitResult.objects.filter(unit=unit)
        .exclude(round__status=RoundStatus.OPEN)
        .select_related("round", "round__system")
        .order_by("-round__period_end")[:limit]
    )
    rows = list(reversed(list(qs)))
    maxima = _system_maxima({r.round.system_id for r in rows})
    return [
        {"round": r.round, "total": r.total, "rank": r.rank, "max": maxima.get(r.round.system_id)}
        for r in rows
    ]


def _system_maxima(system_ids) -> dict[int, Decimal]:
    out: dict[int, Decimal] = defaultdict(Decimal)
    for system_id, points in Indicator.objects.filter(system_id__in=system_ids, parent=None).values_list(
        "system_id", "max_points"
    ):
        out[system_id] += points
    return dict(out)


def unit_breakdown(round_: Round, unit) -> list[dict]:
    """The unit's score on every indicator of the round (tree order), with its evidence. Three queries."""
    indicators = list(Indicator.objects.filter(system_id=round_.system_id).order_by("tree_id", "lft"))
    scores = {
        s.indicator_id: s
        for s in IndicatorScore.objects.filter(round=round_, unit=unit).prefetch_related(
            "evidence__content_type"
        )
    }
    return [{"indicator": i, "score": scores.get(i.pk)} for i in indicators]


def max_points(round_: Round) -> Decimal:
    return _system_maxima({round_.system_id}).get(round_.system_id, Decimal(0))


def issuing_body() -> str:
    """The issuing body of reports: the district government's full name (the root government unit)."""
    name = (
        Unit.objects.filter(parent=None, kind=UnitKind.GOVERNMENT)
        .order_by("tree_id")
        .values_list("name", flat=True)
        .first()
    )
    return name or settings.PORTAL_DISTRICT_NAME


def policies(round_: Round) -> list[dict]:
    """Each indicator of the round's system with its points, scoring and "nothing due" choice (the report
    states them). Taken from the round's inputs when it has been computed, so a closed round keeps its own."""
    labels = dict(Scoring.choices)
    source = (round_.snapshot or {}).get("indicators")
    if not source:
        source = [
            {
                "code": i.code,
                "name": i.name,
                "scoring": i.scoring,
                "max_points": str(i.max_points),
                "computation": i.computation,
                "when_nothing_due": i.when_nothing_due,
            }
            for i in Indicator.objects.filter(system_id=round_.system_id).order_by("tree_id", "lft")
        ]
    return [
        {
            "code": i["code"],
            "name": i["name"],
            "max_points": Decimal(i["max_points"]),
            "scoring": str(labels.get(i["scoring"], i["scoring"])),
            "policy": policy_text(i["when_nothing_due"])
            if i.get("computation") and i.get("when_nothing_due")
            else "—",
        }
        for i in source
    ]


def expected_summary(round_: Round, unit_ids=None) -> dict[int, dict]:
    """Per unit: how many disclosures were due in the round, on time, late, missing. One query."""
    out: dict[int, dict] = {}
    qs = ExpectedDisclosure.objects.filter(round=round_)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    for unit_id, state, n in qs.values_list("unit_id", "state").annotate(n=Count("id")).order_by():
        entry = out.setdefault(unit_id, {"due": 0, **{s: 0 for s in DisclosureState.values}})
        entry[state] += n
        entry["due"] += n
    return out


def expected_of(round_: Round, unit, states=None):
    qs = ExpectedDisclosure.objects.filter(round=round_, unit=unit).select_related("publication")
    if states:
        qs = qs.filter(state__in=states)
    return qs.order_by("due_date", "id")


def average_totals(round_ids) -> dict[int, Decimal]:
    """The mean unit total of each round. One query."""
    return {
        pk: Decimal(avg).quantize(Decimal("0.01"))
        for pk, avg in UnitResult.objects.filter(round_id__in=list(round_ids))
        .values_list("round_id")
        .annotate(avg=Avg("total"))
        .order_by()
        if avg is not None
    }


def lost_points(round_: Round, limit: int = 12) -> list[dict]:
    """The indicators that cost the units most in a round: (indicator, units that lost points, points lost),
    most points first. One query."""
    rows = []
    for code, name, units, lost in (
        IndicatorScore.objects.filter(round=round_, indicator__computation__gt="")
        .exclude(indicator__scoring=Scoring.SUM)
        .values_list("indicator__code", "indicator__name")
        .annotate(
            units=Count("id", filter=Q(evidence__deducts=True), distinct=True),
            lost=Count("evidence", filter=Q(evidence__deducts=True)),
        )
        .order_by("-lost", "indicator__code")[:limit]
    ):
        if lost:
            rows.append({"code": code, "name": name, "units": units, "evidence": lost})
    return rows


def latest_closed_round():
    return Round.objects.filter(status=RoundStatus.CLOSED).order_by("-period_end", "-id").first()


# -- the annual assessment report (年度考核报告) ----------------------------------------------------------
def annual_rounds(year: int) -> list[Round]:
    """The closed rounds whose assessment period ends in ``year`` (oldest first)."""
    return list(
        Round.objects.filter(status=RoundStatus.CLOSED, period_end__year=year)
        .select_related("system")
        .order_by("period_start", "period_end", "id")
    )


def _span(r: Round) -> str:
    return _("%(start)s至%(end)s") % {"start": r.period_start, "end": r.period_end}


def _names(rounds) -> str:
    return "、".join(f"「{r.name}」" for r in rounds)


def annual_basis(year: int) -> dict:
    """Which of the year's closed rounds the annual report is built from, which it leaves out, and a sentence
    that says so. One query.

    A round whose period lies within another's assessed the same duties again, so averaging both would count
    them twice: when the year has a closed yearly round (考核年度), the report is that round — its quarters and
    months are in it, and a round outside its period belongs to another assessment year; without one, the
    widest rounds are taken first and a round overlapping one already taken is left out. Rounds not closed are
    provisional (暂定) and never count."""
    closed = annual_rounds(year)
    yearly = [r for r in closed if r.kind == RoundKind.YEARLY]
    if yearly:
        used = yearly
    else:
        used = []
        for r in sorted(closed, key=lambda r: (r.period_start - r.period_end, r.period_start, r.pk)):
            if not any(r.period_start <= u.period_end and u.period_start <= r.period_end for u in used):
                used.append(r)
        used.sort(key=lambda r: (r.period_start, r.period_end, r.pk))
    chosen = {r.pk for r in used}
    within = [
        r
        for r in closed
        if r.pk not in chosen
        and any(r.period_start <= u.period_end and u.period_start <= r.period_end for u in used)
    ]
    outside = [r for r in closed if r.pk not in chosen and r not in within]
    if not used:
        note = _("%(year)s年尚无已关闭的考核轮次；未关闭的轮次为暂定结果，不计入年度考核。") % {"year": year}
    elif yearly:
        note = _(
            "本报告依据%(year)s年已关闭的年度考核轮次%(used)s（%(span)s）编制：年度轮次已考核整个考核年度的应公开事项，"
        ) % {
            "year": year,
            "used": _names(used),
            "span": "；".join(_span(r) for r in used),
        }
        if within:
            note += _("其间的季度、月度轮次（%(rounds)s）不再与之重复平均；") % {"rounds": _names(within)}
        if outside:
            note += _("%(rounds)s不在该考核年度内，不计入；") % {"rounds": _names(outside)}
        note += _("未关闭的轮次为暂定结果，不计入。")
    else:
        note = _("本报告依据%(year)s年已关闭的考核轮次%(used)s编制，按各轮得分率平均；") % {
            "year": year,
            "used": _names(used),
        }
        if within:
            note += _("%(rounds)s的考核期与上述轮次重叠，其应公开事项已在其中考核，不重复平均；") % {
                "rounds": _names(within)
            }
        note += _("未关闭的轮次为暂定结果，不计入。")
    return {"rounds": used, "left_out": within + outside, "note": note}


def annual_summary(year: int) -> dict:
    """The year's rounds (:func:`annual_basis`) aggregated per unit. Three queries.

    Each unit gets its total in every round (``None`` where it did not take part) and, over the rounds it took
    part in, the average total and the average percentage of the round's maximum (``total / max × 100``: rounds
    on different indicator systems stay comparable). Units are ranked by the average percentage (ties share a
    rank, then by code).
    """
    basis = annual_basis(year)
    rounds = basis["rounds"]
    maxima = _system_maxima({r.system_id for r in rounds})
    columns = [{"round": r, "max": maxima.get(r.system_id, Decimal(0))} for r in rounds]
    per_unit: dict[int, dict] = {}
    for result in UnitResult.objects.filter(round__in=rounds).select_related("unit").order_by("unit__code"):
        entry = per_unit.setdefault(result.unit_id, {"unit": result.unit, "totals": {}})
        entry["totals"][result.round_id] = result.total
    rows = []
    for entry in per_unit.values():
        totals = [entry["totals"].get(c["round"].pk) for c in columns]
        taken = [(t, c["max"]) for t, c in zip(totals, columns, strict=True) if t is not None]
        pcts = [t * 100 / m for t, m in taken if m]
        rows.append(
            {
                "unit": entry["unit"],
                "totals": totals,
                "rounds": len(taken),
                "average": (sum(t for t, _m in taken) / len(taken)).quantize(Decimal("0.01"))
                if taken
                else None,
                "average_pct": (sum(pcts) / len(pcts)).quantize(Decimal("0.01")) if pcts else None,
            }
        )
    rows.sort(
        key=lambda r: (-(r["average_pct"] if r["average_pct"] is not None else Decimal(-1)), r["unit"].code)
    )
    previous, rank = None, 0
    for position, row in enumerate(rows, start=1):
        if row["average_pct"] != previous:
            rank, previous = position, row["average_pct"]
        row["rank"] = rank
    return {"year": year, "columns": columns, "rows": rows, "basis": basis}
