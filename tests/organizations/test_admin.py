"""The admin asks the permission module: a street officer sees and changes only its own subtree."""

import pytest

from organizations.models import Role, Unit
from tests.factories import district, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def d():
    return district()


def login(client, user):
    client.force_login(user)
    return client


def test_street_officer_unit_changelist_is_scoped(client, d):
    login(client, member(Role.OFFICER, d["s1"]))
    page = client.get("/admin/organizations/unit/").content.decode()
    assert "湖墅街道" in page and "卖鱼桥社区" in page and "信义坊社区" in page
    assert "小河街道" not in page and "区教育局" not in page


def test_street_officer_cannot_open_another_street(client, d):
    login(client, member(Role.OFFICER, d["s1"]))
    response = client.get(f"/admin/organizations/unit/{d['s2'].pk}/change/")
    assert response.status_code == 302  # the admin treats a unit outside the scope as absent
    response = client.post(f"/admin/organizations/unit/{d['s2'].pk}/change/", {"phone": "1"})
    assert response.status_code == 302
    d["s2"].refresh_from_db()
    assert d["s2"].phone == ""


def test_street_officer_edits_contact_but_not_structure(client, d):
    login(client, member(Role.OFFICER, d["s1"]))
    url = f"/admin/organizations/unit/{d['s1'].pk}/change/"
    response = client.post(
        url,
        {
            "short_name": "",
            "contact_person": "张三",
            "phone": "0571-1234",
            "email": "",
            "address": "湖墅路1号",
            "office_hours": "",
            "latitude": "",
            "longitude": "",
            "service_points-TOTAL_FORMS": "0",
            "service_points-INITIAL_FORMS": "0",
            "name": "被篡改",
            "code": "HACK",
            "parent": d["s2"].pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Unit.objects.get(pk=d["s1"].pk)
    assert unit.phone == "0571-1234" and unit.contact_person == "张三"
    assert unit.name == "湖墅街道" and unit.code == "D-S1" and unit.parent_id == d["gov"].pk
    assert unit.history.first().history_user is not None


def test_officer_cannot_manage_memberships_or_users(client, d):
    login(client, member(Role.OFFICER, d["s1"]))
    assert client.get("/admin/organizations/membership/").status_code == 403
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/organizations/unit/add/").status_code == 403


def test_office_sees_everything(client, d):
    login(client, member(Role.OFFICE, d["gov"]))
    page = client.get("/admin/organizations/unit/").content.decode()
    for name in ("湖墅街道", "小河街道", "区教育局", "小河社区"):
        assert name in page
    assert client.get("/admin/organizations/membership/").status_code == 200


def test_auditor_reads_without_changing(client, d):
    login(client, member(Role.AUDITOR, d["gov"]))
    response = client.get(f"/admin/organizations/unit/{d['s2'].pk}/change/")
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    before = Unit.objects.get(pk=d["s2"].pk).phone
    client.post(f"/admin/organizations/unit/{d['s2'].pk}/change/", {"phone": "999"})
    assert Unit.objects.get(pk=d["s2"].pk).phone == before


def test_units_are_never_hard_deleted(client, d):
    login(client, member(Role.OFFICE, d["gov"]))
    response = client.post(f"/admin/organizations/unit/{d['c21'].pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Unit.objects.filter(pk=d["c21"].pk).exists()
