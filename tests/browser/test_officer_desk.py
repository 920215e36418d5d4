"""The officers' desk in a real browser, timed in clicks (issue 16).

A street officer signs in, lands on the desk, publishes an overdue duty in one form and submits it; the
reviewer, told by the bell, approves it from the 待我审核 queue and the record goes public; the district
office finds every overdue duty of one street from its dashboard. Typing is not counted; clicks are, from the
sign-in button on. Screenshots at 1280×900 and 390×844 go to artifacts/screenshots/. Every staff page walked
(the desk, the form, the review queue, the office dashboard, the notice settings with the SMS option) is
checked for English or code words outside a small allow-list. The duty sections count duties: the street's
overdue heading is the dashboard's figure, and a duty's row says how many of its periods are overdue.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from organizations.filters import subtree_q
from organizations.models import Unit
from publishing import deadlines, services
from publishing.models import Notice, Obligation, Publication, PublicationStatus
from publishing.selectors import deadline_state_q

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo2025"
#: ASCII words a Chinese staff page may show (file types, units of size, the API).
ALLOWED = {"PDF", "API", "Excel", "Word", "PNG", "JPG", "MB", "KB", "GB"}
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


class Clicks:
    """Counts the clicks a person makes (``click`` wraps ``page.click``)."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, selector: str) -> None:
        self.count += 1
        self.page.click(selector)
        self.page.wait_for_load_state("domcontentloaded")


#: Identifiers are data, not English: 受理编号 (GS-HS-2026-0001, WS2026-0003), tracking codes (HSK7-XNWN-QP).
CODE = re.compile(r"\b[A-Z0-9]+(?:-[A-Z0-9]+)+\b|\bWS\d{4}-\d+\b")


def english_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z]{2,}", CODE.sub(" ", text)) if w not in ALLOWED}


def check_chinese(page) -> None:
    words = english_words(page.inner_text("main"))
    assert not words, f"English or code on {page.url}: {sorted(words)}"


def shoot(page, name: str, screenshot_dir) -> None:
    for label, size in SIZES.items():
        page.set_viewport_size(size)
        page.screenshot(path=str(screenshot_dir / f"desk_{name}_{label}.png"), full_page=label == "desktop")
    page.set_viewport_size(SIZES["desktop"])


def sign_in(page, live_server, username: str) -> Clicks:
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    clicks = Clicks(page)
    clicks.click("input[type=submit]")
    return clicks


@pytest.fixture
def overdue_duty(db):
    """The demo, with one periodic duty of a 湖墅街道 unit started two years ago: its early periods are overdue."""
    call_command("load_demo", verbosity=0)
    street = Unit.objects.get(code="GS-HS")
    candidates = Obligation.objects.active().filter(subtree_q(street.code, "unit__")).select_related("item")
    duty = next(
        o for o in candidates.order_by("unit__lft", "pk") if deadlines.is_periodic(deadlines.rule_of(o.rule))
    )
    # started two years ago: its periods before the demo's year of history were never published
    Obligation.objects.filter(pk=duty.pk).update(started_on=timezone.localdate() - timedelta(days=800))
    services.refresh_deadlines()  # what the nightly task does: every stored summary current
    return Obligation.objects.select_related("unit", "item").get(pk=duty.pk)


def test_officer_publishes_reviewer_approves_office_finds_overdue(
    browser, live_server, overdue_duty, screenshot_dir, settings
):
    settings.SMS_BACKEND = "publishing.sms.LocmemBackend"  # a gateway: the settings page offers SMS
    contexts = [
        browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=SIZES["desktop"])
        for _ in range(3)
    ]
    officer, reviewer, office = (c.new_page() for c in contexts)
    try:
        # -- the street officer: sign in → the desk → 发布 on the overdue duty → 提交审核 --------------------
        clicks = sign_in(officer, live_server, "officer_hushu")
        assert officer.url.endswith("/workspace/"), officer.url
        check_chinese(officer)
        shoot(officer, "officer", screenshot_dir)
        row = officer.locator("#overdue li", has_text=overdue_duty.item.name).first
        late = deadlines.obligation_status(Obligation.objects.filter(pk=overdue_duty.pk)).overdue
        assert f"{len(late)} 期逾期" in row.inner_text()  # one row for the duty, its overdue periods said
        row.locator("a.btn").click()
        clicks.count += 1
        officer.wait_for_load_state("domcontentloaded")
        assert "/workspace/publish/" in officer.url
        check_chinese(officer)
        officer.fill("#id_body", "经社区公示，现予以公开。")
        if officer.locator("#id_notice_from").count():
            today = timezone.localdate()
            officer.fill("#id_notice_from", today.isoformat())
            officer.fill("#id_notice_until", (today + timedelta(days=7)).isoformat())
            officer.fill("#id_objection_channel", "公示期内如有异议，请致电 0571-88000000。")
        shoot(officer, "compose", screenshot_dir)
        clicks.click("button[name=submit]")
        assert "已提交审核" in officer.inner_text("main")
        assert clicks.count <= 6, f"the officer needed {clicks.count} clicks"
        officer_clicks = clicks.count
        publication = Publication.objects.filter(
            fulfilments__obligation=overdue_duty, created_by__username="officer_hushu"
        ).latest("pk")  # the demo year may hold earlier records of the same duty
        assert publication.status == PublicationStatus.SUBMITTED and publication.publish_on_approval

        # -- the notice arrives: the reviewer's bell counts it ------------------------------------------------
        assert Notice.objects.filter(recipient__username="reviewer_hushu", publication=publication).exists()

        # -- the reviewer: sign in → 待我审核 (the bell shows the notice) → 审核通过 ---------------------------
        clicks = sign_in(reviewer, live_server, "reviewer_hushu")
        assert reviewer.url.endswith("/workspace/review/"), reviewer.url
        assert int(reviewer.locator(".bell-count").inner_text()) >= 1
        card = reviewer.locator(f"#review-{publication.pk}")
        assert publication.title in card.inner_text()
        check_chinese(reviewer)
        shoot(reviewer, "review", screenshot_dir)
        card.locator("button", has_text="审核通过").click()
        clicks.count += 1
        reviewer.wait_for_load_state("domcontentloaded")
        assert clicks.count <= 3, f"the reviewer needed {clicks.count} clicks"
        publication.refresh_from_db()
        assert publication.status == PublicationStatus.PUBLISHED
        kinds = {e.action for e in publication.events.all()}
        assert {"create", "submit", "approve", "publish"} <= kinds

        # -- the office: sign in → the dashboard → the street's overdue duties -------------------------------
        clicks = sign_in(office, live_server, "office")
        check_chinese(office)
        shoot(office, "office", screenshot_dir)
        link = office.locator("#dashboard tr", has_text="湖墅街道").first
        dashboard_figure = link.locator("td").nth(1).inner_text().strip()
        link.locator("a").click()
        clicks.count += 1
        office.wait_for_load_state("domcontentloaded")
        assert clicks.count <= 3
        street_duties = Obligation.objects.filter(subtree_q("GS-HS", "unit__"), unit__is_active=True)
        expected = street_duties.filter(deadline_state_q(deadlines.OVERDUE)).count()  # duties, not periods
        assert expected
        heading = office.locator("#overdue h2").inner_text()
        assert f"（{expected} 项）" in heading, heading
        assert f"{expected}" == dashboard_figure
        check_chinese(office)
        shoot(office, "office_street", screenshot_dir)
        print(
            f"clicks: officer {officer_clicks}, reviewer ≤3, office {clicks.count}; overdue in street {expected}"
        )

        # -- the officer's notice settings, with the SMS option: Chinese, and the number stays private ---------
        officer.goto(f"{live_server.url}/workspace/notices/")
        assert officer.locator("#sms-settings input[name=mobile]").count() == 1
        check_chinese(officer)
        officer.fill("#id_mobile", "138 1234 5678")
        officer.locator("#sms-settings input[value=returned]").check()
        officer.click("#main button[type=submit]")
        officer.wait_for_load_state("domcontentloaded")
        assert "提醒设置已保存" in officer.inner_text("body")
        check_chinese(officer)
        shoot(officer, "notices", screenshot_dir)
    finally:
        for c in contexts:
            c.close()
