"""A consultation's life in a real browser on a phone (issue 24, "must show"), at 390×844: the draft numbered by
article, a comment on one article (chosen from the article's own link), the closed form after the period, the
feedback report grouped by article, and the decision's page with its held hearing — none wider than the phone,
no commenter's name or phone anywhere. Screenshots in docs/screenshots/issue24/consultation-*.png."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from organizations.models import Role
from tests.factories import district, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "issue24"
PHONE = {"width": 390, "height": 844}
DRAFT = (
    "第一条 为改善既有住宅居住条件，方便居民出行，结合本区实际，制定本办法。\n"
    "第二条 本办法适用于本区范围内四层及以上、未设电梯的既有住宅加装电梯。\n"
    "第三条 加装电梯的费用由业主按楼层分摊：\n（一）一楼住户不分摊；\n（二）区财政按每台20万元给予补助。\n"
    "第四条 本办法自印发之日起施行。"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"consultation-{name}.png"), full_page=True)


def _open(office, unit):
    from consultation import services
    from consultation.models import Kind

    return services.open_consultation(
        user=office,
        unit=unit,
        kind=Kind.objects.get(code="major"),
        title="湖墅街道既有住宅加装电梯实施办法（征求意见稿）",
        draft=DRAFT,
        explanation="辖区2000年以前建成的多层住宅约300幢，老年居民上下楼困难。",
        basis="《中华人民共和国民法典》第二百七十八条",
        opens_on=timezone.localdate() - timedelta(days=3),
    )


def test_a_consultations_life_on_a_phone(browser, live_server, settings, tmp_path):
    from consultation import services
    from consultation.models import Comment, Consultation, Verdict

    settings.MEDIA_ROOT = tmp_path / "media"
    d = district()
    office = member(Role.OFFICE, d["gov"], "office_cs")
    c = _open(office, d["s1"])
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    url = f"{live_server.url}/consultation/{c.pk}/"
    page.goto(url)
    page.wait_for_selector("#p3")
    assert page.locator(".cs-paras > li").count() == 4 and fits(page)
    shoot(page, "1-draft")

    page.click("#p3 .cs-pcomment")
    page.wait_for_selector("#id_body")
    assert page.input_value("#id_paragraph") == "3"
    page.fill("#id_body", "建议补助按电梯造价比例确定，一楼住户应给予适当补偿。")
    page.fill("#id_name", "周明")
    page.fill("#id_contact", "13700001234")
    page.locator("#comment").scroll_into_view_if_needed()
    assert fits(page)
    page.screenshot(path=str(SHOTS / "consultation-2-comment.png"))  # the form, as the phone shows it
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_selector("text=您的意见已收到")
    comment = Comment.objects.get()
    assert comment.paragraph == 3
    text = page.inner_text("main")
    assert "周明" not in text and "13700001234" not in text and "一楼住户应给予适当补偿" in text
    page.locator(".notice[role=status]").scroll_into_view_if_needed()
    assert fits(page)
    page.screenshot(path=str(SHOTS / "consultation-3-posted.png"))

    Consultation.objects.filter(pk=c.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    page.goto(url + "#comment")
    page.wait_for_selector("text=意见征集已截止")
    assert page.locator("#id_body").count() == 0 and fits(page)
    page.screenshot(path=str(SHOTS / "consultation-4-closed.png"))

    c.refresh_from_db()
    services.answer(
        user=office,
        consultation=c,
        comments=[comment],
        verdict=Verdict.PARTLY,
        reason="补助调整为造价的30%。",
    )
    services.publish_feedback(
        user=office,
        consultation=c,
        decided_on=timezone.localdate(),
        summary="共收到意见1条，部分采纳1条：补助标准改为按造价比例并设上限。",
    )
    page.goto(url + "?from=report#feedback")
    page.wait_for_selector(".cs-bypara")
    assert "第三条" in page.inner_text(".cs-bypara") and fits(page)
    text = page.inner_text("main")
    assert "周明" not in text and "13700001234" not in text
    page.locator("#feedback").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "consultation-5-feedback.png"))
    shoot(page, "5-feedback-full")

    decision = services.list_decision(
        user=office,
        year=timezone.localdate().year,
        title="湖墅街道既有住宅加装电梯实施办法",
        unit=d["s1"],
        listed_on=date(timezone.localdate().year, 1, 5),
        consultation=c,
    )
    now = timezone.now()
    day = timezone.localdate() + timedelta(days=8)
    hearing = services.save_hearing(
        user=office,
        decision=decision,
        subject="加装电梯补助标准听证会",
        hearing_at=timezone.make_aware(datetime.combine(day, time(9, 30))),
        place="湖墅街道办事处三楼会议室",
        selection="在报名的居民中按楼层分层随机抽取6名，另邀请区人大代表和专家各1名。",
        participants="王某（居民代表，一楼住户）\n陈某（居民代表，六楼住户）\n李某（区人大代表）",
    )
    services.send_materials(user=office, hearing=hearing, sent_at=now, now=now)
    services.upload_hearing_record(
        user=office,
        hearing=hearing,
        file=SimpleUploadedFile("笔录.pdf", PDF),
        now=hearing.hearing_at + timedelta(hours=3),
    )
    page.goto(f"{live_server.url}/consultation/decisions/{decision.pk}/")
    page.wait_for_selector("#hearing")
    text = page.inner_text("main")
    assert "王某（居民代表，一楼住户）" in text and "按时送达" in text and "周明" not in text
    assert fits(page)
    shoot(page, "6-hearing")
    context.close()
