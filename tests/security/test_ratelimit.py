"""Rate limits (issue 15, 3): one limiter keyed by the address the trusted proxies report; a forged
X-Forwarded-For never makes a new client; ratings only for existing public targets."""

import uuid

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from core.net import client_ip

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def _request(remote="10.0.0.1", xff=None):
    meta = {"REMOTE_ADDR": remote}
    if xff:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **meta)


def test_no_proxy_configured_trusts_only_the_peer(settings):
    settings.NUM_PROXIES = 0
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request("198.51.100.1", "1.2.3.4")) == "198.51.100.1"


def test_num_proxies_takes_the_entry_the_proxy_wrote(settings):
    settings.NUM_PROXIES = 1
    settings.TRUSTED_PROXIES = []
    # the client forged "6.6.6.6"; the proxy appended the real peer 203.0.113.5
    assert client_ip(_request("10.0.0.2", "6.6.6.6, 203.0.113.5")) == "203.0.113.5"


def test_trusted_proxies_walk_past_trusted_hops_only(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(_request("10.0.0.2", "6.6.6.6, 203.0.113.5, 10.1.1.1")) == "203.0.113.5"
    # a peer that is not a trusted proxy: its header is ignored
    assert client_ip(_request("198.51.100.7", "6.6.6.6")) == "198.51.100.7"


def _api_rate(settings, rate):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": rate},
    }


def test_random_x_forwarded_for_does_not_bypass_the_api_throttle(client, settings, d):
    _api_rate(settings, "5/min")
    codes = [
        client.get(
            "/api/v1/units/", HTTP_X_FORWARDED_FOR=f"10.{i}.{i}.{i}", REMOTE_ADDR="203.0.113.9"
        ).status_code
        for i in range(12)
    ]
    assert codes[:5] == [200] * 5
    assert set(codes[5:]) == {429}


def test_behind_one_proxy_each_citizen_counts_alone(client, settings, d):
    _api_rate(settings, "3/min")
    settings.NUM_PROXIES = 1
    for citizen in ("203.0.113.1", "203.0.113.2"):
        codes = [
            client.get("/api/v1/units/", HTTP_X_FORWARDED_FOR=citizen, REMOTE_ADDR="10.0.0.1").status_code
            for _ in range(4)
        ]
        assert codes == [200, 200, 200, 429]


def test_search_is_limited_per_client(client, settings, d):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": (3, 60)}
    codes = [
        client.get("/search/", {"q": f"学校{i}"}, REMOTE_ADDR="203.0.113.20").status_code for i in range(5)
    ]
    assert codes[:3] == [200, 200, 200]
    assert codes[3:] == [429, 429]
    assert "请求过于频繁" in client.get("/search/", {"q": "x"}, REMOTE_ADDR="203.0.113.20").content.decode()
    assert client.get("/search/", {"q": "x"}, REMOTE_ADDR="203.0.113.21").status_code == 200


def test_rating_an_invented_target_is_refused(client, d):
    from participation.models import Rating

    response = client.post(
        "/participation/rate/",
        {"target_kind": "publication", "target_code": f"NOPE-{uuid.uuid4().hex[:8]}", "value": "good"},
        REMOTE_ADDR="203.0.113.30",
    )
    assert response.status_code == 400
    assert not Rating.objects.exists()


def test_rating_an_existing_public_publication_is_accepted_then_limited(client, settings, d):
    from django.utils import timezone

    from organizations.models import Role
    from participation.models import Rating
    from publishing import services
    from publishing.models import Publication, PublicationStatus
    from tests.factories import member

    officer = member(Role.OFFICER, d["s1"], "rating_officer")
    pub = services.create_publication(
        user=officer, unit=d["s1"], title="公开", body="<p>x</p>", formed_on=timezone.localdate()
    )
    Publication.objects.filter(pk=pub.pk).update(
        status=PublicationStatus.PUBLISHED, published_at=timezone.now()
    )
    pub.refresh_from_db()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "rating": (2, 3600)}
    codes = []
    for i in range(3):  # three browsers (fresh cookies) behind one address, each saying something else
        client.cookies.clear()
        codes.append(
            client.post(
                "/participation/rate/",
                {
                    "target_kind": "publication",
                    "target_code": pub.index_number,
                    "value": "good",
                    "comment": f"意见{i}",
                },
                REMOTE_ADDR="203.0.113.31",
            ).status_code
        )
    assert codes == [302, 302, 429]
    assert Rating.objects.count() == 2
