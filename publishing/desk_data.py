"""What the desk shows: the sections of one unit's (or the office's filtered) disclosure work, as plain rows.

Reads only (through :mod:`publishing.selectors` and the QuerySet scopes); the views render them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.paginator import Paginator
from django.db.models import Case, Count, F, OuterRef, QuerySet, Subquery, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.timelimits import Kind
from organizations import permissions as perms
from organizations.filters import subtree_q

from . import deadlines, selectors
from .models import Obligation, ObligationStatus, Publication, PublicationEvent, PublicationStatus

AREA = "publishing"

#: (key, title) of every section, in the order the desk shows them.
SECTIONS = (
    ("overdue", gettext_lazy("已逾期")),
    ("week", gettext_lazy("本周到期")),
    ("upcoming", gettext_lazy("即将开展（含定期事项）")),
    ("drafts", gettext_lazy("草稿")),
    ("waiting", gettext_lazy("等待审核")),
    ("returned", gettext_lazy("退回修改")),
    ("scheduled", gettext_lazy("定时发布")),
    ("published", gettext_lazy("近期已发布")),
)
SECTION_TITLES = dict(SECTIONS)
DUTY_SECTIONS = ("overdue", "week", "upcoming")


@dataclass
class Row:
    """One line of the desk: what, for whom, when, and the one thing to do next."""

    title: str
    unit: str
    when: str
    note: str = ""
    action: str = ""
    url: str = ""


def pending_note(entry) -> str:
    """Why a duty has no due date yet: the clock starts when the information is formed (deadline items,
    e.g. "信息形成之日起20个工作日内"), or the item has no fixed deadline at all."""
    rule = deadlines.rule_of(entry.obligation.rule)
    if rule is None or rule.kind is Kind.UNPARSED:
        return _("时限未设置（由区政务公开办在目录中设置），暂不计时")
    if rule.kind is Kind.DEADLINE:
        return _("待信息形成后计时：%(r)s；起草时填写信息形成日期即开始计算应公开日期和提醒") % {
            "r": rule.describe()
        }
    return _("无固定期限：%(r)s") % {"r": rule.describe()}


def publish_url(obligation_id: int, period_start: date | None = None) -> str:
    """The one-flow form for a duty (and, for a periodic duty, the period the record reports on)."""
    url = f"{reverse('publishing:compose')}?obligation={obligation_id}"
    return f"{url}&period={period_start.isoformat()}" if period_start else url


def _period_words(entry: deadlines.Entry) -> str:
    if entry.period_end is None:
        return ""
    return _("期间 %(a)s 至 %(b)s") % {"a": entry.key_date.isoformat(), "b": entry.period_end.isoformat()}


def duty_row(entry: deadlines.Entry, today: date, may_add: bool) -> Row:
    ob = entry.obligation
    period = _period_words(entry)
    if entry.due:
        days = (entry.due - today).days
        when = (
            _("应于 %(d)s 前公开（已逾期 %(n)s 天）") % {"d": entry.due.isoformat(), "n": -days}
            if days < 0
            else _("应于 %(d)s 前公开") % {"d": entry.due.isoformat()}
        )
    else:
        when = pending_note(entry)
    row = Row(title=ob.item.name, unit=ob.unit.display_name, when=when, note=period)
    if entry.publication is not None:
        row.note = "；".join(
            x for x in (period, _("已有信息：%(s)s") % {"s": entry.publication.get_status_display()}) if x
        )
        if entry.publication.status == PublicationStatus.DRAFT:
            row.action, row.url = _("继续填写"), reverse("publishing:edit", args=[entry.publication.pk])
    elif may_add:
        row.action, row.url = _("发布"), publish_url(ob.pk, entry.key_date if entry.is_period else None)
    return row


def near_sections(obligations: QuerySet, today: date, may_add: bool) -> dict[str, list[Row]]:
    """Overdue and due this week (within seven days). Only duties whose stored ``next_due`` falls by the end
    of the week can have such an entry, so the board is computed for those alone (SQL first, then two
    queries), whatever the number of duties in the scope."""
    week_end = today + timedelta(days=7)
    near = obligations.filter(status=ObligationStatus.ACTIVE, next_due__lte=week_end)
    board = selectors.status_board(near, today)
    soon = sorted(board.due_soon + board.upcoming, key=lambda e: e.due)
    return {
        "overdue": [duty_row(e, today, may_add) for e in board.overdue],
        "week": [duty_row(e, today, may_add) for e in soon if e.due <= week_end],
    }


def upcoming_page(obligations: QuerySet, today: date, may_add: bool, number, size: int):
    """One page of the upcoming section: the scope's active duties in order of their next due date (no date
    last), paginated in SQL, each with its entries due after this week — periodic duties with their period,
    deadline duties waiting for the information to be formed. The count is of duties."""
    week_end = today + timedelta(days=7)
    ordered = obligations.filter(status=ObligationStatus.ACTIVE).order_by(
        F("next_due").asc(nulls_last=True), "unit__tree_id", "unit__lft", "pk"
    )
    page = Paginator(ordered.values_list("pk", flat=True), size).get_page(number)
    board = selectors.status_board(Obligation.objects.filter(pk__in=list(page.object_list)), today)
    later = sorted((e for e in board.due_soon + board.upcoming if e.due > week_end), key=lambda e: e.due)
    page.object_list = [duty_row(e, today, may_add) for e in later + board.pending]
    return page


def _last_reject():
    return (
        PublicationEvent.objects.filter(publication=OuterRef("pk"))
        .order_by("-at", "-id")
        .values("action")[:1]
    )


def _pub_row(pub: Publication, action: str, url: str, note: str = "") -> Row:
    when = {
        PublicationStatus.SCHEDULED: lambda: (
            _("将于 %(t)s 发布") % {"t": timezone.localtime(pub.publish_at).strftime("%Y-%m-%d %H:%M")}
        ),
        PublicationStatus.PUBLISHED: lambda: (
            _("%(t)s 已发布") % {"t": timezone.localtime(pub.published_at).strftime("%Y-%m-%d")}
        ),
    }.get(pub.status, lambda: _("信息形成于 %(d)s") % {"d": pub.formed_on.isoformat()})()
    return Row(title=pub.title, unit=pub.unit.display_name, when=when, note=note, action=action, url=url)


def publication_sections(publications: QuerySet, today: date) -> dict[str, list[Row]]:
    """Drafts, waiting for review, returned with comments, scheduled, recently published (30 days)."""
    pubs = publications.select_related("unit").annotate(last_action=Subquery(_last_reject()))
    drafts = pubs.filter(status=PublicationStatus.DRAFT).order_by("-updated_at")
    recent = timezone.now() - timedelta(days=30)
    returned_comments = dict(
        PublicationEvent.objects.filter(publication__in=drafts, action="reject")
        .order_by("publication_id", "at")
        .values_list("publication_id", "comment")
    )
    edit = lambda p: reverse("publishing:edit", args=[p.pk])  # noqa: E731
    view = lambda p: reverse("admin:publishing_publication_change", args=[p.pk])  # noqa: E731
    return {
        "drafts": [_pub_row(p, _("继续填写"), edit(p)) for p in drafts if p.last_action != "reject"],
        "waiting": [
            _pub_row(p, _("查看"), view(p))
            for p in pubs.filter(status=PublicationStatus.SUBMITTED).order_by("updated_at")
        ],
        "returned": [
            _pub_row(
                p, _("修改后重新提交"), edit(p), _("审核意见：%(c)s") % {"c": returned_comments.get(p.pk, "")}
            )
            for p in drafts
            if p.last_action == "reject"
        ],
        "scheduled": [
            _pub_row(p, _("查看"), view(p))
            for p in pubs.filter(status=PublicationStatus.SCHEDULED).order_by("publish_at")
        ],
        "published": [
            _pub_row(p, _("查看"), view(p))
            for p in pubs.filter(status=PublicationStatus.PUBLISHED, published_at__gte=recent).order_by(
                "-published_at"
            )[:200]
        ],
    }


def scope(user, within: str = ""):
    """The obligations and publications the desk covers: the user's units, narrowed to one unit and the
    units below it (``within``, a unit code) when given."""
    obligations = Obligation.objects.visible_to(user).filter(unit__is_active=True)
    publications = Publication.objects.visible_to(user)
    if within:
        obligations = obligations.filter(subtree_q(within, "unit__"))
        publications = publications.filter(subtree_q(within, "unit__"))
    return obligations, publications


def overdue_by_unit(obligations: QuerySet, today: date) -> list[tuple[str, str, int]]:
    """(code, name, overdue count) per district-level unit or street (a community counts for its street),
    worst first — SQL over the stored ``next_due``, one query."""
    key = Case(When(unit__tier="community", then=F("unit__parent__code")), default=F("unit__code"))
    name = Case(When(unit__tier="community", then=F("unit__parent__name")), default=F("unit__name"))
    rows = (
        obligations.filter(selectors.deadline_state_q(deadlines.OVERDUE, today))
        .annotate(group_code=key, group_name=name)
        .values("group_code", "group_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "group_code")
    )
    return [(r["group_code"], r["group_name"], r["n"]) for r in rows]


def may_add(user) -> bool:
    return perms.can(user, perms.ADD, AREA)
