"""The scoring rules on hand-made inputs: the ballot formula, rates, deductions, pools, weighted groups."""

from decimal import Decimal

from assessment.indicators import Measure, score_indicator
from assessment.scoring import ballot_score, score_all


def test_ballot_formula_of_seed_002():
    # A=10, B=5, C=3, D=2 valid (20 votes), F=4 not counted:
    # (10×100 + 5×85 + 3×70 + 2×55) / 20 = (1000 + 425 + 210 + 110) / 20 = 1745 / 20 = 87.25
    assert ballot_score({"A": 10, "B": 5, "C": 3, "D": 2, "F": 4}) == Decimal("87.25")
    # only 不了解 votes: no valid ballot, no score
    assert ballot_score({"F": 7}) is None
    # one 基本满意 and one 不满意: (85 + 55) / 2 = 70
    assert ballot_score({"B": 1, "D": 1, "F": 100}) == Decimal("70.00")


def _ind(scoring, max_points="0", per=None, floor="0"):
    return {
        "id": 1,
        "parent": None,
        "code": "1",
        "name": "x",
        "scoring": scoring,
        "max_points": max_points,
        "deduction_per": per,
        "floor": floor,
        "computation": "k",
        "params": {},
    }


def test_rate_scores_points_times_ratio_and_full_marks_without_records():
    # 15 points × 3/4 = 11.25
    assert score_indicator(_ind("rate", "15"), Measure(num=3, den=4)).score == Decimal("11.25")
    # 10 points × 2/3 = 6.666… → 6.67
    assert score_indicator(_ind("rate", "10"), Measure(num=2, den=3)).score == Decimal("6.67")
    # nothing to assess: full marks, and the details say so
    result = score_indicator(_ind("rate", "10"), Measure())
    assert result.score == Decimal("10.00") and "满分" in result.details["note"]


def test_deduction_floors_at_zero_and_deduct_items_are_negative():
    # 10 − 3 × 2 = 4
    assert score_indicator(_ind("deduction", "10", "2"), Measure(count=3)).score == Decimal("4.00")
    # 10 − 7 × 2 = −4 → floor 0
    assert score_indicator(_ind("deduction", "10", "2"), Measure(count=7)).score == Decimal("0.00")
    # a deduct item (under a pool) records −(per × count): 3 × 4 = −12
    assert score_indicator(_ind("deduct", "0", "4"), Measure(count=3)).score == Decimal("-12.00")


def _inputs(indicators, manual=(), tallies=None, groups=None, measures=None, units=None):
    return {
        "units": units or [{"id": 1, "code": "U1", "name": "甲"}],
        "indicators": indicators,
        "measures": measures or {},
        "manual": list(manual),
        "tallies": tallies or {},
        "groups": groups or {},
        "coverage": {},
    }


def test_pool_sums_child_deductions_and_floors_at_zero():
    pool = {
        "id": 1,
        "parent": None,
        "code": "1",
        "name": "主动公开",
        "scoring": "pool",
        "max_points": "40",
        "deduction_per": None,
        "floor": "0",
        "computation": "",
        "params": {},
    }
    late = {**_ind("deduct", "0", "2"), "id": 2, "parent": 1, "code": "1.1"}
    interp = {**_ind("deduct", "0", "4"), "id": 3, "parent": 1, "code": "1.2"}
    # 40 − (3 late × 2) − (2 policies × 4) = 40 − 6 − 8 = 26
    measures = {"2": {"1": Measure(count=3).as_dict()}, "3": {"1": Measure(count=2).as_dict()}}
    out = score_all(_inputs([pool, late, interp], measures=measures))
    assert out[1]["total"] == Decimal("26.00")
    assert out[1]["indicators"][2].score == Decimal("-6.00")
    # 40 − 25 × 2 = −10 → 0
    measures = {"2": {"1": Measure(count=25).as_dict()}, "3": {"1": Measure(count=0).as_dict()}}
    assert score_all(_inputs([pool, late, interp], measures=measures))[1]["total"] == Decimal("0.00")


def test_manual_scores_are_weighted_by_assessor_group():
    manual_ind = {**_ind("manual", "10"), "computation": ""}
    entries = [
        {"id": 1, "unit": 1, "indicator": 1, "group": 1, "score": "9", "assessor": "甲", "comment": ""},
        {"id": 2, "unit": 1, "indicator": 1, "group": 1, "score": "7", "assessor": "乙", "comment": ""},
        {"id": 3, "unit": 1, "indicator": 1, "group": 2, "score": "5", "assessor": "丙", "comment": ""},
    ]
    groups = {"1": {"name": "政府", "weight": "0.6"}, "2": {"name": "第三方", "weight": "0.2"}}
    # 政府 mean (9+7)/2 = 8, 第三方 mean 5: (0.6×8 + 0.2×5) / (0.6+0.2) = (4.8 + 1.0) / 0.8 = 7.25
    out = score_all(_inputs([manual_ind], manual=entries, groups=groups))
    assert out[1]["indicators"][1].score == Decimal("7.25")
    assert len(out[1]["indicators"][1].evidence) == 3


def test_ballot_indicator_scales_to_its_points_and_ranks_ties_together():
    ballot = {**_ind("ballot", "10"), "computation": ""}
    units = [
        {"id": 1, "code": "A", "name": "甲"},
        {"id": 2, "code": "B", "name": "乙"},
        {"id": 3, "code": "C", "name": "丙"},
    ]
    tallies = {
        "1": {"id": 1, "A": 10, "B": 5, "C": 3, "D": 2, "F": 4},  # 87.25 → 10 × 0.8725 = 8.725 → 8.73
        "2": {"id": 2, "A": 10, "B": 5, "C": 3, "D": 2, "F": 0},  # same valid votes → 8.73
        "3": {"id": 3, "A": 0, "B": 0, "C": 0, "D": 1, "F": 0},
    }  # 55 → 5.50
    out = score_all(_inputs([ballot], tallies=tallies, units=units))
    assert out[1]["total"] == Decimal("8.73") and out[2]["total"] == Decimal("8.73")
    assert out[3]["total"] == Decimal("5.50")
    assert (out[1]["rank"], out[2]["rank"], out[3]["rank"]) == (1, 1, 3)
