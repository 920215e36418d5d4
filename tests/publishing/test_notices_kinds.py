"""The notice kinds of 互动交流, 政务舆情 and 征求意见 (issue 24): their own kinds, offered by e-mail and SMS like
the duties' "due" they used before, and carried over for those who had chosen "due"."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.apps import apps

from publishing import notices
from publishing.models import Notice, NoticeKind, NoticePreference
from publishing.services import notify_staff

NoticeKindField = Notice._meta.get_field("kind")

pytestmark = pytest.mark.django_db

NEW = {"message", "message_late", "opinion_warn", "opinion_late", "consult_end"}
migration = importlib.import_module("publishing.migrations.0011_notice_kinds_issue24")


def test_the_new_kinds_have_their_own_chinese_names():
    labels = {k: str(v) for k, v in NoticeKind.choices}
    assert {k: labels[k] for k in NEW} == {
        "message": "留言待答复",
        "message_late": "留言超期",
        "opinion_warn": "舆情时限预警",
        "opinion_late": "舆情超时升级",
        "consult_end": "征求意见截止",
    }
    assert set(migration.NEW_KINDS) == NEW
    assert all(len(k) <= NoticeKindField.max_length for k in NEW)


def test_they_are_offered_by_mail_and_sms_by_default():
    assert NEW <= set(notices.DEFAULT_EMAIL_KINDS)
    assert NEW <= set(notices.SMS_KINDS)


def test_who_chose_due_keeps_getting_them_and_no_one_else(django_user_model):
    chose_due = django_user_model.objects.create_user("a_due")
    chose_review = django_user_model.objects.create_user("a_review")
    NoticePreference.objects.create(user=chose_due, email_kinds=["due", "foi"], sms_kinds=["due"])
    NoticePreference.objects.create(user=chose_review, email_kinds=["review"], sms_kinds=[])
    migration.carry_choices(apps, None)
    migration.carry_choices(apps, None)  # again: nothing doubles
    due = NoticePreference.objects.get(user=chose_due)
    assert due.email_kinds[:2] == ["due", "foi"] and set(due.email_kinds[2:]) == NEW
    assert len(due.email_kinds) == 2 + len(NEW)
    assert set(due.sms_kinds) == {"due"} | NEW
    assert NoticePreference.objects.get(user=chose_review).email_kinds == ["review"]
    migration.drop_choices(apps, None)
    assert NoticePreference.objects.get(user=chose_due).email_kinds == ["due", "foi"]


def test_another_apps_notice_of_the_day_does_not_swallow_the_duties_digest(d, office, domain, release):
    from organizations.models import Role
    from publishing.models import Obligation, Reminder
    from tests.factories import member
    from tests.publishing.helpers import make_item

    make_item(office, domain, "低保对象公示", subject="各社区居委会", tiers=("community",))
    release()
    officer = member(Role.OFFICER, d["c11"], "c11_officer")
    obligation = Obligation.objects.filter(unit=d["c11"]).first()
    Reminder.objects.create(
        obligation=obligation, period_start=date(2025, 1, 1), kind="overdue", recipient=officer,
        due_date=date(2025, 4, 10),
    )  # fmt: skip
    # the same morning: a 舆情 warning under its own kind, and an app that still rings under "due"
    notify_staff(kind=NoticeKind.OPINION_WARN, user_ids=[officer.pk], text="舆情回应提醒", url="/opinion/1/")
    notify_staff(kind=NoticeKind.DUE, user_ids=[officer.pk], text="试点任务即将到期", url="/pilot/tasks/1/")
    assert notices.due_notices() == 1
    assert notices.due_notices() == 0  # still once a day
