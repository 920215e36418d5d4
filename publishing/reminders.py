"""Reminders: due soon → the unit's officers; overdue → the officers and the district office, weekly.

Each reminder is a ``Reminder`` row, unique on (obligation, period, kind, recipient, key), written before
the mail goes out and marked sent after: running twice sends nothing new, a retried run sends only what is
still unsent, and a missed day is caught up because every run looks at everything due soon or overdue as
of its date, not at the day's events alone. Concurrent workers claim rows with ``SKIP LOCKED`` (see
:func:`send_reminders`), so two of them never mail the same reminder.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from organizations.models import Membership, Role

from .deadlines import obligation_status
from .models import Obligation, Reminder, ReminderKind


def week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def plan(as_of: date) -> list[Reminder]:
    """The reminders that should exist as of ``as_of`` (unsaved). Three queries."""
    board = obligation_status(Obligation.objects.all(), as_of)
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
    wanted: list[Reminder] = []
    for entry in board.due_soon:
        for user_id in officers[entry.obligation.unit_id]:
            wanted.append(
                Reminder(
                    obligation=entry.obligation,
                    period_start=entry.key_date,
                    kind=ReminderKind.DUE_SOON,
                    recipient_id=user_id,
                    key="",
                    due_date=entry.due,
                )
            )
    key = week_key(as_of)
    for entry in board.overdue:
        for user_id in dict.fromkeys(officers[entry.obligation.unit_id] + office):
            wanted.append(
                Reminder(
                    obligation=entry.obligation,
                    period_start=entry.key_date,
                    kind=ReminderKind.OVERDUE,
                    recipient_id=user_id,
                    key=key,
                    due_date=entry.due,
                )
            )
    return wanted


def _message(rows: list[Reminder]) -> str:
    lines = ["您好，以下政务公开事项需要处理：", ""]
    for r in rows:
        label = "已逾期" if r.kind == ReminderKind.OVERDUE else "即将到期"
        lines.append(
            f"【{label}】{r.obligation.unit} · {r.obligation.item}（应于 {r.due_date:%Y-%m-%d} 前公开）"
        )
    lines += ["", "请登录政务公开工作台处理。"]
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


def send_reminders(*, as_of: date | None = None) -> int:
    """Record and send the reminders due as of ``as_of`` (default today); returns how many were sent.

    Two workers may run at once (a retried task next to the beat run, or the command by hand): the rows are
    inserted with ``ON CONFLICT DO NOTHING`` and every recipient's unsent rows are then claimed in their own
    transaction with ``SELECT … FOR UPDATE SKIP LOCKED``, mailed and marked sent before it commits. Rows
    the other worker holds or has sent are skipped, so each reminder goes out once; a failed mail rolls back
    that recipient's claim and the next run sends it.
    """
    as_of = as_of or timezone.localdate()
    wanted = plan(as_of)
    if wanted:
        Reminder.objects.bulk_create(wanted, ignore_conflicts=True, batch_size=1000)
    sent = 0
    for recipient_id in _pending_recipients():
        with transaction.atomic():
            rows = _claim(recipient_id)
            if not rows:  # claimed (or already sent) by another worker
                continue
            recipient = rows[0].recipient
            emailed = False
            if recipient.email:
                send_mail(
                    subject=f"政务公开提醒：{len(rows)} 项待处理",
                    message=_message(rows),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[recipient.email],
                )
                emailed = True
            # Marked in the claiming transaction, right after the mail: a failure later on leaves only the
            # other recipients unsent.
            Reminder.objects.filter(pk__in=[r.pk for r in rows]).update(
                sent_at=timezone.now(), emailed=emailed
            )
            sent += len(rows)
    return sent
