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
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from catalog.timelimits import Kind, TimeLimitRule, due_for, period_bounds
from core.chunks import chunked
from core.mail import deliver, queue_mail
from core.models import OutgoingMail
from organizations.models import Membership, Role

from .deadlines import Duty, due_board, rule_of
from .models import COUNTED_STATUSES, Fulfilment, Obligation, ObligationStatus, Reminder, ReminderKind
from .selectors import soon_cutoff

#: Obligations planned per step (each step: two queries, at most this many obligations in memory).
CHUNK = 2000
MAIL_KEY_PREFIX = "reminders:"
_held = threading.local()


def week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _recipients() -> tuple[dict[int, list[int]], list[int]]:
    """The officers of each unit and the office's people, read once per run (two queries)."""
    officers: dict[int, list[int]] = defaultdict(list)
    for unit_id, user_id in (
        Membership.objects.filter(role=Role.OFFICER, user__is_active=True)
        .order_by("unit_id", "user_id")
        .values_list("unit_id", "user_id")
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


def due_duties(as_of: date, *, chunk: int | None = None):
    """The active obligations whose stored summary says something is due by the end of the reminder window
    (``next_due`` on or before :func:`selectors.soon_cutoff`: overdue or due soon), in chunks by primary key
    (keyset: ``id > last ORDER BY id LIMIT chunk``), with only the columns the deadline rules need.

    ``next_due`` is the earliest due date of what is still to publish, so an obligation past it has nothing
    due soon or overdue; the ones before it are sorted exactly by :func:`deadlines.due_board`."""
    size = chunk or CHUNK
    cutoff = soon_cutoff(as_of)
    due = Obligation.objects.filter(status=ObligationStatus.ACTIVE, next_due__lte=cutoff).order_by("pk")
    last = 0
    while True:
        rows = list(due.filter(pk__gt=last).values_list("pk", "unit_id", "rule", "started_on")[:size])
        if not rows:
            return
        last = rows[-1][0]
        yield [Duty(*row) for row in rows]


def plan_chunks(as_of: date):
    """The reminders that should exist as of ``as_of``, one list per chunk of due obligations (two queries a
    chunk: the obligations, their fulfilments), after refreshing the stored summaries the calendar may have
    outdated (:func:`refresh_stale`)."""
    refresh_stale(as_of)
    officers, office = _recipients()
    key = week_key(as_of)
    overdue_to: dict[int, list[int]] = {}  # per unit: its officers then the office, each once
    for duties in due_duties(as_of):
        board = due_board(duties, as_of)
        wanted: list[Reminder] = []
        for entry in board.due_soon:
            for user_id in officers.get(entry.obligation.unit_id, ()):
                wanted.append(_reminder(entry, ReminderKind.DUE_SOON, user_id, ""))
        for entry in board.overdue:
            unit_id = entry.obligation.unit_id
            if unit_id not in overdue_to:
                overdue_to[unit_id] = list(dict.fromkeys(officers.get(unit_id, []) + office))
            for user_id in overdue_to[unit_id]:
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


# -- freshness of the stored summary -----------------------------------------------------------------------
def _latest_due_period(rule: TimeLimitRule, cutoff: date) -> tuple[date, date] | None:
    """(start, end) of the latest period of a periodic ``rule`` whose due date is on or before ``cutoff``."""
    start, end = period_bounds(rule.period, cutoff)
    for _step in range(400):  # due dates follow their periods; a few steps back at most
        if due_for(rule, end).due <= cutoff:
            return start, end
        start, end = period_bounds(rule.period, start - timedelta(days=1))
    return None


def stale_summaries(as_of: date):
    """The active periodic obligations whose stored summary the calendar may have outdated as of ``as_of``.

    A stored ``next_due`` only moves later with the calendar (a new period is due after the older ones), and
    every write (publishing, withdrawing, generating, adding) refreshes the obligations it touches; so only a
    summary with no date (every period done, when last refreshed) can miss something due: the latest period
    due by the cutoff, if it began after that refresh. Those are the rows with no date whose rule's latest
    period due by the cutoff has no counted record — one query per distinct periodic rule (a handful)."""
    cutoff = soon_cutoff(as_of)
    undated = Obligation.objects.filter(
        status=ObligationStatus.ACTIVE, next_due__isnull=True, rule__kind=Kind.PERIODIC.value
    )
    stale = Obligation.objects.none()
    for data in undated.order_by().values_list("rule", flat=True).distinct():
        rule = rule_of(data)
        period = _latest_due_period(rule, cutoff) if rule is not None and rule.computable else None
        if period is None:
            continue
        done = Fulfilment.objects.filter(
            obligation=OuterRef("pk"), period_start=period[0], publication__status__in=COUNTED_STATUSES
        )
        stale |= undated.filter(rule=data, started_on__lte=period[1]).exclude(Exists(done))
    return stale


def refresh_stale(as_of: date) -> int:
    """Refresh (as of ``as_of``) the stored summaries :func:`stale_summaries` finds; returns how many changed.

    The nightly ``publishing.tasks.refresh_deadlines`` (00:20) refreshes every summary before the morning
    reminders (08:00, ``publishing/apps.py``); this catches a night it did not run."""
    from .services import refresh_deadlines

    return refresh_deadlines(obligations=stale_summaries(as_of), today=as_of)


# -- hand-over ---------------------------------------------------------------------------------------------
#: The columns a reminder mail needs: the reminder, its unit's and item's names.
CLAIM_FIELDS = ("pk", "kind", "due_date", "obligation__unit__name", "obligation__item__name")


def _message(rows: list[tuple]) -> str:
    lines = ["您好，以下政务公开事项需要处理：", ""]
    for _pk, kind, due, unit, item in rows:
        label = "已逾期" if kind == ReminderKind.OVERDUE else "即将到期"
        lines.append(f"【{label}】{unit} · {item}（应于 {due:%Y-%m-%d} 前公开）")
    lines += [
        "",
        "请登录政务公开工作台处理。",
        "",
        "（提醒编号：" + " ".join(f"R{row[0]}" for row in rows) + "）",
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


def _claim(recipient_id: int) -> list[tuple]:
    """Lock this recipient's unsent rows; rows another worker holds are skipped, not waited for.

    Call inside a transaction. The ``sent_at IS NULL`` filter is evaluated when the lock is taken, so rows
    another worker has already sent (and committed) are not returned either. Returns tuples of
    :data:`CLAIM_FIELDS` (the mail's lines), not model rows: an office with thousands of overdue duties
    gets one mail without thousands of unit and item objects in memory.
    """
    return list(
        Reminder.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(recipient_id=recipient_id, sent_at__isnull=True)
        .order_by("id")
        .values_list(*CLAIM_FIELDS)
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
        email = get_user_model().objects.filter(pk=recipient_id).values_list("email", flat=True).first()
        mail_id = None
        if email:
            ids = ",".join(str(row[0]) for row in rows)
            mail = queue_mail(
                key=f"{MAIL_KEY_PREFIX}{recipient_id}:{hashlib.sha256(ids.encode()).hexdigest()[:32]}",
                to=email,
                subject=f"政务公开提醒：{len(rows)} 项待处理",
                body=_message(rows),
            )
            mail_id = mail.pk
        for pks in chunked([row[0] for row in rows], 900):
            Reminder.objects.filter(pk__in=pks).update(sent_at=timezone.now(), emailed=bool(mail_id))
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
