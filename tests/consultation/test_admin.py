"""Hearings in the admin: every save goes through consultation.services — the notice (a list with a phone is a
form error, nothing written), the materials' time, the signed record through the upload checker (a disguised
file refused), each step in the append-only history; another street's officer cannot reach the hearing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from consultation import services
from consultation.models import Hearing, HearingStatus

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _local(moment) -> dict:
    moment = timezone.localtime(moment)
    return {"0": moment.strftime("%Y-%m-%d"), "1": moment.strftime("%H:%M:%S")}


def _form(decision, hearing_at, **extra) -> dict:
    data = {
        "decision": decision.pk,
        "subject": "补助标准听证会",
        "hearing_at_0": _local(hearing_at)["0"],
        "hearing_at_1": _local(hearing_at)["1"],
        "place": "会议室",
        "selection": "随机抽取",
        "participants": "王某（居民代表）",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


def test_the_admin_writes_a_hearing_through_the_services(client, office, officer_s1, officer_s2, d):
    today = timezone.localdate()
    decision = services.list_decision(
        user=office, year=today.year, title="加装电梯办法", unit=d["s1"], listed_on=date(today.year, 1, 5)
    )
    at = (timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0)
    client.force_login(officer_s1)
    refused = client.post(
        "/admin/consultation/hearing/add/", _form(decision, at, participants="王某 13800138000")
    )
    assert refused.status_code == 200 and "不得含证件号码" in refused.content.decode()
    assert Hearing.objects.count() == 0
    assert client.post("/admin/consultation/hearing/add/", _form(decision, at)).status_code == 302
    hearing = Hearing.objects.get()
    assert hearing.created_by == officer_s1 and [e.action for e in hearing.events.all()] == ["notice"]

    change = f"/admin/consultation/hearing/{hearing.pk}/change/"
    early = timezone.now() + timedelta(hours=1)
    data = _form(decision, at, materials_sent_at_0=_local(early)["0"], materials_sent_at_1=_local(early)["1"])
    data.pop("decision")
    refused = client.post(change, data)
    assert refused.status_code == 200 and "只能登记已经送达的时间" in refused.content.decode()
    sent = (timezone.now() - timedelta(hours=1)).replace(microsecond=0)
    data = _form(decision, at, materials_sent_at_0=_local(sent)["0"], materials_sent_at_1=_local(sent)["1"])
    data.pop("decision")
    assert client.post(change, data).status_code == 302
    hearing.refresh_from_db()
    assert hearing.materials_sent_at == sent and [e.action for e in hearing.events.all()] == [
        "notice",
        "materials",
    ]

    past = (timezone.now() - timedelta(hours=1)).replace(microsecond=0)  # the hearing is held
    Hearing.objects.filter(pk=hearing.pk).update(hearing_at=past)
    data = _form(decision, past)
    data.pop("decision")
    disguised = SimpleUploadedFile("笔录.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>")
    refused = client.post(change, {**data, "record": disguised})
    assert refused.status_code == 200 and "伪装" in refused.content.decode()
    assert Hearing.objects.get().status == HearingStatus.SCHEDULED
    assert client.post(change, {**data, "record": SimpleUploadedFile("笔录.pdf", PDF)}).status_code == 302
    hearing.refresh_from_db()
    assert hearing.status == HearingStatus.HELD and hearing.record_sha256
    assert [e.action for e in hearing.events.all()][-1] == "record"

    client.force_login(officer_s2)
    assert client.get(change).status_code in (302, 403, 404)
