"""The one place that answers "may this user see / change this?".

Views, the admin, the API, tasks and search all ask here; nothing filters by role by hand elsewhere.

A user's power comes from memberships (user, unit, role). Each role grants actions per *area* (an app's
data), and a *scope*: global roles act on every unit, unit roles act on their unit and the units below it
(a street officer on the street and its communities; a community officer on the community alone).

A request made with a unit's API token is *confined* to that unit's subtree, whatever roles the account
holds: :mod:`core.auth` puts the token's unit on the user as ``portal_token_unit`` and every answer here
(grants, scopes, "is this the office?") is cut down to that subtree. Session logins keep full rights.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Membership, Role, Unit

VIEW, ADD, CHANGE, DELETE, REVIEW = "view", "add", "change", "delete", "review"
ALL = frozenset({VIEW, ADD, CHANGE, DELETE, REVIEW})
READ = frozenset({VIEW})

AREAS = (
    "organizations",  # units, service points, memberships
    "domains",  # the policy fields and their division of work
    "workdays",  # the working-day calendar
    "catalog",  # the standard catalog and its editions
    "publishing",  # obligations, publications, channels
    "foi",  # disclosure requests
    "assessment",  # indicators, rounds, scores
    "participation",  # ratings and supervisors' reports
)

# role -> area -> actions. Read it as the district's rule book.
GRANTS: dict[str, dict[str, frozenset[str]]] = {
    Role.OFFICE: {area: ALL for area in AREAS},
    Role.OFFICER: {
        "organizations": frozenset({VIEW, CHANGE}),  # own unit's contact data and service points
        "domains": READ,
        "workdays": READ,
        "catalog": READ,
        "publishing": frozenset({VIEW, ADD, CHANGE}),
        "foi": frozenset({VIEW, ADD, CHANGE}),
        "assessment": READ,
        "participation": READ,
    },
    Role.REVIEWER: {
        "organizations": READ,
        "domains": READ,
        "workdays": READ,
        "catalog": READ,
        "publishing": frozenset({VIEW, REVIEW}),
        "foi": frozenset({VIEW, REVIEW}),
        "assessment": READ,
        "participation": READ,
    },
    Role.AUDITOR: {area: READ for area in AREAS} | {"assessment": frozenset({VIEW, ADD, CHANGE})},
    Role.SUPERVISOR: {area: READ for area in AREAS if area != "foi"}
    | {"participation": frozenset({VIEW, ADD})},
}

# Roles whose power covers every unit; the others act on their own subtree only.
GLOBAL_ROLES = frozenset({Role.OFFICE, Role.AUDITOR, Role.SUPERVISOR})
# Which roles reach the admin site.
STAFF_ROLES = frozenset({Role.OFFICE, Role.OFFICER, Role.REVIEWER, Role.AUDITOR, Role.SUPERVISOR})


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int
    tree_id: int
    lft: int
    rght: int
    #: True for a global role (every unit), unless a token confines it to a subtree.
    everywhere: bool = False

    def covers(self, unit: Unit) -> bool:
        if self.everywhere:
            return True
        return unit.tree_id == self.tree_id and self.lft <= unit.lft and unit.rght <= self.rght


#: The attribute :mod:`core.auth` sets on a token's account: the token's unit (the request is confined to it).
TOKEN_UNIT_ATTR = "portal_token_unit"


def token_unit(user) -> Unit | None:
    """The unit whose API token this request authenticated with, or None (a session or anonymous)."""
    return getattr(user, TOKEN_UNIT_ATTR, None)


def _confine(grants: list[Grant], scope: Unit) -> list[Grant]:
    """The grants cut down to ``scope``'s subtree: a grant over the scope (global, or on a unit above it)
    acts on the scope's subtree only; a grant inside the scope stays; a grant elsewhere is dropped."""
    out = []
    for g in grants:
        if g.covers(scope):
            out.append(Grant(g.role, scope.pk, scope.tree_id, scope.lft, scope.rght))
        elif g.tree_id == scope.tree_id and scope.lft <= g.lft and g.rght <= scope.rght:
            out.append(Grant(g.role, g.unit_id, g.tree_id, g.lft, g.rght))
    return out


def _grants(user) -> list[Grant]:
    """The user's memberships, read once per request and kept on the user object; confined to the token's
    unit when the request came with a unit's API token."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_portal_grants", None)
    if cached is None:
        rows = Membership.objects.filter(user=user, unit__is_active=True).values_list(
            "role", "unit_id", "unit__tree_id", "unit__lft", "unit__rght"
        )
        cached = [Grant(*row, everywhere=row[0] in GLOBAL_ROLES) for row in rows]
        scope = token_unit(user)
        if scope is not None:
            cached = _confine(cached, scope)
        user._portal_grants = cached
    return cached


def forget(user) -> None:
    """Drop the cached grants (after memberships change)."""
    if hasattr(user, "_portal_grants"):
        del user._portal_grants


def roles_of(user) -> set[str]:
    return {g.role for g in _grants(user)}


def is_superuser(user) -> bool:
    """A superuser's unlimited power, never through a unit's token."""
    return bool(getattr(user, "is_superuser", False) and user.is_active and token_unit(user) is None)


def is_office(user) -> bool:
    """The district office acting district-wide (a token confines the account to one subtree: not that)."""
    return is_superuser(user) or any(g.role == Role.OFFICE and g.everywhere for g in _grants(user))


def _granting(user, area: str, action: str) -> list[Grant]:
    return [g for g in _grants(user) if action in GRANTS.get(g.role, {}).get(area, ())]


def can(user, action: str, area: str, unit: Unit | None = None) -> bool:
    """May ``user`` do ``action`` in ``area``, on ``unit`` if given (else on some unit)?"""
    if area not in AREAS:
        raise ValueError(f"unknown area {area!r}")
    if is_superuser(user):
        return True
    grants = _granting(user, area, action)
    if unit is None:
        return bool(grants)
    return any(g.covers(unit) for g in grants)


def has_global(user, action: str, area: str) -> bool:
    """Does the user hold ``action`` in ``area`` for every unit (not just a subtree)?"""
    if is_superuser(user):
        return True
    return any(g.everywhere for g in _granting(user, area, action))


def unit_filter(user, action: str, area: str, prefix: str = "") -> Q:
    """A Q over a unit path (``prefix`` like ``"unit__"``, or ``""`` for Unit itself) that keeps the units
    the user may act on. Use it in query-set scopes: ``Publication.objects.filter(unit_filter(u, VIEW,
    "publishing", "unit__"))``."""
    if has_global(user, action, area):
        return Q()
    q = Q(pk__in=[])
    for g in _granting(user, area, action):
        q |= Q(**{f"{prefix}tree_id": g.tree_id, f"{prefix}lft__gte": g.lft, f"{prefix}rght__lte": g.rght})
    return q


def units_for(user, action: str, area: str):
    """The units the user may do ``action`` on in ``area``."""
    return Unit.objects.filter(unit_filter(user, action, area))


def require(user, action: str, area: str, unit: Unit | None = None) -> None:
    """Raise PermissionDenied unless :func:`can`; services call this before every write."""
    from django.core.exceptions import PermissionDenied

    if not can(user, action, area, unit):
        where = f"「{unit}」" if unit is not None else ""
        raise PermissionDenied(
            _("无权对{where}执行此操作（{area}:{action}）。").format(where=where, area=area, action=action)
        )
