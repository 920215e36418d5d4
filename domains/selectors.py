"""Reads of the policy fields for the other apps and the public site."""

from .models import Domain


def public_domains():
    """The fields the district has activated, with their lead and cooperating units (API, open data, portal)."""
    return Domain.objects.active().select_related("lead_unit").prefetch_related("cooperating_units")
