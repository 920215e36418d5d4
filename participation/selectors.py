"""Reads on participation data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q

from catalog import selectors as catalog_selectors
from catalog.models import DisclosureItem, ServiceGuide
from organizations.models import ServicePoint, Unit
from publishing.models import Publication

from .models import Correction, Rating, RatingTarget, SupervisorReport


def rating_summary(target_kind: str, target_code: str) -> dict:
    """Good and bad counts for one target (one query)."""
    return Rating.objects.filter(target_kind=target_kind, target_code=target_code).aggregate(
        good=Count("id", filter=Q(value="good")), bad=Count("id", filter=Q(value="bad"))
    )


def rating_summaries(targets: Iterable[tuple[str, str]]) -> dict[tuple[str, str], dict]:
    """Good and bad counts for many (kind, code) targets in one query, however many there are; unrated targets
    get zeros. An item page uses it for the item and each of its service guides."""
    targets = list(dict.fromkeys(targets))
    result = {target: {"good": 0, "bad": 0} for target in targets}
    if not targets:
        return result
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, code in targets:
        by_kind[kind].append(code)
    condition = Q()
    for kind, codes in by_kind.items():
        condition |= Q(target_kind=kind, target_code__in=codes)
    rows = (
        Rating.objects.filter(condition)
        .order_by()
        .values("target_kind", "target_code")
        .annotate(good=Count("id", filter=Q(value="good")), bad=Count("id", filter=Q(value="bad")))
    )
    for row in rows:
        result[(row["target_kind"], row["target_code"])] = {"good": row["good"], "bad": row["bad"]}
    return result


def reports_of(user):
    """The reports a supervisor filed, with the office's answers."""
    return (
        SupervisorReport.objects.filed_by(user).select_related("unit", "answered_by").order_by("-created_at")
    )


def public_target_label(kind: str, code: str) -> str | None:
    """The name of a public rating target (item or guide in force, public publication, active service
    point), or None when there is no such public target (one query)."""
    code = (code or "")[:80]
    if kind == RatingTarget.ITEM:
        return catalog_selectors.public_items().filter(code=code).values_list("name", flat=True).first()
    if kind == RatingTarget.GUIDE:
        items = catalog_selectors.public_items().values("item_id")
        return (
            ServiceGuide.objects.filter(code=code, is_active=True, item_id__in=items)
            .values_list("title", flat=True)
            .first()
        )
    if kind == RatingTarget.PUBLICATION:
        return Publication.objects.public().filter(index_number=code).values_list("title", flat=True).first()
    if kind == RatingTarget.SERVICE_POINT and code.isdigit():
        return ServicePoint.objects.public().filter(pk=int(code)).values_list("name", flat=True).first()
    return None


def correction_by_code(code: str) -> Correction | None:
    """A 网站纠错 report by its tracking code (what its reporter may read: never the contact)."""
    return (
        Correction.objects.filter(code=(code or "").strip().upper()[:20])
        .only("code", "kind", "description", "status", "answer", "answered_at", "created_at", "page_url")
        .first()
    )


def rating_unit(rating: Rating):
    """The unit a rating is about (whose officers follow it up): a publication's or a service point's unit,
    a guide's or an item's responsible unit (``DisclosureItem.subject_unit``); None when no unit is named
    (district-wide: the office's). One query at most."""
    kind, code = rating.target_kind, rating.target_code or ""
    if kind == RatingTarget.PUBLICATION:
        found = Publication.objects.filter(index_number=code).select_related("unit").first()
        return found.unit if found else None
    if kind == RatingTarget.SERVICE_POINT and code.isdigit():
        found = ServicePoint.objects.filter(pk=int(code)).select_related("unit").first()
        return found.unit if found else None
    if kind == RatingTarget.ITEM:
        item = (
            DisclosureItem.objects.filter(code=code, subject_unit__isnull=False)
            .select_related("subject_unit")
            .first()
        )
        return item.subject_unit if item else None
    if kind == RatingTarget.GUIDE:
        guide = ServiceGuide.objects.filter(code=code).select_related("item__subject_unit").first()
        return guide.item.subject_unit if guide and guide.item_id else None
    return None


def correction_unit(correction: Correction):
    """The unit whose page a 网站纠错 report is about (a publication's, a unit's, an item's or a guide's
    responsible unit, read from the page address); None for a district-wide page (the office's)."""
    from urllib.parse import urlsplit

    from django.urls import Resolver404, resolve

    path = urlsplit(correction.page_url or "").path
    if not path.startswith("/"):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    code = match.kwargs.get("code") or ""
    if match.url_name == "publication":
        kind, code = RatingTarget.PUBLICATION, match.kwargs.get("index_number") or ""
    elif match.url_name in ("unit", "unit_feed", "unit_atom"):
        return Unit.objects.filter(code=code).first()
    elif match.url_name in ("item", "item_feed", "item_atom"):
        kind = RatingTarget.ITEM
    elif match.url_name == "guide":
        kind = RatingTarget.GUIDE
    else:
        return None
    return rating_unit(Rating(target_kind=kind, target_code=code))
