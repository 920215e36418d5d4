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
    kinds = (
        Reminder.objects.filter(kind=ReminderKind.OVERDUE)
        .order_by("key")
        .values_list("key", flat=True)
        .distinct()
    )
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


def test_claimed_by_another_worker_is_not_sent_twice(quarterly, monkeypatch):
    # Worker A lists who has unsent reminders; before it claims them, worker B claims, mails and commits.
    # A's claim re-reads ``sent_at IS NULL`` under the lock and finds nothing: nobody is mailed twice.
    real = reminders._pending_recipients
    other = {}

    def listed_then_raced():
        pending = real()
        monkeypatch.setattr(reminders, "_pending_recipients", real)
        other["sent"] = reminders.send_reminders(as_of=date(2025, 10, 13))  # worker B
        return pending

    monkeypatch.setattr(reminders, "_pending_recipients", listed_then_raced)
    assert reminders.send_reminders(as_of=date(2025, 10, 13)) == 0  # worker A
    assert other["sent"] == 5
    recipients = [tuple(m.to) for m in mail.outbox]
    assert len(recipients) == len(set(recipients)) == 2
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()


def test_rows_locked_by_another_worker_are_skipped(quarterly, office, monkeypatch):
    # SKIP LOCKED: rows another worker is still sending come back empty and are left to that worker.
    real = reminders._claim
    monkeypatch.setattr(reminders, "_claim", lambda rid: [] if rid == office.pk else real(rid))
    assert reminders.send_reminders(as_of=date(2025, 10, 13)) == 3  # the officer's (s1) rows only
    assert [m.to for m in mail.outbox] == [["s1@example.gov.cn"]]
    assert Reminder.objects.filter(recipient=office, sent_at__isnull=True).count() == 2
    monkeypatch.setattr(reminders, "_claim", real)
    assert (
        reminders.send_reminders(as_of=date(2025, 10, 13)) == 2
    )  # that worker died: the next run sends them


@pytest.mark.django_db(transaction=True)
def test_concurrent_worker_lock_on_postgresql(quarterly, office):
    """Real row locks (PostgreSQL only): while another connection holds the office's rows, a run skips them."""
    import threading

    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SELECT … FOR UPDATE SKIP LOCKED needs PostgreSQL")
    Reminder.objects.bulk_create(reminders.plan(date(2025, 10, 13)), ignore_conflicts=True)
    locked, release, done = threading.Event(), threading.Event(), threading.Event()

    def other_worker():
        from django.db import connection as thread_connection

        try:
            with transaction.atomic():
                assert len(reminders._claim(office.pk)) == 2
                locked.set()
                release.wait(10)
        finally:
            thread_connection.close()
            done.set()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert locked.wait(10)
        assert reminders.send_reminders(as_of=date(2025, 10, 13)) == 3
        assert [m.to for m in mail.outbox] == [["s1@example.gov.cn"]]
    finally:
        release.set()
        thread.join(10)
    assert Reminder.objects.filter(recipient=office, sent_at__isnull=True).count() == 2
