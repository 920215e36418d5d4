"""Telling the officers: a request that reaches a unit (filed online, registered at the counter, transferred in)
is a notice in the bell of the unit's officers (and by mail or SMS as each chose), through publishing's
service — publishing sits below foi and never imports it.

The notice links to the request's handling page; a person gets one notice per request (a retried call adds
none). A unit without an officer sends it to the district office, so no request waits unseen.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from organizations.models import Role, Unit
from organizations.selectors import people_of

from .models import DisclosureRequest, Status


def recipients(request: DisclosureRequest) -> list[int]:
    """The active officers of the receiving unit; the office's people when the unit has none."""
    found = list(people_of([request.unit], Role.OFFICER).values_list("user_id", flat=True))
    if not found:
        found = list(
            people_of(Unit.objects.filter(is_active=True), Role.OFFICE).values_list("user_id", flat=True)
        )
    return list(dict.fromkeys(found))


def announce(request: DisclosureRequest, *, actor=None, origin: str = "") -> int:
    """Raise the bell notice of a request that has just reached its unit (in the caller's transaction; a
    transferred one names the unit it came from, ``origin``); the person who caused it is not told. Returns
    how many notices were written."""
    from publishing.models import NoticeKind
    from publishing.services import notify_staff

    if request.imported:
        return 0
    if origin:
        text = _("{origin}转来的政府信息公开申请 {ref}，请办理").format(origin=origin, ref=request.reference)
    elif request.status == Status.SUBMITTED:
        text = _("新的政府信息公开申请 {ref}（网上申请，待确认收到）").format(ref=request.reference)
    else:
        due = request.due_date.isoformat() if request.due_date else "—"
        text = _("新的政府信息公开申请 {ref}（{channel}，答复期限 {due}）").format(
            ref=request.reference, channel=request.get_channel_display(), due=due
        )
    return notify_staff(
        kind=NoticeKind.FOI,
        user_ids=recipients(request),
        text=text,
        url=reverse("foi:handling", args=[request.pk]),
        exclude=[getattr(actor, "pk", None)],
    )


def correction_supplied(request: DisclosureRequest) -> int:
    """The applicant supplied the 补正 online: the unit's officers are told (once per correction) that the
    period runs again, with the new due date."""
    from publishing.models import NoticeKind
    from publishing.services import notify_staff

    due = request.due_date.isoformat() if request.due_date else "—"
    on = request.correction_received_on.isoformat() if request.correction_received_on else ""
    return notify_staff(
        kind=NoticeKind.FOI,
        user_ids=recipients(request),
        text=_("申请 {ref} 的申请人已提交补正材料，答复期限重新计算至 {due}").format(
            ref=request.reference, due=due
        ),
        url=f"{reverse('foi:handling', args=[request.pk])}#corrected-{on}",
    )
