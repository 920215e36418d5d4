"""Mail is queued in the database inside the caller's transaction and delivered by a Celery task after
commit, with retries: a missing or slow mail server never fails (or slows) a citizen's request.

Delivery is **at least once**: an SMTP server's acceptance and the database's ``sent_at`` cannot be one
transaction, so a sender killed between the two leaves the row unsent and the sweep sends it again. Every
send of a row carries the same Message-ID (:func:`message_id` of its key), so the second copy is recognisably
the same message (receivers and relays drop it as a duplicate). What the sender's app records about a
delivery (e.g. the FOI reply letter's ``letter_sent_at``) is written by a :data:`mail_sent` receiver in the
very transaction that stamps the row's ``sent_at``: the two are never out of step. See docs/deployment.md.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.mail import EmailMessage
from django.dispatch import Signal

from . import outbox
from .models import OutgoingMail

#: Sent (sender=OutgoingMail, mail=the row) inside the transaction that records the row's ``sent_at``: a
#: receiver records the delivery in its own data in the same commit (or, by raising, leaves both unsent).
mail_sent = Signal()
#: Attachments built at send time, by key prefix: ``prefix -> build(key) -> [(filename, bytes, mimetype)]``
#: (an app registers its builder in ``AppConfig.ready``; the row keeps only text).
_attachments: dict = {}


def register_attachments(prefix: str, build) -> None:
    """Have ``build(key)`` attach files to every outbox mail whose key starts with ``prefix``."""
    _attachments[prefix] = build


def attachments_for(key: str) -> list:
    for prefix, build in _attachments.items():
        if key.startswith(prefix):
            return list(build(key))
    return []


def message_id(key: str) -> str:
    domain = getattr(settings, "MAIL_MESSAGE_ID_DOMAIN", "gongkai.invalid")
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def queue_mail(*, key: str, to: str, subject: str, body: str) -> OutgoingMail:
    """Record a mail (once per ``key``) and have it delivered after the surrounding transaction commits
    (:func:`core.outbox.queue`)."""
    defaults = {"to": to, "subject": subject[:255], "body": body}
    mail, _created = outbox.queue(
        OutgoingMail, key=key, defaults=defaults, task="core.tasks.deliver_mail", what="mail"
    )
    return mail


def deliver(pk: int) -> bool:
    """Send one queued mail (:func:`core.outbox.deliver_leased`, leased for ``MAIL_CLAIM_SECONDS``)."""

    def send(mail) -> None:
        message = EmailMessage(
            subject=mail.subject,
            body=mail.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[mail.to],
            headers={"Message-ID": message_id(mail.key)},
        )
        for filename, content, mimetype in attachments_for(mail.key):
            message.attach(filename, content, mimetype)
        message.send(fail_silently=False)

    def sent(mail) -> None:
        mail_sent.send(sender=OutgoingMail, mail=mail)

    lease = int(getattr(settings, "MAIL_CLAIM_SECONDS", 300))
    return outbox.deliver_leased(OutgoingMail, pk, lease, send, sent, text_fields=("body",))


def deliver_pending() -> int:
    """The sweep: mail whose task was lost (broker down, worker killed) or ran out of retries."""
    return outbox.sweep(OutgoingMail, deliver, "mail")
