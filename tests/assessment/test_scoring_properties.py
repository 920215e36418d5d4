"""Ranking sanity as properties (Hypothesis), over generated districts.

The pure part drives the real indicator computations and the real scoring: each generated unit has a list of
expected disclosures (periodic, deadline, column; on time, late or missing) handed to the computations through
the period's cache (:func:`assessment.expected.expected_for`), everything else (coverage, columns, ratings,
ballots, assessors) generated alongside; the system is the demo's (主动公开 pool with 1.1/1.2, 按时公开率,
目录覆盖, 栏目更新, 好差评, 民主评议, 多方评议), with its "nothing due" choices.

* all else equal, one more due record published on time never lowers a unit's total;
* a unit whose every due duty is missing never outranks one with the same duties all on time;
* (database) a closed round stays immutable and ``recompute`` reproduces it, whatever was published after.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment import expected as exp
from assessment import scoring, services
from assessment.indicators import REGISTRY, Measure, Period
from assessment.models import ExpectedDisclosure, IndicatorScore, RoundKind, UnitResult

from .conftest import publish_at

START, END = date(2026, 1, 1), date(2026, 3, 31)
KINDS = (exp.PERIODIC, exp.DEADLINE, exp.COLUMN)
STATES = (exp.ON_TIME, exp.LATE, exp.MISSING)

# the demo system (demo/assessment.py): id, parent, code, scoring, points, computation, per, nothing due
SYSTEM = [
    (1, None, "1", "pool", "40", "", None, "excluded"),
    (11, 1, "1.1", "deduct", "0", "late_items", "2", "neutral"),
    (12, 1, "1.2", "deduct", "0", "interpretation_sync", "4", "full"),
    (2, None, "2", "rate", "15", "ontime_rate", None, "excluded"),
    (3, None, "3", "rate", "10", "catalog_coverage", None, "excluded"),
    (4, None, "4", "deduction", "10", "stale_columns", "2", "neutral"),
    (5, None, "5", "rate", "5", "citizen_ratings", None, "neutral"),
    (6, None, "6", "ballot", "10", "", None, "excluded"),
    (7, None, "7", "manual", "10", "", None, "excluded"),
]
INDICATORS = [
    {
        "id": i,
        "parent": parent,
        "code": code,
        "name": code,
        "scoring": method,
        "max_points": points,
        "deduction_per": per,
        "floor": "0",
        "computation": computation,
        "params": {},
        "when_nothing_due": nothing,
    }
    for i, parent, code, method, points, computation, per, nothing in SYSTEM
]

duty = st.tuples(st.sampled_from(KINDS), st.sampled_from(STATES))
unit_data = st.fixed_dictionaries(
    {
        "duties": st.lists(duty, max_size=12),
        "obligations": st.integers(0, 12),
        "policies": st.tuples(st.integers(0, 3), st.integers(0, 3)),  # (policies, with interpretation)
        "columns": st.tuples(st.integers(0, 4), st.integers(0, 4)),  # (columns, fresh)
        "ratings": st.tuples(st.integers(0, 6), st.integers(0, 6)),  # (good, bad)
        "ballots": st.tuples(*[st.integers(0, 8)] * 4),
        "manual": st.one_of(st.none(), st.integers(0, 10)),
    }
)
district = st.lists(unit_data, min_size=2, max_size=6)


def _dues(uid: int, duties) -> list[exp.Due]:
    return [
        exp.Due(
            uid,
            1000 * uid + n,
            None,
            kind,
            f"duty {n}",
            START,
            END,
            state,
            None,
            None,
            0,
            f"{uid}-{n} {state}",
        )
        for n, (kind, state) in enumerate(duties)
    ]


def _measure(num: int, den: int, count: int = 0) -> dict:
    return Measure(num, den, count).as_dict()


def _covered(u: dict) -> int:
    """Obligations with a record: at least those whose duty was published (bounded by the obligations)."""
    published = sum(1 for _k, s in u["duties"] if s != exp.MISSING)
    return min(u["obligations"], published)


def inputs(units: list[dict]) -> dict:
    """score_all's inputs for the generated district, computed by the real indicator functions."""
    ids = list(range(1, len(units) + 1))
    period = Period(START, END)
    period.cache[("expected", tuple(ids))] = [
        d for uid, u in zip(ids, units, strict=True) for d in _dues(uid, u["duties"])
    ]
    late = REGISTRY["late_items"].func(ids, period, {})
    ontime = REGISTRY["ontime_rate"].func(ids, period, {})
    measures = {"11": {}, "12": {}, "2": {}, "3": {}, "4": {}, "5": {}}
    for uid, u in zip(ids, units, strict=True):
        key = str(uid)
        policies, synced = u["policies"]
        columns, fresh = u["columns"]
        good, bad = u["ratings"]
        measures["11"][key] = late[uid].as_dict()
        measures["12"][key] = _measure(min(synced, policies), policies, policies - min(synced, policies))
        measures["2"][key] = ontime[uid].as_dict()
        measures["3"][key] = _measure(_covered(u), u["obligations"], u["obligations"] - _covered(u))
        measures["4"][key] = _measure(min(fresh, columns), columns, columns - min(fresh, columns))
        measures["5"][key] = _measure(good, good + bad, bad)
    return {
        "version": scoring.SNAPSHOT_VERSION,
        "units": [{"id": uid, "code": f"U{uid:02d}", "name": f"U{uid}"} for uid in ids],
        "indicators": INDICATORS,
        "measures": measures,
        "groups": {},
        "manual": [
            {
                "id": uid,
                "unit": uid,
                "indicator": 7,
                "group": None,
                "score": str(u["manual"]),
                "assessor": "a",
                "comment": "",
            }
            for uid, u in zip(ids, units, strict=True)
            if u["manual"] is not None
        ],
        "tallies": {
            str(uid): {"id": uid, **dict(zip("ABCD", u["ballots"], strict=True)), "F": 0}
            for uid, u in zip(ids, units, strict=True)
        },
    }


def totals(units: list[dict]) -> dict[int, Decimal]:
    return {uid: r["total"] for uid, r in scoring.score_all(inputs(units)).items()}


@settings(max_examples=150, deadline=None)
@given(district, st.data())
def test_one_more_on_time_record_never_lowers_a_score(units, data):
    uid = data.draw(st.integers(0, len(units) - 1))
    unit = units[uid]
    open_duties = [n for n, (_k, s) in enumerate(unit["duties"]) if s != exp.ON_TIME]
    if not open_duties:
        unit["duties"].append((data.draw(st.sampled_from(KINDS)), exp.MISSING))
        open_duties = [len(unit["duties"]) - 1]
    n = data.draw(st.sampled_from(open_duties))
    before = totals(units)[uid + 1]
    kind, state = unit["duties"][n]
    better = [dict(u) for u in units]
    better[uid] = {**unit, "duties": [*unit["duties"][:n], (kind, exp.ON_TIME), *unit["duties"][n + 1 :]]}
    assert totals(better)[uid + 1] >= before


@settings(max_examples=150, deadline=None)
@given(district, st.lists(duty.map(lambda d: d[0]), min_size=1, max_size=12), unit_data)
def test_all_missing_never_outranks_all_on_time(units, kinds, common):
    """Two units with the same duties and everything else equal: all missing ranks below or level with all on
    time, among any other units."""
    silent = {**common, "duties": [(k, exp.MISSING) for k in kinds]}
    diligent = {**common, "duties": [(k, exp.ON_TIME) for k in kinds]}
    scored = scoring.score_all(inputs([*units, silent, diligent]))
    s, d = scored[len(units) + 1], scored[len(units) + 2]
    assert s["total"] <= d["total"] and s["rank"] >= d["rank"]


def test_generated_inputs_use_the_real_computations():
    """A sanity check of the generator itself (not a property): 3 duties, one missing → 1.1 counts 1."""
    units = [
        {
            "duties": [(exp.PERIODIC, exp.ON_TIME), (exp.DEADLINE, exp.LATE), (exp.COLUMN, exp.MISSING)],
            "obligations": 3,
            "policies": (0, 0),
            "columns": (0, 0),
            "ratings": (0, 0),
            "ballots": (1, 0, 0, 0),
            "manual": 10,
        },
        {
            "duties": [],
            "obligations": 0,
            "policies": (0, 0),
            "columns": (0, 0),
            "ratings": (0, 0),
            "ballots": (1, 0, 0, 0),
            "manual": 10,
        },
    ]
    scored = scoring.score_all(inputs(units))
    first = scored[1]["indicators"]
    assert first[11].score == Decimal("-4.00") and first[2].score == Decimal("5.00")  # 2 × −2; 15 × 1/3
    # the second unit had nothing due: 1.1 neutral (the first unit's −4), 2 and 3 excluded and the total scaled
    second = scored[2]["indicators"]
    assert second[11].score == Decimal("-4.00") and second[11].details["nothing_due"]
    assert second[2].score is None and second[2].details["excluded"] and scored[2]["left_out"] == Decimal(25)


# -- closed rounds, in the database ------------------------------------------------------------------------
class Rollback(Exception):
    pass


@pytest.mark.django_db
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 40)), min_size=1, max_size=4))
def test_closed_rounds_are_immutable_and_recompute_reproduces(
    d, people, office, obligations, jindong, records
):
    try:
        with transaction.atomic():
            s1 = d["s1"]
            for n, (formed, delay) in enumerate(records):
                formed_on = date(2025, 7, 1) + timedelta(days=formed)
                publish_at(
                    people,
                    s1,
                    f"湖墅街道教育政策文件第{n + 1}号",
                    formed_on=formed_on,
                    published_on=formed_on + timedelta(days=delay),
                    obligations=[obligations["D-S1"]],
                )
            round_ = services.open_round(
                user=office,
                system=jindong,
                name="2025年第三季度",
                kind=RoundKind.QUARTERLY,
                period_start=date(2025, 7, 1),
                period_end=date(2025, 9, 30),
                units=[d["s1"], d["s2"]],
            )
            services.finish_scoring(user=office, round=round_)
            services.review_round(user=office, round=round_)
            round_ = services.close_round(user=office, round=round_)
            stored = scoring.stored_figures(round_)
            # a record published after closing changes nothing in the round
            publish_at(
                people,
                s1,
                "湖墅街道教育政策文件补充说明",
                formed_on=date(2025, 9, 1),
                published_on=date(2025, 10, 20),
                obligations=[obligations["D-S1"]],
            )
            assert scoring.figures(services.recompute(round_)) == stored == scoring.stored_figures(round_)
            for row in (
                IndicatorScore.objects.filter(round=round_).first(),
                UnitResult.objects.filter(round=round_).first(),
                ExpectedDisclosure.objects.filter(round=round_).first(),
            ):
                if row is not None:
                    with pytest.raises(ValidationError):
                        row.save()
            with pytest.raises(ValidationError):
                services.compute_round(round=round_)
            raise Rollback
    except Rollback:
        pass
