"""The permission module: who may see and change what, by role and place in the unit tree."""

import pytest
from django.core.exceptions import PermissionDenied

from organizations import permissions as perms
from organizations.models import Role, Tier, Unit
from tests.factories import district, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def d():
    return district()


def codes(qs):
    return set(qs.values_list("code", flat=True))


def test_kind_fixes_tier(d):
    assert d["gov"].tier == Tier.DISTRICT
    assert d["dept"].tier == Tier.DISTRICT
    assert d["s1"].tier == Tier.STREET
    assert d["c11"].tier == Tier.COMMUNITY


def test_street_officer_acts_on_its_street_and_communities_only(d):
    user = member(Role.OFFICER, d["s1"])
    assert codes(perms.units_for(user, perms.CHANGE, "publishing")) == {"D-S1", "D-S1-1", "D-S1-2"}
    assert perms.can(user, perms.CHANGE, "publishing", d["c12"])
    assert not perms.can(user, perms.CHANGE, "publishing", d["s2"])
    assert not perms.can(user, perms.CHANGE, "publishing", d["c21"])
    assert not perms.can(user, perms.CHANGE, "publishing", d["gov"])
    assert not perms.can(user, perms.VIEW, "organizations", d["dept"])


def test_community_officer_never_touches_a_sibling_or_its_street(d):
    user = member(Role.OFFICER, d["c11"])
    assert codes(perms.units_for(user, perms.CHANGE, "publishing")) == {"D-S1-1"}
    assert not perms.can(user, perms.CHANGE, "publishing", d["c12"])
    assert not perms.can(user, perms.CHANGE, "publishing", d["s1"])
    with pytest.raises(PermissionDenied):
        perms.require(user, perms.CHANGE, "publishing", d["c12"])


def test_officer_reads_but_does_not_change_the_catalog(d):
    user = member(Role.OFFICER, d["dept"])
    assert perms.can(user, perms.VIEW, "catalog")
    assert not perms.can(user, perms.CHANGE, "catalog")
    assert not perms.can(user, perms.ADD, "organizations")


def test_reviewer_reviews_but_does_not_write(d):
    user = member(Role.REVIEWER, d["s1"])
    assert perms.can(user, perms.REVIEW, "publishing", d["c11"])
    assert not perms.can(user, perms.CHANGE, "publishing", d["c11"])
    assert not perms.can(user, perms.REVIEW, "publishing", d["s2"])


def test_office_acts_everywhere(d):
    user = member(Role.OFFICE, d["dept"])
    for area in perms.AREAS:
        assert perms.can(user, perms.CHANGE, area, d["c21"])
    assert codes(perms.units_for(user, perms.CHANGE, "catalog")) == codes(Unit.objects.all())


def test_auditor_sees_all_and_changes_nothing_but_scores(d):
    user = member(Role.AUDITOR, d["gov"])
    assert perms.can(user, perms.VIEW, "publishing", d["c21"])
    assert not perms.can(user, perms.CHANGE, "publishing", d["c21"])
    assert not perms.can(user, perms.CHANGE, "catalog")
    assert perms.can(user, perms.CHANGE, "assessment")


def test_supervisor_files_reports_but_never_sees_requests(d):
    user = member(Role.SUPERVISOR, d["gov"])
    assert perms.can(user, perms.ADD, "participation")
    assert not perms.can(user, perms.VIEW, "foi")
    assert not perms.can(user, perms.CHANGE, "publishing", d["s1"])


def test_anonymous_and_inactive_users_have_nothing(d, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert not perms.can(AnonymousUser(), perms.VIEW, "publishing")
    user = member(Role.OFFICE, d["gov"])
    user.is_active = False
    user.save()
    perms.forget(user)
    assert not perms.can(user, perms.VIEW, "publishing")


def test_membership_of_a_retired_unit_grants_nothing(d):
    user = member(Role.OFFICER, d["c21"])
    d["c21"].is_active = False
    d["c21"].save()
    perms.forget(user)
    assert not perms.can(user, perms.CHANGE, "publishing", d["c21"])


def test_several_memberships_add_up(d):
    user = member(Role.OFFICER, d["c11"])
    from tests.factories import MembershipFactory

    MembershipFactory(user=user, unit=d["c21"], role=Role.OFFICER)
    perms.forget(user)
    assert codes(perms.units_for(user, perms.CHANGE, "publishing")) == {"D-S1-1", "D-S2-1"}


def test_unknown_area_is_a_programming_error(d):
    user = member(Role.OFFICE, d["gov"])
    with pytest.raises(ValueError):
        perms.can(user, perms.VIEW, "nonsense")


def test_membership_makes_the_user_staff(d):
    user = member(Role.OFFICER, d["c11"])
    user.refresh_from_db()
    assert user.is_staff
