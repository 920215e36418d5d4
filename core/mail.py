"""Mail is queued in the database inside the caller's transaction and delivered by a Celery task after
commit, with retries: a missing or slow mail server never fails (or slows) a citizen's request."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import OutgoingMail

log = logging.getLogger(__name__)


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


def deliver_leased(model, pk: int, lease_seconds: int, send) -> bool:
    """Send one outbox row (``model``: ``sent_at``, ``claimed_until``, ``attempts``, ``last_error``) unless it is
    sent or another sender holds it; True if it is sent (now or before). The row is leased for
    ``lease_seconds`` before ``send(row)``, so a task and the sweep never send it at the same time; a failure
    is recorded and releases it for the retry. The mail outbox and publishing's SMS outbox both deliver so."""
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
    model.objects.filter(pk=pk, sent_at__isnull=True).update(sent_at=timezone.now(), last_error="")
    return True


def deliver(pk: int) -> bool:
    """Send one queued mail (:func:`deliver_leased`, leased for ``MAIL_CLAIM_SECONDS``)."""

    def send(mail) -> None:
        EmailMessage(
            subject=mail.subject,
            body=mail.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[mail.to],
            headers={"Message-ID": message_id(mail.key)},
        ).send(fail_silently=False)

    return deliver_leased(OutgoingMail, pk, int(getattr(settings, "MAIL_CLAIM_SECONDS", 300)), send)


def pending_ids(limit: int = 500) -> list[int]:
    return list(
        OutgoingMail.objects.filter(sent_at__isnull=True).order_by("id").values_list("pk", flat=True)[:limit]
    )
