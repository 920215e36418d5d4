"""Staff sessions end after inactivity; staff passwords have length and both letters and digits (issue 28)."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from core.sessions import KEY
from organizations.models import Role
from tests.factories import member

pytestmark = pytest.mark.django_db


def test_an_idle_session_is_signed_out_and_an_active_one_is_not(client, d, settings):
    settings.SESSION_IDLE_SECONDS = 1800
    client.force_login(member(Role.OFFICER, d["s1"], "idle_officer"))
    assert client.get("/workspace/").status_code == 200
    session = client.session
    session[KEY] = int(time.time()) - 1700  # 28 minutes ago: still in
    session.save()
    assert client.get("/workspace/").status_code == 200
    session = client.session
    session[KEY] = int(time.time()) - 1801  # over 30 minutes
    session.save()
    response = client.get("/workspace/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/?next=/workspace/")
    assert "_auth_user_id" not in client.session
    assert client.get("/workspace/").status_code == 302  # signed out, not just redirected once


@pytest.mark.parametrize("password", ["abcdefghijk", "1234567890123", "ab12cd34"])
def test_weak_staff_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_mixed_password_is_accepted():
    validate_password("gongkai2026xq")
