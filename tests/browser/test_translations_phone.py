"""藏汉 / 彝汉 on a phone (issue 25 part 2), at 390×844 in a real browser: a service guide with its reviewed
Tibetan side by side with the Chinese (the interface in Tibetan), and the service map with its 藏汉 and 彝汉
windows marked. The self-hosted fonts must draw the Tibetan and Yi letters (no tofu): the page asks the browser
whether each font is loaded and covers the text. Screenshots in docs/screenshots/issue25/."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog.models import ServiceGuide
from demo import ethnic as demo_ethnic
from organizations import services as org_services
from tests.portal.fixtures import world  # noqa: F401
from translations import services as tr_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "issue25"
PHONE = {"width": 390, "height": 844}
FONTS_READY = """async ([family, sample]) => {
    await document.fonts.ready;
    await document.fonts.load(`16px "${family}"`, sample);
    return document.fonts.check(`16px "${family}"`, sample)
        && [...document.fonts].some(f => f.family.replace(/"/g, '') === family && f.status === 'loaded');
}"""


def demo_texts(guide):
    """The demo's Tibetan and Yi texts of its 低保 guide, entered and reviewed through the services."""
    for kind, _key, language, reviewed, chinese, title, paragraphs in demo_ethnic.TEXTS:
        if kind != "guide":
            continue
        t = tr_services.save_translation(
            user=None,
            record=guide,
            language=language,
            source_text="\n\n".join(chinese),
            title=title,
            body="\n\n".join(paragraphs),
            translator="扎西卓玛",
        )
        if reviewed:
            tr_services.review_translation(user=None, translation=t, reviewer="泽仁多吉")


def test_a_guide_in_tibetan_side_by_side_on_a_phone(browser, live_server, world):  # noqa: F811
    guide = ServiceGuide.objects.create(
        item=world.dibao, code="dibao-guide", title="最低生活保障办事指南", place="乡便民服务中心社会救助窗口"
    )
    demo_texts(guide)
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/language/bo/?next=/guides/dibao-guide/%3Ftl%3Dbo")
    page.wait_for_selector("table.parallel-table")
    assert page.get_attribute("html", "lang") == "bo"
    # the Chinese governs, and says so in Chinese whatever the interface language
    assert page.inner_text(".parallel-note span[lang=zh-Hans]") == "以中文为准"
    rows = page.locator(".parallel-table tbody tr")
    assert rows.count() == 1 + 4  # the title, then the four paragraphs of the demo text
    assert page.evaluate(FONTS_READY, ["Noto Serif Tibetan", "སུས་ཞུ་ཆོག"])
    # Tibetan stacks need room: its line height is set apart from the Chinese
    heights = page.evaluate(
        """() => ['td[lang=bo]', 'td[lang=zh-Hans]'].map(s =>
            parseFloat(getComputedStyle(document.querySelector(s)).lineHeight)
            / parseFloat(getComputedStyle(document.querySelector(s)).fontSize))"""
    )
    assert heights[0] > heights[1]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "guide-bo-side-by-side.png"))
    page.locator("#languages").screenshot(path=str(SHOTS / "guide-bo-side-by-side-section.png"))
    page.goto(f"{live_server.url}/language/zh-hans/?next=/guides/dibao-guide/%3Ftl%3Dii")
    page.wait_for_selector("table.parallel-table td[lang=ii]")
    assert page.evaluate(FONTS_READY, ["Noto Sans Yi", "ꆈꌠꉙ"])
    page.locator("#languages").screenshot(path=str(SHOTS / "guide-ii-side-by-side-section.png"))
    context.close()


def test_the_map_shows_the_bilingual_windows_on_a_phone(browser, live_server, world):  # noqa: F811
    places = {"bo": ("30.305", "120.160"), "ii": ("30.315", "120.120")}
    for row in demo_ethnic.WINDOWS:
        lat, lng = places[row["bilingual"]]
        org_services.create_service_point(
            user=None,
            data={
                "unit": world.d["s2"],
                "kind": "convenience_station",
                "name": row["name"],
                "address": "硗碛藏族乡便民服务中心一楼",
                "bilingual": row["bilingual"],
                "latitude": lat,
                "longitude": lng,
            },
        )
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/service-points/")
    page.wait_for_selector(".point-map svg")
    assert page.locator("circle.pin-bilingual").count() == 2
    assert page.locator(".badge-bilingual").count() == 2
    assert page.evaluate(FONTS_READY, ["Noto Serif Tibetan", "བོད་ཡིག"])
    assert page.evaluate(FONTS_READY, ["Noto Sans Yi", "ꆈꌠꉙ"])
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "map-bilingual-windows.png"), full_page=True)
    page.select_option("#sp-bilingual", "ii")
    page.click("form.filters button[type=submit]")
    page.wait_for_selector(".point-list")
    assert page.locator(".point-list > li").count() == 1
    assert "彝汉双语" in page.inner_text(".point-list")
    page.screenshot(path=str(SHOTS / "map-bilingual-windows-yi.png"), full_page=True)
    context.close()
