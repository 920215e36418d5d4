"""Each computed indicator on the small known quarter of the conftest (湖墅街道 publishes, 小河街道 does not).

The disclosure indicators count what was expected (:mod:`assessment.expected`): 小河街道 has no record and no
registered event in the quarter, so nothing fell due for it there (its one obligation is a deadline duty)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment import indicators
from assessment.indicators import REGISTRY, Period
from demo.assessment import set_rating_time
from demo.year import moment as _moment
from participation import services as participation

from .conftest import Q3

pytestmark = pytest.mark.django_db
PERIOD = Period(*Q3)


def measure(key, d, params=None, period=PERIOD):
    ids = [d["s1"].pk, d["s2"].pk]
    out = REGISTRY[key].func(ids, period, params or {})
    return out[d["s1"].pk], out[d["s2"].pk]


def test_catalog_coverage(d, quarter):
    s1, s2 = measure("catalog_coverage", d)
    # 湖墅街道: its one obligation has records → 1/1; 小河街道: nothing → 0/1, the obligation is the evidence
    assert (s1.num, s1.den) == (1, 1)
    assert (s2.num, s2.den, s2.count) == (0, 1, 1)
    assert s2.evidence[0][0] == "publishing.obligation" and "尚无公开记录" in s2.evidence[0][2]
    assert s1.details["by_domain"] == {"compulsory-education": [1, 1]}


def test_ontime_rate(d, quarter):
    s1, s2 = measure("ontime_rate", d)
    # duties due in Q3 (records formed 7-01 and 8-01, 20 working days): P1 on time, P2 late, P3 and P4 on
    # time → 3/4 = 75 %
    assert (s1.num, s1.den) == (3, 4) and s1.ratio == Decimal("0.75")
    assert s1.evidence == [
        (
            "publishing.publication",
            quarter["p2"].pk,
            "「街道教育政策文件」2025-07-01形成的信息应于2025-07-29前公开，2025-08-05才公开，逾期5个工作日"
            "（「湖墅街道学前教育补助发放办法公告」）",
        )
    ]
    assert s2.den == 0  # nothing fell due: the indicator's "nothing due" choice decides, not a silent 100 %


def test_completeness_rate_counts_late_records_as_published(d, quarter):
    s1, s2 = measure("completeness_rate", d)
    assert (s1.num, s1.den, s1.evidence) == (4, 4, []) and s2.den == 0


def test_late_items_and_the_jindong_deduction(d, quarter):
    s1, s2 = measure("late_items", d)
    # one item not published within 20 working days (P2); 小河街道 had no event in the quarter → nothing due
    assert s1.count == 1 and s1.evidence[0][1] == quarter["p2"].pk
    assert s2.count == 0
    # 金东区: 40 − 1 × 2 = 38 if it were a deduction of its own
    ind = {"scoring": "deduction", "max_points": "40", "deduction_per": "2", "floor": "0"}
    assert indicators.score_indicator(ind, s1).score == Decimal("38.00")


def test_late_items_outside_the_period_do_not_count(d, quarter):
    s1, _ = measure("late_items", d, period=Period(date(2025, 10, 1), date(2025, 12, 31)))
    assert s1.count == 0


def test_interpretation_sync(d, quarter):
    s1, s2 = measure("interpretation_sync", d)
    # policies with a 文号: P3 (规范性文件, no interpretation) and P4 (实施办法, interpreted the same day) → 1/2
    assert (s1.num, s1.den, s1.count) == (1, 2, 1)
    assert s1.evidence[0][1] == quarter["p3"].pk and "未发布政策解读" in s1.evidence[0][2]
    # 金东区: −4 per 规范性文件 without its interpretation → 1 × 4 = 4
    ind = {"scoring": "deduct", "max_points": "0", "deduction_per": "4"}
    assert indicators.score_indicator(ind, s1).score == Decimal("-4.00")
    assert s2.count == 0


def test_bad_metadata(d, quarter):
    s1, _ = measure("bad_metadata", d)
    # 7 records published; P6's title contains 测试, P7's 索引号 says 2024 though formed in 2025 → 2 bad
    assert (s1.den, s1.count) == (7, 2)
    assert {e[1] for e in s1.evidence} == {quarter["p6"].pk, quarter["p7"].pk}
    assert indicators.title_problem("通知") == "标题过短（少于5个字）"
    assert indicators.index_problem("D-S1-2025-000001", "D-S1", date(2025, 3, 1)) is None


def test_early_records_count_for_licheng(d, people, quarter):
    s1, _ = measure("late_items", d, {"per": "record", "count_early": True, "include_unpublished": False})
    # P2 late; P7 published 7-15 is not before its formation 2025-01-02 → only P2 counts → 鲤城区 −5 × 1
    assert s1.count == 1


def test_stale_and_blank_columns(d, quarter):
    s1, s2 = measure("stale_columns", d)
    # the column monitor's columns: each unit's 通知公告 column + one field column (义务教育), 6-month windows.
    # 湖墅街道 last published 9-02 (通知公告) and 8-08 (field) → both fresh; 小河街道 never → both blank
    assert (s1.num, s1.den, s1.count) == (2, 2, 0)
    assert (s2.num, s2.den, s2.count) == (0, 2, 2) and s2.details == {"blank": 2, "stale": 0}
    assert {e[0] for e in s2.evidence} == {"domains.domain", "organizations.unit"}
    assert all("空白" in e[2] for e in s2.evidence)
    # at the end of March 2026 both are older than 6 months (fresh until 2026-02-08 and 2026-03-02) → stale
    later, _ = measure("stale_columns", d, period=Period(date(2026, 1, 1), date(2026, 3, 31)))
    assert later.details == {"blank": 0, "stale": 2}
    # national-index rule: 10 − 2 per stale or blank column → 小河街道 10 − 2 × 2 = 6
    ind = {"scoring": "deduction", "max_points": "10", "deduction_per": "2", "floor": "0"}
    assert indicators.score_indicator(ind, s2).score == Decimal("6.00")


def test_citizen_ratings(d, quarter):
    p1 = quarter["p1"]
    for i, value in enumerate(["good", "good", "good", "bad"]):
        rating = participation.rate(
            target_kind="publication",
            target_code=p1.index_number,
            value=value,
            comment="看不懂" if value == "bad" else "",
            reason="unclear" if value == "bad" else "",
            ip=f"203.0.113.{i}",
        )
        set_rating_time(rating, _moment(date(2025, 8, 1), 12, i))
    late = participation.rate(
        target_kind="publication", target_code=p1.index_number, value="bad", reason="other", ip="203.0.113.9"
    )
    set_rating_time(late, _moment(date(2025, 10, 5), 9))  # after the quarter: not counted
    s1, s2 = measure("citizen_ratings", d)
    # 3 good / (3 good + 1 bad) = 75 % → 5 points × 0.75 = 3.75
    assert (s1.num, s1.den) == (3, 4)
    assert indicators.score_indicator({"scoring": "rate", "max_points": "5"}, s1).score == Decimal("3.75")
    assert s1.evidence[0][0] == "participation.rating" and "看不懂" in s1.evidence[0][2]
    assert s2.den == 0


def test_computations_run_in_a_fixed_number_of_queries(d, quarter):
    """The same queries for 2 units as for 7: no query per unit (the working-day calendar warmed first)."""
    few = [d["s1"].pk, d["s2"].pk]
    many = [u.pk for u in d.values()]
    for spec in REGISTRY.values():
        spec.func(many, Period(*Q3), {})
    for key, spec in REGISTRY.items():
        with CaptureQueriesContext(connection) as small:
            spec.func(few, Period(*Q3), {})
        with CaptureQueriesContext(connection) as large:
            spec.func(many, Period(*Q3), {})
        assert len(small) == len(large), key
