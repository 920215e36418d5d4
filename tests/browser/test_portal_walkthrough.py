"""A citizen in a real browser, on a phone and on a desktop: home → field → item → unit → publication,
search for a two-character word, the elder-friendly mode and the big screen. Screenshots go to
artifacts/screenshots/portal-*.png."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command

from organizations.models import Unit
from publishing import services as pub_services
from publishing.models import Obligation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def demo_publication():
    """Publish one record for 湖墅街道 through the publishing services (the demo has none yet)."""
    users = get_user_model().objects
    officer, reviewer = users.get(username="officer_hushu"), users.get(username="reviewer_hushu")
    unit = Unit.objects.get(code="GS-HS")
    obligations = list(Obligation.objects.filter(unit=unit, item__code="GS-JZ-01-02"))
    pub = pub_services.create_publication(
        user=officer,
        unit=unit,
        title="湖墅街道2025年城乡低保对象和救助标准公示",
        body="<p>本月新增低保对象3户，低保标准每人每月1180元。</p>",
        formed_on=date(2025, 3, 3),
        obligations=obligations,
    )
    pub_services.submit(user=officer, publication=pub)
    pub_services.approve(user=reviewer, publication=pub)
    return pub_services.publish(user=officer, publication=pub), obligations[0].item


def reference_data():
    """The rows data migrations seed (the 26 national fields and presets): an earlier transactional test's
    flush removed them, and load_demo needs them. Idempotent."""
    from tests.conftest import restore_reference_data

    restore_reference_data()


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("size_name,viewport", [("phone", PHONE), ("desktop", DESKTOP)])
def test_citizen_walkthrough(page, live_server, screenshot_dir, size_name, viewport):
    reference_data()
    call_command("load_demo", verbosity=0)
    cache.clear()
    pub, item = demo_publication()
    page.set_viewport_size(viewport)
    base = live_server.url

    def shot(name):
        page.screenshot(
            path=str(screenshot_dir / f"portal-{name}-{size_name}.png"), full_page=name != "field"
        )

    # Home: fields, latest publication, search box.
    page.goto(base + "/")
    assert "公开领域" in page.inner_text("main")
    assert pub.title in page.inner_text("main")
    assert no_horizontal_scroll(page)
    shot("home")

    # A field, through its card.
    field = item.domain
    page.click(f"a[href='/fields/{field.code}/']")
    assert field.name in page.inner_text("h1")
    assert "街道级" in page.inner_text("main")
    shot("field")

    # The item, from the field page.
    page.click(f"a[href='/items/{item.code}/']")
    assert item.name in page.inner_text("h1")
    assert "各单位公开情况" in page.inner_text("main") and pub.title in page.inner_text("main")
    shot("item")

    # The unit, from the item's publications by unit.
    page.locator("a[href='/units/GS-HS/']:visible").first.click()  # (also listed, folded, among who owes it)
    assert "湖墅街道" in page.inner_text("h1")
    assert "政务公开专员" in page.inner_text("main")
    # Its bulletin-board sheet (PDF) and the subscription form are linked from the unit page.
    assert page.locator("a[href='/channels/board/GS-HS.pdf']").count() == 1
    assert page.locator("a[href='/channels/subscribe/?unit=GS-HS']").count() == 1
    assert no_horizontal_scroll(page)
    shot("unit")

    # The publication, from the unit page.
    page.click(f"a[href='/publications/{pub.index_number}/']")
    assert pub.title in page.inner_text("h1") and pub.index_number in page.inner_text("main")
    # A citizen can rate the publication page (好差评, no login).
    assert (
        page.locator("form[action='/participation/rate/'] input[name=target_kind][value=publication]").count()
        == 1
    )
    assert no_horizontal_scroll(page)
    shot("publication")

    # Search a two-character word with the keyboard.
    page.goto(base + "/")
    page.fill("#home-q", "低保")
    page.press("#home-q", "Enter")
    page.wait_for_url("**/search/**")
    marks = page.locator("mark").all_inner_texts()
    # 低保 is highlighted as itself or as the full name the synonym dictionary maps it to.
    assert {"低保", "最低生活保障"} & set(marks), marks
    assert "低保" in page.inner_text(".results") or "最低生活保障" in page.inner_text(".results")
    assert no_horizontal_scroll(page)
    # Among the many 低保 records the newest rank first; a few more words find this one.
    page.goto(base + "/search/?q=" + quote("城乡低保对象 救助标准"))
    assert pub.title in page.inner_text(".results")
    assert no_horizontal_scroll(page)
    shot("search")

    # The service map (offline SVG) and its list.
    page.goto(base + "/service-points/")
    assert page.locator(".point-map svg circle").count() > 0
    shot("service-points")

    # Elder-friendly mode: a link, remembered on the next page, eye-care background.
    page.goto(base + "/units/GS-HS/")
    page.click("a.mode-toggle")
    page.goto(base + "/")
    assert "mode-elder" in page.get_attribute("body", "class")
    bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert bg == "rgb(199, 237, 204)"  # #C7EDCC 豆沙绿
    size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert size >= 20
    assert no_horizontal_scroll(page)
    shot("elder")

    # Keyboard: the skip link is first and visible on focus.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"

    # Big screen for a street hall: no interaction, rotates by meta refresh.
    page.goto(base + "/screen/?unit=GS-HS")
    assert pub.title in page.inner_text("main")
    assert page.locator("meta[http-equiv='refresh']").count() == 1
    # No interaction: nothing to click or type into; large type.
    assert page.locator("a, input, button, select, textarea").count() == 0
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 18
    shot("screen")
