"""Reminders go out exactly once: idempotent runs, retries, a missed day caught up; the command."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from organizations.models import Role
from publishing import reminders, services
from publishing.models import Obligation, Reminder, ReminderKind
from tests.factories import member
from tests.publishing.helpers import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarterly(d, office, domain, release):
    make_item(office, domain, "季度财务", time_limit="每季度结束后10日内")
    release()
    Obligation.objects.update(started_on=date(2025, 7, 15))
    # A start date written around the services: store the deadline summary again, as every write does.
    services.refresh_deadlines()
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
    """The mail server fails on the second mail: the run raises, the reminders stay handed over (each in one
    outbox mail), and the next run delivers the mail left behind, mailing nobody twice."""
    from core.mail import EmailMessage
    from core.models import OutgoingMail

    calls = {"n": 0}
    real = EmailMessage.send

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise ConnectionError("smtp down")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", flaky)
    with pytest.raises(ConnectionError):
        reminders.send_reminders(as_of=date(2025, 10, 13))
    assert len(mail.outbox) == 1
    assert OutgoingMail.objects.filter(sent_at__isnull=True).count() == 1
    assert reminders.send_reminders(as_of=date(2025, 10, 13)) == 0  # the retry: nothing handed over twice
    recipients = [tuple(m.to) for m in mail.outbox]
    assert len(recipients) == len(set(recipients)) == 2  # the mail left behind went out; nobody twice
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()
    assert not OutgoingMail.objects.filter(sent_at__isnull=True).exists()


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
    monkeypatch.setattr(reminders, "_claim", lambda ids: [row for row in real(ids) if row[0] != office.pk])
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


# -- exactly once under kill and concurrency (issue 15, 7) -----------------------------------------------------
class Killed(BaseException):
    """Stands for SIGKILL at one point of a run: nothing after it runs, open transactions roll back."""


KILL_POINTS = [
    ("publishing.reminders.Reminder.objects.bulk_create", "after"),  # intent recorded, nothing claimed
    ("publishing.reminders._claim", "after"),  # rows locked, transaction open
    ("publishing.reminders.queue_mail", "after"),  # mail written, rows not yet marked, not committed
    ("publishing.reminders._hand_over", "after"),  # first recipient committed
    ("core.mail.EmailMessage.send", "before"),  # committed, nothing delivered
    ("core.mail.EmailMessage.send", "after"),  # the SMTP server accepted, sent_at not written
]


def _kill_at(monkeypatch, target: str, when: str, nth: int):
    import importlib

    module_path, _, attr = target.rpartition(".")
    if module_path.endswith("Reminder.objects"):
        owner = Reminder.objects
    else:
        try:
            owner = importlib.import_module(module_path)
        except ModuleNotFoundError:
            mod, _, cls = module_path.rpartition(".")
            owner = getattr(importlib.import_module(mod), cls)
    real = getattr(owner, attr)
    calls = {"n": 0}

    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if when == "before" and calls["n"] == nth:
            raise Killed(target)
        result = real(*args, **kwargs)
        if when == "after" and calls["n"] == nth:
            raise Killed(target)
        return result

    if isinstance(owner, type):
        monkeypatch.setattr(owner, attr, lambda self, *a, **k: wrapper(self, *a, **k))
    else:
        monkeypatch.setattr(owner, attr, wrapper)


def _assert_exactly_once():
    import re

    from core.mail import message_id
    from core.models import OutgoingMail

    assert not Reminder.objects.filter(sent_at__isnull=True).exists()
    in_mails: dict[int, int] = {}
    for body in OutgoingMail.objects.values_list("body", flat=True):
        for rid in re.findall(r"R(\d+)", body.rsplit("提醒编号", 1)[-1]):
            in_mails[int(rid)] = in_mails.get(int(rid), 0) + 1
    emailed = set(Reminder.objects.filter(emailed=True).values_list("pk", flat=True))
    assert set(in_mails) == emailed and set(in_mails.values()) <= {1}  # each reminder in exactly one mail
    assert not OutgoingMail.objects.filter(sent_at__isnull=True).exists()
    delivered = {m.extra_headers["Message-ID"] for m in mail.outbox}
    assert delivered == {message_id(k) for k in OutgoingMail.objects.values_list("key", flat=True)}
    # a repeat delivery (kill after the SMTP server accepted) is the same message, never a new one
    assert (
        len({(tuple(m.to), m.extra_headers["Message-ID"]) for m in mail.outbox})
        == OutgoingMail.objects.count()
    )


@pytest.mark.parametrize(
    "target,when", KILL_POINTS, ids=[f"{t.rsplit('.', 1)[-1]}-{w}" for t, w in KILL_POINTS]
)
@pytest.mark.parametrize("nth", [1, 2])
def test_killed_run_then_rerun_sends_each_reminder_once(quarterly, monkeypatch, settings, target, when, nth):
    settings.MAIL_CLAIM_SECONDS = 0  # the lease of a killed sender has run out by the rerun
    with monkeypatch.context() as patch:
        _kill_at(patch, target, when, nth)
        try:
            reminders.send_reminders(as_of=date(2025, 10, 13))
        except Killed:
            pass
    reminders.send_reminders(as_of=date(2025, 10, 13))
    reminders.send_reminders(as_of=date(2025, 10, 13))
    _assert_exactly_once()
    assert Reminder.objects.count() == 5


def test_random_kills_across_days(quarterly, monkeypatch, settings):
    """Seeded random kill points over several days' runs; every run is retried until it completes."""
    import random

    settings.MAIL_CLAIM_SECONDS = 0
    rng = random.Random(15)
    for day in (date(2025, 10, 9), date(2025, 10, 13), date(2025, 10, 15), date(2025, 10, 20)):
        for _ in range(3):
            target, when = rng.choice(KILL_POINTS)
            with monkeypatch.context() as patch:
                _kill_at(patch, target, when, rng.randint(1, 2))
                try:
                    reminders.send_reminders(as_of=day)
                except Killed:
                    pass
        reminders.send_reminders(as_of=day)
    _assert_exactly_once()


@pytest.mark.django_db(transaction=True)
def test_two_runners_at_once_mail_each_reminder_once(quarterly):
    """Two runs started together (threads, each with its own connection): the SQLite runner lock (or, on
    PostgreSQL, SKIP LOCKED) keeps every reminder to one mail; no 'database is locked' crash."""
    import threading

    from django.db import connection as main_connection

    results, errors = [], []
    barrier = threading.Barrier(2)

    def run():
        from django.db import connection

        try:
            barrier.wait(10)
            results.append(reminders.send_reminders(as_of=date(2025, 10, 13)))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    if main_connection.vendor == "sqlite" and "memory" in str(main_connection.settings_dict["NAME"]):
        pytest.skip(
            "in-memory SQLite test database: threads cannot share it (bench/soak.py runs this on files)"
        )
    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert sorted(results) == [0, 5] or sum(results) == 5
    _assert_exactly_once()
