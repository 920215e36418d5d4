"""依申请公开 as a conversation, end to end in a real browser (issue 23's must-show), on a phone (390×844):

a citizen files online → the officer sees it on the desk from the first minute and, on the handling page,
confirms receipt and asks for a 补正 → the 补正 notice is a mail in the outbox → the citizen supplies the
correction on the status page, which says the new due date → the officer replies on the handling page → the
citizen downloads the reply letter. Then the outbox holds one mail per change of state, and a retried
delivery task sends none twice. Screenshots: docs/screenshots/issue23/walk_*.png.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from core.idcards import id_card_check
from core.models import OutgoingMail
from foi.models import DisclosureRequest, Event, Status
from organizations.models import Role
from tests.factories import district, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PASSWORD = "pw-for-tests"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "issue23"


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"walk_{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name


def file_online(page, base: str) -> tuple[str, str]:
    page.goto(f"{base}/foi/apply/")
    page.select_option("#id_unit", label="区教育局")
    page.select_option("#id_applicant_type", "natural")
    page.fill("#id_name", "张晓燕")
    page.select_option("#id_id_type", "id_card")
    page.fill("#id_id_number", "33010519880512102" + id_card_check("33010519880512102"))
    page.fill("#id_phone", "13800000000")
    page.fill("#id_email", "zhang.xiaoyan@example.com")
    page.fill("#id_description", "2026年拱墅区义务教育阶段学区划分方案及其制定依据")
    shoot(page, "1_apply")
    page.click("button[type=submit]")
    page.wait_for_selector("#tracking-code")
    return page.inner_text("#tracking-code").strip(), page.inner_text("#tracking-secret").strip()


def look_up(page, base: str, code: str, secret: str) -> None:
    page.goto(f"{base}/foi/status/")
    page.fill("#id_code", code)
    page.fill("#id_secret", secret)
    page.click("button[type=submit]")
    page.wait_for_load_state("domcontentloaded")


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/?next=/workspace/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state("domcontentloaded")


def step(page, key: str) -> None:
    page.click(f"#step-{key} > summary")


def mails_of(request: DisclosureRequest) -> list[OutgoingMail]:
    return list(OutgoingMail.objects.filter(to=request.email).order_by("pk"))


def test_a_request_as_a_conversation_on_a_phone(browser, live_server):
    units = district()
    officer = member(Role.OFFICER, units["dept"], "officer_walk")
    officer.is_staff = True
    officer.save()
    reviewer = member(Role.REVIEWER, units["dept"], "reviewer_walk")
    reviewer.is_staff = True
    reviewer.save()
    base = live_server.url

    citizen = browser.new_context(locale="zh-CN", viewport=PHONE, accept_downloads=True).new_page()
    code, secret = file_online(citizen, base)
    assert not re.search(r"[01OIL]", code.replace("YS", "", 1).replace("-", ""))  # no look-alike characters
    shoot(citizen, "2_submitted")
    request = DisclosureRequest.objects.get(tracking_code=code.replace("-", "").replace(" ", ""))

    # the officer, on a phone too: the request is on the desk from the first minute
    desk = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    sign_in(desk, base, "officer_walk")
    line = desk.locator("section#foi .desk-list li", has_text=request.reference)
    assert "待确认收到" in line.inner_text()
    shoot(desk, "3_officer_desk")
    line.locator("a.btn").click()
    desk.wait_for_load_state("domcontentloaded")
    step(desk, "confirm")
    desk.click("#step-confirm button[type=submit]")
    desk.wait_for_load_state("domcontentloaded")
    assert re.search(r"剩余 \d+ 个工作日", desk.locator("#foi-remaining").inner_text())
    step(desk, "correction")
    desk.fill("#id_correction-text", "请写明所需学区划分方案的学段（小学或初中）。")
    desk.fill("#id_correction-deadline", (timezone.localdate() + timedelta(days=15)).isoformat())
    desk.click("#step-correction button[type=submit]")
    desk.wait_for_load_state("domcontentloaded")
    assert "已办理：补正" in desk.inner_text("main")
    shoot(desk, "4_officer_asks_correction")

    # the 补正 notice is a mail in the outbox, in plain Chinese, saying what to supply and where
    correction_mail = [m for m in mails_of(request) if "补正" in m.subject]
    assert len(correction_mail) == 1
    assert "请写明所需学区划分方案的学段" in correction_mail[0].body

    # the citizen supplies the correction on the status page; the page says the new due date
    look_up(citizen, base, code, secret)
    assert "需要您补正申请" in citizen.inner_text("main")
    shoot(citizen, "5_status_correction")
    citizen.fill("#id_text", "需要小学学段的学区划分方案。")
    citizen.click("#foi-correction button[type=submit]")
    citizen.wait_for_load_state("domcontentloaded")
    request.refresh_from_db()
    assert request.correction_received_on == timezone.localdate()
    assert request.due_date.strftime("%Y-%m-%d") in citizen.inner_text("main")
    shoot(citizen, "6_status_corrected")

    # the reviewer's 保密审查 (a service: another person, another page), then the officer replies
    from foi import services

    services.review_secrecy(user=reviewer, request=request, approved=True, note="不涉密")
    desk.goto(f"{base}/foi/workspace/{request.pk}/")
    step(desk, "reply")
    desk.select_option("#id_reply-outcome", "public")
    desk.fill("#id_reply-text", "现将2026年小学学区划分方案提供给您。")
    desk.click("#step-reply button[type=submit]:not([name=preview])")
    desk.wait_for_load_state("domcontentloaded")
    request.refresh_from_db()
    assert request.status == Status.CLOSED
    shoot(desk, "7_officer_replied")

    # the citizen downloads the reply letter from the status page
    look_up(citizen, base, code, secret)
    shoot(citizen, "8_status_replied")
    with citizen.expect_download() as info:
        citizen.click("#letter-pdf")
    download = info.value
    assert "答复书" in download.suggested_filename
    with open(download.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"

    # one mail per change of state the applicant should know of, none twice under a retried delivery
    public_events = Event.objects.filter(request=request, public=True).count()
    rows = mails_of(request)
    assert len({m.key for m in rows}) == len(rows) >= 3  # received, 补正, reply (and what else was public)
    assert len(rows) <= public_events
    from core import tasks as core_tasks

    sent_before = len(mail.outbox)
    for _ in range(2):  # the beat's sweep, run twice as a retried task would
        core_tasks.dispatch_pending.apply()
        core_tasks.deliver_pending_mail.apply()
    assert len(mail.outbox) - sent_before <= sum(1 for m in rows if m.sent_at is None)
    keys = [m.extra_headers.get("Message-ID", "") for m in mail.outbox if request.email in m.to]
    assert len(keys) == len(set(keys))
