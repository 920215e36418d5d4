"""Reminders before the due date go out exactly once; overdue requests are escalated to the office."""

from datetime import date

import pytest
from django.core import mail

from foi import reminders, services, tasks
from foi.models import Reminder


@pytest.mark.django_db
def test_due_soon_once_then_overdue_to_the_office(
    d, office, officer, make_request, django_capture_on_commit_callbacks
):
    officer.email, office.email = "officer@example.com", "office@example.com"
    officer.save()
    office.save()
    req = make_request(date(2025, 9, 26))  # due 2025-10-30
    assert reminders.send_reminders(as_of=date(2025, 10, 20)) == 0
    with django_capture_on_commit_callbacks(execute=True):  # the outbox delivers after the commit
        assert reminders.send_reminders(as_of=date(2025, 10, 27)) == 1
        assert reminders.send_reminders(as_of=date(2025, 10, 28)) == 0  # exactly once
    assert len(mail.outbox) == 1 and "受理编号" in mail.outbox[0].body and "张三" not in mail.outbox[0].body
    assert tasks.send_reminders.delay("2025-10-31").get() == 2  # officer and office
    assert reminders.send_reminders(as_of=date(2025, 11, 3)) == 0
    assert set(Reminder.objects.filter(kind="overdue").values_list("recipient__username", flat=True)) == {
        officer.username,
        office.username,
    }
    assert Reminder.objects.count() == 3 and req.pk


@pytest.mark.django_db
def test_closed_requests_are_not_reminded(d, officer, reviewer, make_request):
    req = make_request(date(2025, 9, 26))
    services.review_secrecy(user=reviewer, request=req, approved=True)
    services.reply(user=officer, request=req, on=date(2025, 10, 9), result="public", text="x")
    assert reminders.send_reminders(as_of=date(2025, 11, 3)) == 0


@pytest.mark.django_db
def test_extension_gives_a_new_due_date_and_a_new_reminder(d, officer, make_request):
    req = make_request(date(2025, 9, 26))
    assert reminders.send_reminders(as_of=date(2025, 10, 27)) == 1
    req = services.extend(
        user=officer, request=req, on=date(2025, 10, 28), days=5, approver="李主任", reason="量大"
    )
    assert req.due_date == date(2025, 11, 6)
    assert reminders.send_reminders(as_of=date(2025, 11, 4)) == 1
    assert reminders.send_reminders(as_of=date(2025, 11, 4)) == 0


@pytest.mark.django_db
def test_a_paused_clock_is_not_reminded(d, officer, make_request):
    """A third party's opinion is time the regulation does not count: the request is not "overdue" while it
    waits, and is reminded again once the consultation ends and the due date moves on."""
    req = make_request(date(2025, 9, 26))  # due 2025-10-30
    services.start_consultation(user=officer, request=req, third_party="某某公司", sent_on=date(2025, 10, 9))
    assert reminders.send_reminders(as_of=date(2025, 10, 31)) == 0
    assert not Reminder.objects.exists()
