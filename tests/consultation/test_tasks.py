"""The daily run that tells the drafting unit's officers a consultation's period has ended (征求意见截止): its own
notice kind, each person once per consultation however often it runs, never for another unit's, an open one or
one whose feedback report is already published."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from config.beat import CELERY_BEAT_SCHEDULE
from consultation import services, tasks
from consultation.models import Consultation
from publishing.models import Notice, NoticeKind

pytestmark = pytest.mark.django_db


def test_the_drafting_units_officers_are_told_once_when_the_period_ends(make, officer_s1, officer_s2):
    consultation = make(opens_on=timezone.localdate() - timedelta(days=5), days=3, reason="紧急")
    still_open = make(title="仍在征集的草案")
    services.submit_comment(consultation=still_open, body="意见")
    now = timezone.now()
    assert consultation.closes_at <= now < still_open.closes_at
    for _run in range(3):
        services.send_closing_notices(now=now)
    told = Notice.objects.filter(kind=NoticeKind.CONSULT_END)
    assert list(told.values_list("recipient", flat=True)) == [officer_s1.pk]
    notice = told.get()
    assert consultation.title[:20] in notice.text and "收到意见 0 条" in notice.text
    assert notice.url.startswith(f"/consultation/desk/{consultation.pk}/")
    assert not Notice.objects.filter(recipient=officer_s2).exists()


def test_nothing_for_an_old_or_an_answered_consultation(make, office, officer_s1):
    old = make(opens_on=timezone.localdate() - timedelta(days=60))
    done = make(opens_on=timezone.localdate() - timedelta(days=5), days=3, reason="紧急")
    services.publish_feedback(
        user=office, consultation=done, decided_on=timezone.localdate(), summary="无意见。"
    )
    assert old.closes_at < timezone.now() - services.CLOSING_LOOKBACK
    assert services.send_closing_notices() == 0
    Consultation.objects.filter(pk=old.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    assert services.send_closing_notices() == 1  # within the look-back: caught up


def test_the_task_is_on_the_beat_daily():
    entry = CELERY_BEAT_SCHEDULE["consultation-closing-notices"]
    assert entry["task"] == tasks.send_closing_notices.name
    assert entry["schedule"].hour == {8}
