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

from . import paragraphs, periods
from .models import AREA, MATERIALS_WORDS, Channel, Comment, Consultation, Verdict, Visibility


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
    paragraph: int | None = None
    paragraph_label: str = ""


def public_comments(consultation: Consultation) -> list[PublicComment]:
    """The comments shown (hidden ones wait for a moderator; withheld ones are counted, not shown), their text
    and answer with any ID number, phone number or e-mail a commenter typed into them masked — as the API
    shows them (:mod:`consultation.serializers`)."""
    rows = consultation.comments.order_by("received_at", "id").values(
        "pk", "channel", "received_at", "body", "verdict", "reason", "group", "visibility", "paragraph"
    )
    numbered = paragraphs.split(consultation.draft)
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
                body=perms.redact_text(row["body"]),
                verdict=str(Verdict(row["verdict"]).label) if row["verdict"] else "",
                reason=perms.redact_text(row["reason"]),
                group=row["group"],
                paragraph=row["paragraph"],
                paragraph_label=paragraphs.label_of(numbered, row["paragraph"]),
            )
        )
    return out


@dataclass(frozen=True)
class ParagraphGroup:
    """The comments on one paragraph (条/段) of the draft — or on the whole draft (``number`` None) — with
    the answers' counts: the ledger's and the feedback report's grouping."""

    number: int | None
    label: str
    excerpt: str
    comments: list[Any]
    adopted: int
    partly: int
    rejected: int
    unanswered: int

    @property
    def total(self) -> int:
        return len(self.comments)


def by_paragraph(consultation: Consultation, comments: list[Any]) -> list[ParagraphGroup]:
    """``comments`` (ledger rows or :class:`PublicComment`, each with ``paragraph`` and ``verdict``) grouped
    by the paragraph they are on, in the draft's order, comments on the whole draft first; paragraphs without
    comments are left out."""
    numbered = paragraphs.split(consultation.draft)
    excerpts = {p.number: p.excerpt for p in numbered}
    keys: dict[int | None, list[Any]] = {}
    for c in comments:
        keys.setdefault(c.paragraph, []).append(c)
    labels = {str(v.label): v.value for v in Verdict}
    out = []
    for number in sorted(keys, key=lambda n: -1 if n is None else n):
        rows = keys[number]
        verdicts = [labels.get(str(c.verdict), c.verdict) for c in rows]
        out.append(
            ParagraphGroup(
                number=number,
                label=paragraphs.label_of(numbered, number),
                excerpt=excerpts.get(number, "") if number is not None else "",
                comments=rows,
                adopted=verdicts.count(Verdict.ADOPTED),
                partly=verdicts.count(Verdict.PARTLY),
                rejected=verdicts.count(Verdict.REJECTED),
                unanswered=verdicts.count(""),
            )
        )
    return out


def ledger(consultation: Consultation) -> list[Comment]:
    """The officers' ledger: every comment in the order received (``number``: its place, 1 … n)."""
    rows = list(consultation.comments.order_by("received_at", "id"))
    for number, row in enumerate(rows, start=1):
        row.number = number  # type: ignore[attr-defined]
    return rows


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


def in_scope(queryset: QuerySet, within: str) -> QuerySet:
    """``queryset`` narrowed to the unit ``within`` (a unit code) and the units below it: the desk's filter."""
    from organizations.selectors import subtree_q

    return queryset.filter(subtree_q(within, "unit__")) if within else queryset


def feedback_waiting(user, today: date, within: str = "") -> QuerySet[Consultation]:
    """Closed consultations of ``user``'s units (within ``within``) whose feedback report is not yet published,
    the earliest due first."""
    from django.db.models import F

    now = timezone.now()
    return (
        in_scope(consultations_for(user), within)
        .filter(feedback_published_at__isnull=True, closes_at__lte=now)
        .order_by(F("feedback_due_on").asc(nulls_last=True), "closes_at", "id")
    )


def desk_section(user, within: str, today: date):
    """The 征求意见 section of the desk: consultations open now, and feedback reports waiting (due first)."""
    from publishing.selectors import DeskCount, DeskLine, DeskSection

    if not may_handle(user):
        return None
    now = timezone.now()
    # counted in SQL over the units the person may see (narrowed by the desk's filter), never a capped list
    running = in_scope(consultations_for(user), within).filter(opens_at__lte=now, closes_at__gt=now).count()
    waiting_all = feedback_waiting(user, today, within)
    overdue = waiting_all.filter(feedback_due_on__lt=today)
    waiting_count, late_count = waiting_all.count(), overdue.count()
    late = list(overdue[:5])
    waiting = late + [c for c in waiting_all[:5] if c not in late]
    base = reverse("consultation:desk")
    alerts = hearing_alerts(user, now, within)
    hearing_lines = [
        DeskLine(
            title=h.subject[:40],
            unit=h.decision.unit.name,
            when=_("听证材料应于 %(d)s 前送达")
            % {"d": timezone.localtime(h.materials_deadline()).strftime("%Y-%m-%d %H:%M")},
            action=str(_("登记材料送达")),
            url=reverse("consultation:decisions_desk"),
            badge=str(MATERIALS_WORDS[clock]),
        )
        for h, clock in alerts
    ]
    lines = tuple(hearing_lines[:3]) + tuple(
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
            DeskCount(key="open", title=str(_("征集中")), count=running, url=base, unit=str(_("项"))),
            DeskCount(
                key="feedback",
                title=str(_("待公开采纳情况")),
                count=waiting_count,
                url=base,
                unit=str(_("项")),
            ),
            DeskCount(
                key="late", title=str(_("采纳情况超期")), count=late_count, url=base, unit=str(_("项"))
            ),
            DeskCount(
                key="hearing",
                title=str(_("听证材料预警")),
                count=len(alerts),
                url=reverse("consultation:decisions_desk"),
                unit=str(_("项")),
            ),
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
    hearing: Any = None  # the hearing (听证) noticed for the decision, if any


def _row(d) -> DecisionRow:
    from .models import Hearing, Step

    done = {s.step: s for s in d.steps.all()}
    last = max(done.values(), key=lambda s: (s.on, s.id)) if done else None
    try:
        hearing = d.hearing
    except Hearing.DoesNotExist:
        hearing = None
    return DecisionRow(
        decision=d,
        steps=[(str(label), done.get(value)) for value, label in Step.choices],
        current=last.get_step_display() if last else "",
        hearing=hearing,
    )


def _decisions():
    from .models import Decision

    return Decision.objects.select_related("unit", "consultation", "hearing").prefetch_related("steps")


def decision_list(year: int) -> list[DecisionRow]:
    """The year's decision list with every step as it happened (a public page)."""
    return [_row(d) for d in _decisions().filter(year=year)]


def public_decision(pk: int) -> DecisionRow | None:
    """A decision's page: its steps as they happened and its hearing's notice (public by law: time, place,
    how participants are chosen and their list; the signed record's file stays with the officers)."""
    found = _decisions().filter(pk=pk).first()
    return _row(found) if found is not None else None


def hearings_for(user):
    from .models import Hearing

    return (
        Hearing.objects.filter(perms.unit_filter(user, perms.VIEW, AREA, "decision__unit__"))
        .select_related("decision__unit")
        .order_by("hearing_at")
    )


def hearing_alerts(user, now=None, within: str = "") -> list[tuple[Any, str]]:
    """Hearings still to be held (of the unit ``within`` and below, if given) whose materials are due within
    the warning days, missed or sent late."""
    from organizations.selectors import subtree_q

    from .models import HearingStatus

    now = now or timezone.now()
    found = hearings_for(user).filter(status=HearingStatus.SCHEDULED)
    if within:
        found = found.filter(subtree_q(within, "decision__unit__"))
    alerts = []
    for h in found[:200]:
        clock = h.materials_clock(now)
        if clock in (periods.MATERIALS_DUE_SOON, periods.MATERIALS_MISSED, periods.MATERIALS_LATE):
            alerts.append((h, clock))
    return alerts


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
