"""Reminders go out exactly once: idempotent runs, retries, a missed day caught up; the command."""
from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from organizations.models import Role
from publishing import reminders
from publishing.models import Obligation, Reminder, ReminderKind
from tests.factories import member
from tests.publishing.helpers import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarterly(d, office, domain, release):
    make_item(office, domain, "季度财务", time_limit="每季度结束后10日内")
    release()
    Obligation.objects.update(started_on=date(2025, 7, 15))
    office.email = "office@example.gov.cn"
    office.save()
    officer = member(Role.OFFICER, d["s1"], "s1_officer")
    officer.email = "s1@example.gov.cn"
    officer.save()
    return officer


def test_due_soon_then_overdue_weekly(quarterly, office, meeting):
    # 2025-10-09: Q3 due 10-10 → due soon, to the two streets' officers (only s1 has one).
    assert reminders.send_reminders(as_of=date(2025, 10, 9)) == 1
    assert [m.to for m in mail.outbox] == [["s1@example.gov.cn"]]
    assert reminders.send_reminders(as_of=date(2025, 10, 9)) == 0  # run twice: nothing new
    # 2025-10-13 (Mon, ISO week 42): overdue → s1 officer + the office (2 users) for s1, the office for s2.
    assert reminders.send_reminders(as_of=date(2025, 10, 13)) == 3 + 2
    assert reminders.send_reminders(as_of=date(2025, 10, 15)) == 0  # same week
    assert reminders.send_reminders(as_of=date(2025, 10, 20)) == 5  # next week: escalates again
    kinds = Reminder.objects.filter(kind=ReminderKind.OVERDUE).order_by("key").values_list("key", flat=True).distinct()
    assert sorted(kinds) == ["2025-W42", "2025-W43"]


def test_missed_day_is_caught_up(quarterly):
    # Nobody ran on 10-09 or 10-10: the run on 10-11 still sends the (now overdue) reminders.
    assert reminders.send_reminders(as_of=date(2025, 10, 11)) > 0
    assert Reminder.objects.filter(kind=ReminderKind.OVERDUE).exists()


def test_retried_run_sends_only_what_is_left(quarterly, monkeypatch):
    calls = {"n": 0}
    real = reminders.send_mail

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise ConnectionError("smtp down")
        return real(**kwargs)

    monkeypatch.setattr(reminders, "send_mail", flaky)
    with pytest.raises(ConnectionError):
        reminders.send_reminders(as_of=date(2025, 10, 13))
    first = len(mail.outbox)
    assert first == 1
    sent = reminders.send_reminders(as_of=date(2025, 10, 13))  # the retry
    assert sent > 0
    recipients = [tuple(m.to) for m in mail.outbox]
    assert len(recipients) == len(set(recipients))  # nobody mailed twice
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()
    assert reminders.send_reminders(as_of=date(2025, 10, 13)) == 0


def test_command_prints_count_last(quarterly):
    out = StringIO()
    call_command("send_reminders", "--date", "2025-10-09", stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == "sent 1 reminders"
    out = StringIO()
    call_command("send_reminders", "--date", "2025-10-09", stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == "sent 0 reminders"
