"""Sign-in under attack (issue 28, 1): a stranger typing wrong passwords for an account — from any number of
addresses — cannot shut its owner out. axes locks an account from one address only; past
``LOGIN_DELAY_AFTER`` failures the account's attempts wait a growing delay (not counted while refused), except
from an address it signed in from before; the office sees the account on its desk and clears it (audited)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import LogEntry

from core import logins
from organizations.models import Role
from tests.factories import member

pytestmark = pytest.mark.django_db

PASSWORD = "Zheng-Que-2026!"
HOME = "198.51.100.1"  # where the office works


def _login(client, username, password, addr):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=addr
    )


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def target(d, office, client):
    """The office's account, which has signed in from its desk before."""
    office.set_password(PASSWORD)
    office.save()
    assert _login(client, office.username, PASSWORD, HOME).status_code == 302
    client.logout()
    return office


def _guess(client, username, i, addr=None):
    """One wrong password, made after the account's delay has passed (so it counts)."""
    _age_attempts(logins.wait_seconds(username) + 1)
    return _login(client, username, f"guess-{i}", addr or f"203.0.113.{i}")


def _age_attempts(seconds: int) -> None:
    """Let ``seconds`` pass for the recorded failures."""
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=attempt.attempt_time - timedelta(seconds=seconds)
        )


def test_thirty_wrong_passwords_from_thirty_addresses_do_not_shut_the_office_out(client, target):
    for i in range(1, 31):
        _login(client, target.username, f"guess-{i}", f"203.0.113.{i}")
    response = _login(client, target.username, PASSWORD, HOME)
    assert response.status_code == 302 and _signed_in(client)


def test_a_new_address_waits_a_growing_delay_with_a_chinese_message_then_gets_in(client, target):
    for i in range(1, 13):  # 12 failures: past the threshold of 10 by 2 → 2^2 = 4 s
        _guess(client, target.username, i)
    assert logins.wait_seconds(target.username) in range(1, 5)
    response = _login(client, target.username, PASSWORD, "192.0.2.77")
    assert response.status_code == 429 and not _signed_in(client)
    text = response.content.decode()
    assert "秒后再试" in text
    assert 1 <= int(response["Retry-After"]) <= 4
    # refused attempts are not counted: hammering does not grow the delay
    for _ in range(5):
        _login(client, target.username, "more-guesses", "203.0.113.200")
    assert logins.account_failures(target.username)[0] == 12
    _age_attempts(5)
    response = _login(client, target.username, PASSWORD, "192.0.2.77")
    assert response.status_code == 302 and _signed_in(client)


def test_the_delay_grows_and_is_capped(settings):
    settings.LOGIN_DELAY_AFTER = 10
    settings.LOGIN_MAX_DELAY_SECONDS = 300
    assert [logins.delay_for(n) for n in (9, 10, 11, 12, 15)] == [0, 1, 2, 4, 32]
    assert logins.delay_for(40) == 300


def test_the_attackers_address_is_locked_for_that_account_only(client, d, target):
    officer = member(Role.OFFICER, d["s1"], "officer_z")
    officer.set_password(PASSWORD)
    officer.save()
    for i in range(10):
        _login(client, target.username, f"guess-{i}", "203.0.113.66")
    assert _login(client, target.username, PASSWORD, "203.0.113.66").status_code == 429
    assert _login(client, "officer_z", PASSWORD, "203.0.113.66").status_code == 302


def test_the_office_sees_the_attack_on_its_desk_and_clears_it_audited(client, d, target, meeting):
    for i in range(1, 26):
        _guess(client, target.username, i)
    assert [a["username"] for a in logins.accounts_under_attack()] == [target.username]
    client.force_login(meeting)
    desk = client.get("/workspace/").content.decode()
    assert "登录失败次数异常" in desk and target.username in desk and "/workspace/logins/" in desk
    page = client.get("/workspace/logins/")
    assert page.status_code == 200 and target.username in page.content.decode()
    response = client.post("/workspace/logins/", {"username": target.username})
    assert response.status_code == 302
    assert logins.account_failures(target.username)[0] == 0
    assert logins.wait_seconds(target.username) == 0
    assert LogEntry.objects.filter(
        user=meeting, object_id=str(target.pk), change_message__contains="解除"
    ).exists()
    assert "登录失败次数异常" not in client.get("/workspace/").content.decode()


def test_only_the_office_unlocks(client, d, target):
    officer = member(Role.OFFICER, d["s1"], "officer_y")
    client.force_login(officer)
    assert client.get("/workspace/logins/").status_code == 403
    assert client.post("/workspace/logins/", {"username": target.username}).status_code == 403
