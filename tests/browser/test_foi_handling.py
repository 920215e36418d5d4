"""The officer's side of 依申请公开 in a real browser (issue 23), at 1280×900 and 390×844.

A citizen's online request is on the 区教育局 officer's desk the minute it is filed (a bell notice, a line in the
依申请公开 section); the officer opens it from the desk, confirms receipt, previews the reply letter, then sends
the one-time 补正 notice — each a button with its own form on the handling page, no admin drop-down. The pages
are checked for English or code words and saved to docs/screenshots/issue23/.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from foi import services
from foi.models import DisclosureRequest, Event, Status
from organizations.models import Role
from publishing.models import Notice, NoticeKind
from tests.factories import district, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "issue23"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
#: ASCII a Chinese staff page may show: file types, and the 受理编号's prefix (WS2026-0001).
ALLOWED = {"PDF", "Word", "WS"}


def check_chinese(page) -> None:
    text = re.sub(r"\S+@\S+", "", page.inner_text("main"))  # the applicant's e-mail address is data
    words = {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED}
    assert not words, f"English or code on {page.url}: {sorted(words)}"


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in SIZES.items():
        page.set_viewport_size(size)
        page.screenshot(path=str(SHOTS / f"{name}_{label}.png"), full_page=True)
    page.set_viewport_size(SIZES["desktop"])


def applicant(name: str, id17: str):
    from core.idcards import id_card_check

    return services.Applicant(
        applicant_type="natural",
        name=name,
        id_type="id_card",
        id_number=id17 + id_card_check(id17),
        phone="13912345678",
        email="citizen@example.com",
        address="杭州市拱墅区湖墅南路1号",
    )


@pytest.fixture
def world(db):
    d = district()
    officer = member(Role.OFFICER, d["dept"], "officer_edu")
    officer.first_name, officer.is_staff = "李静", True
    officer.save()
    member(Role.OFFICER, d["s1"], "officer_street")
    today = timezone.localdate()
    # earlier work of the unit: one request overdue, one waiting for the applicant's 补正
    late, _secret = services.register(
        user=officer,
        unit=d["dept"],
        channel="letter",
        received_on=date(2026, 9, 1),
        applicant=applicant("王五", "33010519850203123"),
        description="2026年秋季学期学区划分调整的会议纪要",
        form="paper",
        delivery="post",
    )
    waiting, _secret = services.register(
        user=officer,
        unit=d["dept"],
        channel="in_person",
        received_on=today - timedelta(days=2),
        applicant=applicant("赵六", "33010519920716234"),
        description="某小学扩建项目的批复",
        form="electronic",
        delivery="email",
    )
    services.request_correction(
        user=officer,
        request=waiting,
        on=today - timedelta(days=1),
        text="请写明学校名称和批复年份。",
        deadline=today + timedelta(days=10),
    )
    # the citizen files online, now
    new, _secret = services.submit_online(
        unit=d["dept"],
        applicant=applicant("张三", "33010519900101123"),
        description="2026年拱墅区义务教育阶段学区划分方案及其制定依据",
        purpose="了解子女入学学区",
        form="electronic",
        delivery="online",
    )
    return {"d": d, "officer": officer, "new": new, "late": late, "waiting": waiting}


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/admin/login/?next=/workspace/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state("domcontentloaded")


def test_officer_finds_the_new_request_on_the_desk_and_handles_it(page, live_server, world):
    new, officer = world["new"], world["officer"]
    # the bell notice exists from the first minute, once, for the unit's officer
    assert Notice.objects.filter(kind=NoticeKind.FOI, recipient=officer).count() == 1
    sign_in(page, live_server, "officer_edu")
    assert page.url.endswith("/workspace/"), page.url
    assert page.locator(".bell-count").inner_text().strip() == "1"
    section = page.locator("section#foi")
    assert section.locator("li.new strong").inner_text() == "1"
    assert section.locator("li.overdue strong").inner_text() == "1"
    assert section.locator("li.waiting strong").inner_text() == "1"
    line = section.locator(".desk-list li", has_text=new.reference)
    assert "待确认收到" in line.inner_text()
    check_chinese(page)
    shoot(page, "desk_foi")

    # the workspace, linked from the staff navigation, gives the same counts
    page.click("nav >> text=依申请公开")
    page.wait_for_load_state("domcontentloaded")
    assert page.locator('strong[data-count="new"]').inner_text() == "1"
    assert (
        "逾期" in page.locator("#overdue").inner_text()
        and "个工作日" in page.locator("#overdue").inner_text()
    )
    check_chinese(page)
    shoot(page, "workspace")

    # from the desk's line to the handling page: only 确认收到 and 转办 are possible
    page.goto(f"{live_server.url}/workspace/")
    page.locator("section#foi .desk-list li", has_text=new.reference).locator("a.btn").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.url.endswith(f"/foi/workspace/{new.pk}/")
    assert page.locator("details.foi-step > summary").all_inner_texts() == ["确认收到", "转办"]
    check_chinese(page)
    shoot(page, "handling_new")

    page.click("#step-confirm > summary")
    page.click("#step-confirm button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    assert "已办理：确认收到" in page.inner_text("main")
    assert re.search(r"剩余 \d+ 个工作日", page.locator("#foi-remaining").inner_text())
    assert page.locator("details.foi-step > summary").all_inner_texts() == [
        "答复",
        "补正",
        "征求第三方意见",
        "延期",
        "转办",
    ]

    # the reply, with its letter previewed before anything is sent
    page.click("#step-reply > summary")
    page.select_option("#id_reply-outcome", "unavailable:1")
    page.fill("#id_reply-text", "经检索，本机关未制作、获取该政府信息。")
    page.click("#step-reply button[name=preview]")
    page.wait_for_load_state("domcontentloaded")
    frame = page.frame_locator("iframe.foi-letter-preview")
    assert "经检索，本机关未制作、获取该政府信息。" in frame.locator("body").inner_text()
    assert DisclosureRequest.objects.get(pk=new.pk).status == Status.RECEIVED  # a preview sends nothing
    page.locator("#step-reply").scroll_into_view_if_needed()
    shoot(page, "handling_reply_preview")

    # the one-time 补正 notice instead
    page.goto(f"{live_server.url}/foi/workspace/{new.pk}/")
    page.click("#step-correction > summary")
    page.fill("#id_correction-text", "请写明所需学区划分方案的年份和学段（小学或初中）。")
    page.fill("#id_correction-deadline", (timezone.localdate() + timedelta(days=15)).isoformat())
    page.click("#step-correction button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    assert "已办理：补正" in page.inner_text("main")
    assert page.locator("details.foi-step > summary").all_inner_texts() == ["登记收到补正", "转办"]
    assert list(Event.objects.filter(request=new).values_list("action", flat=True)) == [
        "submit",
        "receive",
        "correction",
    ]
    check_chinese(page)
    shoot(page, "handling_correction")
