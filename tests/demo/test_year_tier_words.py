"""A routine demo record speaks for its own tier (demo.year.body_html): the catalog writes an item's
公开内容 once, in the district's words, for every tier that owes it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from demo.year import body_html, tier_element
from organizations.models import Tier, Unit

DIBAO_FIGURES = SimpleNamespace(
    name="最低生活保障对象及保障金发放情况",
    content="●保障户数和人数\n●保障金发放总额\n●分街道统计情况",
    domain=SimpleNamespace(name="社会救助"),
)


def unit(tier: str, name: str) -> Unit:
    return Unit(name=name, tier=tier, phone="0571-88000000")


@pytest.mark.parametrize(
    ("tier", "name", "third"),
    [
        (Tier.DISTRICT, "区民政局", "三、分街道统计情况：详见附表"),
        (Tier.STREET, "湖墅街道办事处", "三、分社区统计情况：详见附表"),
        (Tier.COMMUNITY, "卖鱼桥社区居民委员会", "三、明细：详见附表"),
    ],
)
def test_the_breakdown_is_the_units_own(tier, name, third):
    body = body_html(unit(tier, name), DIBAO_FIGURES, "2026年第三季度最低生活保障对象及保障金发放情况")
    assert third in body and "一、保障户数和人数" in body and "二、保障金发放总额" in body
    if tier != Tier.DISTRICT:
        assert "分街道" not in body


def test_each_tier_carries_its_own_documents():
    district, street = unit(Tier.DISTRICT, "区民政局"), unit(Tier.STREET, "湖墅街道办事处")
    community = unit(Tier.COMMUNITY, "卖鱼桥社区居民委员会")
    assert tier_element("区自然灾害救助应急预案", district) == "区自然灾害救助应急预案"
    assert tier_element("区自然灾害救助应急预案", street) is None
    assert tier_element("街道自然灾害救助应急预案", district) is None
    assert tier_element("街道自然灾害救助应急预案", street) == "街道自然灾害救助应急预案"
    assert tier_element("区级规范性文件", street) is None
    assert tier_element("各街道改造任务数", street) == "各社区改造任务数"
    assert tier_element("各街道改造任务数", community) == "改造任务数明细"
    assert tier_element("各村改造任务数", street) == "各村改造任务数"
    assert tier_element("区域分布情况", street) == "区域分布情况"
    assert tier_element("分类标准和投放要求", community) == "分类标准和投放要求"


def test_a_record_whose_elements_are_all_another_tiers_names_the_item():
    plan = SimpleNamespace(
        name="自然灾害救助应急预案", content="●区自然灾害救助应急预案", domain=DIBAO_FIGURES.domain
    )
    body = body_html(unit(Tier.STREET, "湖墅街道办事处"), plan, "应急预案")
    assert "一、自然灾害救助应急预案：详见附表" in body and "区自然灾害" not in body
