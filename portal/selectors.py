"""Reads for the public pages. Each function runs a fixed number of queries whatever the data size.

Publications are read through ``publishing`` when it is installed (its ``selectors`` module if it has one,
else ``Publication.objects.published()``); without it the pages show the catalog alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Subquery

from catalog import selectors as catalog_selectors
from domains.models import Domain
from organizations.models import Membership, Role, ServicePoint, Tier, Unit

try:  # publishing may be absent (or arriving): guard every use
    from publishing import models as publishing_models
except ImportError:  # pragma: no cover - publishing is installed in this project
    publishing_models = None

TIERS = (Tier.DISTRICT, Tier.STREET, Tier.COMMUNITY)
LATEST = 10


# -- publications ---------------------------------------------------------------------------------------
def has_publishing() -> bool:
    return publishing_models is not None


def published_publications():
    """Published publications (the public's view), with their unit; ``None``-safe: empty without publishing."""
    if publishing_models is None:
        return None
    try:
        from publishing import selectors as publishing_selectors

        getter = getattr(publishing_selectors, "published_publications", None)
    except ImportError:
        getter = None
    qs = getter() if getter else publishing_models.Publication.objects.published()
    return qs.select_related("unit")


def _empty():
    return []


def latest_publications(*, units=None, limit: int = LATEST):
    qs = published_publications()
    if qs is None:
        return _empty()
    if units is not None:
        qs = qs.filter(unit__in=units)
    return list(qs.order_by("-published_at", "-id")[:limit])


def latest_by_item(item_ids) -> dict[int, object]:
    """The latest published publication for each catalog item (two queries)."""
    item_ids = list(item_ids)
    if publishing_models is None or not item_ids:
        return {}
    latest = (
        publishing_models.Fulfilment.objects.filter(
            obligation__item_id=OuterRef("item_id"),
            publication__in=published_publications().values("pk"),
        )
        .order_by("-publication__published_at", "-publication_id")
        .values("publication_id")[:1]
    )
    pairs = list(
        publishing_models.Obligation.objects.filter(item_id__in=item_ids)
        .values("item_id")
        .distinct()
        .annotate(latest=Subquery(latest))
        .values_list("item_id", "latest")
    )
    wanted = {pub for _item, pub in pairs if pub}
    pubs = published_publications().in_bulk(wanted) if wanted else {}
    return {item: pubs[pub] for item, pub in pairs if pub in pubs}


def item_publications(item_id: int, limit: int = 200) -> list:
    """Published publications for an item, grouped by unit in the template (one query)."""
    qs = published_publications()
    if qs is None:
        return []
    return list(
        qs.filter(fulfilments__obligation__item_id=item_id)
        .distinct()
        .order_by("unit__tree_id", "unit__lft", "-published_at")[:limit]
    )


# -- home, field ----------------------------------------------------------------------------------------
def home_data() -> dict:
    domains = list(Domain.objects.active().select_related("lead_unit"))
    counts = dict(
        Unit.objects.active().order_by().values_list("tier").annotate(n=Count("id")).values_list("tier", "n")
    )
    tiers = [(tier.value, tier.label, counts.get(tier.value, 0)) for tier in TIERS]
    return {"domains": domains, "tiers": tiers, "latest": latest_publications()}


def field_data(domain) -> dict:
    tiers = catalog_selectors.field_tiers(domain)
    item_ids = {entry.item_id for _tier, _label, rows in tiers for _parent, entry in rows}
    latest = latest_by_item(item_ids)
    tiers = [
        (tier, label, [(parent, entry, latest.get(entry.item_id)) for parent, entry in rows])
        for tier, label, rows in tiers
    ]
    return {"tiers": tiers}


# -- unit ----------------------------------------------------------------------------------------------
def unit_by_code(code: str) -> Unit:
    return Unit.objects.active().select_related("parent").get(code=code)


def unit_items(unit: Unit) -> list:
    """The unit's 三级清单: items of the edition in force it must disclose (its obligations, else its tier)."""
    items = catalog_selectors.public_items()
    if publishing_models is not None:
        obliged = publishing_models.Obligation.objects.active().filter(unit=unit).values("item_id")
        items = items.filter(item_id__in=obliged)
    else:
        items = items.filter(**{f"tier_{unit.tier}": True})
    return list(items.order_by("domain__order", "domain__id", "position"))


def public_contacts(unit: Unit) -> list:
    """The unit's disclosure officers who agreed to be named publicly."""
    return list(
        Membership.objects.filter(unit=unit, role=Role.OFFICER, is_public_contact=True, user__is_active=True)
        .select_related("user")
        .order_by("id")
    )


def unit_data(unit: Unit) -> dict:
    return {
        "items": unit_items(unit),
        "publications": latest_publications(units=[unit], limit=30),
        "points": list(ServicePoint.objects.filter(unit=unit, is_active=True)),
        "contacts": public_contacts(unit),
        "children": list(unit.get_children().filter(is_active=True)),
    }


# -- publication -----------------------------------------------------------------------------------------
PUBLIC_STATES = ("published", "withdrawn", "superseded")


def publication_by_index(index_number: str):
    """A publication the public may open: published ones, and withdrawn or superseded ones (shown as a notice).
    Raises ``LookupError`` otherwise."""
    if publishing_models is None:
        raise LookupError(index_number)
    pub = (
        publishing_models.Publication.objects.select_related("unit", "interprets", "superseded_by")
        .filter(index_number=index_number, status__in=PUBLIC_STATES)
        .first()
    )
    if pub is None:
        raise LookupError(index_number)
    return pub


def publication_data(pub) -> dict:
    published = published_publications()
    item_ids = list(
        publishing_models.Fulfilment.objects.filter(publication=pub).values_list(
            "obligation__item_id", flat=True
        )
    )
    items = list(catalog_selectors.public_items().filter(item_id__in=item_ids).order_by("position"))
    related = (
        list(
            published.filter(fulfilments__obligation__item_id__in=item_ids)
            .exclude(pk=pub.pk)
            .distinct()
            .order_by("-published_at")[:10]
        )
        if item_ids
        else []
    )
    return {
        "interpretations": list(published.filter(interprets=pub).order_by("-published_at")),
        "interprets": pub.interprets if pub.interprets and pub.interprets.status == "published" else None,
        "superseded_by": pub.superseded_by
        if pub.superseded_by and pub.superseded_by.status == "published"
        else None,
        "attachments": list(pub.attachments.all()),
        "items": items,
        "related": related,
    }


# -- service points and their map ----------------------------------------------------------------------
@dataclass
class Plotted:
    point: ServicePoint
    number: int
    x: float
    y: float


MAP_W, MAP_H, PAD = 1000, 640, 40


def service_points(unit_code: str | None = None, kind: str | None = None) -> list[ServicePoint]:
    qs = ServicePoint.objects.filter(is_active=True, unit__is_active=True).select_related("unit")
    if unit_code:
        qs = qs.filter(unit__code=unit_code)
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs)


def district_bbox() -> tuple[Decimal, Decimal, Decimal, Decimal] | None:
    """(min lat, max lat, min lng, max lng) of every placed unit and service point of the district."""
    from django.db.models import Max, Min

    boxes = []
    for model in (Unit, ServicePoint):
        b = model.objects.filter(is_active=True, latitude__isnull=False, longitude__isnull=False).aggregate(
            a=Min("latitude"), b=Max("latitude"), c=Min("longitude"), d=Max("longitude")
        )
        if b["a"] is not None:
            boxes.append(b)
    if not boxes:
        return None
    return (
        min(b["a"] for b in boxes),
        max(b["b"] for b in boxes),
        min(b["c"] for b in boxes),
        max(b["d"] for b in boxes),
    )


def plot(points, bbox) -> list[Plotted]:
    """Place points on a MAP_W × MAP_H plane, north up, scaled to the bbox (equirectangular; fine at district
    scale). Points without coordinates are left off the plot (they stay in the list)."""
    if bbox is None:
        return []
    lat0, lat1, lng0, lng1 = (float(v) for v in bbox)
    span_lat = max(lat1 - lat0, 1e-4)
    span_lng = max(lng1 - lng0, 1e-4)
    out = []
    for n, p in enumerate(points, start=1):
        if p.latitude is None or p.longitude is None:
            continue
        x = PAD + (float(p.longitude) - lng0) / span_lng * (MAP_W - 2 * PAD)
        y = PAD + (lat1 - float(p.latitude)) / span_lat * (MAP_H - 2 * PAD)
        out.append(Plotted(p, n, round(x, 1), round(y, 1)))
    return out


# -- big screen ------------------------------------------------------------------------------------------
def screen_data(unit: Unit | None) -> dict:
    units = None
    if unit is not None:
        units = Unit.objects.filter(tree_id=unit.tree_id, lft__gte=unit.lft, rght__lte=unit.rght)
    return {
        "latest": latest_publications(units=units, limit=8),
        "domains": list(Domain.objects.active().select_related("lead_unit")),
        "points": service_points(unit.code) if unit is not None else [],
    }
