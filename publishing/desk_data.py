"""What the desk shows: the sections of one unit's (or the office's filtered) disclosure work, as plain rows.

Reads only (through :mod:`publishing.selectors` and the QuerySet scopes); the views render them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.paginator import Paginator
from django.db.models import Case, Count, F, OuterRef, Q, QuerySet, Subquery, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.timelimits import Kind
from organizations import permissions as perms
from organizations.selectors import subtree_q

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
#: The sections of duties: each counts duties (one row per duty, its overdue periods said in the row).
DUTY_SECTIONS = ("overdue", "week", "upcoming")


@dataclass
class Row:
    """One line of the desk: what, for whom, when, how many periods, and the one thing to do next."""

    title: str
    unit: str
    when: str
    note: str = ""
    action: str = ""
    url: str = ""
    badge: str = ""


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


def _badge(entries: list[deadlines.Entry], today: date) -> str:
    """How many periods (or records) of the duty are overdue or due this week: "3 期逾期", "另有 1 期本周到期"."""
    week_end = today + timedelta(days=7)
    late = [e for e in entries if e.due and e.due < today]
    week = [e for e in entries if e.due and today <= e.due <= week_end]
    periodic = any(e.is_period for e in entries)
    words = []
    if late and (periodic or len(late) > 1):
        words.append((_("%(n)s 期逾期") if periodic else _("%(n)s 条逾期")) % {"n": len(late)})
    if week and (late or len(week) > 1):
        template = _("另有 %(n)s 期本周到期") if late else _("%(n)s 期本周到期")
        words.append(template % {"n": len(week)})
    return "，".join(words)


def duty_row(entries: list[deadlines.Entry], today: date, may_add: bool) -> Row:
    """One row per duty: its earliest outstanding entry (the one to publish next: the oldest overdue period
    first) and how many periods are overdue or due this week."""
    entry = entries[0]
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
    row = Row(
        title=ob.item.name, unit=ob.unit.display_name, when=when, note=period, badge=_badge(entries, today)
    )
    if entry.publication is not None:
        row.note = "；".join(
            x for x in (period, _("已有信息：%(s)s") % {"s": entry.publication.get_status_display()}) if x
        )
        if entry.publication.status == PublicationStatus.DRAFT:
            row.action, row.url = _("继续填写"), reverse("publishing:edit", args=[entry.publication.pk])
    elif may_add:
        row.action, row.url = _("发布"), publish_url(ob.pk, entry.key_date if entry.is_period else None)
    return row


def duty_q(key: str, today: date) -> Q:
    """Which duties a duty section holds, by the stored ``next_due`` (each duty's earliest outstanding due
    date): overdue before today, this week within seven days, upcoming later or not yet dated (periodic
    duties' next periods, deadline duties waiting for the information). Every duty is in one section."""
    week_end = today + timedelta(days=7)
    if key == "overdue":
        return selectors.deadline_state_q(deadlines.OVERDUE, today)
    if key == "week":
        return Q(status=ObligationStatus.ACTIVE, next_due__gte=today, next_due__lte=week_end)
    return Q(status=ObligationStatus.ACTIVE, next_due__gt=week_end) | selectors.deadline_state_q(
        deadlines.PENDING, today
    )


def _entry_order(entry: deadlines.Entry):
    return (entry.due is None, entry.due or date.max, entry.key_date)


def duty_page(obligations: QuerySet, key: str, today: date, may_add: bool, number, size: int):
    """One page of a duty section, counted and cut in SQL (one row per duty, by ``next_due``); the entries
    (periods, records on their way) are computed for the page's duties only — two more queries."""
    ordered = obligations.filter(duty_q(key, today)).order_by(
        F("next_due").asc(nulls_last=True), "unit__tree_id", "unit__lft", "pk"
    )
    page = Paginator(ordered.values_list("pk", flat=True), size).get_page(number)
    ids = list(page.object_list)
    board = selectors.status_board(Obligation.objects.filter(pk__in=ids), today)
    by_duty = defaultdict(list)
    for entry in board.overdue + board.due_soon + board.upcoming + board.pending:
        by_duty[entry.obligation.pk].append(entry)
    page.object_list = [
        duty_row(sorted(by_duty[pk], key=_entry_order), today, may_add) for pk in ids if by_duty[pk]
    ]
    return page


def _last_action():
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


def _edit(p):
    return reverse("publishing:edit", args=[p.pk])


def _view(p):
    return reverse("admin:publishing_publication_change", args=[p.pk])


def _returned_rows(pubs: list[Publication]) -> list[Row]:
    comments = dict(
        PublicationEvent.objects.filter(publication__in=[p.pk for p in pubs], action="reject")
        .order_by("publication_id", "at", "id")
        .values_list("publication_id", "comment")
    )  # the latest comment per record wins
    return [
        _pub_row(p, _("修改后重新提交"), _edit(p), _("审核意见：%(c)s") % {"c": comments.get(p.pk, "")})
        for p in pubs
    ]


def publication_sections(publications: QuerySet, today: date) -> dict[str, tuple[QuerySet, object]]:
    """Drafts, waiting for review, returned with comments, scheduled, recently published (30 days): per
    section a QuerySet (counted and cut in SQL) and the function turning one page of it into rows."""
    pubs = publications.select_related("unit").defer("body")
    drafts = pubs.filter(status=PublicationStatus.DRAFT).annotate(last_action=Subquery(_last_action()))
    returned = Q(last_action="reject")
    recent = timezone.now() - timedelta(days=30)

    def rows(action, url):
        return lambda page: [_pub_row(p, action, url(p)) for p in page]

    return {
        "drafts": (
            drafts.filter(Q(last_action__isnull=True) | ~returned).order_by("-updated_at", "-pk"),
            rows(_("继续填写"), _edit),
        ),
        "waiting": (
            pubs.filter(status=PublicationStatus.SUBMITTED).order_by("updated_at", "pk"),
            rows(_("查看"), _view),
        ),
        "returned": (drafts.filter(returned).order_by("-updated_at", "-pk"), _returned_rows),
        "scheduled": (
            pubs.filter(status=PublicationStatus.SCHEDULED).order_by("publish_at", "pk"),
            rows(_("查看"), _view),
        ),
        "published": (
            pubs.filter(status=PublicationStatus.PUBLISHED, published_at__gte=recent).order_by(
                "-published_at", "-pk"
            ),
            rows(_("查看"), _view),
        ),
    }


def section_pages(user, within: str, today: date, pages: dict, size: int) -> dict:
    """Every section's page (``pages``: section → page number asked for), each counted and cut in SQL."""
    obligations, publications = scope(user, within)
    adding = may_add(user)
    result = {
        key: duty_page(obligations, key, today, adding, pages.get(key, 1), size) for key in DUTY_SECTIONS
    }
    for key, (queryset, to_rows) in publication_sections(publications, today).items():
        page = Paginator(queryset, size).get_page(pages.get(key, 1))
        page.object_list = to_rows(list(page.object_list))
        result[key] = page
    return result


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
