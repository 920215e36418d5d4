"""Scoring a round: gather the inputs (data → JSON), score them (a pure function), write the results.

The inputs are exactly what the figures depend on — the indicator definitions, the participating units, the
measures of every computed indicator, the assessors' scores with their groups' weights, the ballots — so a
closed round keeps them (``Round.snapshot``) and :func:`assessment.services.recompute` reproduces its
figures from them, whatever has changed in the data since.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from . import expected as exp
from . import selectors
from .indicators import (
    NEUTRAL,
    REGISTRY,
    IndicatorResult,
    Measure,
    Period,
    nothing_due,
    q2,
    score_indicator,
)
from .models import (
    GRADE_POINTS,
    AssessorGroup,
    Evidence,
    ExpectedDisclosure,
    Indicator,
    IndicatorScore,
    ManualScore,
    ReviewTally,
    Round,
    Scoring,
    UnitResult,
)

#: 2: indicators carry ``when_nothing_due``; the expected disclosures are part of the inputs
#: 3: the as-of date the computations counted up to (``as_of``)
SNAPSHOT_VERSION = 3


def ballot_score(counts: dict) -> Decimal | None:
    """民主评议 (seed 002): (100·A + 85·B + 70·C + 55·D) / (A + B + C + D); F (不了解) is not counted.

    None when there is no valid ballot."""
    valid = sum(int(counts.get(g, 0)) for g in "ABCD")
    if not valid:
        return None
    total = sum(GRADE_POINTS[g] * int(counts.get(g, 0)) for g in "ABCD")
    return q2(Decimal(total) / Decimal(valid))


def _indicator_dict(i: Indicator) -> dict:
    return {
        "id": i.pk,
        "parent": i.parent_id,
        "code": i.code,
        "name": i.name,
        "scoring": i.scoring,
        "max_points": str(i.max_points),
        "deduction_per": None if i.deduction_per is None else str(i.deduction_per),
        "floor": str(i.floor),
        "computation": i.computation,
        "params": i.params,
        "when_nothing_due": i.when_nothing_due,
    }


def gather(round_: Round, today: date | None = None) -> dict:
    """Everything the round's figures depend on, as JSON. A fixed number of queries per computation used.

    The computations measure the period up to the round's as-of date (:meth:`Round.as_of`): its end for a closed
    round, ``today`` for an open one, so an open round counts only what has fallen due so far."""
    as_of = round_.as_of(today)
    period = Period(round_.period_start, as_of)
    units = list(round_.units.order_by("tree_id", "lft").values("id", "code", "name"))
    unit_ids = [u["id"] for u in units]
    indicators = list(Indicator.objects.filter(system_id=round_.system_id).order_by("tree_id", "lft"))
    cache: dict[str, dict[int, Measure]] = {}

    def run(key: str, params: dict) -> dict[int, Measure]:
        cache_key = key + json.dumps(params, sort_keys=True, ensure_ascii=False)
        if cache_key not in cache:
            cache[cache_key] = REGISTRY[key].func(unit_ids, period, params)
        return cache[cache_key]

    measures = {}
    for ind in indicators:
        if (
            ind.computation
            and ind.computation in REGISTRY
            and ind.scoring not in (Scoring.MANUAL, Scoring.BALLOT)
        ):
            result = run(ind.computation, ind.params or {})
            measures[str(ind.pk)] = {str(uid): result[uid].as_dict() for uid in unit_ids}
    coverage = run("catalog_coverage", {})  # for the field × unit heat map, always
    domain_codes = {code for m in coverage.values() for code in m.details.get("by_domain", {})}
    groups = {str(g.pk): {"name": g.name, "weight": str(g.weight)} for g in AssessorGroup.objects.all()}
    manual = [
        {
            "id": s.pk,
            "unit": s.unit_id,
            "indicator": s.indicator_id,
            "group": s.group_id,
            "score": str(s.score),
            "assessor": f"{s.assessor.last_name}{s.assessor.first_name}" or s.assessor.get_username(),
            "comment": s.comment,
        }
        for s in ManualScore.objects.filter(round=round_, unit_id__in=unit_ids)
        .select_related("assessor")
        .order_by("pk")
    ]
    tallies = {
        str(t.unit_id): {"id": t.pk, **t.counts(), "note": t.note}
        for t in ReviewTally.objects.filter(round=round_, unit_id__in=unit_ids)
    }
    return {
        "version": SNAPSHOT_VERSION,
        "period": [str(round_.period_start), str(round_.period_end)],
        "as_of": str(as_of),
        "units": units,
        "indicators": [_indicator_dict(i) for i in indicators],
        "measures": measures,
        "coverage": {str(uid): coverage[uid].details.get("by_domain", {}) for uid in unit_ids},
        "domains": selectors.domain_names(domain_codes),
        "expected": [d.as_list() for d in exp.expected_for(unit_ids, period)],
        "groups": groups,
        "manual": manual,
        "tallies": tallies,
    }


def _manual_result(ind: dict, entries: list[dict], groups: dict) -> IndicatorResult:
    """Group-weighted mean of the assessors' scores: Σ w_g·mean_g / Σ w_g over the groups that scored."""
    max_points = Decimal(ind["max_points"])
    if not entries:
        return IndicatorResult(None, {"note": _("待评分")}, [])
    by_group: dict[str, list[Decimal]] = defaultdict(list)
    for e in entries:
        by_group[str(e["group"]) if e["group"] else ""].append(Decimal(e["score"]))
    weighted = Decimal(0)
    weights = Decimal(0)
    parts = []
    for gid, scores in sorted(by_group.items()):
        mean = sum(scores) / len(scores)
        weight = Decimal(groups[gid]["weight"]) if gid in groups else Decimal(1)
        name = groups[gid]["name"] if gid in groups else _("公开办")
        weighted += weight * mean
        weights += weight
        parts.append(
            _("%(name)s%(n)s人均分%(mean)s×权重%(w)s")
            % {"name": name, "n": len(scores), "mean": q2(mean), "w": weight}
        )
    if weights:
        score = weighted / weights
    else:
        score = sum(Decimal(e["score"]) for e in entries) / len(entries)
    score = min(max(score, Decimal(0)), max_points)
    evidence = [
        (
            "assessment.manualscore",
            e["id"],
            _("%(who)s评分%(score)s") % {"who": e["assessor"], "score": e["score"]}
            + (f"：{e['comment']}" if e["comment"] else ""),
        )
        for e in entries
    ]
    return IndicatorResult(q2(score), {"note": "；".join(parts), "assessors": len(entries)}, evidence)


def _ballot_result(ind: dict, tally: dict | None) -> IndicatorResult:
    max_points = Decimal(ind["max_points"])
    if not tally:
        return IndicatorResult(None, {"note": _("未评议")}, [])
    review = ballot_score(tally)
    counts = {g: tally.get(g, 0) for g in "ABCDF"}
    details = {"counts": counts, "review_score": None if review is None else str(review)}
    evidence = [
        (
            "assessment.reviewtally",
            tally["id"],
            _("民主评议：")
            + "、".join(_("%(g)s%(n)s票") % {"g": g, "n": counts[g]} for g in "ABCDF")
            + (_("，评议得分%(r)s") % {"r": review} if review is not None else _("，无有效票")),
        )
    ]
    if review is None:
        details["note"] = _("无有效票")
        return IndicatorResult(None, details, evidence)
    details["note"] = _("评议得分%(r)s（满分100），折算 %(max)s × %(r)s/100") % {
        "r": review,
        "max": max_points,
    }
    return IndicatorResult(q2(max_points * review / 100), details, evidence, review)


def _leaf(ind: dict, uid: int, inputs: dict, ctx: dict) -> IndicatorResult:
    scoring = ind["scoring"]
    if scoring == Scoring.MANUAL:
        return _manual_result(ind, ctx["manual"].get((uid, ind["id"]), []), inputs["groups"])
    if scoring == Scoring.BALLOT:
        return _ballot_result(ind, inputs["tallies"].get(str(uid)))
    data = inputs["measures"].get(str(ind["id"]), {}).get(str(uid))
    if data is None:
        return IndicatorResult(None, {"note": _("计算方法不可用")}, [])
    return score_indicator(ind, Measure.from_dict(data), ctx["neutral"].get(ind["id"]))


def _excluded(result: IndicatorResult) -> bool:
    return bool(result.details.get("excluded"))


def _sum(ind: dict, kids: list[dict], results: dict) -> IndicatorResult:
    """下级指标得分之和; excluded children leave out their points and the rest is scaled to the full points."""
    max_points = Decimal(ind["max_points"])
    counted = [k for k in kids if not _excluded(results[k["id"]])]
    if kids and not counted:
        return IndicatorResult(None, {"note": _("下级指标均不计入"), "excluded": True}, [])
    scored = [results[k["id"]].score for k in counted if results[k["id"]].score is not None]
    total = sum(scored, Decimal(0))
    left_out = sum((Decimal(k["max_points"]) for k in kids if k not in counted), Decimal(0))
    note = _("下级指标得分之和")
    if left_out and max_points > left_out:
        total = total * max_points / (max_points - left_out)
        note = _("下级指标得分之和，按得分率折算（%(n)s分不计入）") % {"n": left_out}
    if max_points:
        total = min(total, max_points)
    return IndicatorResult(q2(total) if scored or not kids else None, {"note": note}, [])


def _pool(ind: dict, kids: list[dict], results: dict) -> IndicatorResult:
    """满分减下级扣分 (not below the floor); excluded when every child is."""
    if kids and all(_excluded(results[k["id"]]) for k in kids):
        return IndicatorResult(None, {"note": _("下级指标均不计入"), "excluded": True}, [])
    max_points = Decimal(ind["max_points"])
    deductions = sum((-results[k["id"]].score for k in kids if (results[k["id"]].score or 0) < 0), Decimal(0))
    floor = Decimal(ind["floor"] or 0)
    note = _("%(max)s − 扣分%(d)s（不低于%(floor)s）") % {
        "max": max_points,
        "d": q2(deductions),
        "floor": floor,
    }
    return IndicatorResult(q2(max(floor, max_points - deductions)), {"note": note}, [])


def _visit(ind: dict, uid: int, inputs: dict, ctx: dict, results: dict) -> IndicatorResult:
    kids = ctx["children"].get(ind["id"], [])
    for kid in kids:
        _visit(kid, uid, inputs, ctx, results)
    if ind["scoring"] == Scoring.SUM:
        result = _sum(ind, kids, results)
    elif ind["scoring"] == Scoring.POOL:
        result = _pool(ind, kids, results)
    else:
        result = _leaf(ind, uid, inputs, ctx)
    results[ind["id"]] = result
    return result


def _neutral_scores(inputs: dict) -> dict[int, Decimal]:
    """For each computed indicator whose "nothing due" choice is neutral: the mean points of the units that
    had something due on it."""
    out = {}
    for ind in inputs["indicators"]:
        if ind.get("when_nothing_due") != NEUTRAL or str(ind["id"]) not in inputs["measures"]:
            continue
        measures = [Measure.from_dict(m) for m in inputs["measures"][str(ind["id"])].values()]
        scores = [score_indicator(ind, m).score for m in measures if not nothing_due(m)]
        if scores:
            out[ind["id"]] = sum(scores, Decimal(0)) / len(scores)
    return out


def _unit_total(roots: list[dict], results: dict) -> tuple[Decimal, Decimal]:
    """(total, points left out): first-level indicators excluded for the unit leave out their points and
    the total is scaled to the system's full points (得分率折算)."""
    full = sum((Decimal(r["max_points"]) for r in roots), Decimal(0))
    left_out = sum((Decimal(r["max_points"]) for r in roots if _excluded(results[r["id"]])), Decimal(0))
    total = sum((results[r["id"]].score or 0 for r in roots if not _excluded(results[r["id"]])), Decimal(0))
    if left_out and full > left_out:
        total = total * full / (full - left_out)
    return q2(total), left_out


def _rank(units: list[dict], out: dict) -> None:
    ordered = sorted(units, key=lambda u: (-out[u["id"]]["total"], u["code"]))
    previous, rank = None, 0
    for position, unit in enumerate(ordered, start=1):
        total = out[unit["id"]]["total"]
        if total != previous:
            rank, previous = position, total
        out[unit["id"]]["rank"] = rank


def score_all(inputs: dict) -> dict:
    """Score a round from its inputs (pure: no queries). Returns
    ``{unit_id: {"total", "rank", "by_domain", "left_out", "indicators": {indicator_id: IndicatorResult}}}``."""
    children: dict[int | None, list[dict]] = defaultdict(list)
    for ind in inputs["indicators"]:
        children[ind["parent"]].append(ind)
    manual_by: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for entry in inputs["manual"]:
        manual_by[(entry["unit"], entry["indicator"])].append(entry)
    ctx = {"children": children, "manual": manual_by, "neutral": _neutral_scores(inputs)}
    roots = children.get(None, [])
    out = {}
    for unit in inputs["units"]:
        uid = unit["id"]
        results: dict[int, IndicatorResult] = {}
        for root in roots:
            _visit(root, uid, inputs, ctx, results)
        total, left_out = _unit_total(roots, results)
        out[uid] = {
            "total": total,
            "left_out": left_out,
            "indicators": results,
            "by_domain": inputs.get("coverage", {}).get(str(uid), {}),
        }
    _rank(inputs["units"], out)
    return out


def figures(scored: dict) -> dict:
    """A comparable digest of scored results: {unit: (total, rank, {indicator: score})}."""
    return {
        uid: (
            str(r["total"]),
            r["rank"],
            {iid: None if res.score is None else str(res.score) for iid, res in r["indicators"].items()},
        )
        for uid, r in scored.items()
    }


def stored_figures(round_: Round) -> dict:
    """The same digest read from the stored rows."""
    out: dict[int, tuple] = {}
    per_unit: dict[int, dict] = defaultdict(dict)
    for unit_id, ind_id, score in IndicatorScore.objects.filter(round=round_).values_list(
        "unit_id", "indicator_id", "score"
    ):
        per_unit[unit_id][ind_id] = None if score is None else str(score)
    for unit_id, total, rank in UnitResult.objects.filter(round=round_).values_list(
        "unit_id", "total", "rank"
    ):
        out[unit_id] = (str(total), rank, per_unit[unit_id])
    return out


def write(round_: Round, scored: dict) -> None:
    """Replace the round's stored scores, evidence and unit results with ``scored`` (bulk writes)."""
    IndicatorScore.objects.filter(round=round_).delete()
    UnitResult.objects.filter(round=round_).delete()
    ExpectedDisclosure.objects.filter(round=round_).delete()
    rows, evidence_lists = [], []
    for uid, r in scored.items():
        for ind_id, res in r["indicators"].items():
            rows.append(
                IndicatorScore(
                    round=round_,
                    unit_id=uid,
                    indicator_id=ind_id,
                    score=res.score,
                    value=res.value,
                    details=_jsonable(res.details),
                )
            )
            evidence_lists.append(res.evidence)
    IndicatorScore.objects.bulk_create(rows, batch_size=1000)
    types: dict[str, ContentType] = {}
    evidence = []
    for row, items in zip(rows, evidence_lists, strict=True):
        for label, pk, description, *deducts in items:  # a 4th item False: counted, no points lost
            if label not in types:
                app_label, model = label.split(".")
                types[label] = ContentType.objects.get_by_natural_key(app_label, model)
            evidence.append(
                Evidence(
                    score=row,
                    content_type=types[label],
                    object_id=pk,
                    description=description[:500],
                    deducts=bool(deducts[0]) if deducts else True,
                )
            )
    Evidence.objects.bulk_create(evidence, batch_size=2000)
    UnitResult.objects.bulk_create(
        [
            UnitResult(
                round=round_,
                unit_id=uid,
                total=r["total"],
                rank=r["rank"],
                by_domain=r["by_domain"],
                left_out=r.get("left_out") or 0,
            )
            for uid, r in scored.items()
        ],
        batch_size=1000,
    )


def write_expected(round_: Round, rows: list[list]) -> None:
    """Store the round's expected disclosures (``inputs["expected"]``) with their evidence."""
    ExpectedDisclosure.objects.bulk_create(
        [
            ExpectedDisclosure(
                round=round_,
                unit_id=unit_id,
                obligation_id=obligation_id,
                domain_id=domain_id,
                kind=kind,
                what=what[:300],
                key_date=key_date,
                due_date=due_date,
                state=state,
                publication_id=publication_id,
                published_on=published_on,
                late_workdays=late,
                evidence=evidence[:500],
            )
            for unit_id, obligation_id, domain_id, kind, what, key_date, due_date, state, publication_id, published_on, late, evidence in rows
        ],
        batch_size=1000,
    )


def _jsonable(details: dict) -> dict:
    return json.loads(json.dumps(details, default=str, ensure_ascii=False))
