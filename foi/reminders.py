"""Reminders before a request's due date, exactly once, and the escalation of overdue ones to the office.

A ``Reminder`` row is unique on (request, kind, recipient, due date) and is written before the mail goes
out: a second run, a retried task or a catch-up after a missed day sends nothing twice. A new due date (an
extension, a correction restarting the period) is a new reminder.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.utils import timezone

from core.mail import queue_mail
from organizations.models import Membership, Role
from workdays import engine

from .models import DisclosureRequest, Reminder, ReminderKind, Status

#: Officers are reminded when this many working days or fewer are left.
DUE_SOON_WORKDAYS = 3
#: The statuses whose clock runs: 补正 waits for the applicant (the period restarts from the correction), and
#: a third party's opinion or an unpaid fee is time the regulation does not count (条例 第三十二条、第四十二条),
#: so the stored due date moves on when they end; reminding then would call a paused request overdue.
RUNNING = (Status.RECEIVED,)


def plan(as_of: date) -> list[Reminder]:
    """The reminders that should exist as of ``as_of`` (unsaved). Three queries."""
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
    wanted = []
    for pk, unit_id, assignee_id, due in DisclosureRequest.objects.filter(
        status__in=RUNNING, due_date__isnull=False
    ).values_list("pk", "unit_id", "assignee_id", "due_date"):
        people = list(dict.fromkeys(([assignee_id] if assignee_id else []) + officers[unit_id]))
        if due < as_of:
            for user_id in dict.fromkeys(people + office):
                wanted.append(
                    Reminder(request_id=pk, kind=ReminderKind.OVERDUE, recipient_id=user_id, due_date=due)
                )
        elif engine.count_workdays(as_of, due) <= DUE_SOON_WORKDAYS:
            for user_id in people:
                wanted.append(
                    Reminder(request_id=pk, kind=ReminderKind.DUE_SOON, recipient_id=user_id, due_date=due)
                )
    return wanted


def _message(rows: list[Reminder]) -> str:
    lines = ["您好，以下政府信息公开申请需要处理：", ""]
    for r in rows:
        label = "已逾期" if r.kind == ReminderKind.OVERDUE else "即将到期"
        lines.append(
            f"【{label}】{r.request.unit} 受理编号 {r.request.reference}（答复期限 {r.due_date:%Y-%m-%d}）"
        )
    lines += ["", "请登录政务公开工作台处理。"]
    return "\n".join(lines)


def send_reminders(*, as_of: date | None = None) -> int:
    """Record and send what is due as of ``as_of``; returns how many reminders went out now."""
    as_of = as_of or timezone.localdate()
    wanted = plan(as_of)
    if wanted:
        Reminder.objects.bulk_create(wanted, ignore_conflicts=True, batch_size=1000)
    sent = 0
    recipients = list(
        Reminder.objects.filter(sent_at__isnull=True)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    for recipient_id in recipients:
        with transaction.atomic():
            rows = list(
                Reminder.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(recipient_id=recipient_id, sent_at__isnull=True)
                .select_related("recipient", "request__unit")
                .order_by("id")
            )
            if not rows:
                continue
            if rows[0].recipient.email:  # through the outbox: delivered after the commit, once per batch
                queue_mail(
                    key=f"foi-reminders:{recipient_id}:{rows[0].pk}-{rows[-1].pk}",
                    to=rows[0].recipient.email,
                    subject=f"依申请公开提醒：{len(rows)} 件待处理",
                    body=_message(rows),
                )
            Reminder.objects.filter(pk__in=[r.pk for r in rows]).update(sent_at=timezone.now())
            sent += len(rows)
    return sent
