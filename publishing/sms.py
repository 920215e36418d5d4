"""Sending SMS (短信) through a pluggable backend, the way Django sends mail.

``settings.SMS_BACKEND`` names the backend class (default :class:`ConsoleBackend`, which logs and prints and
sends nothing). A real gateway (阿里云短信, 腾讯云短信, a government SMS platform) is one more class with a
``send_messages`` method; nothing else changes. :class:`LocmemBackend` keeps messages in ``sms.outbox``
for tests.

Staff notices by SMS (:mod:`publishing.notices`) go out only when a gateway is configured
(:func:`configured`: ``SMS_BACKEND`` set), through an outbox like core's mail: :func:`queue_sms` writes an
``OutgoingSMS`` row in the caller's transaction (once per key) and a task delivers it after the commit
(:func:`deliver`, leased so two senders never send it twice at once); the sweep sends what a lost task left.
The claim, send, mark-sent and retry are core's one outbox mechanism (core/outbox.py), as for mail.
"""

from __future__ import annotations

import logging
import sys
import threading
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from core import outbox as core_outbox

DEFAULT_BACKEND = "publishing.sms.ConsoleBackend"
log = logging.getLogger(__name__)

#: Messages "sent" through :class:`LocmemBackend` (tests read and clear it).
outbox: list[SMSMessage] = []


@dataclass(frozen=True)
class SMSMessage:
    to: str
    text: str


class BaseBackend:
    def __init__(self, fail_silently: bool = False, **kwargs):
        self.fail_silently = fail_silently

    def send_messages(self, messages: list[SMSMessage]) -> int:  # pragma: no cover - interface
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """Writes each message to stdout and the log; the embedded default (nothing leaves the machine)."""

    _lock = threading.Lock()

    def __init__(self, *args, stream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream

    def send_messages(self, messages):
        stream = self.stream or sys.stdout
        with self._lock:
            for message in messages:
                log.info("SMS to %s: %s", mask_phone(message.to), message.text)
                stream.write(f"[SMS] to {message.to}\n{message.text}\n{'-' * 40}\n")
            stream.flush()
        return len(messages)


class LocmemBackend(BaseBackend):
    """Keeps messages in :data:`outbox` (for tests)."""

    def send_messages(self, messages):
        outbox.extend(messages)
        return len(messages)


class DummyBackend(BaseBackend):
    """Sends nothing, says it did."""

    def send_messages(self, messages):
        return len(messages)


def get_backend(backend: str | None = None, **kwargs) -> BaseBackend:
    path = backend or getattr(settings, "SMS_BACKEND", None) or DEFAULT_BACKEND
    return import_string(path)(**kwargs)


def send_sms(to: str, text: str, *, fail_silently: bool = False, backend: str | None = None) -> int:
    """Send one SMS; returns how many messages the backend accepted (0 or 1)."""
    return get_backend(backend, fail_silently=fail_silently).send_messages([SMSMessage(to=to, text=text)])


def mask_phone(phone: str) -> str:
    """``138****5678``: a phone number fit for a log line or a screen."""
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


# -- the outbox (staff notices) -----------------------------------------------------------------------------
def configured() -> bool:
    """True when an SMS gateway is set (``settings.SMS_BACKEND``); without one no notice is ever texted."""
    return bool(getattr(settings, "SMS_BACKEND", None))


def queue_sms(*, key: str, to: str, text: str, recipient_id: int | None = None):
    """Record an SMS (once per ``key``) and have it delivered after the surrounding transaction commits
    (:func:`core.outbox.queue`). Returns ``(row, created)``."""
    from .models import OutgoingSMS

    defaults = {"to": to, "text": text[:500], "recipient_id": recipient_id}
    return core_outbox.queue(
        OutgoingSMS, key=key, defaults=defaults, task="publishing.tasks.deliver_sms", what="SMS"
    )


def deliver(pk: int) -> bool:
    """Send one queued SMS unless it is sent, another sender holds it, or no gateway is configured; True if
    it is sent (now or before). A failure releases it for the retry."""
    from .models import OutgoingSMS

    if not configured():
        return False
    lease = int(getattr(settings, "SMS_CLAIM_SECONDS", 300))
    return core_outbox.deliver_leased(
        OutgoingSMS, pk, lease, lambda row: send_sms(row.to, row.text), text_fields=("text",)
    )


def deliver_pending() -> int:
    """The sweep: SMS whose task was lost (broker down, worker killed) or ran out of retries."""
    from .models import OutgoingSMS

    if not configured():
        return 0
    return core_outbox.sweep(OutgoingSMS, deliver, "SMS")
