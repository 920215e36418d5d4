"""The applicant's side of 依申请公开 in a real browser on a phone (issue 23), at 390×844.

A citizen asks in a sentence and is shown what is already public, files the request and gets a code and password
without look-alike characters; the office asks for a 补正 and the notice is in the mail outbox; the citizen looks
the request up (typing the code in lower case), reads what to supply and by when, supplies it on the status page
with a file, and is told the new due date; once the reply is made, the letter and the released file are
downloaded from the same page. Screenshots in docs/screenshots/issue23/ (applicant_*.png).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from organizations.models import Role
from tests.factories import district, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "issue23"
PHONE = {"width": 390, "height": 844}
#: ASCII the applicant's pages may show: file types, the code's prefix and its groups.
ALLOWED = {"PDF", "Word", "MB", "KB", "YS", "pdf"}  # "pdf": a file's name


def check_page(page) -> None:
    """Chinese only (codes aside), and nothing wider than the phone."""
    text = re.sub(r"\S+@\S+|YS-[A-Z0-9-]+|[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", "", page.inner_text("main"))
    words = {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED}
    assert not words, f"English or code on {page.url}: {sorted(words)}"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"applicant_{name}_phone.png"), full_page=True)


def _publish(title, unit, officer, reviewer):
    from publishing import services as pub

    p = pub.create_publication(user=officer, unit=unit, title=title, body="正文", formed_on=date(2025, 5, 6))
    pub.submit(user=officer, publication=p)
    pub.approve(user=reviewer, publication=p)
    return pub.publish(user=officer, publication=p)


def _file(page, base: str) -> tuple[str, str]:
    from core.idcards import id_card_check

    page.goto(f"{base}/foi/apply/")
    page.fill("#id_description", "低保金怎么申请")
    page.wait_for_selector("#foi-helper-list a:has-text('最低生活保障')")
    shoot(page, "1_apply_helper")
    page.select_option("#id_unit", label="湖墅街道")
    page.select_option("#id_applicant_type", "natural")
    page.fill("#id_name", "赵文静")
    page.select_option("#id_id_type", "id_card")
    page.fill("#id_id_number", "33010519900101123" + id_card_check("33010519900101123"))
    page.fill("#id_phone", "13800000000")
    page.fill("#id_email", "zhaowj@example.com")
    page.check("input[name=notify_by][value=email]")
    page.fill("#id_description", "本人2025年1月至6月领取最低生活保障金的审批表")
    page.click("button[type=submit]")
    page.wait_for_selector("#tracking-secret")
    check_page(page)
    shoot(page, "2_submitted")
    return page.inner_text("#tracking-code").strip(), page.inner_text("#tracking-secret").strip()


def test_a_citizen_supplies_the_correction_and_downloads_the_reply(browser, live_server, settings, tmp_path):
    from django.core import mail

    from core.models import OutgoingMail
    from foi import services
    from foi.models import DisclosureRequest
    from portal.search import synonyms
    from tests.security.conftest import pdf_bytes, upload

    settings.MEDIA_ROOT = tmp_path / "media"
    synonyms.seed_if_empty()  # a transactional test's flush empties the office's dictionary (低保 → 最低生活保障)
    units = district()
    officer = member(Role.OFFICER, units["s1"], "foi_s1_officer")
    reviewer = member(Role.REVIEWER, units["s1"], "foi_s1_reviewer")
    _publish("湖墅街道最低生活保障审核确认结果公示（2026年11月）", units["s1"], officer, reviewer)
    base = live_server.url
    context = browser.new_context(locale="zh-CN", viewport=PHONE, accept_downloads=True)
    page = context.new_page()

    code, secret = _file(page, base)
    assert re.fullmatch(r"YS(-[A-Z0-9]{2,4}){3}", code) and not set(code + secret) & set("0O1IlLU")
    req = DisclosureRequest.objects.get(tracking_code=code.replace("-", ""))
    assert req.unit == units["s1"] and req.notify_by == "email"

    # the office confirms and asks for a 补正; the notice goes out by mail
    today = timezone.localdate()
    req = services.confirm_receipt(user=officer, request=req, on=today)
    services.request_correction(
        user=officer,
        request=req,
        on=today,
        text="请补充说明需要哪几个月的审批表，并上传本人身份证正反面照片（PDF或图片）。",
        deadline=date.fromordinal(today.toordinal() + 15),
    )
    notice = OutgoingMail.objects.get(key__startswith=f"foi-notice:{req.pk}:", key__endswith=":correction")
    assert notice.sent_at and notice.to == "zhaowj@example.com" and "网上补正" in notice.body
    assert any("请补正" in m.subject for m in mail.outbox)

    # the citizen looks it up as people type it: lower case, spaces for hyphens
    page.goto(f"{base}/foi/status/")
    page.fill("#id_code", code.lower().replace("-", " "))
    page.fill("#id_secret", secret.lower())
    page.click("button[type=submit]")
    page.wait_for_selector("#foi-correction")
    assert "身份证正反面" in page.inner_text("#foi-correction-text")
    check_page(page)
    shoot(page, "3_status_correction")

    page.fill("#id_text", "需要2025年1月至6月共六个月的审批表。身份证照片见附件。")
    page.set_input_files(
        "#id_attachments",
        files=[{"name": "身份证.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}],
    )
    page.click("#foi-correction button[type=submit]")
    page.wait_for_selector("#foi-corrected")
    req.refresh_from_db()
    assert req.status == "received" and req.correction_received_on == today
    assert f"新的答复期限为 {req.due_date.isoformat()}" in page.inner_text(".messages")
    assert page.inner_text("#foi-due").strip() == req.due_date.isoformat()
    check_page(page)
    shoot(page, "4_status_corrected")

    # the office replies and releases the record; the citizen downloads the letter and the file
    services.add_released_document(
        user=officer, request=req, upload=upload("2025年上半年最低生活保障审批表.pdf", pdf_bytes("审批表"))
    )
    services.review_secrecy(user=reviewer, request=req, approved=True)
    services.reply(
        user=officer,
        request=req,
        on=today,
        result="public",
        text="经查，现将您申请的审批表提供给您，见附件。",
    )
    page.reload()
    page.wait_for_selector("#foi-reply")
    assert "予以公开" in page.inner_text("#foi-outcome")
    check_page(page)
    shoot(page, "5_status_reply")
    for link in ("#letter-pdf", "#foi-released a"):
        with page.expect_download() as info:
            page.click(link)
        with open(info.value.path(), "rb") as fh:
            assert fh.read(5) == b"%PDF-"
    assert req.access_log.filter(user__isnull=True).count() == 2

    # a lost password is sent again to the address on record
    other = context.new_page()
    other.goto(f"{base}/foi/status/")
    other.click("#resend summary")
    other.fill("#id_resend-code", code)
    other.fill("#id_resend-contact", "zhaowj@example.com")
    other.click("#resend button[type=submit]")
    other.wait_for_selector(".messages")
    check_page(other)
    shoot(other, "6_password_resent")
    assert any("新的查询密码" in m.subject for m in mail.outbox)
    context.close()
