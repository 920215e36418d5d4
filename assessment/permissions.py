"""What assessment asks the permission module (organizations.permissions); nothing here looks at roles.

* The district office manages indicator systems, assessor groups and rounds (open, review, close).
* Assessors with a district-wide grant (auditors, the office) enter scores and ballots while a round is open.
* Everyone with VIEW in "assessment" reads; a unit's officer or reviewer reads its own subtree only.
* Evidence lines from internal ledgers (the 舆情 ledger is not public) show only to staff who may see the round.
"""

from organizations import permissions as perms

AREA = "assessment"


def may_manage(user) -> bool:
    """Indicator systems, groups, rounds: the district office (as publishing's office-only services)."""
    return perms.is_office(user)


def may_score(user, unit=None) -> bool:
    """Enter scores, ballots and evidence (on ``unit``): a district-wide ADD grant in assessment."""
    return perms.has_global(user, perms.ADD, AREA) and perms.can(user, perms.ADD, AREA, unit)


def may_view(user, unit=None) -> bool:
    return perms.can(user, perms.VIEW, AREA, unit)


def sees_all(user) -> bool:
    return perms.has_global(user, perms.VIEW, AREA)


#: Evidence from these ledgers is internal (not public): shown only to staff who may see the round.
INTERNAL_EVIDENCE = frozenset({("opinion", "entry")})


def internal(evidence) -> bool:
    ct = evidence.content_type
    return (ct.app_label, ct.model) in INTERNAL_EVIDENCE


def may_see_internal_evidence(user, unit=None) -> bool:
    """The 舆情 lines of a unit's scores: staff accounts that may see the round (for that unit)."""
    return bool(getattr(user, "is_active", False) and getattr(user, "is_staff", False)) and may_view(
        user, unit
    )
