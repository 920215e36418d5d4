"""Reminders: due soon → the unit's officers; overdue → the officers and the district office, weekly.

What is read (issue 17): only the obligations whose stored deadline summary (``next_due``, kept by
``publishing.services.refresh_deadlines``) falls by the end of the reminder window — an indexed range on
``next_due``, in keyset chunks of :data:`CHUNK` by id, with the four columns the rules need and their records'
states (never a record's text). Everything else (upcoming, pending, done) is never read, so the work follows
what is due, not the number of obligations. The summary is fresh: every write refreshes the obligations it
touches, the nightly ``publishing.tasks.refresh_deadlines`` (00:20) runs before the reminders (08:00, both in
``publishing/apps.py``), and a run first refreshes the few summaries the calendar can have outdated since
(:func:`refresh_stale`).

Exactly once, even under kill and concurrency:

1. **Intent.** Each reminder is a ``Reminder`` row, unique on (obligation, period, kind, recipient, key),
   inserted (``ON CONFLICT DO NOTHING``) before anything is sent, chunk by chunk (bounded memory).
2. **Hand-over.** For a batch of recipients, one transaction claims their unsent rows (``SELECT … FOR UPDATE
   SKIP LOCKED`` on PostgreSQL), writes ONE mail per recipient into core's outbox (``core.OutgoingMail``,
   unique key) and marks the rows sent. A kill before the commit leaves the rows unsent (the next run takes
   them); after it, the mails are in the outbox. So every reminder is in exactly one mail.
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
import time
from collections import defaultdict
from datetime import date, timedelta
from itertools import groupby
from operator import itemgetter
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

#: Due obligations planned per step (three queries at most, at most this many obligations in memory).
CHUNK = 2000
#: Recipients handed over per transaction.
HAND_OVER_BATCH = 100
MAIL_KEY_PREFIX = "reminders:"
_held = threading.local()


def week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


class Recipients:
    """Who gets a unit's reminders: its officers (due soon), its officers then the office's people (overdue).

    The office is read once; a unit's officers when the scan first meets one of its due duties (one query per
    chunk for the chunk's new units), then remembered for the run: the work follows the due duties, not the
    number of units."""

    def __init__(self):
        self.office = sorted(
            set(
                Membership.objects.filter(role=Role.OFFICE, user__is_active=True).values_list(
                    "user_id", flat=True
                )
            )
        )
        self.officers: dict[int, list[int]] = {}
        self._overdue: dict[int, list[int]] = {}

    def load(self, unit_ids) -> None:
        missing = {u for u in unit_ids if u not in self.officers}
        if not missing:
            return
        found: dict[int, list[int]] = defaultdict(list)
        for unit_id, user_id in (
            Membership.objects.filter(role=Role.OFFICER, user__is_active=True, unit_id__in=missing)
            .order_by("unit_id", "user_id")
            .values_list("unit_id", "user_id")
        ):
            found[unit_id].append(user_id)
        for unit_id in missing:
            self.officers[unit_id] = found.get(unit_id, [])

    def due_soon(self, unit_id: int) -> list[int]:
        return self.officers[unit_id]

    def overdue(self, unit_id: int) -> list[int]:
        if unit_id not in self._overdue:
            self._overdue[unit_id] = list(dict.fromkeys(self.officers[unit_id] + self.office))
        return self._overdue[unit_id]


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
    """The reminders that should exist as of ``as_of``, one list per chunk of due obligations (three queries a
    chunk at most: the obligations, their fulfilments, the officers of units not met before), after
    refreshing the stored summaries the calendar may have outdated (:func:`refresh_stale`)."""
    refresh_stale(as_of)
    recipients = Recipients()
    key = week_key(as_of)
    for duties in due_duties(as_of):
        board = due_board(duties, as_of)
        recipients.load(e.obligation.unit_id for e in board.due_soon + board.overdue)
        wanted: list[Reminder] = []
        for entry in board.due_soon:
            for user_id in recipients.due_soon(entry.obligation.unit_id):
                wanted.append(_reminder(entry, ReminderKind.DUE_SOON, user_id, ""))
        for entry in board.overdue:
            for user_id in recipients.overdue(entry.obligation.unit_id):
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
    period due by the cutoff has no counted record: one condition per distinct periodic rule (a handful),
    read through the partial index ``obligation_undated_periodic`` (migration 0006) on PostgreSQL."""
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


def _claim(recipients: int | list[int]) -> list[tuple]:
    """Lock the unsent rows of one recipient or a list of them; rows another worker holds are skipped, not
    waited for.

    Call inside a transaction. The ``sent_at IS NULL`` filter is evaluated when the lock is taken, so rows
    another worker has already sent (and committed) are not returned either. Returns tuples of the recipient
    and :data:`CLAIM_FIELDS` (the mail's lines), not model rows: an office with thousands of overdue duties
    gets one mail without thousands of unit and item objects in memory.
    """
    ids = [recipients] if isinstance(recipients, int) else list(recipients)
    return list(
        Reminder.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(recipient_id__in=ids, sent_at__isnull=True)
        .order_by("recipient_id", "id")
        .values_list("recipient_id", *CLAIM_FIELDS)
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


def _hand_over(recipients: list[int], emails: dict[int, str] | None = None) -> int:
    """Claim the unsent rows of some recipients and put each one's rows in one outbox mail, in one
    transaction (:data:`HAND_OVER_BATCH` recipients a transaction: a few queries each, not a transaction
    each). ``emails``: their addresses (read here when not given); a recipient with none gets no mail, and
    the rows are marked sent, not e-mailed. Returns how many reminders were handed over."""
    with transaction.atomic():
        rows = _claim(list(recipients))
        if not rows:  # claimed (or already handed over) by another runner
            return 0
        if emails is None:
            emails = _emails({row[0] for row in rows})
        marked: dict[bool, list[int]] = {True: [], False: []}
        for recipient_id, group in groupby(rows, key=itemgetter(0)):
            lines = [row[1:] for row in group]
            email = emails.get(recipient_id, "")
            if email:
                ids = ",".join(str(line[0]) for line in lines)
                queue_mail(
                    key=f"{MAIL_KEY_PREFIX}{recipient_id}:{hashlib.sha256(ids.encode()).hexdigest()[:32]}",
                    to=email,
                    subject=f"政务公开提醒：{len(lines)} 项待处理",
                    body=_message(lines),
                )
            marked[bool(email)] += [line[0] for line in lines]
        now = timezone.now()
        for emailed, pks in marked.items():
            for chunk in chunked(pks, 900):
                Reminder.objects.filter(pk__in=chunk).update(sent_at=now, emailed=emailed)
        return len(rows)


def _emails(user_ids) -> dict[int, str]:
    return dict(get_user_model().objects.filter(pk__in=list(user_ids)).values_list("pk", "email"))


def _deliver_pending() -> None:
    """Deliver every reminder mail still in the outbox (this run's, and any a killed run left behind)."""
    pending = OutgoingMail.objects.filter(sent_at__isnull=True, key__startswith=MAIL_KEY_PREFIX)
    for pk in pending.order_by("pk").values_list("pk", flat=True):
        deliver(pk)


def send_reminders(*, as_of: date | None = None, timings: dict | None = None) -> int:
    """Record and send the reminders due as of ``as_of`` (default today); returns how many were handed
    over to the outbox in this run (each reminder once, whatever runs concurrently or was killed before).
    ``timings``, when given, receives the seconds of each step (scan, hand_over, delivery).

    A failed delivery raises after the hand-over: the mail stays in the outbox and the next run (or the
    outbox sweep, core.tasks.deliver_pending_mail) sends it; the reminders are not handed over twice.
    """
    as_of = as_of or timezone.localdate()
    timings = {} if timings is None else timings
    with runner_lock():
        started = time.perf_counter()
        for wanted in plan_chunks(as_of):
            if wanted:
                Reminder.objects.bulk_create(wanted, ignore_conflicts=True, batch_size=1000)
        timings["scan"], started = time.perf_counter() - started, time.perf_counter()
        sent = 0
        for batch in chunked(_pending_recipients(), HAND_OVER_BATCH):
            sent += _hand_over(batch, _emails(batch))
        timings["hand_over"], started = time.perf_counter() - started, time.perf_counter()
        _deliver_pending()
        timings["delivery"] = time.perf_counter() - started
    return sent
