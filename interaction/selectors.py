"""Reads of 互动交流: who handles what, where each message's clock stands, the desk's section, the public
answers (consent given, personal data scrubbed), the monthly statistics, and the per-unit timeliness that the
assessment's 互动交流 indicator reads."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import codes
from organizations import permissions as perms
from workdays import engine

from .models import AREA, Kind, Message, Status

MASK = "＊"


def may_handle(user) -> bool:
    """Whether ``user`` sees the officers' pages (the office, a unit's officer, read-only roles)."""
    return perms.can(user, perms.VIEW, AREA)


def may_route(user) -> bool:
    return perms.has_global(user, perms.CHANGE, AREA)


def messages_for(user) -> QuerySet[Message]:
    return Message.objects.visible_to(user).select_related("unit")


def message_by_code(text: str) -> Message | None:
    for candidate in codes.candidates(text, 16):
        found = Message.objects.filter(code=candidate).select_related("unit").first()
        if found is not None:
            return found
    return None


def clock_words(message: Message, today: date) -> str:
    """Where the clock stands, in words: 剩余 N 个工作日 / 今日到期 / 已超期 N 个工作日 / 按时答复 / 超期答复."""
    if message.status == Status.ANSWERED and message.answered_on:
        return _("按时答复") if message.answered_on <= message.due_on else _("超期答复")
    if today < message.due_on:
        return _("剩余 %(n)d 个工作日") % {"n": engine.count_workdays(today, message.due_on)}
    if today == message.due_on:
        return _("今日到期")
    return _("已超期 %(n)d 个工作日") % {"n": engine.count_workdays(message.due_on, today)}


def overdue(message: Message, today: date) -> bool:
    if message.status == Status.ANSWERED:
        return bool(message.answered_on and message.answered_on > message.due_on)
    return today > message.due_on


def desk_section(user, within: str, today: date):
    """The 互动交流 section of the desk: messages waiting for an answer, the overdue first (registered in
    InteractionConfig.ready())."""
    from django.db.models import Count

    from organizations.selectors import subtree_q
    from publishing.selectors import DeskCount, DeskLine, DeskSection

    if not may_handle(user):
        return None
    # counted in SQL over the messages the person may see (narrowed by the desk's filter), never a capped list
    scope = Message.objects.visible_to(user).open()
    if within:
        scope = scope.filter(subtree_q(within, "unit__"))
    counted = scope.aggregate(
        soon=Count("pk", filter=Q(due_on__gte=today)), late=Count("pk", filter=Q(due_on__lt=today))
    )
    first = list(scope.select_related("unit").order_by("due_on", "id")[:5])
    late = [m for m in first if today > m.due_on]
    soon = [m for m in first if today <= m.due_on]
    base = reverse("interaction:inbox")
    lines = tuple(
        DeskLine(
            title=m.subject[:40],
            unit=m.unit.name if m.unit else str(_("待分办")),
            when=clock_words(m, today),
            action=str(_("答复")) if m.unit else str(_("分办")),
            url=reverse("interaction:detail", args=[m.pk]),
            badge=str(m.get_kind_display()),
        )
        for m in (late + soon)[:5]
    )
    return DeskSection(
        key="interaction",
        title=str(_("互动交流")),
        url=base,
        counts=(
            DeskCount(
                key="waiting",
                title=str(_("待答复")),
                count=counted["soon"],
                url=f"{base}?state=waiting",
                unit=str(_("条留言")),
            ),
            DeskCount(
                key="overdue",
                title=str(_("已超期")),
                count=counted["late"],
                url=f"{base}?state=overdue",
                unit=str(_("条留言")),
            ),
        ),
        lines=lines,
        link_label=str(_("进入留言办理")),
    )


# -- the public answers ----------------------------------------------------------------------------------------
def published() -> QuerySet[Message]:
    """Answered messages whose askers agreed to publication."""
    return Message.objects.filter(status=Status.ANSWERED, consent=True)


def scrub(text: str, message: Message) -> str:
    """``text`` with the asker's own name, phone and e-mail masked, then any ID, phone number or e-mail."""
    text = text or ""
    for value in sorted(
        {(v or "").strip() for v in (message.name, message.phone, message.email)}, key=len, reverse=True
    ):
        if len(value) >= 2:
            text = text.replace(value, MASK * len(value))
    return perms.redact_text(text)


@dataclass(frozen=True)
class PublicMessage:
    """A published Q&A as anyone may read it: nothing of the asker."""

    pk: int
    kind: str
    subject: str
    body: str
    answer: str
    unit_code: str
    unit_name: str
    unit_tier: str
    received_on: date
    answered_on: date

    @property
    def url(self) -> str:
        return reverse("interaction:public_detail", args=[self.pk])


def public_messages(ids: Iterable[int] | None = None, query: str = "") -> Iterator[PublicMessage]:
    qs = published().select_related("unit").order_by("-answered_on", "-pk")
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    for m in qs:
        if m.unit is None or m.answered_on is None:
            continue
        yield PublicMessage(
            pk=m.pk,
            kind=str(m.get_kind_display()),
            subject=scrub(m.subject, m),
            body=scrub(m.body, m),
            answer=scrub(m.answer, m),
            unit_code=m.unit.code,
            unit_name=m.unit.name,
            unit_tier=m.unit.tier,
            received_on=m.received_on,
            answered_on=m.answered_on,
        )


def public_message(pk: int) -> PublicMessage | None:
    return next(public_messages([pk]), None)


# -- monthly statistics ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MonthStats:
    year: int
    month: int
    received: int
    answered: int
    on_time: int
    average_workdays: float | None

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.answered, 1) if self.answered else None


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year + (month == 12), month % 12 + 1, 1)


def month_stats(year: int, month: int) -> MonthStats:
    """One month as district sites publish it: messages received in the month, those answered in the month,
    those answered on time, and the average working days from received to answered (of those answered)."""
    start, end = month_bounds(year, month)
    received = Message.objects.filter(received_on__gte=start, received_on__lt=end).count()
    answered = [
        (r, a, due)
        for r, a, due in Message.objects.filter(
            status=Status.ANSWERED, answered_on__gte=start, answered_on__lt=end
        ).values_list("received_on", "answered_on", "due_on")
        if a is not None
    ]
    on_time = sum(1 for _r, a, due in answered if a <= due)
    spans = [engine.count_workdays(r, a) for r, a, _due in answered]
    return MonthStats(
        year=year,
        month=month,
        received=received,
        answered=len(answered),
        on_time=on_time,
        average_workdays=round(sum(spans) / len(spans), 1) if spans else None,
    )


def months_with_messages(limit: int = 12) -> list[tuple[int, int]]:
    dates = Message.objects.dates("received_on", "month", order="DESC")[:limit]
    return [(d.year, d.month) for d in dates]


# -- for assessment ---------------------------------------------------------------------------------------------
def months_waited(received: date, until: date) -> int:
    """Whole calendar months from ``received`` to ``until`` (3-20 → 6-19 is 2, → 6-20 is 3; 1-31 → 2-28 is 1,
    a month ending on its last day). The one count of "waited two / three months" — the figures below and
    assessment's rules read it."""
    months = (until.year - received.year) * 12 + until.month - received.month
    if received + relativedelta(months=months) > until:
        months -= 1
    return max(months, 0)


def answer_timeliness(unit_ids, start: date, end: date) -> dict[int, dict]:
    """Per unit: messages answered in [start, end] (``total``), those answered by their due date (``on_time``),
    and the late ones — answered late in the period, or unanswered at ``end`` with the due date passed (however
    old: a message waiting for months counts in every round until answered; ``over_two_months`` and
    ``over_three_months`` count those received that long before ``end``) — as ``(message id, text)``
    evidence; ``records`` lists every message counted (for assessment's evidence lines). Two queries."""
    out: dict[int, dict] = {
        uid: {
            "on_time": 0,
            "total": 0,
            "late": [],
            "unanswered": 0,
            "over_two_months": 0,
            "over_three_months": 0,
            "records": [],
        }
        for uid in unit_ids
    }
    kinds = dict(Kind.choices)
    for pk, unit_id, code, kind, received, due, answered in Message.objects.filter(
        unit_id__in=unit_ids, status=Status.ANSWERED, answered_on__gte=start, answered_on__lte=end
    ).values_list("pk", "unit_id", "code", "kind", "received_on", "due_on", "answered_on"):
        if answered is None:
            continue
        entry = out[unit_id]
        entry["total"] += 1
        n = engine.count_workdays(due, answered) if answered > due else 0
        entry["records"].append(
            _record(pk, code, kinds.get(kind, kind), received, due, answered, "late" if n else "on_time", n)
        )
        if answered <= due:
            entry["on_time"] += 1
        else:
            entry["late"].append(
                (pk, f"留言 {codes.group(code)} 应于{due}前答复，实际{answered}答复（超期{n}个工作日）")
            )
    waiting = Message.objects.filter(unit_id__in=unit_ids, due_on__lt=end, received_on__lte=end).filter(
        ~Q(status=Status.ANSWERED) | Q(answered_on__gt=end)
    )
    for pk, unit_id, code, kind, due, received in waiting.values_list(
        "pk", "unit_id", "code", "kind", "due_on", "received_on"
    ):
        entry = out[unit_id]
        entry["total"] += 1
        entry["unanswered"] += 1
        n = engine.count_workdays(due, end)
        entry["records"].append(_record(pk, code, kinds.get(kind, kind), received, due, None, "waiting", n))
        months = months_waited(received, end)
        entry["over_two_months"] += int(months >= 2)
        entry["over_three_months"] += int(months >= 3)
        entry["late"].append((pk, f"留言 {codes.group(code)} 应于{due}前答复，截至{end}尚未答复"))
    return out


def _record(pk, code, kind, received, due, answered, state, overdue) -> dict:
    """One counted message as assessment's evidence shows it (JSON-safe)."""
    return {
        "pk": pk,
        "code": codes.group(code),
        "kind": str(kind),
        "received": str(received),
        "due": str(due),
        "answered": str(answered) if answered else None,
        "state": state,
        "overdue_workdays": overdue,
    }


def today() -> date:
    return timezone.localdate()
