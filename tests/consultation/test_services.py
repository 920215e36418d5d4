"""征求意见's writes: who may open a consultation (the office) and handle it (the drafting unit's officers), the
period checked against the kind's rule (a shorter one needs a reason, published), comments from the portal only
while open, comments typed in from other channels, reports hiding a comment for a moderator (nothing deleted),
answers and the feedback report with its clock, and the append-only log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from consultation import periods, services
from consultation.models import Comment, ConsultationEvent, Kind, Verdict, Visibility
from tests.consultation.test_periods import natural, working

pytestmark = pytest.mark.django_db


def test_the_three_national_kinds_ship_with_their_rules():
    kinds = {k.code: (k.days, k.workdays) for k in Kind.objects.all()}
    assert kinds == {"major": (30, False), "enterprise": (30, False), "normative": (7, True)}
    for code, rule in periods.NATIONAL.items():
        assert Kind.objects.get(code=code).rule() == rule


def test_the_office_opens_a_consultation_on_the_rules_period(make):
    today = timezone.localdate()
    c = make(opens_on=today)
    assert c.days == 30 and c.shortened_reason == ""
    assert c.opens_at == periods.start_of_day(today)
    assert c.closes_at == periods.end_of_day(natural(today, 30)) or c.closes_at == periods.end_of_day(
        periods.count(today, 30, False).due  # a year outside the re-typed notices: the engine's own count
    )
    assert c.is_open() and ConsultationEvent.objects.filter(consultation=c, action="open").count() == 1


def test_a_shorter_period_without_a_reason_is_refused_and_nothing_written(make):
    from consultation.models import Consultation

    with pytest.raises(ValidationError, match="须说明理由"):
        make(code="normative", days=3)
    assert Consultation.objects.count() == 0
    c = make(code="normative", days=3, reason="上级文件要求月底前出台")
    assert c.days == 3 and c.shortened_reason == "上级文件要求月底前出台"


def test_only_the_office_opens_and_adds_kinds(office, officer_s1, d, kind):
    with pytest.raises(PermissionDenied):
        services.open_consultation(
            user=officer_s1,
            unit=d["s1"],
            kind=kind(),
            title="t",
            draft="d",
            explanation="e",
            basis="b",
            opens_on=timezone.localdate(),
        )
    with pytest.raises(PermissionDenied):
        services.add_kind(user=officer_s1, code="plan", name="专项规划", days=30, workdays=False, basis="x")
    added = services.add_kind(
        user=office, code="plan", name="专项规划", days=20, workdays=True, basis="区政府规定"
    )
    assert added.rule().days == 20 and added.rule().workdays


def test_the_web_form_takes_comments_only_while_open(make):
    c = make()
    now = timezone.now()
    upcoming = make(opens_on=timezone.localdate() + timedelta(days=2))
    with pytest.raises(ValidationError, match="不在征集期内"):
        services.submit_comment(consultation=upcoming, body="提前提交")
    with pytest.raises(ValidationError, match="不在征集期内"):
        services.submit_comment(consultation=c, body="截止后提交", now=c.closes_at)
    kept = services.submit_comment(
        consultation=c, body="建议增加低楼层住户补偿", name="李四", contact="13800001111", now=now
    )
    assert kept.channel == "web" and kept.visibility == Visibility.SHOWN
    assert Comment.objects.count() == 1


def test_personal_data_is_stored_encrypted(make):
    from django.db import connection

    c = make()
    kept = services.submit_comment(consultation=c, body="意见", name="李四", contact="13800001111")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, contact FROM consultation_comment WHERE id = %s", [kept.pk])
        raw = cursor.fetchone()
    assert "李四" not in raw[0] and "13800001111" not in raw[1]
    assert Comment.objects.get(pk=kept.pk).contact == "13800001111"


def test_huge_text_is_refused_with_nothing_written(make):
    c = make()
    with pytest.raises(ValidationError, match="不能超过"):
        services.submit_comment(consultation=c, body="长" * (services.LIMITS["body"] + 1))
    assert Comment.objects.count() == 0


def test_officers_enter_comments_from_other_channels_for_their_unit_only(make, officer_s1, officer_s2):
    c = make()
    day = timezone.localdate()
    kept = services.enter_comment(
        user=officer_s1,
        consultation=c,
        channel="meeting",
        body="座谈会：居民代表建议分摊比例按楼层",
        received_on=day,
    )
    assert kept.entered_by == officer_s1 and kept.get_channel_display() == "座谈会"
    with pytest.raises(PermissionDenied):
        services.enter_comment(user=officer_s2, consultation=c, channel="mail", body="x", received_on=day)
    with pytest.raises(ValidationError):
        services.enter_comment(user=officer_s1, consultation=c, channel="web", body="x", received_on=day)
    with pytest.raises(ValidationError, match="征求意见期内"):
        services.enter_comment(
            user=officer_s1, consultation=c, channel="letter", body="x", received_on=day + timedelta(days=400)
        )


def test_reports_hide_a_comment_for_a_moderator_and_nothing_is_deleted(make, officer_s1):
    c = make()
    comment = services.submit_comment(consultation=c, body="广告：代办加装电梯")
    n = services.REPORTS_TO_HIDE
    for i in range(n - 1):
        assert services.report_comment(comment=comment, session_key=f"s{i}")
    assert not services.report_comment(comment=comment, session_key="s0")  # the same visitor: counted once
    comment.refresh_from_db()
    assert comment.visibility == Visibility.SHOWN and comment.reports == n - 1
    services.report_comment(comment=comment, session_key="last")
    comment.refresh_from_db()
    assert comment.visibility == Visibility.HIDDEN and comment.reports == n
    services.moderate(user=officer_s1, comment=comment, show=False, note="广告")
    comment.refresh_from_db()
    assert comment.visibility == Visibility.WITHHELD and Comment.objects.filter(pk=comment.pk).exists()
    assert list(ConsultationEvent.objects.filter(comment=comment).values_list("action", flat=True)) == [
        "comment",
        "hide",
        "moderate",
    ]


def test_the_log_is_append_only(make):
    event = ConsultationEvent.objects.filter(consultation=make()).first()
    with pytest.raises(ValidationError, match="不能删除"):
        event.delete()


def test_answers_and_the_feedback_report(make, officer_s1, officer_s2):
    c = make(opens_on=timezone.localdate() - timedelta(days=60))
    a = Comment.objects.create(consultation=c, body="建议一", received_at=c.opens_at)
    b = Comment.objects.create(consultation=c, body="建议二", received_at=c.opens_at)
    now = timezone.now()
    decided = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError, match="未答复"):
        services.publish_feedback(user=officer_s1, consultation=c, decided_on=decided, summary="说明")
    with pytest.raises(PermissionDenied):
        services.answer(user=officer_s2, consultation=c, comments=[a], verdict="adopted", reason="r")
    with pytest.raises(ValidationError, match="理由"):
        services.answer(user=officer_s1, consultation=c, comments=[a, b], verdict="rejected", reason=" ")
    assert (
        services.answer(
            user=officer_s1,
            consultation=c,
            comments=[a, b],
            verdict=Verdict.PARTLY,
            reason="已调整第二条",
            group="分摊",
        )
        == 2
    )
    c = services.publish_feedback(
        user=officer_s1, consultation=c, decided_on=decided, summary="共2条，部分采纳", now=now
    )
    assert c.feedback_due_on == periods.feedback_due(decided) and c.feedback_published_at == now
    with pytest.raises(ValidationError):
        services.answer(user=officer_s1, consultation=c, comments=[a], verdict="adopted", reason="改")


def test_the_feedback_report_waits_for_the_period_to_end(make, officer_s1):
    c = make()
    with pytest.raises(ValidationError, match="结束后"):
        services.publish_feedback(
            user=officer_s1, consultation=c, decided_on=timezone.localdate(), summary="说明"
        )


def test_feedback_clock_in_working_days(make, officer_s1):
    c = make(opens_on=timezone.localdate() - timedelta(days=60))
    from datetime import date

    c = services.set_meeting(
        user=officer_s1,
        consultation=c,
        decided_on=max(date(2026, 2, 13), timezone.localdate() - timedelta(days=30)),
    )
    assert c.feedback_due_on == periods.feedback_due(c.decided_on)
    if c.decided_on == date(2026, 2, 13):
        assert c.feedback_due_on == working(date(2026, 2, 13), 5)
