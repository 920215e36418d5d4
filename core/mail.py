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
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.dispatch import Signal
from django.utils import timezone

from .models import OutgoingMail

log = logging.getLogger(__name__)

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
    """Record a mail (once per ``key``) and have it delivered after the surrounding transaction commits."""
    mail, created = OutgoingMail.objects.get_or_create(
        key=key[:200], defaults={"to": to, "subject": subject[:255], "body": body}
    )
    if created:
        transaction.on_commit(lambda: _schedule(mail.pk))
    return mail


def _schedule(pk: int) -> None:
    from .tasks import deliver_mail

    try:
        deliver_mail.delay(pk)
    except Exception:  # noqa: BLE001 - the row stays unsent; deliver_pending_mail picks it up
        log.warning("mail %s: could not queue its delivery now; the sweep will send it", pk)


def deliver_leased(model, pk: int, lease_seconds: int, send, on_sent=None) -> bool:
    """Send one outbox row (``model``: ``sent_at``, ``claimed_until``, ``attempts``, ``last_error``) unless it is
    sent or another sender holds it; True if it is sent (now or before). The row is leased for
    ``lease_seconds`` before ``send(row)``, so a task and the sweep never send it at the same time; a failure
    is recorded and releases it for the retry. ``on_sent(row)`` runs in the transaction that records
    ``sent_at``. The mail outbox and publishing's SMS outbox both deliver so."""
    now = timezone.now()
    claimed = (
        model.objects.filter(pk=pk, sent_at__isnull=True)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .update(claimed_until=now + timedelta(seconds=lease_seconds), attempts=F("attempts") + 1)
    )
    if not claimed:
        return model.objects.filter(pk=pk, sent_at__isnull=False).exists()
    try:
        send(model.objects.get(pk=pk))
    except Exception as exc:
        model.objects.filter(pk=pk).update(last_error=str(exc)[:500], claimed_until=None)
        raise
    try:
        with transaction.atomic():  # sent_at and what the caller records about the delivery: one commit
            row = model.objects.select_for_update().get(pk=pk)
            if row.sent_at is None:
                row.sent_at, row.last_error = timezone.now(), ""
                model.objects.filter(pk=pk).update(sent_at=row.sent_at, last_error="")
                if on_sent is not None:
                    on_sent(row)
    except Exception as exc:  # sent but not recorded: left unsent, sent again (same Message-ID) later
        model.objects.filter(pk=pk).update(last_error=str(exc)[:500], claimed_until=None)
        raise
    return True


def deliver(pk: int) -> bool:
    """Send one queued mail (:func:`deliver_leased`, leased for ``MAIL_CLAIM_SECONDS``)."""

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

    return deliver_leased(OutgoingMail, pk, int(getattr(settings, "MAIL_CLAIM_SECONDS", 300)), send, sent)


def pending_ids(limit: int = 500) -> list[int]:
    return list(
        OutgoingMail.objects.filter(sent_at__isnull=True).order_by("id").values_list("pk", flat=True)[:limit]
    )
