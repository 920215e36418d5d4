"""The public site's views: thin, reading through each app's selectors."""
from django.db import connection
from django.http import JsonResponse
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from catalog import selectors as catalog_selectors
from catalog.guides import render_guide
from catalog.models import FivePublic, PublishedItem
from catalog.timelimits import TimeLimitRule

from domains.models import Domain
from organizations.models import Tier, Unit


def home(request):
    domains = list(Domain.objects.active().select_related("lead_unit"))
    tiers = [
        (tier.label, Unit.objects.active().of_tier(tier.value).count())
        for tier in (Tier.DISTRICT, Tier.STREET, Tier.COMMUNITY)
    ]
    return render(request, "portal/home.html", {"domains": domains, "tiers": tiers})


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


def field(request, code):
    domain = get_object_or_404(Domain.objects.active().select_related("lead_unit"), code=code)
    return render(request, "portal/field.html", {
        "domain": domain,
        "tiers": catalog_selectors.field_tiers(domain),
        "edition": catalog_selectors.current_edition(),
    })


def item(request, code):
    try:
        entry = catalog_selectors.public_item(code)
    except PublishedItem.DoesNotExist as exc:
        raise Http404("事项不存在或尚未公布") from exc
    rule = entry.data.get("time_limit_rule") or {}
    return render(request, "portal/item.html", {
        "entry": entry,
        "rule_text": TimeLimitRule.from_dict(rule).describe() if rule else "",
        "tier_labels": [catalog_selectors.TIER_LABELS[t] for t in entry.data.get("tiers", [])],
        "five_public_label": FivePublic(entry.data["five_public"]).label if entry.data.get("five_public") else "",
        "guides": [render_guide(guide) for guide in catalog_selectors.item_guides(entry.item_id)],
    })
