"""Per-unit API tokens: hashed, shown once, office-only, revocable; a bad or revoked token is a 401."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from rest_framework.test import APIClient

from opendata import services
from opendata.models import ApiToken
from organizations.models import Role
from tests.factories import member

pytestmark = pytest.mark.django_db


def with_key(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_token_is_stored_hashed_with_a_prefix(token):
    stored = ApiToken.objects.get()
    assert stored.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token.startswith(stored.prefix) and len(stored.prefix) == 12
    assert token not in str(ApiToken.objects.values_list()[0])


def test_valid_token_authenticates_and_records_last_use(token, pubs):
    assert ApiToken.objects.get().last_used_at is None
    assert with_key(token).get("/api/v1/publications/").status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize("header", ["Token wrong-key", "Token", "Token a b", "Token \u00e9\u00e9"])
def test_bad_tokens_are_401(db, header, pubs):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/publications/")
    assert response.status_code == 401
    assert "令牌" in response.json()["detail"]


def test_revoked_token_is_401(token, office, pubs):
    services.revoke_token(user=office, token=ApiToken.objects.get())
    response = with_key(token).post(
        "/api/v1/publications/", {"unit": "D-S1-1", "title": "x", "formed_on": "2025-10-01"}, format="json"
    )
    assert response.status_code == 401 and "已撤销" in response.json()["detail"]
    assert with_key(token).get("/api/v1/publications/").status_code == 401


def test_token_of_an_inactive_account_is_401(token, service_account, pubs):
    service_account.is_active = False
    service_account.save()
    assert with_key(token).get("/api/v1/units/").status_code == 401


def test_only_the_office_issues_and_revokes(d, office, people, service_account, token):
    with pytest.raises(PermissionDenied):
        services.issue_token(user=people["c11_officer"], unit=d["c11"], account=service_account, name="x")
    with pytest.raises(PermissionDenied):
        services.revoke_token(user=people["c11_officer"], token=ApiToken.objects.get())


def test_the_account_must_hold_a_role_in_the_unit(d, office, service_account):
    with pytest.raises(ValidationError, match="没有角色"):
        services.issue_token(user=office, unit=d["c21"], account=service_account, name="x")
    with pytest.raises(ValidationError, match="用途"):
        services.issue_token(user=office, unit=d["c11"], account=service_account, name=" ")


# -- the admin ---------------------------------------------------------------------------------------------------
def admin_client(user):
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


def test_admin_issues_a_token_and_shows_it_once(d, office, service_account):
    client = admin_client(office)
    response = client.post(
        "/admin/opendata/apitoken/add/",
        {
            "name": "卖鱼桥社区系统",
            "unit": d["c11"].pk,
            "user": service_account.pk,
        },
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    html = response.content.decode()
    token = ApiToken.objects.get()
    assert "只显示这一次" in html and token.prefix in html
    assert "no-store" in response["Cache-Control"]
    key = html.split('id="api-token-key"', 1)[1].split(">", 1)[1].split("<", 1)[0]
    assert hashlib.sha256(key.encode()).hexdigest() == token.key_hash
    assert token.created_by == office
    # the change page never shows it again
    assert key not in client.get(f"/admin/opendata/apitoken/{token.pk}/change/").content.decode()


def test_admin_refuses_an_account_without_a_role(d, office, service_account):
    client = admin_client(office)
    response = client.post(
        "/admin/opendata/apitoken/add/",
        {
            "name": "x",
            "unit": d["c21"].pk,
            "user": service_account.pk,
        },
    )
    assert response.status_code == 200 and "没有角色" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_admin_revokes(d, office, token):
    client = admin_client(office)
    stored = ApiToken.objects.get()
    response = client.post(
        "/admin/opendata/apitoken/", {"action": "revoke_selected", "_selected_action": [stored.pk]}
    )
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.revoked_at is not None and stored.revoked_by == office


def test_admin_is_office_only(d, people):
    officer = people["c11_officer"]
    client = admin_client(officer)
    assert client.get("/admin/opendata/apitoken/").status_code == 403
    assert client.get("/admin/opendata/apitoken/add/").status_code == 403
    auditor = member(Role.AUDITOR, d["gov"], "auditor")
    assert admin_client(auditor).get("/admin/opendata/apitoken/").status_code == 403
