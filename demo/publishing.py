"""Demo data for publishing: the 三级清单 of the demo district, generated from the approved demo edition, and a
living year of disclosure work relative to today (:mod:`demo.year`, :mod:`demo.story`).

Idempotent: the year is written once, on a district with no records yet; a second run generates the
obligations again (nothing changes) and leaves the records alone. The events with nothing published (decisions
found in the units' ledgers) are handed to the assessment loader in ``data["story"]["triggers"]``.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from catalog.models import CatalogEdition
from organizations.models import Membership, Role, Unit
from publishing.models import Obligation, ObligationStatus, Publication
from publishing.services import generate_obligations, refresh_deadlines

from . import story as demo_story
from . import year as demo_year

#: story units whose author and approver the demo file names (the rest: the office drafts, the joint meeting
#: reviews — both office-role accounts, never the same person)
STORY_PEOPLE = {
    "GS-JYJ": ("officer_jyj", "reviewer_jyj"),
    "GS-MZJ": ("officer_mzj", "joint_meeting"),
    "GS-HS": ("officer_hushu", "reviewer_hushu"),
    "GS-HS-01": ("officer_community", "reviewer_hushu"),
    "GS-XH": ("officer_xiaohe", "joint_meeting"),
}


def people() -> dict[str, tuple]:
    """unit code → (unit, author, approver) for every active unit."""
    users = {u.username: u for u in get_user_model().objects.filter(memberships__isnull=False).distinct()}
    officers = {
        m.unit_id: m.user
        for m in Membership.objects.filter(role=Role.OFFICER).select_related("user").order_by("-id")
    }
    reviewers = {
        m.unit_id: m.user
        for m in Membership.objects.filter(role=Role.REVIEWER).select_related("user").order_by("-id")
    }
    office, meeting = users["office"], users.get("joint_meeting", users["office"])
    out = {}
    for unit in Unit.objects.filter(is_active=True):
        if unit.code in STORY_PEOPLE:
            author, approver = (users[name] for name in STORY_PEOPLE[unit.code])
        else:
            author = officers.get(unit.pk, office)
            approver = reviewers.get(unit.pk, meeting if author != meeting else office)
        out[unit.code] = (unit, author, approver)
    return out


@transaction.atomic
def live_year(data: dict) -> dict:
    """Write the demo year (see :mod:`demo.year`)."""
    today = timezone.localdate()
    demo_year.set_obligations_start(demo_year.year_start(today))
    cast = people()
    routines, triggers = demo_year.plan_year(today)
    office = get_user_model().objects.get(username="office")
    routine = demo_year.write_routine(routines, {u.pk: (a, r) for u, a, r in cast.values()}, office=office)
    story = demo_story.write_story(today, cast)
    superseded = demo_story.supersede_figures(today, cast)
    data.setdefault("story", {})["triggers"] = [(o.pk, day, text) for o, day, text in triggers]
    refresh_deadlines()
    return {"routine_records": routine, "story_records": len(story), "superseded": superseded}


def load(data: dict) -> dict:
    """Generate (idempotently) the obligations for the edition in force; then the year, once."""
    edition = CatalogEdition.objects.current()
    if edition is None:
        return {"obligations": 0}
    result = generate_obligations(edition=edition)
    summary = {
        "obligations": Obligation.objects.filter(status=ObligationStatus.ACTIVE).count(),
        "created": result.created,
        "closed": result.closed,
    }
    if not Publication.objects.exists():
        summary.update(live_year(data))
    return summary
