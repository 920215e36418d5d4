"""Receivers of the foi app (``services.request_closed`` is sent on commit).

The reply letter goes out through core's mail outbox: its PDF is attached when the mail is sent, and its
delivery is recorded (:func:`foi.services.record_letter_sent`) in the transaction that marks the outbox row
sent.
"""

from django.dispatch import receiver

from core.mail import mail_sent, register_attachments
from core.models import OutgoingMail

from . import services

register_attachments(services.LETTER_MAIL, services.letter_attachments)


@receiver(mail_sent, sender=OutgoingMail, dispatch_uid="foi.letter_sent")
def letter_sent(sender, mail, **kwargs):
    if mail.key.startswith(services.LETTER_MAIL):
        services.record_letter_sent(key=mail.key, sent_at=mail.sent_at)
