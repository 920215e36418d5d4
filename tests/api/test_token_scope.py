"""Issue 28.4: a unit's API token is confined to its unit's subtree for every read and write, even when its
service account holds a district-wide role (the office, the auditor); a session login keeps the account's
full rights."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from opendata import services as token_services
from organizations.models import Membership, Role, UnitKind
from publishing.models import Publication
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/publications/"


@pytest.fixture
def gov_office(d):
    """区政府办公室: a department under 区政府 (no streets or communities below it)."""
    unit = UnitFactory(name="区政府办公室", code="D-GOV", kind=UnitKind.DEPARTMENT, parent=d["gov"])
    for other in (*d.values(), unit):
        other.refresh_from_db()  # the tree was renumbered
    return unit


def _token_client(issuer, unit, account, name="区政府办公室系统"):
    _token, key = token_services.issue_token(user=issuer, unit=unit, account=account, name=name)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def office_token(office, gov_office):
    """A token for 区政府办公室, issued to the office's own account (which holds the district-wide role)."""
    Membership.objects.create(user=office, unit=gov_office, role=Role.OFFICE)
    return _token_client(office, gov_office, office)


def _titles(response):
    assert response.status_code == 200, response.content
    return {row["title"] for row in response.json()["results"]}


def test_office_token_does_not_read_other_units_drafts(office_token, pubs):
    titles = _titles(office_token.get(URL, {"status": "draft", "page_size": 100}))
    assert "卖鱼桥社区草稿（内部）" not in titles and "小河社区草稿" not in titles
    assert office_token.get(f"{URL}{pubs['other'].pk}/").status_code == 404
    # the published record stays readable, like for anyone
    assert "卖鱼桥社区低保公示" in _titles(office_token.get(URL, {"page_size": 100}))


def test_office_session_keeps_full_rights(client, office, office_token, pubs):
    client.force_login(office)
    titles = _titles(client.get(URL, {"status": "draft", "page_size": 100}))
    assert {"卖鱼桥社区草稿（内部）", "小河社区草稿"} <= titles


def test_office_token_drafts_only_in_its_own_unit(office_token, gov_office, pubs):
    before = Publication.objects.count()
    elsewhere = office_token.post(
        URL, {"unit": "D-S2-1", "title": "借令牌写别的单位", "formed_on": "2025-10-01"}, format="json"
    )
    assert elsewhere.status_code == 403
    assert office_token.patch(f"{URL}{pubs['other'].pk}/", {"title": "x"}, format="json").status_code in (
        403,
        404,
    )
    assert Publication.objects.count() == before
    own = office_token.post(
        URL, {"unit": "D-GOV", "title": "区政府办公室草稿", "formed_on": "2025-10-01"}, format="json"
    )
    assert own.status_code == 201, own.content


def test_auditor_token_reads_only_its_subtree_of_foi_requests(office, d, gov_office):
    """The token's unit bounds the FOI list as well, whatever global role the account has."""
    from foi import services as foi_services

    auditor = Membership.objects.create(
        user=office.__class__.objects.create_user("svc_auditor", password="pw-Auditor-123"),
        unit=gov_office,
        role=Role.AUDITOR,
    ).user
    client = _token_client(office, gov_office, auditor, name="审计接口")
    officer = Membership.objects.create(
        user=office.__class__.objects.create_user("s2_officer_t", password="pw-Officer-123"),
        unit=d["s2"],
        role=Role.OFFICER,
    ).user
    foi_services.register(
        user=officer,
        unit=d["s2"],
        channel="letter",
        received_on=date(2025, 9, 1),
        applicant=foi_services.Applicant(
            "natural", "张三", id_type="id_card", id_number="330105199001011234", phone="13812345678"
        ),
        description="小河街道的拆迁补偿方案",
        form="electronic",
        delivery="email",
    )
    response = client.get("/api/v1/foi/requests/")
    assert response.status_code == 200
    assert response.json()["results"] == []
