"""The one outbox mechanism: a message is written as a row in the caller's transaction (once per key),
delivered by a task after the commit, leased so two senders never send it at the same time, retried on
failure, and swept when its task was lost (broker down, worker killed, retries spent).

Each outbox keeps its own table and its own way of sending: mail (core/mail.py, ``core.OutgoingMail``) and
publishing's SMS (publishing/sms.py, ``publishing.OutgoingSMS``). A table has ``key`` (unique), ``sent_at``,
``claimed_until``, ``attempts`` and ``last_error``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

#: Key prefixes of messages that carry a secret (a re-issued password): their text is erased in the
#: transaction that records ``sent_at``, so the outbox never keeps a password once it has gone. Apps register
#: their prefixes in ``AppConfig.ready()`` (:func:`carries_secret`).
_SECRET_PREFIXES: set[str] = set()
ERASED = "（本消息含查询密码，发出后已从发件记录中删除。）"


def carries_secret(prefix: str) -> None:
    _SECRET_PREFIXES.add(prefix)


def is_secret(key: str) -> bool:
    return any(key.startswith(prefix) for prefix in _SECRET_PREFIXES)


#: How every delivery task retries (``@shared_task(name=..., **DELIVERY_RETRY)``); the sweep takes over after.
DELIVERY_RETRY: dict[str, Any] = {
    "autoretry_for": (Exception,),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "max_retries": 8,
}


def queue(
    model: type[models.Model], *, key: str, defaults: dict[str, Any], task: str, what: str
) -> tuple[Any, bool]:
    """Record a message (once per ``key``) and have the task ``task`` (a dotted path, taking the row's pk)
    deliver it after the surrounding transaction commits. Returns ``(row, created)``."""
    row, created = model._default_manager.get_or_create(key=key[:200], defaults=defaults)
    if created:
        transaction.on_commit(lambda: schedule(task, row.pk, what))
    return row, created


def schedule(task: str, pk: int, what: str) -> None:
    """Queue the delivery task of one row; a broker that refuses leaves the row to the sweep."""
    try:
        import_string(task).delay(pk)
    except Exception:  # noqa: BLE001 - the row stays unsent; the sweep picks it up
        log.warning("%s %s: could not queue its delivery now; the sweep will send it", what, pk)


def deliver_leased(
    model: Any,
    pk: int,
    lease_seconds: int,
    send: Callable[[Any], object],
    on_sent: Callable[[Any], object] | None = None,
    text_fields: tuple[str, ...] = (),
) -> bool:
    """Send one outbox row unless it is sent or another sender holds it; True if it is sent (now or before).
    The row is leased for ``lease_seconds`` before ``send(row)``, so a task and the sweep never send it at the
    same time; a failure is recorded and releases it for the retry. ``on_sent(row)`` runs in the transaction
    that records ``sent_at``; a message that carries a secret (:func:`carries_secret`) has its ``text_fields``
    erased there too."""
    now = timezone.now()
    claimed = (
        model.objects.filter(pk=pk, sent_at__isnull=True)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .update(claimed_until=now + timedelta(seconds=lease_seconds), attempts=F("attempts") + 1)
    )
    if not claimed:
        return bool(model.objects.filter(pk=pk, sent_at__isnull=False).exists())
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
                erased = {name: ERASED for name in text_fields} if is_secret(row.key) else {}
                model.objects.filter(pk=pk).update(sent_at=row.sent_at, last_error="", **erased)
                if on_sent is not None:
                    on_sent(row)
    except Exception as exc:  # sent but not recorded: left unsent, sent again (same key) later
        model.objects.filter(pk=pk).update(last_error=str(exc)[:500], claimed_until=None)
        raise
    return True


def pending_ids(model: type[models.Model], limit: int = 500) -> list[int]:
    """The oldest unsent rows of an outbox."""
    unsent = model._default_manager.filter(sent_at__isnull=True).order_by("id")
    return list(unsent.values_list("pk", flat=True)[:limit])


def sweep(model: type[models.Model], deliver: Callable[[int], bool], what: str) -> int:
    """Deliver every unsent row of an outbox (those whose task was lost or ran out of retries); returns how
    many were sent. A row that fails again is logged and left to the next sweep."""
    sent = 0
    for pk in pending_ids(model):
        try:
            sent += bool(deliver(pk))
        except Exception:  # noqa: BLE001 - the next sweep tries again
            log.warning("%s %s not delivered yet", what, pk, exc_info=True)
    return sent
