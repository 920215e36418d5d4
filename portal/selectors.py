"""Reads for the public pages. Each function runs a fixed number of queries whatever the data size.

Publications are read through ``publishing`` when it is installed (its ``selectors`` module if it has one,
else ``Publication.objects.published()``); without it the pages show the catalog alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

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
    qs = getter() if getter else publishing_models.Publication.objects.public()
    return qs.select_related("unit")


def _empty():
    return []


def latest_publications(*, units=None, limit: int = LATEST, brief: bool = False):
    """The newest public records (of ``units``); ``brief``: only what a list shows (no body)."""
    qs = published_publications()
    if qs is None:
        return _empty()
    if units is not None:
        qs = qs.filter(unit__in=units)
    if brief:
        qs = qs.only(*LIST_COLUMNS, *UNIT_COLUMNS)
    return list(qs.order_by("-published_at", "-id")[:limit])


RECENT_WINDOW = 2000


def _newest(field: str = "published_at"):
    """Newest first, as an expression: the planner cannot take this ordering from the ``published_at`` index,
    so it reads the few rows a filter selects instead of walking the index (the whole table for a rare item)."""
    return Coalesce(field, Value(datetime.min.replace(tzinfo=UTC)))


def latest_by_item(item_ids) -> dict[int, object]:
    """The latest published publication for each catalog item (two or three bounded queries).

    First the items' fulfilments among the ``RECENT_WINDOW`` newest public records (read from the index on
    ``published_at``): that finds the busy items. The items not found there have few records, so each one's
    newest is then read from its own fulfilments (an ordering the planner cannot take from the
    ``published_at`` index, which it would otherwise walk to the end for a rare item). Then the records.
    """
    item_ids = list(item_ids)
    if publishing_models is None or not item_ids:
        return {}
    published = publishing_models.PublicationStatus.PUBLISHED  # Publication.objects.public(), as a join
    recent = published_publications().order_by("-published_at", "-id").values("pk")[:RECENT_WINDOW]
    found: dict[int, tuple] = {}
    for item, pub, at in publishing_models.Fulfilment.objects.filter(
        obligation__item_id__in=item_ids, publication_id__in=recent
    ).values_list("obligation__item_id", "publication_id", "publication__published_at"):
        if item not in found or (at, pub) > found[item]:
            found[item] = (at, pub)
    pairs = [(item, pub) for item, (_at, pub) in found.items()]
    missing = [item for item in item_ids if item not in found]
    if missing:
        newest = _newest("publication__published_at")
        latest = (
            publishing_models.Fulfilment.objects.filter(
                obligation__item_id=OuterRef("item_id"), publication__status=published
            )
            .order_by(newest.desc(), "-publication_id")
            .values("publication_id")[:1]
        )
        pairs += list(
            catalog_selectors.public_items()
            .filter(item_id__in=missing)
            .order_by()
            .annotate(latest=Subquery(latest))
            .values_list("item_id", "latest")
        )
    wanted = {pub for _item, pub in pairs if pub}
    pubs = {p.pk: p for p in list_rows(wanted)} if wanted else {}
    return {item: pubs[pub] for item, pub in pairs if pub in pubs}


LIST_COLUMNS = ("id", "title", "index_number", "published_at", "validity", "unit_id", "interprets_id")
UNIT_COLUMNS = ("unit__code", "unit__name", "unit__short_name", "unit__tree_id", "unit__lft", "unit__tier")


WINDOW_SQL = """SELECT r.id FROM (SELECT p.id, p.published_at FROM {table} p WHERE p.status = %s
    ORDER BY p.published_at DESC, p.id DESC LIMIT %s) r
WHERE r.id IN ({fulfilled}) AND r.id <> %s ORDER BY r.published_at DESC, r.id DESC LIMIT %s"""


def newest_ids(fulfilled, limit: int, exclude: int | None = None) -> list[int]:
    """Ids of the ``limit`` newest public records among ``fulfilled`` (a subquery of publication ids), in
    bounded work: first among the ``RECENT_WINDOW`` newest public records (the ``published_at`` index walked
    in order, each checked against the subquery, stopping at ``limit``: enough for a busy item), and only
    when that finds fewer than ``limit``, from the item's own fulfilments (then they are few, or old)."""
    from django.db import connection

    published = published_publications()
    if exclude is not None:
        published = published.exclude(pk=exclude)
    inner, params = fulfilled.query.sql_with_params()
    sql = WINDOW_SQL.format(table=publishing_models.Publication._meta.db_table, fulfilled=inner)
    status = publishing_models.PublicationStatus.PUBLISHED
    with connection.cursor() as cursor:
        cursor.execute(sql, [status, RECENT_WINDOW, *params, exclude or 0, limit])
        ids = [row[0] for row in cursor.fetchall()]
    if len(ids) < limit:
        ids = list(
            published.filter(pk__in=fulfilled)
            .order_by(_newest().desc(), "-id")
            .values_list("pk", flat=True)[:limit]
        )
    return ids


def list_rows(ids) -> list:
    """The records ``ids`` with the columns a list shows (no body), their unit's name and place in the tree."""
    if not ids:
        return []
    return list(published_publications().filter(pk__in=ids).only(*LIST_COLUMNS, *UNIT_COLUMNS))


ITEM_LIMIT = 50


def item_publications(item_id: int, limit: int | None = None) -> list:
    """The item's ``limit`` (``ITEM_LIMIT``) newest published records, grouped by unit (three queries at
    most, bounded)."""
    if published_publications() is None:
        return []
    limit = limit or ITEM_LIMIT
    fulfilled = publishing_models.Fulfilment.objects.filter(obligation__item_id=item_id).values(
        "publication_id"
    )
    rows = list_rows(newest_ids(fulfilled, limit))
    rows.sort(key=lambda p: (-p.published_at.timestamp(), -p.pk) if p.published_at else (0, -p.pk))
    rows.sort(key=lambda p: (p.unit.tree_id, p.unit.lft))
    return rows


def also_answers(publications, item_id: int) -> dict[int, list]:
    """For the records among ``publications`` that are linked to several items (合并公开): the other items each
    also answers, as public catalog entries (code, name), in catalog order. Two queries, bounded by the page."""
    ids = [p.pk for p in publications]
    if publishing_models is None or not ids:
        return {}
    pairs = set(
        publishing_models.Fulfilment.objects.filter(publication_id__in=ids)
        .exclude(obligation__item_id=item_id)
        .values_list("publication_id", "obligation__item_id")
    )
    if not pairs:
        return {}
    entries = {
        e.item_id: e
        for e in catalog_selectors.public_items().filter(item_id__in={item for _pub, item in pairs})
    }
    out: dict[int, list] = {}
    for pub, item in pairs:
        if item in entries:
            out.setdefault(pub, []).append(entries[item])
    for found in out.values():
        found.sort(key=lambda e: (e.position, e.code))
    return out


# -- home, field ----------------------------------------------------------------------------------------
def home_data() -> dict:
    domains = list(Domain.objects.active().select_related("lead_unit"))
    counts = dict(
        Unit.objects.active().order_by().values_list("tier").annotate(n=Count("id")).values_list("tier", "n")
    )
    tiers = [(tier.value, tier.label, counts.get(tier.value, 0)) for tier in TIERS]
    return {"domains": domains, "tiers": tiers, "latest": latest_publications(brief=True)}


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
        "publications": latest_publications(units=[unit], limit=30, brief=True),
        "points": list(ServicePoint.objects.filter(unit=unit, is_active=True)),
        "contacts": public_contacts(unit),
        "children": list(unit.get_children().filter(is_active=True)),
    }


# -- the units directory ---------------------------------------------------------------------------------
UNITS_PER_PAGE = 120


@dataclass
class UnitList:
    """One tier's units on the directory page: a bounded page of them, and how many there are in all."""

    tier: str
    label: str
    total: int
    units: list
    page: int = 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // UNITS_PER_PAGE))

    @property
    def more(self) -> bool:
        return self.total > len(self.units)


def _unit_page(qs, page: int) -> list:
    """One page of units, each with its ``href`` (reversed once for the page, not once per unit)."""
    from .sitemaps import path_maker

    start = (page - 1) * UNITS_PER_PAGE
    rows = list(qs.order_by("tree_id", "lft").only("code", "name", "tier")[start : start + UNITS_PER_PAGE])
    make = path_maker("unit")
    for unit in rows:
        unit.href = make(unit.code)
    return rows


def units_directory(*, tier: str = "", street: Unit | None = None, page: int = 1) -> dict:
    """The units page in bounded queries whatever the number of units: the count per tier (one grouped
    query), then one page of district units and one page of streets with their number of communities; a
    street's communities on demand (``street``); a whole tier paged (``tier``)."""
    counts = dict(
        Unit.objects.active().order_by().values_list("tier").annotate(n=Count("id")).values_list("tier", "n")
    )
    active = Unit.objects.active()
    if street is not None:
        communities = active.filter(parent=street)
        total = communities.count()
        page = min(page, max(1, -(-total // UNITS_PER_PAGE)))
        label = Tier(Tier.COMMUNITY).label
        return {
            "counts": counts,
            "street": street,
            "lists": [UnitList(Tier.COMMUNITY, label, total, _unit_page(communities, page), page)],
        }
    tiers = [t for t in TIERS if t.value == tier] or [Tier.DISTRICT, Tier.STREET]
    lists = []
    for t in tiers:
        total = counts.get(t.value, 0)
        n = min(page, max(1, -(-total // UNITS_PER_PAGE))) if tier else 1
        qs = active.filter(tier=t.value)
        if t == Tier.STREET:
            children = Unit.objects.active().filter(parent=OuterRef("pk")).order_by().values("parent")
            qs = qs.annotate(
                communities=Coalesce(Subquery(children.annotate(n=Count("id")).values("n")[:1]), 0)
            )
        lists.append(UnitList(t.value, t.label, total, _unit_page(qs, n), n))
    return {"counts": counts, "street": None, "lists": lists, "tier": tier}


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


def publication_data(pub, on_items=None) -> dict:
    """What a record's page shows besides the record; ``on_items(codes)`` is told its items' codes before
    their other records are read (the page cache's dependencies)."""
    published = published_publications()
    links = list(
        publishing_models.Fulfilment.objects.filter(publication=pub).values_list(
            "obligation__item_id", "obligation__item__code"
        )
    )
    item_ids = [item for item, _code in links]
    if on_items is not None:
        on_items([code for _item, code in links])
    items = list(catalog_selectors.public_items().filter(item_id__in=item_ids).order_by("position"))
    # The items' ten newest other records (bounded: see newest_ids), without their bodies.
    fulfilled = publishing_models.Fulfilment.objects.filter(obligation__item_id__in=item_ids).values(
        "publication_id"
    )
    ids = newest_ids(fulfilled, 10, exclude=pub.pk) if item_ids else []
    by_id = {p.pk: p for p in list_rows(ids)}
    related = [by_id[pk] for pk in ids if pk in by_id]
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
    members: list = None  # (number, point) of every point drawn as this one marker

    @property
    def grouped(self) -> bool:
        return len(self.members or []) > 1

    @property
    def label(self) -> str:
        return "、".join(f"{n}. {p.name}" for n, p in self.members or [(self.number, self.point)])


GROUP_DISTANCE = 30  # map units: closer points are drawn as one marker with their count


MAP_W, MAP_H, PAD = 1000, 640, 40


def service_points(unit_code: str | None = None, kind: str | None = None) -> list[ServicePoint]:
    qs = ServicePoint.objects.public().select_related("unit")
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
        out.append(Plotted(p, n, round(x, 1), round(y, 1), [(n, p)]))
    return group_overlapping(out)


def group_overlapping(plotted: list[Plotted]) -> list[Plotted]:
    """Draw points closer than GROUP_DISTANCE as one marker (the first one's place) listing them all."""
    groups: list[Plotted] = []
    for mark in plotted:
        near = next(
            (g for g in groups if (g.x - mark.x) ** 2 + (g.y - mark.y) ** 2 < GROUP_DISTANCE**2), None
        )
        if near is None:
            groups.append(mark)
        else:
            near.members.append((mark.number, mark.point))
    return groups


# -- big screen ------------------------------------------------------------------------------------------
def screen_data(unit: Unit | None) -> dict:
    units = None
    if unit is not None:
        units = Unit.objects.filter(tree_id=unit.tree_id, lft__gte=unit.lft, rght__lte=unit.rght)
    return {
        "latest": latest_publications(units=units, limit=8, brief=True),
        "domains": list(Domain.objects.active().select_related("lead_unit")),
        "points": service_points(unit.code) if unit is not None else [],
    }


# -- what the search index reads --------------------------------------------------------------------------
def public_entries(codes=None) -> list:
    """Items of the edition in force (all, or those ``codes``), with their field."""
    qs = catalog_selectors.public_items()
    if codes is not None:
        qs = qs.filter(code__in=list(codes))
    return list(qs.order_by("position"))


def entry_names(item_ids) -> dict[int, str]:
    """Names of items of the edition in force by item id (one query)."""
    ids = [i for i in item_ids if i]
    if not ids:
        return {}
    return dict(catalog_selectors.public_items().filter(item_id__in=ids).values_list("item_id", "name"))


def public_guides(codes=None) -> list[tuple]:
    """(guide, its item's entry) for the active service guides of items in force (three queries)."""
    from catalog.models import ServiceGuide

    entries = {e.item_id: e for e in catalog_selectors.public_items()}
    qs = ServiceGuide.objects.filter(is_active=True, item_id__in=list(entries)).prefetch_related(
        "materials", "steps"
    )
    if codes is not None:
        qs = qs.filter(code__in=list(codes))
    return [(g, entries[g.item_id]) for g in qs.order_by("id")]


def public_guide(code: str):
    """One public guide and its item's entry, or LookupError."""
    found = public_guides([code])
    if not found:
        raise LookupError(code)
    return found[0]


def publications_for_index(index_numbers=None):
    """Public publications (all, or those index numbers) streamed in index order, and for each the
    (item name, field code, field name) of the items it fulfils."""
    qs = published_publications()
    if qs is None:
        return [], {}
    if index_numbers is not None:
        qs = qs.filter(index_number__in=list(index_numbers))
    pubs = list(qs.order_by("id")) if index_numbers is not None else qs.order_by("id").iterator(2000)
    items_of: dict[int, list] = {}
    links = publishing_models.Fulfilment.objects.filter(publication__in=qs.values("pk")).values_list(
        "publication_id",
        "obligation__item__name",
        "obligation__item__domain__code",
        "obligation__item__domain__name",
    )
    for pub_id, name, field_code, field_name in links.iterator(5000):
        items_of.setdefault(pub_id, []).append((name, field_code, field_name))
    return pubs, items_of


def validity_choices() -> list[tuple[str, str]]:
    """The validity states of a publication (有效/失效/废止)."""
    return list(publishing_models.Validity.choices) if publishing_models is not None else []


# -- the 政府信息公开 column ------------------------------------------------------------------------------
def catalog_documents(*, field="", unit="", genre="", year=None, month=None):
    """The 信息公开目录: public publications as indexed, newest first, filtered (a QuerySet to paginate)."""
    from .models import DocumentKind, SearchDocument

    qs = SearchDocument.objects.filter(kind=DocumentKind.PUBLICATION).defer(
        "title_seg", "docno_seg", "item_seg", "body_seg", "summary"
    )
    if field:
        qs = qs.filter(field_code=field)
    if unit:
        qs = qs.filter(unit_code=unit)
    if genre:
        qs = qs.filter(genre=genre)
    if year:
        qs = qs.filter(year=year)
    if year and month:
        qs = qs.filter(date__year=year, date__month=month)
    return qs.order_by("-date", "-id")


def policy_documents(*, validity="", unit="", year=None, q=""):
    """The 政策文件 library: public publications with a 文号 (a QuerySet to paginate), newest first."""
    qs = published_publications()
    if qs is None:
        return None
    qs = qs.exclude(doc_number="").filter(interprets__isnull=True)
    if validity:
        qs = qs.filter(validity=validity)
    if unit:
        qs = qs.filter(unit__code=unit)
    if year:
        qs = qs.filter(formed_on__year=year)
    if q:
        qs = qs.filter(doc_number__icontains=q[:40]) | qs.filter(title__icontains=q[:40])
    return qs.select_related("superseded_by").order_by("-formed_on", "-id")


def policy_links(pubs) -> dict:
    """For a page of policies: the records each replaced (superseded chain) and its interpretations
    (two queries)."""
    ids = [p.pk for p in pubs]
    replaced: dict[int, list] = {}
    interpretations: dict[int, list] = {}
    if not ids:
        return {"replaced": replaced, "interpretations": interpretations}
    for old in publishing_models.Publication.objects.filter(superseded_by_id__in=ids).only(
        "title", "index_number", "doc_number", "superseded_by_id", "status"
    ):
        replaced.setdefault(old.superseded_by_id, []).append(old)
    for interp in (
        published_publications()
        .filter(interprets_id__in=ids)
        .only("title", "index_number", "interprets_id", "unit")
    ):
        interpretations.setdefault(interp.interprets_id, []).append(interp)
    return {"replaced": replaced, "interpretations": interpretations}


def interpretations():
    """The 政策解读 column: public interpretations with the policy each explains (a QuerySet)."""
    qs = published_publications()
    if qs is None:
        return None
    return qs.filter(interprets__isnull=False).select_related("interprets").order_by("-published_at", "-id")


YEARS_SQL = """WITH RECURSIVE y(year) AS (
    SELECT MAX(year) FROM {table} WHERE kind = %s AND year IS NOT NULL
    UNION ALL
    SELECT (SELECT MAX(year) FROM {table} WHERE kind = %s AND year < y.year) FROM y WHERE y.year IS NOT NULL
) SELECT year FROM y WHERE year IS NOT NULL"""


def catalog_years() -> list[int]:
    """The years of the indexed records, newest first: one step down the ``year`` index per year (a loose
    index scan), not a DISTINCT over every record."""
    from django.db import connection

    from .models import DocumentKind, SearchDocument

    kind = DocumentKind.PUBLICATION
    with connection.cursor() as cursor:
        cursor.execute(YEARS_SQL.format(table=SearchDocument._meta.db_table), [kind, kind])
        return [row[0] for row in cursor.fetchall()]


def item_duty_units(item_id: int) -> list[dict]:
    """The units that owe an item (its 公开主体 read into units), each with how many records it has published;
    empty without publishing."""
    if publishing_models is None:
        return []
    from publishing import selectors as publishing_selectors

    return [
        {"name": name, "code": code, "tier": tier, "records": records, "why": why}
        for name, code, tier, records, why in publishing_selectors.item_duty_units(item_id)
    ]
