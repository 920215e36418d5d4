"""The public site's views: thin, reading through each app's selectors (portal.selectors, catalog.selectors).

Public pages are cached whole (``cached_page``, see core.pagecache) and run a fixed number of queries.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from catalog import selectors as catalog_selectors
from catalog.guides import render_guide
from catalog.models import FivePublic, PublishedItem
from catalog.timelimits import TimeLimitRule
from core.net import safe_next, safe_path
from core.pagecache import CSRF_PLACEHOLDER, MODE_COOKIE, MODES, cached_page
from domains.models import Domain
from organizations.filters import ServicePointFilter
from organizations.models import ServicePoint, ServicePointKind, Tier, Unit

from . import qr, selectors
from . import search as search_module

try:
    from publishing.models import Validity
except ImportError:  # pragma: no cover
    Validity = None


def page(request, template: str, context: dict, status: int = 200):
    """render(), with the CSRF placeholder when the page is being cached (see core.pagecache)."""
    if getattr(request, "portal_csrf_placeholder", False):
        context = {**context, "csrf_token": CSRF_PLACEHOLDER}
    return render(request, template, context, status=status)


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


# -- pages ----------------------------------------------------------------------------------------------
@cached_page
def home(request):
    return page(request, "portal/home.html", selectors.home_data())


@cached_page
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


@cached_page
def item(request, code):
    try:
        entry = catalog_selectors.public_item(code)
    except PublishedItem.DoesNotExist as exc:
        raise Http404(_("事项不存在或尚未公布")) from exc
    from participation.selectors import rating_summaries

    rule = entry.data.get("time_limit_rule") or {}
    publications = selectors.item_publications(entry.item_id)
    guides = list(catalog_selectors.item_guides(entry.item_id))
    # One query for the item's rating and every service guide's (好差评 on service pages).
    ratings = rating_summaries([("item", entry.code)] + [("guide", guide.code) for guide in guides])
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
            "guides": [
                {
                    "html": render_guide(guide),
                    "title": guide.title,
                    "rating": ratings[("guide", guide.code)],
                    "target": ("guide", guide.code, guide.title),
                    "rating_id": f"rating-guide-{guide.code}",
                }
                for guide in guides
            ],
            "publications": publications,
            "rating": ratings[("item", entry.code)],
            "rating_target": ("item", entry.code, entry.name),
        },
    )


@cached_page
def units(request):
    rows = list(Unit.objects.active().order_by("tree_id", "lft"))
    groups = [(t.value, t.label, [u for u in rows if u.tier == t.value]) for t in selectors.TIERS]
    return page(request, "portal/units.html", {"groups": groups})


@cached_page
def unit(request, code):
    try:
        obj = selectors.unit_by_code(code)
    except Unit.DoesNotExist as exc:
        raise Http404(_("单位不存在")) from exc
    return page(request, "portal/unit.html", {"unit": obj, **selectors.unit_data(obj)})


@cached_page
def publication(request, index_number):
    try:
        pub = selectors.publication_by_index(index_number)
    except LookupError as exc:
        raise Http404(_("信息不存在或尚未发布")) from exc
    if pub.status != "published":
        return page(request, "portal/publication_gone.html", {"pub": pub}, status=410)
    from participation.selectors import rating_summary

    return page(
        request,
        "portal/publication.html",
        {
            "pub": pub,
            **selectors.publication_data(pub),
            "rating": rating_summary("publication", pub.index_number),
            "rating_target": ("publication", pub.index_number, pub.title),
        },
    )


@cached_page
def service_points(request):
    unit_code = request.GET.get("unit", "")[:32]
    kind = request.GET.get("kind", "")
    if kind not in ServicePointKind.values:
        kind = ""
    # The same FilterSet as the API's /api/v1/service-points/ (organizations.filters).
    active = ServicePoint.objects.filter(is_active=True, unit__is_active=True).select_related("unit")
    points = list(ServicePointFilter({"unit": unit_code, "kind": kind}, queryset=active).qs)
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
            "kind": kind,
            "unit_code": unit_code,
        },
    )


def _int(value, lo, hi):
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None
    return n if lo <= n <= hi else None


@cached_page
def search(request):
    q = request.GET.get("q", "")[:100]
    validities = Validity.choices if Validity is not None else []
    filters = search_module.Filters(
        field=request.GET.get("field", "")[:40],
        unit=request.GET.get("unit", "")[:32],
        tier=request.GET.get("tier", "") if request.GET.get("tier") in Tier.values else "",
        year=_int(request.GET.get("year"), 1990, 2100),
        validity=request.GET.get("validity", "") if request.GET.get("validity") in dict(validities) else "",
    )
    terms, hits = search_module.search(q, filters)
    pubs = selectors.published_publications()
    years = (
        sorted({d.year for d in pubs.dates("formed_on", "year")}, reverse=True) if pubs is not None else []
    )
    return page(
        request,
        "portal/search.html",
        {
            "q": q,
            "terms": terms,
            "hits": hits[:50],
            "total": len(hits),
            "filters": filters,
            "domains": list(Domain.objects.active()),
            "all_units": list(Unit.objects.active().order_by("tree_id", "lft")),
            "tiers": Tier.choices,
            "years": years,
            "validities": validities,
        },
    )


@cached_page
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
