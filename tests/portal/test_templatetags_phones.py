"""A service guide's 咨询电话 and 监督投诉 are sentences: each phone number in them is its own ``tel:`` link (href:
the digits and dashes only), the words around it plain, everything escaped (the ``tel_links`` filter)."""

from __future__ import annotations

import re

import pytest

from portal.templatetags.phones import tel_links


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="tel:([^"]*)"', str(html))


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("区民政局社会救助科 0571-88259135", ["0571-88259135"]),
        ("区民政局社会救助科0571-88259135；湖墅街道 0571-88361011", ["0571-88259135", "0571-88361011"]),
        ("电话 0571-1234 5678", ["0571-12345678"]),
        ("电话（0571）88259135。", ["057188259135"]),
        ("本地拨打 88259135，或 12345政务服务热线", ["88259135", "12345"]),
        (
            "客服 400-800-1234；手机 13812345678、139-1234-5678",
            ["400-800-1234", "13812345678", "139-1234-5678"],
        ),
        ("请拨打12345.", ["12345"]),
        ("电话 010-12345678 转 8001", ["010-12345678"]),
    ],
)
def test_each_phone_number_is_its_own_link(text, numbers):
    assert hrefs(tel_links(text)) == numbers


@pytest.mark.parametrize(
    "text",
    [
        "《社会救助暂行办法》（国务院令第649号）；民发〔2021〕57号",
        "工作日8:30—17:00；自受理之日起30个工作日内；2024年4月11日",
        "每人每月1258元，全年12000元，共12345户",
        "索引号 GS-MZJ-2026-000001，编号 ABC88259135",
        "12345678901234",
    ],
)
def test_other_numbers_are_not_links(text):
    assert hrefs(tel_links(text)) == []


def test_the_words_are_plain_and_everything_is_escaped():
    html = str(tel_links('区民政局 <b>"0571-88259135"</b>；12345政务服务热线 & 信访'))
    assert '<a href="tel:0571-88259135">0571-88259135</a>' in html
    assert '<a href="tel:12345">12345</a>政务服务热线 &amp; 信访' in html
    assert html.startswith("区民政局 &lt;b&gt;&quot;") and "<b>" not in html
    assert str(tel_links(None)) == "" and str(tel_links("无")) == "无"


@pytest.mark.django_db
def test_the_guide_page_links_each_number_on_its_own(client, world):
    from catalog.models import ServiceGuide

    ServiceGuide.objects.create(
        item=world.dibao,
        code="dibao-phones",
        title="低保办事指南",
        contact="区民政局社会救助科0571-88259135；湖墅街道便民服务中心 0571-88361011",
        supervision="12345政务服务热线（24小时）<script>",
    )
    page = client.get("/guides/dibao-phones/").content.decode()
    assert hrefs(page).count("0571-88259135") == 1 and "tel:0571-88361011" in page
    assert 'href="tel:区民政局' not in page and 'href="tel:12345政务' not in page
    assert '<a href="tel:12345">12345</a>政务服务热线（24小时）&lt;script&gt;' in page
    assert "区民政局社会救助科<a" in page
