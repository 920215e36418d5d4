"""Reminders: due soon → the unit's officers; overdue → the officers and the district office, weekly.

Exactly once, even under kill and concurrency:

1. **Intent.** Each reminder is a ``Reminder`` row, unique on (obligation, period, kind, recipient, key),
   inserted (``ON CONFLICT DO NOTHING``) before anything is sent. The scan runs over the obligations in
   chunks of :data:`CHUNK` (bounded memory, whatever the number of obligations).
2. **Hand-over.** Per recipient, one transaction claims the unsent rows (``SELECT … FOR UPDATE SKIP LOCKED``
   on PostgreSQL), writes ONE mail into core's outbox (``core.OutgoingMail``, unique key) and marks the rows
   sent. A kill before the commit leaves the rows unsent (the next run takes them); after it, the mail is
   in the outbox. So every reminder is in exactly one mail.
3. **Delivery.** The outbox mails of reminders are delivered after the hand-over (and by any later run or
   the outbox sweep if this one dies): each carries a Message-ID derived from its key, so a delivery repeated
   after a kill between the SMTP server's acceptance and ``sent_at`` is the same message (relays and mail
   clients drop it).

On SQLite (no row locks) one runner at a time holds a file lock (:func:`runner_lock`); on PostgreSQL the
row locks suffice and runners work side by side.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import tempfile
import threading
from collections import defaultdict
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from core.chunks import chunked
from core.mail import deliver, queue_mail
from core.models import OutgoingMail
from organizations.models import Membership, Role

from .deadlines import obligation_status
from .models import Obligation, Reminder, ReminderKind

#: Obligations planned per step (each step: a few queries, at most this many obligations in memory).
CHUNK = 2000
MAIL_KEY_PREFIX = "reminders:"
_held = threading.local()


def week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _recipients() -> tuple[dict[int, list[int]], list[int]]:
    officers: dict[int, list[int]] = defaultdict(list)
    for unit_id, user_id in Membership.objects.filter(role=Role.OFFICER, user__is_active=True).values_list(
        "unit_id", "user_id"
    ):
        officers[unit_id].append(user_id)
    office = sorted(
        set(
            Membership.objects.filter(role=Role.OFFICE, user__is_active=True).values_list(
                "user_id", flat=True
            )
        )
    )
    return officers, office


def plan(as_of: date) -> list[Reminder]:
    """The reminders that should exist as of ``as_of`` (unsaved), all chunks together (for small sets)."""
    return [r for batch in plan_chunks(as_of) for r in batch]


def plan_chunks(as_of: date):
    """The reminders that should exist as of ``as_of``, one list per chunk of :data:`CHUNK` obligations."""
    officers, office = _recipients()
    key = week_key(as_of)
    ids = Obligation.objects.active().order_by("pk").values_list("pk", flat=True).iterator(chunk_size=CHUNK)
    for chunk in chunked(ids, CHUNK):
        board = obligation_status(Obligation.objects.filter(pk__in=chunk), as_of)
        wanted: list[Reminder] = []
        for entry in board.due_soon:
            for user_id in officers[entry.obligation.unit_id]:
                wanted.append(_reminder(entry, ReminderKind.DUE_SOON, user_id, ""))
        for entry in board.overdue:
            for user_id in dict.fromkeys(officers[entry.obligation.unit_id] + office):
                wanted.append(_reminder(entry, ReminderKind.OVERDUE, user_id, key))
        yield wanted


def _reminder(entry, kind: str, user_id: int, key: str) -> Reminder:
    return Reminder(
        obligation_id=entry.obligation.pk,
        period_start=entry.key_date,
        kind=kind,
        recipient_id=user_id,
        key=key,
        due_date=entry.due,
    )


def _message(rows: list[Reminder]) -> str:
    lines = ["您好，以下政务公开事项需要处理：", ""]
    for r in rows:
        label = "已逾期" if r.kind == ReminderKind.OVERDUE else "即将到期"
        lines.append(
            f"【{label}】{r.obligation.unit} · {r.obligation.item}（应于 {r.due_date:%Y-%m-%d} 前公开）"
        )
    lines += [
        "",
        "请登录政务公开工作台处理。",
        "",
        "（提醒编号：" + " ".join(f"R{r.pk}" for r in rows) + "）",
    ]
    return "\n".join(lines)


def _pending_recipients() -> list[int]:
    """Who has unsent reminders (read without locks: each recipient's rows are claimed one by one)."""
    return list(
        Reminder.objects.filter(sent_at__isnull=True)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )


def _claim(recipient_id: int) -> list[Reminder]:
    """Lock this recipient's unsent rows; rows another worker holds are skipped, not waited for.

    Call inside a transaction. The ``sent_at IS NULL`` filter is evaluated when the lock is taken, so rows
    another worker has already sent (and committed) are not returned either.
    """
    return list(
        Reminder.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(recipient_id=recipient_id, sent_at__isnull=True)
        .select_related("recipient", "obligation__unit", "obligation__item")
        .order_by("id")
    )


@contextlib.contextmanager
def runner_lock():
    """One runner at a time on SQLite (a file lock next to the database; re-entrant in one thread). On
    PostgreSQL nothing is held: ``SKIP LOCKED`` lets runners share the work."""
    if connection.vendor != "sqlite" or getattr(_held, "depth", 0):
        _held.depth = getattr(_held, "depth", 0) + 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    name = str(settings.DATABASES["default"]["NAME"])
    digest = hashlib.sha256(name.encode()).hexdigest()[:16]
    path = (
        Path(getattr(settings, "REMINDER_LOCK_DIR", "") or tempfile.gettempdir())
        / f"portal-reminders-{digest}.lock"
    )
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _held.depth = 1
        yield
    finally:
        _held.depth = 0
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _hand_over(recipient_id: int) -> tuple[int, int | None]:
    """Claim one recipient's unsent rows and put them in one outbox mail, in one transaction.

    Returns (reminders handed over, the mail's id or None when the recipient has no address)."""
    with transaction.atomic():
        rows = _claim(recipient_id)
        if not rows:  # claimed (or already handed over) by another runner
            return 0, None
        recipient = rows[0].recipient
        mail_id = None
        if recipient.email:
            ids = ",".join(str(r.pk) for r in rows)
            mail = queue_mail(
                key=f"{MAIL_KEY_PREFIX}{recipient_id}:{hashlib.sha256(ids.encode()).hexdigest()[:32]}",
                to=recipient.email,
                subject=f"政务公开提醒：{len(rows)} 项待处理",
                body=_message(rows),
            )
            mail_id = mail.pk
        Reminder.objects.filter(pk__in=[r.pk for r in rows]).update(
            sent_at=timezone.now(), emailed=bool(mail_id)
        )
        return len(rows), mail_id


def _deliver_pending() -> None:
    """Deliver every reminder mail still in the outbox (this run's, and any a killed run left behind)."""
    pending = OutgoingMail.objects.filter(sent_at__isnull=True, key__startswith=MAIL_KEY_PREFIX)
    for pk in pending.order_by("pk").values_list("pk", flat=True):
        deliver(pk)


def send_reminders(*, as_of: date | None = None) -> int:
    """Record and send the reminders due as of ``as_of`` (default today); returns how many were handed
    over to the outbox in this run (each reminder once, whatever runs concurrently or was killed before).

    A failed delivery raises after the hand-over: the mail stays in the outbox and the next run (or the
    outbox sweep, core.tasks.deliver_pending_mail) sends it; the reminders are not handed over twice.
    """
    as_of = as_of or timezone.localdate()
    with runner_lock():
        for wanted in plan_chunks(as_of):
            if wanted:
                Reminder.objects.bulk_create(wanted, ignore_conflicts=True, batch_size=1000)
        sent = 0
        for recipient_id in _pending_recipients():
            count, _mail_id = _hand_over(recipient_id)
            sent += count
        _deliver_pending()
    return sent
