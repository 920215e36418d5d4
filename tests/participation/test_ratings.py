"""好差评: anonymous, CSRF-protected, rate-limited per IP and target, stored with an IP hash."""

import re

import pytest
from django.test import Client

from core.ratelimit import rate_for
from participation.models import Rating

RATE_LIMIT = rate_for("rating")[0]

pytestmark = pytest.mark.django_db


def rate(client, code, value="good", comment="", ip="10.0.0.1"):
    return client.post(
        "/participation/rate/",
        {
            "target_kind": "item",
            "target_code": code,
            "target_label": "低保",
            "value": value,
            "comment": comment,
            "next": f"/items/{code}/",
        },
        REMOTE_ADDR=ip,
    )


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
    response = client.post(
        "/participation/rate/",
        {"target_kind": "item", "target_code": "X", "value": "good", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


# -- service pages: each service guide on an item page, and each publication page --------------------------------
def _guide(item, code="dibao-apply", title="低保申请办事指南"):
    from catalog.models import GuideStep, ServiceGuide

    guide = ServiceGuide.objects.create(item=item, code=code, title=title, applicants="本区户籍困难家庭")
    GuideStep.objects.create(guide=guide, order=1, name="个人申请", actor="街道")
    return guide


def test_each_service_guide_on_an_item_page_has_its_own_rating_widget(client, world):
    _guide(world.dibao)
    _guide(world.dibao, code="dibao-review", title="低保复核办事指南")
    code = world.code_of(world.dibao)
    page = client.get(f"/items/{code}/").content.decode()
    assert page.count('action="/participation/rate/"') == 3  # the item and its two guides
    for guide_code in ("dibao-apply", "dibao-review"):
        assert f'id="rating-guide-{guide_code}"' in page
        assert f'value="{guide_code}"' in page and f'for="rating-guide-{guide_code}-comment"' in page
    assert "好差评：低保申请办事指南" in page and 'name="target_kind" value="guide"' in page
    ids = re.findall(r'id="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # labels stay tied to their own textarea


def test_a_citizen_rates_a_service_guide_and_sees_the_count(client, world):
    guide = _guide(world.dibao)
    code = world.code_of(world.dibao)
    response = client.post(
        "/participation/rate/",
        {
            "target_kind": "guide",
            "target_code": guide.code,
            "target_label": guide.title,
            "value": "good",
            "comment": "材料清单很清楚",
            "next": f"/items/{code}/",
        },
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert (rating.target_kind, rating.target_code, rating.comment) == ("guide", guide.code, "材料清单很清楚")
    page = client.get(f"/items/{code}/").content.decode()
    guide_widget = page.split('id="rating-guide-dibao-apply"')[1].split("</section>")[0]
    assert "1 条好评、0 条差评" in guide_widget
    item_widget = page.split('id="rating"')[1].split("</section>")[0]
    assert "0 条好评、0 条差评" in item_widget  # the item's own count is separate


def test_a_citizen_rates_a_publication_page(client, world):
    pub = world.publish(world.d["s1"], "湖墅街道低保公示", items=[world.dibao])
    url = f"/publications/{pub.index_number}/"
    page = client.get(url).content.decode()
    assert 'name="target_kind" value="publication"' in page and f'value="{pub.index_number}"' in page
    assert "__PORTAL_CSRF_PLACEHOLDER__" not in page and "csrfmiddlewaretoken" in page
    response = client.post(
        "/participation/rate/",
        {
            "target_kind": "publication",
            "target_code": pub.index_number,
            "target_label": pub.title,
            "value": "bad",
            "comment": "名单不完整",
            "next": url,
        },
        REMOTE_ADDR="10.0.0.7",
    )
    assert response.status_code == 302 and response["Location"] == url
    assert Rating.objects.get().target_kind == "publication"
    page = client.get(url).content.decode()
    assert "感谢您的评价" in page and "0 条好评、1 条差评" in page


def test_guide_and_publication_ratings_are_rate_limited_too(client, world):
    guide = _guide(world.dibao)
    for _ in range(RATE_LIMIT):
        assert (
            client.post(
                "/participation/rate/", {"target_kind": "guide", "target_code": guide.code, "value": "good"}
            ).status_code
            == 302
        )
    assert (
        client.post(
            "/participation/rate/", {"target_kind": "guide", "target_code": guide.code, "value": "good"}
        ).status_code
        == 429
    )


def test_rating_summaries_counts_many_targets_in_one_query(world, django_assert_num_queries):
    from participation import services
    from participation.selectors import rating_summaries

    services.rate(target_kind="guide", target_code="g1", value="good", ip="1.1.1.1")
    services.rate(target_kind="guide", target_code="g1", value="bad", ip="1.1.1.2")
    services.rate(target_kind="item", target_code="g1", value="bad", ip="1.1.1.3")  # same code, other kind
    with django_assert_num_queries(1):
        result = rating_summaries([("guide", "g1"), ("guide", "g2"), ("item", "g1")])
    assert result == {
        ("guide", "g1"): {"good": 1, "bad": 1},
        ("guide", "g2"): {"good": 0, "bad": 0},
        ("item", "g1"): {"good": 0, "bad": 1},
    }
    with django_assert_num_queries(0):
        assert rating_summaries([]) == {}
