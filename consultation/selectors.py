"""The reads of 征求意见: the public list and page (no personal data ever leaves here for a public page), the
officers' lists and the desk section (registered in ConsultationConfig.ready())."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import permissions as perms

from . import periods
from .models import AREA, Channel, Consultation, Verdict, Visibility


def may_handle(user) -> bool:
    return perms.can(user, perms.VIEW, AREA)


def may_open(user) -> bool:
    return perms.has_global(user, perms.ADD, AREA)


def consultations_for(user) -> QuerySet[Consultation]:
    return Consultation.objects.visible_to(user).select_related("unit", "kind")


def public_list(state: str = "", now=None) -> list[Consultation]:
    now = now or timezone.now()
    found = list(Consultation.objects.public().select_related("unit", "kind")[:300])
    if state in (periods.OPEN, periods.CLOSED, periods.UPCOMING):
        found = [c for c in found if c.state(now) == state]
    return found


def public_consultation(pk: int) -> Consultation | None:
    return Consultation.objects.public().select_related("unit", "kind").filter(pk=pk).first()


@dataclass(frozen=True)
class PublicComment:
    """A comment as a public page may show it: the text, channel, date and answer — never name or contact."""

    pk: int
    number: int
    channel: str
    received_on: date
    body: str
    verdict: str
    reason: str
    group: str


def public_comments(consultation: Consultation) -> list[PublicComment]:
    """The comments shown (hidden ones wait for a moderator; withheld ones are counted, not shown)."""
    rows = consultation.comments.order_by("received_at", "id").values(
        "pk", "channel", "received_at", "body", "verdict", "reason", "group", "visibility"
    )
    out = []
    for number, row in enumerate(rows, start=1):
        if row["visibility"] != Visibility.SHOWN:
            continue
        out.append(
            PublicComment(
                pk=row["pk"],
                number=number,
                channel=str(Channel(row["channel"]).label),
                received_on=timezone.localtime(row["received_at"]).date(),
                body=row["body"],
                verdict=str(Verdict(row["verdict"]).label) if row["verdict"] else "",
                reason=row["reason"],
                group=row["group"],
            )
        )
    return out


def tally(consultation: Consultation) -> dict[str, int]:
    """How many comments, by answer (the feedback report's figures)."""
    agg = consultation.comments.aggregate(
        total=Count("id"),
        adopted=Count("id", filter=Q(verdict=Verdict.ADOPTED)),
        partly=Count("id", filter=Q(verdict=Verdict.PARTLY)),
        rejected=Count("id", filter=Q(verdict=Verdict.REJECTED)),
        withheld=Count("id", filter=~Q(visibility=Visibility.SHOWN)),
    )
    return {k: int(v or 0) for k, v in agg.items()}


def last_day(consultation: Consultation) -> date:
    """The period's last day (the form closes at 24:00 of it, Beijing time)."""
    return (consultation.closes_at - timedelta(microseconds=1)).astimezone(periods.BEIJING).date()


def first_day(consultation: Consultation) -> date:
    return consultation.opens_at.astimezone(periods.BEIJING).date()


def period_words(consultation: Consultation) -> str:
    return _("%(opens)s 至 %(closes)s 24:00（%(days)d %(unit)s）") % {
        "opens": first_day(consultation),
        "closes": last_day(consultation),
        "days": consultation.days,
        "unit": consultation.kind.rule().unit_label,
    }


def feedback_waiting(user, today: date) -> list[Consultation]:
    """Closed consultations of ``user``'s units whose feedback report is not yet published."""
    now = timezone.now()
    return [
        c
        for c in consultations_for(user)
        .filter(feedback_published_at__isnull=True, closes_at__lte=now)
        .order_by("feedback_due_on", "closes_at")[:200]
    ]


def desk_section(user, within: str, today: date):
    """The 征求意见 section of the desk: consultations open now, and feedback reports waiting (due first)."""
    from publishing.selectors import DeskCount, DeskLine, DeskSection

    if not may_handle(user):
        return None
    now = timezone.now()
    running = list(
        consultations_for(user).filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at")[:200]
    )
    waiting = feedback_waiting(user, today)
    late = [c for c in waiting if c.feedback_due_on and c.feedback_due_on < today]
    base = reverse("consultation:desk")
    lines = tuple(
        DeskLine(
            title=c.title[:40],
            unit=c.unit.name,
            when=(
                _("采纳情况应于 %(d)s 前公开") % {"d": c.feedback_due_on}
                if c.feedback_due_on
                else _("征集已结束，待会议决策")
            ),
            action=str(_("公开采纳情况")),
            url=reverse("consultation:manage", args=[c.pk]),
            badge=str(_("已超期")) if c in late else c.kind.name,
        )
        for c in (late + [c for c in waiting if c not in late])[:5]
    )
    return DeskSection(
        key="consultation",
        title=str(_("征求意见")),
        url=base,
        counts=(
            DeskCount(key="open", title=str(_("征集中")), count=len(running), url=base, unit=str(_("项"))),
            DeskCount(
                key="feedback",
                title=str(_("待公开采纳情况")),
                count=len(waiting),
                url=base,
                unit=str(_("项")),
            ),
            DeskCount(key="late", title=str(_("采纳情况超期")), count=len(late), url=base, unit=str(_("项"))),
        ),
        lines=lines,
        link_label=str(_("进入征求意见")),
    )


def local_date(moment) -> date:
    return moment.astimezone(periods.BEIJING).date()


@dataclass(frozen=True)
class DecisionRow:
    decision: Any
    steps: list[tuple[str, Any]]  # (label, the recorded step or None), in the order of the 暂行条例
    current: str


def decision_list(year: int) -> list[DecisionRow]:
    """The year's decision list with every step as it happened (a public page)."""
    from .models import Decision, Step

    rows = []
    for d in (
        Decision.objects.filter(year=year).select_related("unit", "consultation").prefetch_related("steps")
    ):
        done = {s.step: s for s in d.steps.all()}
        last = max(done.values(), key=lambda s: (s.on, s.id)) if done else None
        rows.append(
            DecisionRow(
                decision=d,
                steps=[(str(label), done.get(value)) for value, label in Step.choices],
                current=last.get_step_display() if last else "",
            )
        )
    return rows


def decision_years() -> list[int]:
    from .models import Decision

    return sorted(set(Decision.objects.values_list("year", flat=True)), reverse=True)


def decisions_for(user):
    from .models import Decision

    return (
        Decision.objects.filter(perms.unit_filter(user, perms.VIEW, AREA, "unit__"))
        .select_related("unit")
        .order_by("-year", "id")
    )
