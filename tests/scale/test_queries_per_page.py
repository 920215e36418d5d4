"""Queries per page do not grow with the data (issue 17): every public page, search, feed, the sitemap and
every API list (JSON and CSV) is rendered uncached at two data sizes, and the query counts must match.

The data comes from the scale generator's own bulk paths (bench/management/commands/generate_scale_data.py)
on top of the portal tests' small district: size 1 is a few units and 40 publications, size 2 adds eight
times as many units and ten times as many publications. A page that runs a query per row (N+1) or per unit
runs more queries at size 2 and fails here.
"""

from __future__ import annotations

import random
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.management.commands import generate_scale_data as gen
from catalog.models import CatalogEdition
from publishing import services as publishing_services
from publishing.models import Publication

TODAY = date(2026, 12, 1)


def grow(units: int, publications: int, prefix: str, seed: int) -> None:
    rng = random.Random(seed)
    gen.create_units(units, rng, prefix=prefix)
    publishing_services.generate_obligations(edition=CatalogEdition.objects.current(), today=TODAY)
    gen.create_publications(gen.Context(rng, TODAY, 2), publications, lambda line: None)
    gen.refresh_derived(TODAY, lambda line: None)


def public_urls(client, world) -> dict[str, str]:
    pub = Publication.objects.published().order_by("-published_at", "-id").first()
    street = world.d["s1"]
    urls = {
        "home": "/",
        "field": f"/fields/{world.domain.code}/",
        "field feed": f"/fields/{world.domain.code}/feed/",
        "item": f"/items/{world.code_of(world.dibao)}/",
        "item feed": f"/items/{world.code_of(world.dibao)}/feed/",
        "units": "/units/",
        "unit": f"/units/{street.code}/",
        "unit feed": f"/units/{street.code}/feed/",
        "publication": f"/publications/{pub.index_number}/",
        "search two characters": "/search/?q=低保",
        "search long word": "/search/?q=最低生活保障",
        "search filtered": f"/search/?q=公示&year={TODAY.year}",
        "service points": "/service-points/",
        "screen": "/screen/",
        "sitemap": "/sitemap.xml",
    }
    root = client.get("/api/v1/", {"format": "json"}).json()
    for name, url in root.items():
        path = url.split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0]
        urls[f"API {name}"] = f"/{path}"
        if name in ("obligations", "publications"):  # the CSV exports of the two big lists
            urls[f"API {name} CSV"] = f"/{path}?format=csv"
    return urls


def count_queries(client, urls: dict[str, str]) -> dict[str, int]:
    """Queries per URL, uncached; API endpoints that are not public lists (401, 403 or 405 for an anonymous GET)
    are left out."""
    counts = {}
    for label, url in urls.items():
        cache.clear()  # uncached: the page is rendered, not read from the page cache
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
        if label.startswith("API ") and (
            response.status_code in (401, 403, 405)
            or (label.endswith(" CSV") and label.removesuffix(" CSV") not in counts)
        ):
            continue  # not a public list (and so neither its CSV)
        assert response.status_code == 200, (label, url, response.status_code)
        counts[label] = len(ctx.captured_queries)
    return counts


@pytest.mark.django_db
def test_queries_per_page_do_not_grow_with_the_data(client, world):
    grow(units=6, publications=40, prefix="SA", seed=1)
    urls = public_urls(client, world)
    small = count_queries(client, urls)
    grow(units=48, publications=400, prefix="SB", seed=2)
    assert Publication.objects.count() >= 440
    large = count_queries(client, urls)
    assert set(small) == set(large) and len(small) > 20
    grown = {label: (small[label], large[label]) for label in small if large[label] > small[label]}
    assert not grown, f"queries per page grew with the data (small, large): {grown}"


@pytest.mark.django_db
def test_the_sizes_differ_where_it_matters(client, world):
    """The comparison means something: the larger size really has more of what the pages list."""
    grow(units=6, publications=40, prefix="SA", seed=1)
    before = (Publication.objects.published().count(), client.get("/api/v1/publications/").json()["count"])
    grow(units=48, publications=400, prefix="SB", seed=2)
    after = (Publication.objects.published().count(), client.get("/api/v1/publications/").json()["count"])
    assert after[0] > before[0] * 5
    assert after[1] > before[1] * 5
