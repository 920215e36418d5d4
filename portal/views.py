"""The public site's views: thin, reading through each app's selectors."""
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

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
