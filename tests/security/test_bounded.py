"""Bounded work (issue 15, 5): every list endpoint of the API (enumerated from the router, so a new one cannot
escape) caps its page size and answers a hostile number in a filter with a 400 in Chinese, never a 500; the
assessment lists never load the round's snapshot."""

import re

import pytest
from django_filters import filters as df

from config.api_urls import router
from core.api import Pagination

pytestmark = pytest.mark.django_db
HOSTILE = ["-1", "0", "99999999999999999999999", "1e400", "abc", "１２"]
CJK = re.compile(r"[\u4e00-\u9fff]")
LIST_ROUTES = [(prefix, viewset) for prefix, viewset, _ in router.registry]


def _numeric_filters(viewset):
    filterset = getattr(viewset, "filterset_class", None)
    if filterset is None:
        return []
    numeric = (df.NumberFilter, df.ModelChoiceFilter, df.ModelMultipleChoiceFilter, df.RangeFilter)
    return [name for name, f in filterset.base_filters.items() if isinstance(f, numeric)]


@pytest.mark.parametrize("prefix,viewset", LIST_ROUTES, ids=[p for p, _ in LIST_ROUTES])
def test_page_size_is_capped(client, d, prefix, viewset):
    response = client.get(f"/api/v1/{prefix}/", {"page_size": 100000})
    if not hasattr(viewset, "list"):
        assert response.status_code == 405, prefix  # no list at all (e.g. a status lookup by POST)
        return
    assert response.status_code in (200, 401, 403), (prefix, response.status_code)
    if response.status_code == 200:
        body = response.json()
        rows = body["results"] if isinstance(body, dict) and "results" in body else body
        assert len(rows) <= Pagination.max_page_size, prefix


@pytest.mark.parametrize("prefix,viewset", LIST_ROUTES, ids=[p for p, _ in LIST_ROUTES])
def test_hostile_numbers_in_filters_are_400_in_chinese_never_500(client, d, prefix, viewset):
    names = _numeric_filters(viewset) + ["year", "page", "page_size"]
    for name in dict.fromkeys(names):
        for value in HOSTILE:
            response = client.get(f"/api/v1/{prefix}/", {name: value})
            assert response.status_code < 500, (prefix, name, value, response.status_code)
            if response.status_code == 400:
                assert CJK.search(response.content.decode("utf-8")), (
                    prefix,
                    name,
                    value,
                    response.content[:200],
                )


def test_every_model_list_route_paginates_with_a_maximum():
    from core.api import ReadOnlyViewSet

    model_lists = [(p, v) for p, v in LIST_ROUTES if issubclass(v, ReadOnlyViewSet)]
    assert len(model_lists) >= 8
    for prefix, viewset in model_lists:
        pagination = viewset.pagination_class
        assert pagination is not None and 0 < (pagination.max_page_size or 0) <= 500, prefix


def test_assessment_lists_never_select_the_round_snapshot():
    from assessment import api

    for queryset in (api.closed_rounds(), api.closed_results(), api.closed_scores()):
        sql = str(queryset.query)
        assert '"snapshot"' not in sql and ".snapshot" not in sql, sql[:300]


def test_large_pages_have_their_own_rate(client, d, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "heavy": "2/min"},
    }
    from django.core.cache import cache

    cache.clear()
    codes = [client.get("/api/v1/units/", {"page_size": 500}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert client.get("/api/v1/units/", {"page_size": 20}).status_code == 200  # small pages unaffected
    cache.clear()


def test_board_sheet_pdf_is_rendered_once_per_version_and_rate_limited(client, d, settings, monkeypatch):
    from django.core.cache import cache

    from core.pagecache import bump_version
    from publishing import channels

    cache.clear()
    calls = []
    monkeypatch.setattr(
        channels, "board_pdf", lambda unit, base, *a, **k: calls.append(unit.code) or b"%PDF-1.4 x"
    )
    url = f"/channels/board/{d['s1'].code}.pdf"
    assert client.get(url).content == b"%PDF-1.4 x"
    assert client.get(url).status_code == 200
    assert calls == [d["s1"].code]  # the second request came from the cache
    bump_version()  # a publication changed: rendered again
    client.get(url)
    assert len(calls) == 2
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pdf": (3, 60)}
    cache.clear()
    codes = [client.get(url, REMOTE_ADDR="203.0.113.77").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    cache.clear()
