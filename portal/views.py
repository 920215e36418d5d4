"""The public site's views: thin, reading through each app's selectors (portal.selectors, catalog.selectors).

Public pages are cached whole (``cached_page``, see core.pagecache) and run a fixed number of queries.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from catalog import selectors as catalog_selectors
from catalog.models import DisclosureItem, FivePublic, PublishedItem, ServiceGuide
from catalog.selectors import guide_context
from catalog.timelimits import TimeLimitRule
from core.net import safe_next, safe_path
from core.pagecache import CSRF_PLACEHOLDER, MODE_COOKIE, MODES, cached_page, depends_on
from domains.models import Domain
from organizations.filters import ServicePointFilter
from organizations.models import BilingualService, ServicePoint, ServicePointKind, Tier, Unit
from translations import selectors as translation_selectors

from . import qr, selectors
from . import search as search_module
from .models import DocumentKind

try:
    from publishing.models import Validity
except ImportError:  # pragma: no cover
    Validity = None


def page(request, template: str, context: dict, status: int = 200):
    """render(), with the CSRF placeholder when the page is being cached (see core.pagecache)."""
    if getattr(request, "portal_csrf_placeholder", False):
        context = {**context, "csrf_token": CSRF_PLACEHOLDER}
    return render(request, template, context, status=status)


# -- pages ----------------------------------------------------------------------------------------------
@cached_page(tags=lambda request: ["latest"])
def home(request):
    return page(request, "portal/home.html", selectors.home_data())


@cached_page(tags=lambda request, code: [f"field:{code}"])
def field(request, code):
    domain = Domain.objects.active().select_related("lead_unit").filter(code=code).first()
    if domain is None:
        raise Http404(_("领域不存在或未启用"))
    return page(
        request,
        "portal/field.html",
        {
            "domain": domain,
            "edition": catalog_selectors.current_edition(),
            **selectors.field_data(domain),
        },
    )


def language_offers(request, model, pk) -> dict:
    """The record's Tibetan and Yi versions for its page: which reviewed ones exist, and the one to show side
    by side with the Chinese (``?tl=bo|ii``, else the interface language) — never an unreviewed text."""
    offers = translation_selectors.public_translations(model, pk)
    wanted = request.GET.get("tl") or translation.get_language()
    shown = next((o for o in offers if o.code == wanted), None)
    return {
        "language_offers": offers,
        "shown_language": shown,
        "any_translation": any(o.translation for o in offers),
    }


@cached_page(tags=lambda request, code: [f"item:{code}"])
def item(request, code):
    try:
        entry = catalog_selectors.public_item(code)
    except PublishedItem.DoesNotExist as exc:
        raise Http404(_("事项不存在或尚未公布")) from exc
    from participation.selectors import rating_summary

    rule = entry.data.get("time_limit_rule") or {}
    publications = selectors.item_publications(entry.item_id)
    others = selectors.also_answers(publications, entry.item_id)  # 合并公开: the other items a record answers
    for p in publications:
        p.also_answers = others.get(p.pk, [])
    return page(
        request,
        "portal/item.html",
        {
            "entry": entry,
            "rule_text": TimeLimitRule.from_dict(rule).describe() if rule else "",
            "tier_labels": [catalog_selectors.TIER_LABELS[t] for t in entry.data.get("tiers", [])],
            "five_public_label": FivePublic(entry.data["five_public"]).label
            if entry.data.get("five_public")
            else "",
            "guides": list(catalog_selectors.item_guides(entry.item_id)),
            "publications": publications,
            "duty_units": (duty_units := selectors.item_duty_units(entry.item_id)),
            "silent_units": [u for u in duty_units if not u["records"]],
            "item_limit": selectors.ITEM_LIMIT,
            "rating": rating_summary("item", entry.code),
            "rating_target": ("item", entry.code, entry.name),
            **language_offers(request, DisclosureItem, entry.item_id),
        },
    )


@cached_page
def guide(request, code):
    """One service guide on its own page: steps as a list (the flowchart beside them on a wide screen)."""
    try:
        obj, entry = selectors.public_guide(code)
    except LookupError as exc:
        raise Http404(_("办事指南不存在或已停用")) from exc
    from participation.selectors import rating_summary

    return page(
        request,
        "portal/guide.html",
        {
            **guide_context(obj),
            "entry": entry,
            "rating": rating_summary("guide", obj.code),
            "rating_target": ("guide", obj.code, obj.title),
            **language_offers(request, ServiceGuide, obj.pk),
        },
    )


@cached_page
def units(request):
    """The units directory: the district's units and streets (each with its communities' number), a street's
    communities on demand (``?street=``), a whole tier in pages (``?tier=&page=``): bounded whatever the size."""
    street = None
    code = request.GET.get("street", "")[:32]
    if code:
        street = Unit.objects.active().filter(code=code, tier=Tier.STREET).first()
        if street is None:
            raise Http404(_("街道不存在"))
    tier = request.GET.get("tier", "")
    tier = tier if tier in Tier.values else ""
    data = selectors.units_directory(
        tier=tier, street=street, page=_int(request.GET.get("page"), 1, 100000) or 1
    )
    tiers = [(t.value, t.label, data["counts"].get(t.value, 0)) for t in selectors.TIERS]
    return page(request, "portal/units.html", {**data, "tiers": tiers})


@cached_page(tags=lambda request, code: [f"unit:{code}"])
def unit(request, code):
    try:
        obj = selectors.unit_by_code(code)
    except Unit.DoesNotExist as exc:
        raise Http404(_("单位不存在")) from exc
    return page(request, "portal/unit.html", {"unit": obj, **selectors.unit_data(obj)})


@cached_page(tags=lambda request, index_number: [f"pub:{index_number}"])
def publication(request, index_number):
    try:
        pub = selectors.publication_by_index(index_number)
    except LookupError as exc:
        raise Http404(_("信息不存在或尚未发布")) from exc
    if pub.status != "published":
        return page(request, "portal/publication_gone.html", {"pub": pub}, status=410)
    from boards.selectors import posting_lines
    from participation.selectors import rating_summary

    # The page also shows the record it interprets, its replacement and its items' other records.
    depends_on(request, *[f"pub:{p.index_number}" for p in (pub.interprets, pub.superseded_by) if p])
    data = selectors.publication_data(
        pub, on_items=lambda codes: depends_on(request, *[f"item:{c}" for c in codes])
    )
    return page(
        request,
        "portal/publication.html",
        {
            "pub": pub,
            **data,
            "rating": rating_summary("publication", pub.index_number),
            "rating_target": ("publication", pub.index_number, pub.title),
            "board_postings": posting_lines(pub),  # 已在公开栏张贴：…，公示期至 …
            **language_offers(request, type(pub), pub.pk),
        },
    )


@cached_page
def service_points(request):
    unit_code = request.GET.get("unit", "")[:32]
    kind = request.GET.get("kind", "")
    if kind not in ServicePointKind.values:
        kind = ""
    bilingual = request.GET.get("bilingual", "")
    if bilingual not in BilingualService.values:
        bilingual = ""
    # The same FilterSet as the API's /api/v1/service-points/ (organizations.filters).
    active = ServicePoint.objects.public().select_related("unit")
    chosen = {"unit": unit_code, "kind": kind, "bilingual": bilingual}
    points = list(ServicePointFilter(chosen, queryset=active).qs)
    plotted = selectors.plot(points, selectors.district_bbox())
    return page(
        request,
        "portal/service_points.html",
        {
            "points": points,
            "plotted": plotted,
            "map_w": selectors.MAP_W,
            "map_h": selectors.MAP_H,
            "kinds": ServicePointKind.choices,
            "legend": [
                (value, label)
                for value, label in ServicePointKind.choices
                if any(p.kind == value for p in points)
            ],
            "kind": kind,
            "bilingual_choices": BilingualService.choices,
            "bilingual": bilingual,
            "any_bilingual": any(p.bilingual for p in points),
            "unit_code": unit_code,
        },
    )


FACET_TITLES = (
    ("kind", gettext_lazy("类型")),
    ("field", gettext_lazy("领域")),
    ("genre", gettext_lazy("体裁")),
    ("unit", gettext_lazy("发布单位")),
    ("tier", gettext_lazy("层级")),
    ("year", gettext_lazy("年份")),
    ("validity", gettext_lazy("有效性")),
)


def _int(value, lo, hi):
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None
    return n if lo <= n <= hi else None


SEARCH_PARAMS = ("q", "field", "unit", "tier", "year", "genre", "validity", "kind")


def _search_filters(get) -> search_module.Filters:
    return search_module.Filters(
        field=get.get("field", "")[:40],
        unit=get.get("unit", "")[:32],
        tier=get.get("tier", "") if get.get("tier") in Tier.values else "",
        year=_int(get.get("year"), 1990, 2100),
        genre=get.get("genre", "")[:20],
        validity=get.get("validity", "")[:10],
        kind=get.get("kind", "") if get.get("kind") in DocumentKind.values else "",
    )


def _facet_links(get, facets) -> list[tuple[str, str, list]]:
    """(facet name, label, [(value, label, count, url, selected)]) with each link keeping the other filters."""
    base = {k: get.get(k, "") for k in SEARCH_PARAMS if get.get(k)}
    out = []
    for name, title in FACET_TITLES:
        rows = []
        for value, label, count in facets.get(name, []):
            selected = base.get(name) == value
            params = {**base, name: value}
            if selected:
                params.pop(name)
            rows.append((value, label, count, "?" + urlencode(params), selected))
        if rows:
            out.append((name, title, rows))
    return out


ZERO_MARKER = b"data-zero-results"


def search(request):
    """Site search (rate-limited per visitor by core.middleware, settings.RATE_LIMITED_PATHS), served from the
    page cache when it can be; every empty result is counted for the office, cached or not."""
    response = _search_page(request)
    if response.status_code == 200 and ZERO_MARKER in response.content:
        search_module.engine.log_zero(search_module.parse(request.GET.get("q", "")[:100]))
    return response


@cached_page(tags=lambda request: ["search"])
def _search_page(request):
    q = request.GET.get("q", "")[:100]
    filters = _search_filters(request.GET)
    result = search_module.search(q, filters, page=_int(request.GET.get("page"), 1, 1000) or 1)
    base = {k: request.GET.get(k) for k in SEARCH_PARAMS if request.GET.get(k)}
    return page(
        request,
        "portal/search.html",
        {
            "q": q,
            "result": result,
            "filters": filters,
            "facets": _facet_links(request.GET, result.facets),
            "page_query": urlencode(base),
        },
    )


@cached_page(tags=lambda request: ["latest"])
def screen(request):
    """The service-hall big screen: rotates through slides by itself (meta refresh), no interaction."""
    unit_code = request.GET.get("unit", "")[:32]
    unit_obj = Unit.objects.active().filter(code=unit_code).first() if unit_code else None
    data = selectors.screen_data(unit_obj)
    slides = ["latest", "fields"] + (["points"] if data["points"] else [])
    n = _int(request.GET.get("slide"), 0, 99) or 0
    n %= len(slides)
    query = f"unit={unit_obj.code}&" if unit_obj else ""
    return page(
        request,
        "portal/screen.html",
        {
            "unit": unit_obj,
            "slide": slides[n],
            "slide_number": n + 1,
            "slide_count": len(slides),
            "next_url": f"?{query}slide={(n + 1) % len(slides)}",
            "interval": getattr(settings, "PORTAL_SCREEN_INTERVAL", 20),
            **data,
        },
    )


# -- codes and modes -------------------------------------------------------------------------------------
@require_GET
def qr_code(request):
    path = safe_path(request.GET.get("path", "/"))
    if path is None:
        return HttpResponseBadRequest(
            _("只能为本站页面生成二维码。"), content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(qr.svg_for(request.build_absolute_uri(path)), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


#: The interface languages of the public pages (translations/languages.py teaches Django bo and ii).
INTERFACE_LANGUAGES = ("zh-hans", "bo", "ii")


@require_GET
def set_interface_language(request, code):
    """Switch the public pages' fixed text to 中文, བོད་ཡིག or ꆈꌠꉙ; remembered a year in Django's language cookie."""
    if code not in INTERFACE_LANGUAGES:
        raise Http404
    response = redirect(safe_next(request))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
    )
    return response


@require_GET
def set_mode(request, mode):
    """Switch the elder-friendly (适老化) mode on or off; remembered a year in a cookie."""
    if mode not in MODES:
        raise Http404
    response = redirect(safe_next(request))
    if mode == "standard":
        response.delete_cookie(MODE_COOKIE)
    else:
        response.set_cookie(MODE_COOKIE, mode, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response
