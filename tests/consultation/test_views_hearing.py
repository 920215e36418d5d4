"""A decision's public page: its steps and its hearing's notice (time, place, how participants are chosen and
their list, the materials' clock) — the signed record's file never linked, no commenter's personal data — and
the held hearing as the 听证 step on the decision list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from consultation import services

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_decision_page_shows_the_notice_and_the_clock(client, office, d, make):
    c = make()
    services.submit_comment(consultation=c, body="意见", name="张秘密", contact="13912345678")
    today = timezone.localdate()
    decision = services.list_decision(
        user=office,
        year=today.year,
        title="加装电梯办法",
        unit=d["s1"],
        listed_on=date(today.year, 1, 5),
        consultation=c,
    )
    hearing = services.save_hearing(
        user=office,
        decision=decision,
        subject="补助标准听证会",
        hearing_at=timezone.now() + timedelta(days=9),
        place="湖墅街道三楼会议室",
        selection="报名居民中随机抽取",
        participants="王某（居民代表）\n李某（区人大代表）",
    )
    page = client.get(reverse("consultation:decision", args=[decision.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    for text in (
        "补助标准听证会",
        "湖墅街道三楼会议室",
        "报名居民中随机抽取",
        "王某（居民代表）",
        "李某（区人大代表）",
    ):
        assert text in body
    deadline = timezone.localtime(hearing.hearing_at - timedelta(days=7)).strftime("%Y-%m-%d %H:%M")
    assert deadline in body and "按自然日" in body
    assert "张秘密" not in body and "13912345678" not in body
    listing = client.get(reverse("consultation:decisions") + f"?year={today.year}").content.decode()
    assert reverse("consultation:decision", args=[decision.pk]) in listing
    assert client.get(reverse("consultation:decision", args=[decision.pk + 99])).status_code == 404


def test_a_held_hearing_is_the_hearing_step_and_its_file_stays_private(client, office, d):
    today = timezone.localdate()
    decision = services.list_decision(
        user=office, year=today.year, title="加装电梯办法", unit=d["s1"], listed_on=date(today.year, 1, 5)
    )
    now = timezone.now()
    hearing = services.save_hearing(
        user=office,
        decision=decision,
        subject="补助标准听证会",
        hearing_at=now + timedelta(days=8),
        place="会议室",
        selection="随机抽取",
        participants="王某（居民代表）",
    )
    services.send_materials(user=office, hearing=hearing, sent_at=now, now=now)
    services.upload_hearing_record(
        user=office,
        hearing=hearing,
        file=SimpleUploadedFile("笔录.pdf", PDF),
        now=hearing.hearing_at + timedelta(hours=2),
    )
    hearing.refresh_from_db()
    body = client.get(reverse("consultation:decision", args=[decision.pk])).content.decode()
    assert "已举行" in body and "签字的听证笔录已于" in body and "按时送达" in body
    assert hearing.record.name not in body and "/media/" not in body
    assert "举行听证会：补助标准听证会" in body  # the 听证 step's note
