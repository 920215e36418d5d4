"""Hearings (听证, 暂行条例 第十六条、第十七条) through consultation.services: the notice by the lead unit or the
office only, a time that leaves the 7 days for the materials, a participants' list that never holds an ID
number or a phone, the materials' time flagged late, the signed record through the one upload checker, the
held hearing as the decision's 听证 step, a cancellation (nothing deleted), and the append-only history."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from consultation import periods, services
from consultation.models import DecisionStep, Hearing, HearingEvent, HearingStatus, Step
from tests.append_only import assert_append_only

pytestmark = pytest.mark.django_db

PEOPLE = "王某（居民代表，湖墅街道）\n李某（区人大代表）\n张某（浙江大学，专家）"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def decision(office, d):
    today = timezone.localdate()
    return services.list_decision(
        user=office,
        year=today.year,
        title="既有住宅加装电梯实施办法",
        unit=d["s1"],
        listed_on=date(today.year, 1, 5),
    )


def notice(user, decision, *, at=None, people=PEOPLE, **extra):
    return services.save_hearing(
        user=user,
        decision=decision,
        subject="加装电梯补助标准听证会",
        hearing_at=at or timezone.now() + timedelta(days=10),
        place="湖墅街道办事处三楼会议室",
        selection="在报名的居民中按楼层随机抽取，另邀请人大代表和专家各1名",
        participants=people,
        **extra,
    )


def test_the_lead_units_officer_publishes_the_notice_another_unit_cannot(decision, officer_s1, officer_s2):
    with pytest.raises(PermissionDenied):
        notice(officer_s2, decision)
    hearing = notice(officer_s1, decision)
    assert hearing.status == HearingStatus.SCHEDULED
    assert hearing.participant_list() == PEOPLE.splitlines()
    assert list(HearingEvent.objects.filter(hearing=hearing).values_list("action", flat=True)) == ["notice"]


def test_the_time_must_leave_seven_days_for_the_materials(decision, office):
    now = timezone.now()
    with pytest.raises(ValidationError, match="7 日"):
        notice(office, decision, at=now + timedelta(days=7) - timedelta(minutes=1), now=now)
    assert Hearing.objects.count() == 0
    assert notice(office, decision, at=now + timedelta(days=7), now=now).pk


@pytest.mark.parametrize(
    "line",
    [
        "王某 13800138000",
        "王某 身份证330105199001011234",
        "王某 0571-87654321",
        "王某 wang@example.cn",
    ],
)
def test_the_published_list_refuses_ids_phones_and_mail(decision, office, line):
    with pytest.raises(ValidationError, match="不得含证件号码、电话或邮箱"):
        notice(office, decision, people=f"李某（区人大代表）\n{line}")
    assert Hearing.objects.count() == 0


def test_an_over_long_list_is_refused(decision, office):
    with pytest.raises(ValidationError):
        notice(office, decision, people="某" * (services.LIMITS["participants"] + 1))
    with pytest.raises(ValidationError, match="每行"):
        notice(office, decision, people="某" * (services.LIMITS["participant"] + 1))


def test_materials_sent_late_are_recorded_and_flagged(decision, office):
    hearing = notice(office, decision)
    late = hearing.hearing_at - timedelta(days=6)  # 6 days before: one day short
    hearing = services.send_materials(user=office, hearing=hearing, sent_at=late, now=late)
    assert hearing.materials_clock(late) == periods.MATERIALS_LATE and hearing.materials_flagged()
    assert "晚于听证前7日" in HearingEvent.objects.get(hearing=hearing, action="materials").note
    with pytest.raises(ValidationError, match="已登记"):
        services.send_materials(user=office, hearing=hearing, sent_at=late, now=late)


def test_materials_sent_eight_days_before_are_on_time(decision, office):
    hearing = notice(office, decision)
    sent = hearing.hearing_at - timedelta(days=8)
    hearing = services.send_materials(user=office, hearing=hearing, sent_at=sent, now=sent)
    assert hearing.materials_clock(sent) == periods.MATERIALS_ON_TIME
    assert "按时" in HearingEvent.objects.get(hearing=hearing, action="materials").note


def test_the_signed_record_goes_through_the_upload_checker_and_makes_the_step(decision, office):
    hearing = notice(office, decision)
    before = hearing.hearing_at - timedelta(hours=1)
    with pytest.raises(ValidationError, match="举行后"):
        services.upload_hearing_record(
            user=office, hearing=hearing, file=SimpleUploadedFile("笔录.pdf", PDF), now=before
        )
    after = hearing.hearing_at + timedelta(hours=3)
    disguised = SimpleUploadedFile("笔录.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError, match="伪装"):
        services.upload_hearing_record(user=office, hearing=hearing, file=disguised, now=after)
    with pytest.raises(ValidationError, match="只接受"):
        services.upload_hearing_record(
            user=office, hearing=hearing, file=SimpleUploadedFile("笔录.pdf", b"plain text"), now=after
        )
    hearing.refresh_from_db()
    assert hearing.status == HearingStatus.SCHEDULED and not hearing.record
    hearing = services.upload_hearing_record(
        user=office, hearing=hearing, file=SimpleUploadedFile("笔录.pdf", PDF), now=after
    )
    assert hearing.status == HearingStatus.HELD and hearing.record_sha256 == hashlib.sha256(PDF).hexdigest()
    step = DecisionStep.objects.get(decision=decision, step=Step.HEARING)
    assert step.on == timezone.localtime(hearing.hearing_at).date() and "听证会" in step.note
    with pytest.raises(ValidationError, match="已举行或已取消"):
        notice(office, decision)


def test_a_cancelled_hearing_stays_with_its_reason(decision, office):
    hearing = services.cancel_hearing(
        user=office, hearing=notice(office, decision), reason="决策事项调整，另行安排"
    )
    assert Hearing.objects.get(pk=hearing.pk).status == HearingStatus.CANCELLED
    assert [e.action for e in hearing.events.all()] == ["notice", "cancel"]
    with pytest.raises(ValidationError, match="已举行或已取消"):
        services.send_materials(user=office, hearing=hearing, sent_at=timezone.now())


def test_the_history_is_append_only(decision, office):
    notice(office, decision)
    assert_append_only(HearingEvent.objects.get(), "听证记录", note="改写")
