"""The public scopes of the unit tree and the service points (one place decides what the public sees)."""

import pytest

from organizations import selectors
from organizations.models import Role, ServicePoint, Unit
from tests.factories import ServicePointFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def points(d):
    Unit.objects.filter(pk=d["c12"].pk).update(is_active=False)
    return {
        "open": ServicePointFactory(unit=d["c11"], name="卖鱼桥查阅点"),
        "closed": ServicePointFactory(unit=d["c11"], name="停用的点", is_active=False),
        "retired_unit": ServicePointFactory(unit=d["c12"], name="撤并社区的点"),
    }


def test_public_service_points_are_active_points_of_active_units(points):
    assert set(ServicePoint.objects.public()) == {points["open"]}
    assert [p.name for p in selectors.public_service_points()] == ["卖鱼桥查阅点"]


def test_public_units_leave_out_retired_ones_in_tree_order(d, points):
    names = [u.name for u in selectors.public_units()]
    assert "信义坊社区" not in names
    assert names == [u.name for u in Unit.objects.filter(is_active=True).order_by("tree_id", "lft")]
    assert set(Unit.objects.public()) == set(Unit.objects.filter(is_active=True))


def test_units_visible_to_a_street_officer_are_its_subtree(d):
    officer = member(Role.OFFICER, d["s1"], "s1_officer")
    assert {u.code for u in selectors.units_visible_to(officer)} == {"D-S1", "D-S1-1", "D-S1-2"}
    office = member(Role.OFFICE, d["gov"], "office_x")
    assert selectors.units_visible_to(office).count() == Unit.objects.public().count()


def test_streets(d):
    assert [u.code for u in selectors.streets()] == ["D-S1", "D-S2"]


def test_the_api_lists_the_same_public_service_points(client, points):
    response = client.get("/api/v1/service-points/")
    assert response.status_code == 200
    assert [p["name"] for p in response.json()["results"]] == ["卖鱼桥查阅点"]
