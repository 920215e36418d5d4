"""好差评: anonymous, CSRF-protected, rate-limited per IP and target, stored with an IP hash."""
import pytest
from django.test import Client

from participation.models import Rating
from participation.services import RATE_LIMIT

pytestmark = pytest.mark.django_db


def rate(client, code, value="good", comment="", ip="10.0.0.1"):
    return client.post("/participation/rate/", {
        "target_kind": "item", "target_code": code, "target_label": "低保", "value": value, "comment": comment,
        "next": f"/items/{code}/",
    }, REMOTE_ADDR=ip)


def test_a_citizen_rates_an_item_and_the_page_thanks_them(client, world):
    code = world.code_of(world.dibao)
    response = rate(client, code, "bad", "办事指南不清楚")
    assert response.status_code == 302 and response["Location"] == f"/items/{code}/"
    rating = Rating.objects.get()
    assert rating.value == "bad" and rating.comment == "办事指南不清楚"
    assert "10.0.0.1" not in rating.ip_hash and len(rating.ip_hash) == 64
    page = client.get(f"/items/{code}/").content.decode()
    assert "感谢您的评价" in page and "1 条差评" in page


def test_rating_needs_csrf(world):
    client = Client(enforce_csrf_checks=True)
    assert rate(client, world.code_of(world.dibao)).status_code == 403
    assert Rating.objects.count() == 0


def test_rating_is_rate_limited_per_ip_and_target(client, world):
    code = world.code_of(world.dibao)
    for _ in range(RATE_LIMIT):
        assert rate(client, code).status_code == 302
    assert rate(client, code).status_code == 429
    assert rate(client, code, ip="10.0.0.2").status_code == 302  # another visitor
    assert rate(client, world.code_of(world.chaiqian)).status_code == 302  # another target
    assert Rating.objects.count() == RATE_LIMIT + 2


def test_comment_length_is_limited_and_comment_escaped(client, world):
    code = world.code_of(world.dibao)
    assert rate(client, code, comment="长" * 301).status_code == 400
    assert rate(client, code, value="meh").status_code == 400
    assert rate(client, code, comment="<script>alert(1)</script>").status_code == 302
    assert Rating.objects.get().comment == "<script>alert(1)</script>"  # stored as typed, escaped on output


def test_ratings_cannot_be_deleted(world, client):
    rate(client, world.code_of(world.dibao))
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Rating.objects.get().delete()


def test_next_must_be_on_site(client, world):
    response = client.post("/participation/rate/", {
        "target_kind": "item", "target_code": "X", "value": "good", "next": "https://evil.example/"})
    assert response["Location"] == "/"
