"""Reads of the unit tree and the service points for the other apps and the public site.

Public reads go through the QuerySet scopes ``Unit.objects.public()`` and ``ServicePoint.objects.public()``
(defined in :mod:`organizations.models`); never filter "active" by hand.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Membership, ServicePoint, Unit


def public_units() -> QuerySet:
    """Active units with their parent, in tree order (the portal, the API, open data)."""
    return Unit.objects.public().select_related("parent").order_by("tree_id", "lft")


def public_service_points() -> QuerySet:
    """Active service points of active units, with their unit, in tree order."""
    return ServicePoint.objects.public().select_related("unit")


def units_visible_to(user, area: str = "publishing") -> QuerySet:
    """The active units ``user`` may view in ``area``."""
    return Unit.objects.visible_to(user, area)


def streets() -> QuerySet:
    """Active streets (and townships) in tree order: the office's filter on desks and dashboards."""
    return Unit.objects.public().filter(tier="street").order_by("tree_id", "lft")


def people_of(units, role: str) -> QuerySet:
    """Active users holding ``role`` on one of ``units`` (e.g. the reviewers of a unit and the units above
    it are found by the caller passing the unit's ancestors)."""
    return (
        Membership.objects.filter(unit__in=units, role=role, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )


__all__ = [
    "people_of",
    "public_service_points",
    "public_units",
    "streets",
    "units_visible_to",
]


def subtree_q(code: str, prefix: str = "") -> Q:
    """A Q keeping the unit with ``code`` and every unit below it (``prefix`` like ``"unit__"``)."""
    unit = Unit.objects.filter(code=code).values("tree_id", "lft", "rght").first()
    if unit is None:
        return Q(pk__in=[])
    return Q(
        **{
            f"{prefix}tree_id": unit["tree_id"],
            f"{prefix}lft__gte": unit["lft"],
            f"{prefix}rght__lte": unit["rght"],
        }
    )
