"""依申请公开 in a real browser: a citizen files a request on a phone, receives a code and a secret, and
follows the request to its reply letter; another citizen, with another code, sees nothing of it.
Screenshots go to artifacts/screenshots/foi-*.png."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from organizations.models import Role
from tests.factories import district, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _file_request(page, base: str, unit_name: str, name: str, what: str, helper: str = "") -> tuple[str, str]:
    page.goto(f"{base}/foi/apply/")
    if helper:  # the catalog-aware helper lists what is already public, and the request can still be sent
        page.fill("#id_description", what)
        page.wait_for_selector(f"#foi-helper-list a:has-text('{helper}')")
    page.select_option("#id_unit", label=unit_name)
    page.select_option("#id_applicant_type", "natural")
    page.fill("#id_name", name)
    page.select_option("#id_id_type", "id_card")
    page.fill("#id_id_number", "330105199001011233")
    page.fill("#id_phone", "13800000000")
    page.fill("#id_description", what)
    page.click("button[type=submit]")
    page.wait_for_selector("#tracking-code")
    code = page.inner_text("#tracking-code").strip().replace("-", "")
    return code, page.inner_text("#tracking-secret").strip()


def _publish(title, unit, officer, reviewer):
    from datetime import date

    from publishing import services as pub

    p = pub.create_publication(user=officer, unit=unit, title=title, body="正文", formed_on=date(2025, 5, 6))
    pub.submit(user=officer, publication=p)
    pub.approve(user=reviewer, publication=p)
    return pub.publish(user=officer, publication=p)


def _look_up(page, base: str, code: str, secret: str) -> None:
    page.goto(f"{base}/foi/status/")
    page.fill("#id_code", code)
    page.fill("#id_secret", secret)
    page.click("button[type=submit]")
    page.wait_for_load_state("domcontentloaded")


def test_citizen_files_follows_and_downloads_the_reply(browser, live_server, screenshot_dir):
    from foi import services
    from foi.models import DisclosureRequest

    units = district()
    officer = member(Role.OFFICER, units["dept"], "foi_b_officer")
    reviewer = member(Role.REVIEWER, units["dept"], "foi_b_reviewer")
    base = live_server.url

    a_context = browser.new_context(locale="zh-CN", viewport=PHONE, accept_downloads=True)
    a = a_context.new_page()
    _publish("2025年学区划分方案", units["dept"], officer, reviewer)
    code_a, secret_a = _file_request(
        a, base, "区教育局", "赵文静", "2025年学区划分方案的会议纪要", helper="2025年学区划分方案"
    )
    assert re.fullmatch(r"YS[A-Z0-9]{10}", code_a)
    a.screenshot(path=str(screenshot_dir / "foi-submitted-phone.png"), full_page=True)
    assert a.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    # the office confirms and answers, through the services
    request = DisclosureRequest.objects.get(tracking_code=code_a)
    today = timezone.localdate()
    services.confirm_receipt(user=officer, request=request, on=today)
    services.review_secrecy(user=reviewer, request=request, approved=True, note="不涉密")
    services.reply(user=officer, request=request, on=today, result="public", text="现将会议纪要提供给您。")

    _look_up(a, base, code_a, secret_a)
    assert "予以公开" in a.inner_text("#foi-outcome")
    steps = a.inner_text(".foi-steps")
    assert "网上提交申请" in steps and "确认收到申请" in steps and "办结：予以公开" in steps
    a.screenshot(path=str(screenshot_dir / "foi-status-phone.png"), full_page=True)
    with a.expect_download() as info:
        a.click("#letter-pdf")
    path = info.value.path()
    with open(path, "rb") as fh:
        assert fh.read(5) == b"%PDF-"

    # another citizen, another code
    b_context = browser.new_context(locale="zh-CN", viewport=PHONE)
    b = b_context.new_page()
    code_b, secret_b = _file_request(b, base, "区教育局", "钱多多", "小河街道的低保名单")
    assert code_b != code_a
    _look_up(b, base, code_a, secret_b)
    assert "查询码或查询密码不正确" in b.content()
    response = b.goto(f"{base}/foi/status/{code_a}/")
    assert response.status == 404
    response = b.goto(f"{base}/foi/status/{code_a}/letter.pdf")
    assert response.status == 404
    b.goto(f"{base}/foi/status/{code_b}/")
    text = b.inner_text("main")
    assert "赵文静" not in text and code_a not in text and "会议纪要" not in text
    a_context.close()
    b_context.close()
