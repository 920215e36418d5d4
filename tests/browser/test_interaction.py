"""互动交流 in a real browser on a phone (issue 24), at 390×844: a citizen writes to the 领导信箱 and gets a
tracking code, the office routes it and the unit answers, the citizen reads the answer by the code (typed in
lower case), the published answer and the month's statistics show no personal data and fit the phone.
Screenshots in docs/screenshots/issue24-interaction/."""

from __future__ import annotations

from pathlib import Path

import pytest

from organizations.models import Role
from tests.factories import district, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "issue24-interaction"
PHONE = {"width": 390, "height": 844}


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}_phone.png"), full_page=True)


def test_a_message_from_the_phone_to_the_published_answer(browser, live_server):
    from interaction import services
    from interaction.models import Message

    d = district()
    office = member(Role.OFFICE, d["gov"], "office_ia")
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    base = live_server.url
    page.goto(f"{base}/interaction/")
    page.select_option("#id_kind", "mailbox")
    page.fill("#id_subject", "建议增设社区养老服务点")
    page.fill("#id_body", "社区老年人较多，建议增设日间照料中心，提供助餐服务。")
    page.fill("#id_name", "周明")
    page.fill("#id_phone", "13700001234")
    page.check("#id_consent")
    assert fits(page)
    shoot(page, "1_write")
    page.click("button[type=submit]")
    page.wait_for_selector("strong.code")
    code = page.inner_text("strong.code").strip()
    assert fits(page)
    shoot(page, "2_code")
    message = Message.objects.get()
    services.assign(user=office, message=message, unit=d["s1"])
    services.answer(user=office, message=message, text="您好！湖墅街道已将日间照料中心列入年度计划。")
    page.goto(f"{base}/interaction/status/?code={code.lower()}")
    page.wait_for_selector("text=日间照料中心列入年度计划")
    assert fits(page)
    shoot(page, "3_status_answered")
    page.goto(f"{base}/interaction/answers/{message.pk}/")
    text = page.inner_text("main")
    assert "周明" not in text and "13700001234" not in text and "列入年度计划" in text
    assert fits(page)
    shoot(page, "4_published")
    page.goto(f"{base}/interaction/stats/")
    assert fits(page)
    shoot(page, "5_stats")
    context.close()
