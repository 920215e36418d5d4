"""The demo's 试点专题 on a phone (issue 25 part 3), at 390×844: the plan, its classes and quantified targets with
their progress bars, the milestones, and the problems — the closed one with its correction, the open one only
counted — none of it wider than the phone. Screenshot in docs/screenshots/issue25/pilot-public.png."""

from __future__ import annotations

from pathlib import Path

import pytest

from demo import pilot as demo_pilot
from tests.factories.pilot import demo_pilot_ledger

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "issue25"
PHONE = {"width": 390, "height": 844}


def test_the_pilot_page_on_a_phone(browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    demo_pilot_ledger()
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/pilot/")
    page.wait_for_selector(".pl-class")
    targets = sum(len(t) for _n, _t, _l, t in demo_pilot.CLASSES)
    assert page.locator(".pl-class").count() == len(demo_pilot.CLASSES)
    assert page.locator(".pl-class .pl-bar").count() == targets
    text = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
    assert "部分查阅点未公示开放时间" in text and "2个领域标准尚未经联席会议审核" not in text
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "pilot-public.png"), full_page=True)
    context.close()
