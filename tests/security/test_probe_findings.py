"""The hostile probe's smaller findings (issue 28, 3): a non-numeric id in the FOI admin, a client address
that is not an address, the unthrottled 纠错 status lookup, personal data kept in the zero-result log, and the
web port published on every interface."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from core.net import UNKNOWN_ADDRESS, client_ip
from participation.models import Correction
from portal.models import ZeroResultQuery
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("object_id", ["abc", "1abc", "%E4%B8%AD"])
def test_a_non_numeric_request_id_in_the_admin_is_not_found(client, object_id):
    client.force_login(UserFactory(username="office", is_staff=True, is_superuser=True))
    response = client.get(f"/admin/foi/disclosurerequest/{object_id}/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/admin/"  # Django's "does not exist" (a message on the index)
    assert client.get("/admin/foi/disclosurerequest/12345/").status_code in (302, 404)


@pytest.mark.parametrize("forwarded", ["unknown", "1.2.3.4:5678", "_hidden", "999.1.1.1", ""])
def test_a_forwarded_value_that_is_no_address_is_the_unknown_address(settings, forwarded):
    settings.NUM_PROXIES, settings.TRUSTED_PROXIES = 1, []
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"6.6.6.6, {forwarded}")
    expected = "6.6.6.6" if not forwarded else UNKNOWN_ADDRESS  # "" is skipped: the forger's entry is next
    assert client_ip(request) == expected
    settings.NUM_PROXIES, settings.TRUSTED_PROXIES = 0, ["10.0.0.0/8"]
    assert client_ip(request) == expected


def test_addresses_are_normalised_and_a_missing_peer_is_unknown(settings):
    settings.NUM_PROXIES, settings.TRUSTED_PROXIES = 1, []
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="2001:DB8::1")
    assert client_ip(request) == "2001:db8::1"
    settings.NUM_PROXIES = 0
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="")) == UNKNOWN_ADDRESS


def test_signing_in_behind_a_proxy_that_writes_unknown(client, settings):
    from axes.models import AccessAttempt

    settings.NUM_PROXIES, settings.TRUSTED_PROXIES = 1, []
    UserFactory(username="officer", is_staff=True)
    response = client.post(
        "/admin/login/", {"username": "officer", "password": "wrong"}, HTTP_X_FORWARDED_FOR="unknown"
    )
    assert response.status_code == 200  # the form again, with its error; PostgreSQL refused "unknown" (500)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) <= {UNKNOWN_ADDRESS}
    response = client.post(
        "/admin/login/", {"username": "officer", "password": "pw-for-tests"}, HTTP_X_FORWARDED_FOR="unknown"
    )
    assert response.status_code == 302


def test_the_correction_status_lookup_is_throttled(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "correction_status": (3, 600)}
    report = Correction.objects.create(kind="typo", description="错字", ip_hash="x")
    codes = [
        client.get("/participation/correction/status/", {"code": f"GUESS{i}"}).status_code for i in range(3)
    ]
    assert codes == [200, 200, 200]
    response = client.get("/participation/correction/status/", {"code": report.code})
    assert response.status_code == 429 and "查询过于频繁" in response.content.decode()
    assert "错字" not in response.content.decode()
    # another address is not held back, and the empty form is never counted
    assert client.get("/participation/correction/status/", REMOTE_ADDR="10.9.9.9").status_code == 200
    assert (
        client.get(
            "/participation/correction/status/", {"code": report.code}, REMOTE_ADDR="10.9.9.9"
        ).status_code
        == 200
    )


@pytest.mark.parametrize(
    "query",
    ["330105199001011234", "33010519900101123X", "330105900101123", "13800000000", "138 0000 0000",
     "0571-88000000", "zhang.san@example.cn", "低保 13800000000", "6222021234567890123"],
)  # fmt: skip
def test_zero_result_queries_that_look_like_personal_data_are_not_kept(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert not ZeroResultQuery.objects.exists()
    assert client.get("/search/", {"q": "户口迁移证明"}).status_code == 200
    assert list(ZeroResultQuery.objects.values_list("query", flat=True)) != []  # ordinary words still are


def test_every_published_port_is_on_loopback_only():
    published, in_ports = [], False
    for line in (ROOT / "docker-compose.yml").read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if text == "ports:":
            in_ports = True
        elif in_ports and text.startswith("- "):
            published.append(text)
        elif in_ports and not text.startswith("#"):
            in_ports = False
    assert published, "the web port is published"
    assert all(p.startswith(('- "${WEB_BIND:-127.0.0.1}:', '- "127.0.0.1:')) for p in published), published
    assert "WEB_BIND" in (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")


def test_a_history_page_of_an_id_that_is_not_one_is_not_found(client, d):
    """The soak found /admin/foi/disclosurerequest/abc/history/ → 500 (ValueError in simple_history)."""
    from organizations.models import Role
    from tests.factories import member

    client.force_login(member(Role.OFFICE, d["gov"], "history_office"))
    for url in ("/admin/foi/disclosurerequest/abc/history/", "/admin/organizations/unit/abc/history/"):
        response = client.get(url)
        assert response.status_code == 302, url
