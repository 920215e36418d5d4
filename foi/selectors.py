"""Reads on requests: the public status page, the catalog-aware helper, the workspace, the indicators the
assessment app scores, and the links the portal's 政府信息公开年报 column uses.

Nothing here returns personal data to an anonymous caller: :func:`public_status` hands back a
:class:`PublicStatus` made of steps, dates and the outcome only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations import permissions as perms
from organizations.models import Unit

from . import clock
from .categories import AppealOutcome
from .models import OPEN_STATUSES, AnnualReport, Appeal, DisclosureRequest, Event, RequestAttachment, Status


# -- the public side -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PublicStatus:
    """What the applicant sees: no name, no ID number, no contact."""

    tracking_code: str
    unit_name: str
    status: str
    status_label: str
    received_on: date | None
    due_date: date | None
    outcome: str
    replied_on: date | None
    steps: list[tuple[date, str]] = field(default_factory=list)
    has_letter: bool = False


def find_by_code(code: str, secret: str) -> DisclosureRequest | None:
    """The request whose tracking code and secret both match what was typed (grouped, lower case, full width:
    foi/access.py), else None (same answer for either mismatch)."""
    from .access import find

    return find(code, secret)


def public_status(request: DisclosureRequest) -> PublicStatus:
    steps = list(
        Event.objects.filter(request=request, public=True).order_by("on", "id").values_list("on", "label")
    )
    return PublicStatus(
        tracking_code=request.tracking_code,
        unit_name=request.unit.name,
        status=request.status,
        status_label=str(request.get_status_display()),
        received_on=request.received_on,
        due_date=request.due_date if request.is_open else None,
        outcome=request.outcome,
        replied_on=request.replied_on,
        steps=steps,
        has_letter=request.status == Status.CLOSED,
    )


def public_units():
    """The units a citizen may address a request to: those with the duty to answer (never 居委会/村委会)."""
    from .services import ANSWERING_KINDS

    return Unit.objects.filter(is_active=True, kind__in=ANSWERING_KINDS).order_by("tree_id", "lft")


# -- officers --------------------------------------------------------------------------------------------
def requests_visible_to(user):
    return DisclosureRequest.objects.visible_to(user)


#: The sections of an officer's requests, as the desk and the workspace show them; each open request is in
#: at most one (in this order of precedence), the others are "in hand" (办理中).
SECTIONS = (
    ("overdue", gettext_lazy("已逾期")),
    ("week", gettext_lazy("本周到期")),
    ("new", gettext_lazy("新申请")),
    ("waiting", gettext_lazy("等待申请人或第三方")),
)
IN_HAND = ("handling", gettext_lazy("办理中"))
#: The steps of intake: a request with no other step has not been taken up yet (a new request).
INTAKE_ACTIONS = ("submit", "receive", "transfer")
#: Waiting for someone else: 补正 or the fee (the applicant), a consultation (the third party).
WAITING_STATUSES = (Status.CORRECTION, Status.FEE, Status.CONSULTING)
WORKSPACE_LIMIT = 300


def _handled():
    return Exists(Event.objects.filter(request=OuterRef("pk")).exclude(action__in=INTAKE_ACTIONS))


def board_requests(user, within: str = ""):
    """The requests an officer's board covers: not yet received or open, of the units ``user`` may view in
    ``foi`` (a unit its own and those below it, the office every unit), narrowed to the unit ``within`` (a unit
    code) and the units below it."""
    from organizations.selectors import subtree_q

    qs = requests_visible_to(user).filter(status__in=[Status.SUBMITTED, *OPEN_STATUSES])
    if within:
        qs = qs.filter(subtree_q(within, "unit__"))
    return qs


def section_q(key: str, today: date) -> Q:
    """Which requests a section holds. Only a request being handled (办理中) runs against its stored due date:
    during 补正, the fee or a consultation the clock does not run (the stored date moves when it resumes)."""
    week_end = today + timedelta(days=7)
    timed = Q(status=Status.RECEIVED, due_date__isnull=False)
    if key == "overdue":
        return timed & Q(due_date__lt=today)
    if key == "week":
        return timed & Q(due_date__gte=today, due_date__lte=week_end)
    if key == "new":
        untouched = (
            Q(status=Status.RECEIVED) & ~Q(_handled()) & (Q(due_date__isnull=True) | Q(due_date__gt=week_end))
        )
        return Q(status=Status.SUBMITTED) | untouched
    if key == "waiting":
        return Q(status__in=WAITING_STATUSES)
    raise ValueError(f"unknown section {key!r}")


def handling_counts(user, today: date, within: str = "") -> dict[str, int]:
    """How many requests each section holds for ``user`` — the one count the desk, the office's dashboard and
    the FOI workspace all show. One query."""
    found = board_requests(user, within).aggregate(
        **{key: Count("pk", filter=section_q(key, today)) for key, _title in SECTIONS}
    )
    return {key: found[key] or 0 for key, _title in SECTIONS}


@dataclass(frozen=True)
class BoardRow:
    """One request on the board: its section, and its time left in working days (None: no clock running)."""

    request: DisclosureRequest
    section: str
    remaining: clock.Remaining | None
    note: str


def _clock_note(r: DisclosureRequest, today: date) -> tuple[clock.Remaining | None, str]:
    """The time left as of ``today`` and what the clock is doing, in words."""
    from .services import compute_clock

    if r.status == Status.SUBMITTED:
        return None, _("确认之日为收到申请之日，自次日起计算 20 个工作日")
    if r.status == Status.CORRECTION:
        deadline = r.correction_deadline.isoformat() if r.correction_deadline else "—"
        return None, _("待申请人补正（补正期限 {d}），收到补正后重新计算 20 个工作日").format(d=deadline)
    found = compute_clock(r, today=today)
    if found is None:
        return None, ""
    left = clock.remaining(found.due_date, today)
    if r.status == Status.CONSULTING:
        return left, _("征求第三方意见中，计时暂停")
    if r.status == Status.FEE:
        return left, _("待申请人缴费，计时暂停")
    return left, ""


def handling_board(user, today: date, within: str = "", *, limit: int = WORKSPACE_LIMIT) -> list[BoardRow]:
    """The requests of :func:`board_requests`, section by section (then 办理中), each by due date (at most
    ``limit`` per section), with the working days left computed on the engine — consultations and fees from
    their facts as of ``today``. Six queries whatever the number of requests."""
    base = (
        board_requests(user, within).select_related("unit").order_by(F("due_date").asc(nulls_last=True), "id")
    )
    rows: list[tuple[str, DisclosureRequest]] = []
    in_hand = Q()
    for key, _title in SECTIONS:
        rows += [(key, r) for r in base.filter(section_q(key, today))[:limit]]
        in_hand &= ~section_q(key, today)
    rows += [(IN_HAND[0], r) for r in base.filter(in_hand)[:limit]]
    prefetch_related_objects([r for _key, r in rows], "consultations")
    board = []
    for key, r in rows:
        left, note = _clock_note(r, today)
        board.append(BoardRow(request=r, section=key, remaining=left, note=note))
    return board


def may_use_board(user) -> bool:
    """Who has an FOI board (the desk's section, the workspace, the staff link): anyone who may view requests."""
    return perms.can(user, perms.VIEW, "foi")


#: The desk shows this many requests (the most urgent first); the workspace lists them all.
DESK_LINES = 6


def row_words(row: BoardRow, user) -> tuple[str, str]:
    """A request's line in words: what is asked (personal data masked unless the user may see it), and when."""
    r = row.request
    text = r.description if perms.may_see_personal_data(user, r, r.unit) else perms.redact_text(r.description)
    text = " ".join(text.split())
    what = text[:40] + ("…" if len(text) > 40 else "")
    when = row.remaining.label if row.remaining else ""
    return what, "；".join(x for x in (str(r.get_status_display()), when, row.note) if x)


def desk_section(user, within: str, today: date):
    """The FOI section of the publishing desk (registered in FoiConfig.ready()): the counts of
    :func:`handling_counts` and the most urgent requests, or None for someone without requests to see."""
    from urllib.parse import urlencode

    from publishing.selectors import DeskCount, DeskLine, DeskSection

    if not may_use_board(user):
        return None
    counts = handling_counts(user, today, within)
    base = reverse("foi:workspace") + (f"?{urlencode({'within': within})}" if within else "")
    lines = []
    for row in handling_board(user, today, within, limit=DESK_LINES):
        if row.section in ("overdue", "week", "new") and len(lines) < DESK_LINES:
            what, when = row_words(row, user)
            lines.append(
                DeskLine(
                    title=f"{row.request.reference} {what}",
                    unit=row.request.unit.name,
                    when=when,
                    action=str(_("办理")),
                    url=reverse("foi:handling", args=[row.request.pk]),
                    badge=str(dict(SECTIONS)[row.section]),
                )
            )
    return DeskSection(
        key="foi",
        title=str(_("依申请公开")),
        url=base,
        counts=tuple(
            DeskCount(
                key=key, title=str(title), count=counts[key], url=f"{base}#{key}", unit=str(_("件申请"))
            )
            for key, title in SECTIONS
        ),
        lines=tuple(lines),
        link_label=str(_("进入依申请公开工作台")),
    )


def workspace(user, today: date) -> list[BoardRow]:
    """The FOI workspace's list (kept for callers of the former name)."""
    return handling_board(user, today)


def request_for_officer(user, pk: int) -> DisclosureRequest:
    """A request the user may view, else DoesNotExist."""
    return requests_visible_to(user).select_related("unit").get(pk=pk)


def attachments_for_handler(user):
    """The applicants' attachments ``user`` may open: those of requests of the units the user handles
    (CHANGE on ``foi``: the unit's officers and the district office; not reviewers, auditors or citizens)."""
    return RequestAttachment.objects.filter(perms.unit_filter(user, perms.CHANGE, "foi", "request__unit__"))


# -- indicators for assessment ---------------------------------------------------------------------------
def reply_timeliness(unit_ids, start: date, end: date) -> dict[int, dict]:
    """Per unit: requests answered in [start, end] (``total``), those answered by their due date
    (``on_time``), and the late ones — answered late, or still open with the due date passed by ``end`` —
    as ``(request id, text)`` evidence. Two queries."""
    out = {uid: {"on_time": 0, "total": 0, "late": []} for uid in unit_ids}
    for pk, unit_id, ref, due, replied in DisclosureRequest.objects.filter(
        unit_id__in=unit_ids,
        replied_on__gte=start,
        replied_on__lte=end,
        due_date__isnull=False,
    ).values_list("pk", "unit_id", "reference", "due_date", "replied_on"):
        entry = out[unit_id]
        entry["total"] += 1
        if replied <= due:
            entry["on_time"] += 1
        else:
            entry["late"].append((pk, f"申请 {ref} 应于{due}前答复，实际{replied}答复"))
    for pk, unit_id, ref, due in DisclosureRequest.objects.filter(
        unit_id__in=unit_ids,
        status__in=OPEN_STATUSES,
        due_date__gte=start,
        due_date__lt=end,
    ).values_list("pk", "unit_id", "reference", "due_date"):
        entry = out[unit_id]
        entry["total"] += 1
        entry["late"].append((pk, f"申请 {ref} 应于{due}前答复，截至{end}尚未答复"))
    return out


def appeal_corrections(unit_ids, start: date, end: date) -> dict[int, list[tuple[int, str]]]:
    """Per unit: appeals decided in [start, end] that corrected the reply (结果纠正). One query."""
    out: dict[int, list[tuple[int, str]]] = {uid: [] for uid in unit_ids}
    for pk, unit_id, ref, kind, decided in Appeal.objects.filter(
        request__unit_id__in=unit_ids,
        outcome=AppealOutcome.CORRECTED,
        decided_on__gte=start,
        decided_on__lte=end,
    ).values_list("pk", "request__unit_id", "request__reference", "kind", "decided_on"):
        label = dict(Appeal._meta.get_field("kind").choices)[kind]
        out[unit_id].append((pk, f"申请 {ref} 的答复经{label}于{decided}被纠正"))
    return out


def on_time_reply_rate(unit, start: date, end: date) -> tuple[int, int]:
    """(answered on time, answered or overdue) for one unit in [start, end]."""
    entry = reply_timeliness([unit.pk], start, end)[unit.pk]
    return entry["on_time"], entry["total"]


def corrected_on_appeal(unit, start: date, end: date) -> int:
    """Replies of one unit corrected on review or in court, decided in [start, end]."""
    return len(appeal_corrections([unit.pk], start, end)[unit.pk])


# -- reports for the portal ------------------------------------------------------------------------------
def published_reports(year: int | None = None):
    """Published annual reports (the 政府信息公开年报 column), newest first."""
    qs = AnnualReport.objects.filter(published_at__isnull=False).select_related("unit")
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-district", "unit__tree_id", "unit__lft")


def report_url(report: AnnualReport, fmt: str = "html") -> str:
    scope = "district" if report.district else report.unit.code
    if fmt == "html":
        return reverse("foi:annual_report", args=[report.year, scope])
    return reverse("foi:annual_report_file", args=[report.year, scope, fmt])


def reports_by_year() -> dict[int, list[AnnualReport]]:
    grouped: dict[int, list[AnnualReport]] = defaultdict(list)
    for report in published_reports():
        grouped[report.year].append(report)
    return dict(grouped)


def can_view_request(user, request: DisclosureRequest) -> bool:
    return perms.can(user, perms.VIEW, "foi", request.unit)
