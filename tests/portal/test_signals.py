"""Invalidation by record (portal/signals.py, core.pagecache tags): publishing one record makes stale only the
pages that show it (its unit, its items and fields, the newest-records pages, the pages of its items' other
records), while every other cached page is still served from the cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publishing import services as pub_services

pytestmark = pytest.mark.django_db


def _get(client, url) -> tuple[str, int]:
    """(the page, the number of queries it took: 0 when it came from the cache)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(ctx.captured_queries)


def test_publishing_one_record_keeps_the_pages_that_do_not_show_it(client, world):
    first = world.publish(world.d["s1"], "湖墅低保名单第一期", items=[world.dibao])
    dibao, chaiqian = world.code_of(world.dibao), world.code_of(world.chaiqian)
    urls = {
        "other unit": "/units/D-S2/",
        "other item": f"/items/{chaiqian}/",
        "other record": f"/publications/{first.index_number}/",
        "units": "/units/",
        "its unit": "/units/D-S1/",
        "its item": f"/items/{dibao}/",
        "home": "/",
        "field": f"/fields/{world.domain.code}/",
    }
    for url in urls.values():
        _get(client, url)
    assert all(_get(client, url)[1] == 0 for url in urls.values())  # all cached

    new = world.publish(world.d["s1"], "湖墅低保名单第二期", items=[world.dibao])

    kept = {name: _get(client, urls[name]) for name in ("other unit", "other item", "units")}
    assert {name: n for name, (_page, n) in kept.items()} == {"other unit": 0, "other item": 0, "units": 0}
    for name in ("its unit", "its item", "home", "field", "other record"):
        page, queries = _get(client, urls[name])
        assert queries > 0, name  # rendered again
        assert "湖墅低保名单第二期" in page, name  # the first record's page lists it among related records
    assert "湖墅低保名单第二期" in _get(client, f"/publications/{new.index_number}/")[0]


def test_withdrawing_a_record_updates_its_page_and_the_lists(client, world):
    pub = world.publish(world.d["s1"], "马上撤回的公示", items=[world.dibao])
    assert client.get(f"/publications/{pub.index_number}/").status_code == 200
    assert "马上撤回的公示" in _get(client, "/units/D-S1/")[0]
    pub_services.withdraw(user=world.office, publication=pub, reason="错误")
    assert client.get(f"/publications/{pub.index_number}/").status_code == 410
    assert "马上撤回的公示" not in _get(client, "/units/D-S1/")[0]
    assert "马上撤回的公示" not in _get(client, f"/items/{world.code_of(world.dibao)}/")[0]


def test_an_interpretation_updates_the_page_of_the_record_it_explains(client, world):
    policy = world.publish(
        world.d["dept"], "低保实施办法", items=[world.chaiqian], doc_number="拱民发〔2025〕3号"
    )
    url = f"/publications/{policy.index_number}/"
    assert "低保实施办法的解读" not in _get(client, url)[0]
    world.publish(world.d["dept"], "低保实施办法的解读", interprets=policy)
    assert "低保实施办法的解读" in _get(client, url)[0]


def test_the_search_page_follows_the_index(client, world, django_capture_on_commit_callbacks):
    assert "新公示" not in _get(client, "/search/?q=低保")[0]
    with django_capture_on_commit_callbacks(execute=True):
        world.publish(world.d["s1"], "湖墅低保新公示", items=[world.dibao])
    assert "湖墅<mark>低保</mark>新公示" in _get(client, "/search/?q=低保")[0]


def test_feeds_are_cached_and_follow_their_own_records(client, world):
    """The RSS/Atom feeds are page-cached under the tags of what they list: a record elsewhere keeps them
    cached, a record of their item, unit or field (and any record for the site feed) renews them."""
    dibao, chaiqian = world.code_of(world.dibao), world.code_of(world.chaiqian)
    feeds = {
        "item": f"/items/{dibao}/feed/",
        "other item": f"/items/{chaiqian}/atom/",
        "unit": "/units/D-S1/feed/",
        "other unit": "/units/D-S2/atom/",
        "field": f"/fields/{world.domain.code}/feed/",
        "site": "/feed/",
    }
    for url in feeds.values():
        _get(client, url)
    assert all(_get(client, url)[1] == 0 for url in feeds.values())  # all cached

    world.publish(world.d["s1"], "湖墅低保名单第三期", items=[world.dibao])

    assert _get(client, feeds["other item"])[1] == 0 and _get(client, feeds["other unit"])[1] == 0
    for name in ("item", "unit", "field", "site"):
        page, queries = _get(client, feeds[name])
        assert queries > 0 and "湖墅低保名单第三期" in page, name
