"""How often the boards carried something (村民委员会组织法 第三十条: 村务 at least once a quarter, finances monthly):
the gaps per community, the 公开栏 indicator of the assessment reading them, and the desk section."""

from __future__ import annotations

from datetime import date

import pytest

from assessment.indicators import REGISTRY, Period
from boards import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def q1(world, board, record):
    """卖鱼桥社区 in 2026 Q1: the 低保 record posted in January, a finance record in February only."""
    from tests.publishing.helpers import published

    officer = world["c11_officer"]
    services.post(user=officer, publication=record, board=board, posted_on=date(2026, 1, 5))
    finance = published(
        officer,
        world["d"]["c11"],
        "卖鱼桥社区2026年1月财务收支公开",
        [world["duty"]("D-S1-1", "社区财务公开")],
    )
    services.post(
        user=officer, publication=finance, board=board, posted_on=date(2026, 2, 3), days=10, workdays=False
    )
    return world


def test_the_periods_of_a_quarter():
    found = selectors.periods_within(date(2026, 1, 1), date(2026, 3, 31))
    assert [(k, a.month, b.day) for k, a, b in found] == [
        ("monthly", 1, 31), ("quarterly", 1, 31), ("monthly", 2, 28), ("monthly", 3, 31),
    ]  # fmt: skip
    assert selectors.periods_within(date(2026, 1, 15), date(2026, 3, 30)) == [
        ("monthly", date(2026, 2, 1), date(2026, 2, 28))
    ]


def test_communities_whose_boards_carried_nothing_in_a_period(q1):
    d = q1["d"]
    found = selectors.frequency([d["c11"].pk, d["c12"].pk, d["s1"].pk], date(2026, 1, 1), date(2026, 3, 31))
    assert set(found) == {d["c11"].pk, d["c12"].pk}  # a street posts no 村务
    required, gaps = found[d["c11"].pk]
    assert required == 4
    assert [g.words for g in gaps] == [
        "2026年1月公开栏未张贴财务公开信息",
        "2026年3月公开栏未张贴财务公开信息",
    ]
    required, gaps = found[d["c12"].pk]  # no board at all
    assert (
        required == 4
        and len(gaps) == 4
        and "2026年第1季度公开栏未张贴村（居）务公开信息" in [g.words for g in gaps]
    )


def test_the_assessment_indicator_reads_the_boards(q1):
    d = q1["d"]
    ids = [d["c11"].pk, d["c12"].pk, d["s1"].pk]
    out = REGISTRY["board_frequency"].func(ids, Period(date(2026, 1, 1), date(2026, 3, 31)), {})
    assert (out[d["c11"].pk].num, out[d["c11"].pk].den, out[d["c11"].pk].count) == (2, 4, 2)
    assert out[d["c11"].pk].evidence[0] == (
        "organizations.unit",
        d["c11"].pk,
        "2026年1月公开栏未张贴财务公开信息",
    )
    assert (out[d["c12"].pk].num, out[d["c12"].pk].den) == (0, 4)
    assert out[d["s1"].pk].den == 0


def test_the_desk_shows_the_missed_periods_of_the_officers_units(q1):
    section = selectors.desk_section(q1["c11_officer"], "", date(2026, 4, 10))
    counts = {c.key: c.count for c in section.counts}
    assert counts == {"gaps": 2, "stale": 0, "objections": 0}
    assert [line.title for line in section.lines] == [
        "2026年1月公开栏未张贴财务公开信息",
        "2026年3月公开栏未张贴财务公开信息",
    ]
    office = selectors.desk_section(q1["office"], "", date(2026, 4, 10))
    assert {c.key: c.count for c in office.counts}["gaps"] == 2 + 4 + 4  # c11, c12 and c21
    assert selectors.desk_section(q1["c12_officer"], "D-S1-2", date(2026, 4, 10)).counts[0].count == 4
