"""Reads of publishing for the other apps, the public site, the API, the desk and the admin.

What the public may read goes through the QuerySet scopes ``Publication.objects.public()`` and
``Obligation.objects.public()``; what a signed-in person may read adds ``visible_to(user)``. Each function
here runs a fixed number of queries whatever the data size (or says what bounds it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from catalog.models import PublishedItem
from organizations import permissions as perms
from workdays import engine

from . import deadlines

# The deadline rules and the column monitor other apps read (assessment, foi, the scale-data command): named
# here (with the three names from .monitoring below) so that no app reaches into publishing.deadlines or
# publishing.monitoring (pyproject's import contracts).
from .deadlines import OPEN_STATUSES as OPEN_STATUSES
from .deadlines import due_date as due_date
from .deadlines import is_periodic as is_periodic
from .deadlines import obligation_status as obligation_status
from .deadlines import period_covered as period_covered
from .deadlines import rule_of as rule_of
from .models import (
    COUNTED_STATUSES,
    Attachment,
    ColumnCheck,
    DeadlineBase,
    Fulfilment,
    Obligation,
    ObligationStatus,
    Publication,
    PublicationStatus,
)
from .monitoring import KINDS as COLUMN_KINDS  # noqa: F401 (read by assessment)
from .monitoring import check_columns as check_columns
from .monitoring import field_kind as field_kind

AREA = "publishing"


# -- publications ---------------------------------------------------------------------------------------
def with_related(queryset: QuerySet) -> QuerySet:
    """Publications with their unit, fulfilments (obligation, unit, item) and attachments: three queries for
    any page of them."""
    return queryset.select_related("unit").prefetch_related(
        Prefetch(
            "fulfilments",
            queryset=Fulfilment.objects.select_related("obligation__unit", "obligation__item").order_by("id"),
        ),
        Prefetch("attachments", queryset=Attachment.objects.order_by("id")),
    )


def published_publications() -> QuerySet:
    """The public's view: published records (``Publication.objects.public()``)."""
    return Publication.objects.public()


def publications_for(user) -> QuerySet:
    """What ``user`` may read: public records, and (signed in) every record of the units it may view."""
    if getattr(user, "is_authenticated", False):
        return Publication.objects.public() | Publication.objects.visible_to(user)
    return Publication.objects.public()


def public_publications_with_related() -> QuerySet:
    """Published records with everything the open-data dump and the API show, newest first."""
    return with_related(Publication.objects.public()).order_by("-published_at", "-id")


def counted_publications() -> QuerySet:
    """Published or later superseded (what counts as disclosed)."""
    return Publication.objects.counted()


def _linking_several_items() -> list[int]:
    """Records not marked 合并公开 whose fulfilments name duties of several items (one grouped scan; few)."""
    return list(
        Fulfilment.objects.filter(publication__combined=False)
        .order_by()
        .values("publication_id")
        .annotate(items=Count("obligation__item_id", distinct=True))
        .filter(items__gt=1)
        .values_list("publication_id", flat=True)
    )


def misattributed_fulfilments() -> QuerySet:
    """Fulfilments that should not count (issue 21, "a record counts for its own duty"): the record's unit does
    not itself owe the duty's item (no non-closed obligation of it, e.g. after a re-plan moved the item to
    another unit), or the record links duties of several items without being marked 合并公开 (``combined``).

    Data errors for the office to correct. The records linking several items are read first (a list): kept as a
    subquery inside the OR, PostgreSQL re-ran the grouping for every row (minutes on the demo).
    ``misattributed_publications`` gives their records."""
    owed = Obligation.objects.filter(
        unit_id=OuterRef("publication__unit_id"), item_id=OuterRef("obligation__item_id")
    ).exclude(status=ObligationStatus.CLOSED)
    return Fulfilment.objects.filter(~Exists(owed) | Q(publication_id__in=_linking_several_items()))


def misattributed_publications() -> QuerySet:
    """The records with a fulfilment in :func:`misattributed_fulfilments` (the admin's filter
    “对应义务与本单位不符”). Read as ``pk IN (those fulfilments' records)``: an EXISTS nested in an EXISTS, each
    correlated to the row outside it, had PostgreSQL loop over every record for every record when the tables
    had no statistics yet (a freshly loaded database; minutes on the demo)."""
    return Publication.objects.filter(pk__in=misattributed_fulfilments().values("publication_id"))


# -- obligations ----------------------------------------------------------------------------------------
#: The deadline status of an obligation, most urgent first (as :mod:`publishing.serializers` shows it).
DEADLINE_STATES = (
    (deadlines.OVERDUE, "已逾期"),
    (deadlines.DUE_SOON, "即将到期"),
    (deadlines.UPCOMING, "未到期"),
    (deadlines.PENDING, "待公开（无可计算时限）"),
    (deadlines.DONE, "已公开"),
)


def soon_cutoff(today: date, workdays: int | None = None) -> date:
    """The last day that is still "due soon" from ``today``: ``workdays`` working days ahead (the reminder
    window by default). Computed once per request; the comparison runs in SQL."""
    workdays = deadlines.remind_workdays() if workdays is None else workdays
    day = today
    while engine.count_workdays(today, day + timedelta(days=1)) <= workdays:
        day += timedelta(days=1)
        if (day - today).days > 366:  # a calendar with no working day: stop
            break
    return day


def with_deadline_status(queryset: QuerySet, today: date | None = None) -> QuerySet:
    """Annotate ``deadline_state`` (overdue / due_soon / upcoming / pending / done; NULL when not active) from
    the stored ``next_due`` and ``deadline_base`` — pure SQL, so it filters and sorts 200,000 rows in the
    database. The stored summary is kept by :func:`publishing.services.refresh_deadlines`."""
    today = today or timezone.localdate()
    cutoff = soon_cutoff(today)
    return queryset.annotate(
        deadline_state=Case(
            When(~Q(status=ObligationStatus.ACTIVE), then=Value(None)),
            When(next_due__lt=today, then=Value(deadlines.OVERDUE)),
            When(next_due__lte=cutoff, then=Value(deadlines.DUE_SOON)),
            When(next_due__isnull=False, then=Value(deadlines.UPCOMING)),
            When(deadline_base=DeadlineBase.DONE, then=Value(deadlines.DONE)),
            default=Value(deadlines.PENDING),
            output_field=CharField(),
        )
    )


def deadline_state_q(state: str, today: date | None = None) -> Q:
    """A Q keeping the obligations in ``state`` (the same rules as :func:`with_deadline_status`)."""
    today = today or timezone.localdate()
    active = Q(status=ObligationStatus.ACTIVE)
    if state == deadlines.OVERDUE:
        return active & Q(next_due__lt=today)
    if state == deadlines.DUE_SOON:
        return active & Q(next_due__gte=today, next_due__lte=soon_cutoff(today))
    if state == deadlines.UPCOMING:
        return active & Q(next_due__gt=soon_cutoff(today))
    if state == deadlines.DONE:
        return active & Q(next_due__isnull=True, deadline_base=DeadlineBase.DONE)
    if state == deadlines.PENDING:
        return active & Q(next_due__isnull=True) & ~Q(deadline_base=DeadlineBase.DONE)
    raise ValueError(state)


def deadline_counts(obligations: QuerySet, today: date | None = None) -> dict[str, int]:
    """How many of ``obligations`` (duties, one each) are overdue and due soon — the rules of
    :func:`deadline_state_q` on the stored ``next_due``: one aggregate query whatever their number."""
    today = today or timezone.localdate()
    return obligations.aggregate(
        overdue=Count("pk", filter=deadline_state_q(deadlines.OVERDUE, today)),
        due_soon=Count("pk", filter=deadline_state_q(deadlines.DUE_SOON, today)),
    )


def obligations_with_status() -> QuerySet:
    """Obligations with their unit, item, field, edition, how many records fulfil them and when the last one
    went public, and the item's name in the edition that confirmed them.

    The figures are correlated subqueries, not a GROUP BY over the join: the database filters, orders and
    cuts the page first and computes them for the page's rows only, and a count is a plain COUNT(*)."""
    published = Fulfilment.objects.filter(
        obligation=OuterRef("pk"), publication__status=PublicationStatus.PUBLISHED
    ).order_by()
    count = published.values("obligation").annotate(n=Count("pk")).values("n")[:1]
    last = published.values("obligation").annotate(last=Max("publication__published_at")).values("last")[:1]
    name = PublishedItem.objects.filter(edition=OuterRef("edition"), item=OuterRef("item")).values("name")[:1]
    return Obligation.objects.select_related("unit", "item__domain", "edition").annotate(
        published_count=Coalesce(Subquery(count, output_field=IntegerField()), 0),
        last_published_at=Subquery(last),
        published_name=Subquery(name),
    )


def obligations_for(user) -> QuerySet:
    """Obligations ``user`` may act on (add records for): active, on the user's units."""
    return (
        Obligation.objects.active()
        .filter(perms.unit_filter(user, perms.ADD, AREA, "unit__"))
        .select_related("unit", "item")
    )


def status_board(units_or_obligations, today: date | None = None, **kwargs) -> deadlines.StatusBoard:
    """Overdue / due soon / upcoming / pending / done entries of some units' active obligations (two
    queries; see :func:`publishing.deadlines.obligation_status`)."""
    return deadlines.obligation_status(units_or_obligations, today, **kwargs)


# -- monitoring ------------------------------------------------------------------------------------------
def column_summaries(as_of: date | None = None, units=None):
    """Each unit's columns at ``as_of`` (栏目监测), computed live. Four queries."""
    from . import monitoring

    return monitoring.unit_summaries(as_of, units)


def latest_checks(on: date | None = None) -> QuerySet:
    """The stored snapshot per unit on ``on`` (default: the latest check date)."""
    from . import monitoring

    return monitoring.latest_checks(on)


def previous_checks(as_of: date) -> dict[int, ColumnCheck]:
    """The latest stored snapshot before ``as_of`` per unit (the trend arrows). Two queries."""
    last = (
        ColumnCheck.objects.filter(checked_on__lt=as_of)
        .order_by("-checked_on")
        .values_list("checked_on", flat=True)
        .first()
    )
    if last is None:
        return {}
    return {c.unit_id: c for c in ColumnCheck.objects.filter(checked_on=last)}


__all__ = [
    "COUNTED_STATUSES",
    "DEADLINE_STATES",
    "column_summaries",
    "counted_publications",
    "deadline_state_q",
    "latest_checks",
    "misattributed_fulfilments",
    "misattributed_publications",
    "obligations_for",
    "obligations_with_status",
    "previous_checks",
    "public_publications_with_related",
    "publications_for",
    "published_publications",
    "soon_cutoff",
    "status_board",
    "with_deadline_status",
    "with_related",
]


def item_duty_units(item_id: int) -> list[tuple]:
    """Who owes one item, for its public page: (unit name, unit code, tier, published records, why) of every
    active unit with an active duty, in tree order; one query, bounded by the unit tree."""
    published = Count(
        "fulfilments__publication",
        filter=Q(fulfilments__publication__status=PublicationStatus.PUBLISHED),
        distinct=True,
    )
    return list(
        Obligation.objects.public()
        .filter(item_id=item_id)
        .annotate(records=published)
        .order_by("unit__tree_id", "unit__lft")
        .values_list("unit__name", "unit__code", "unit__tier", "records", "basis")
    )


# -- sections of the desk that the apps above publishing provide ------------------------------------------
# publishing may not import the apps above it (foi, assessment …), yet the desk shows their work too: such an
# app registers a provider here in its AppConfig.ready() (foi: the requests to handle), and the desk and the
# staff navigation show what the providers return. docs/architecture.md names the hook.
@dataclass(frozen=True)
class DeskCount:
    """One figure of an extra desk section: "3 已逾期", linking to the list behind it."""

    key: str
    title: str
    count: int
    url: str = ""
    unit: str = ""


@dataclass(frozen=True)
class DeskLine:
    """One line of an extra desk section, shaped like the desk's own rows."""

    title: str
    unit: str
    when: str
    note: str = ""
    action: str = ""
    url: str = ""
    badge: str = ""


@dataclass(frozen=True)
class DeskSection:
    """What one provider shows on the desk: a heading with a link, its figures, and its first lines."""

    key: str
    title: str
    url: str
    counts: tuple[DeskCount, ...]
    lines: tuple[DeskLine, ...] = ()
    link_label: str = ""


#: (user, ``within`` unit code or "", today) -> the section for this person, or None when it is not theirs.
DeskProvider = Callable[[Any, str, date], "DeskSection | None"]


@dataclass(frozen=True)
class _Registered:
    provider: DeskProvider
    nav_label: str
    nav_url: Callable[[], str]
    allowed: Callable[[Any], bool]


_DESK_SECTIONS: dict[str, _Registered] = {}


def register_desk_section(
    key: str,
    provider: DeskProvider,
    *,
    nav_label: str,
    nav_url: Callable[[], str],
    allowed: Callable[[Any], bool],
) -> None:
    """Add (or replace: ready() may run twice) the desk section ``key``. ``allowed(user)`` decides whether the
    staff navigation links ``nav_url()`` under ``nav_label`` for that person."""
    _DESK_SECTIONS[key] = _Registered(provider, nav_label, nav_url, allowed)


def desk_sections(user, within: str = "", today: date | None = None) -> list[DeskSection]:
    """The extra sections of ``user``'s desk, in the order they were registered."""
    today = today or timezone.localdate()
    found = (entry.provider(user, within, today) for entry in _DESK_SECTIONS.values())
    return [section for section in found if section is not None]


def staff_nav(user) -> dict:
    """What the staff navigation (publishing/_staff.html) needs on any staff page: the bell's unread count
    and the registered apps' links this person may follow."""
    from .models import Notice

    if not getattr(user, "is_authenticated", False):
        return {"notice_count": 0, "staff_links": []}
    links = [(str(e.nav_label), e.nav_url()) for e in _DESK_SECTIONS.values() if e.allowed(user)]
    unread = Notice.objects.filter(recipient=user, read_at__isnull=True).count()
    return {"notice_count": unread, "staff_links": links}
