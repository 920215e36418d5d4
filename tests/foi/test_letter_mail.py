"""The reply letter by e-mail (issue 28, 4): a worker killed between the mail server's acceptance and the
database's record must not leave a delivered letter unrecorded, and the re-send it causes carries the same
Message-ID (derived from the request and the letter), so it is recognisably the same message."""

from datetime import date

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from core.models import OutgoingMail
from foi import services, tasks
from foi.models import Event

pytestmark = pytest.mark.django_db


class Killed(Exception):
    """What the worker dying right after the SMTP server accepted the mail looks like to the code."""


def _message_ids():
    return [m.message()["Message-ID"] for m in mail.outbox]


def _retry_everything():
    """What happens after a crash: the task is retried, the outbox sweep runs."""
    from core.tasks import deliver_pending_mail

    for retry in (lambda: tasks.deliver_letter(_retry_everything.pk), deliver_pending_mail):
        try:
            retry()
        except Exception:  # noqa: BLE001 - a retry may fail too; the assertions say what must hold
            pass


@pytest.fixture
def replied(make_request, officer, reviewer, django_capture_on_commit_callbacks, monkeypatch):
    """A request answered with e-mail delivery, whose first send dies right after the server took the mail."""
    real_send = EmailMessage.send
    calls = {"n": 0}

    def send_then_die(self, *args, **kwargs):
        sent = real_send(self, *args, **kwargs)
        calls["n"] += 1
        if calls["n"] == 1:
            raise Killed("worker killed after SMTP acceptance")
        return sent

    monkeypatch.setattr(EmailMessage, "send", send_then_die)
    req = make_request(date(2025, 5, 6))  # delivery: email
    services.review_secrecy(user=reviewer, request=req, approved=True)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.reply(user=officer, request=req, on=date(2025, 5, 20), result="public", text="见附件")
    except Exception:  # noqa: BLE001 - the crash may surface here or be retried by the task
        pass
    _retry_everything.pk = req.pk
    return req


def test_a_resend_after_a_crash_is_the_same_message_and_is_recorded_once(replied):
    _retry_everything()
    _retry_everything()
    replied.refresh_from_db()
    assert replied.letter_sent_at is not None  # the status page shows 送达
    assert Event.objects.filter(request=replied, action="delivered", public=True).count() == 1
    ids = _message_ids()
    assert len(ids) == 2  # at least once: the crash cost one duplicate …
    assert ids[0] == ids[1]  # … with the same Message-ID
    assert all(m.attachments and m.attachments[0][2] == "application/pdf" for m in mail.outbox)


def test_the_message_id_is_derived_from_the_request_and_the_letter(make_request, officer, reviewer):
    from core.mail import message_id

    req = make_request(date(2025, 5, 6))
    services.review_secrecy(user=reviewer, request=req, approved=True)
    services.reply(user=officer, request=req, on=date(2025, 5, 20), result="public", text="见附件")
    req.refresh_from_db()
    key = services.letter_mail_key(req)
    assert key == services.letter_mail_key(req)  # stable
    assert str(req.pk) in key and req.reference in key and "2025-05-20" in key
    row = OutgoingMail.objects.get(key=key)  # queued in the reply's own transaction
    assert row.to == "zhangsan@example.com" and row.sent_at is None
    assert message_id(key).startswith("<") and message_id(key) == message_id(key)


def test_the_delivery_is_recorded_in_the_outbox_rows_transaction(
    make_request, officer, reviewer, django_capture_on_commit_callbacks, monkeypatch
):
    """If recording the delivery fails, the outbox row is not marked sent either: it is sent again (same
    Message-ID) and then recorded — never 'delivered but not recorded'."""
    req = make_request(date(2025, 5, 6))
    services.review_secrecy(user=reviewer, request=req, approved=True)
    real = services.record_letter_sent
    monkeypatch.setattr(services, "record_letter_sent", lambda **kw: (_ for _ in ()).throw(Killed("killed")))
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(user=officer, request=req, on=date(2025, 5, 20), result="public", text="见附件")
    req.refresh_from_db()
    row = OutgoingMail.objects.get(key=services.letter_mail_key(req))
    assert len(mail.outbox) >= 1
    assert req.letter_sent_at is None and row.sent_at is None  # together: neither recorded
    monkeypatch.setattr(services, "record_letter_sent", real)
    from core.tasks import deliver_pending_mail

    deliver_pending_mail()
    req.refresh_from_db()
    row.refresh_from_db()
    assert req.letter_sent_at is not None and row.sent_at is not None
    assert len(set(_message_ids())) == 1
    assert tasks.deliver_letter(req.pk) is False  # a late retry of the task sends nothing
    assert Event.objects.filter(request=req, action="delivered").count() == 1
