"""Reads on requests: the public status page, the catalog-aware helper, the workspace, the indicators the
assessment app scores, and the links the portal's 政府信息公开年报 column uses.

Nothing here returns personal data to an anonymous caller: :func:`public_status` hands back a
:class:`PublicStatus` made of steps, dates and the outcome only.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.urls import reverse

from organizations import permissions as perms
from organizations.models import Unit

from .categories import AppealOutcome
from .models import OPEN_STATUSES, AnnualReport, Appeal, DisclosureRequest, Event, RequestAttachment, Status

MAX_HELPER_TERMS = 4
HELPER_LIMIT = 8
_STOP = {"关于", "申请", "公开", "信息", "政府", "的", "和", "及", "请", "提供", "我", "要求", "相关"}


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
    """The request whose tracking code and secret both match, else None (same answer for either mismatch)."""
    from .services import secret_matches

    code = (code or "").strip().upper()[:20]
    if not re.fullmatch(r"[A-Z0-9]{4,20}", code or ""):
        return None
    request = DisclosureRequest.objects.select_related("unit").filter(tracking_code=code).first()
    if request is None or not secret_matches(request, (secret or "").strip()[:64]):
        return None
    return request


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


def helper_terms(text: str) -> list[str]:
    """Words worth matching from what the applicant typed (split on punctuation and spaces, stop words out)."""
    words = re.split(r"[\s\u3000,，。.;；:：、!！?？()（）《》\"“”'‘’\[\]【】]+", (text or "")[:200])
    terms = []
    for word in words:
        for part in re.split(r"(?:关于|申请|公开|要求|提供|的)", word):
            part = part.strip()[:20]
            if len(part) >= 2 and part not in _STOP and part not in terms:
                terms.append(part)
    return sorted(terms, key=len, reverse=True)[:MAX_HELPER_TERMS]


def matching_public_records(text: str, limit: int = HELPER_LIMIT) -> list[dict]:
    """Public records (published publications, catalog items in force) matching the applicant's words,
    with links: 条例 第三十六条第（一）项 — already public, tell them where. Two bounded queries."""
    from catalog.selectors import public_items
    from publishing.models import Publication

    terms = helper_terms(text)
    if not terms:
        return []
    any_term = Q()
    for term in terms:
        any_term |= Q(title__icontains=term)
    found = []
    for title, index_number, unit_name in (
        Publication.objects.published()
        .filter(any_term)
        .order_by("-formed_on")
        .values_list("title", "index_number", "unit__name")[:limit]
    ):
        found.append(
            {
                "kind": "公开信息",
                "title": title,
                "unit": unit_name,
                "url": reverse("publication", args=[index_number]),
            }
        )
    item_q = Q()
    for term in terms:
        item_q |= Q(name__icontains=term)
    for name, code in public_items().filter(item_q).values_list("name", "code")[: max(0, limit - len(found))]:
        found.append({"kind": "公开事项", "title": name, "unit": "", "url": reverse("item", args=[code])})
    return found


def public_units():
    """The units a citizen may address a request to."""
    return Unit.objects.filter(is_active=True).order_by("tree_id", "lft")


# -- officers --------------------------------------------------------------------------------------------
def requests_visible_to(user):
    return DisclosureRequest.objects.visible_to(user)


def workspace(user, today: date) -> list[dict]:
    """The user's open requests by due date, with days left (negative: overdue). One query."""
    rows = (
        requests_visible_to(user)
        .filter(status__in=[Status.SUBMITTED, *OPEN_STATUSES])
        .select_related("unit")
        .order_by("due_date", "id")[:200]
    )
    return [
        {
            "request": r,
            "overdue": bool(r.due_date and r.due_date < today),
            "days_left": (r.due_date - today).days if r.due_date else None,
        }
        for r in rows
    ]


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
