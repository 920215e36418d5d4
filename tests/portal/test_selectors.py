"""Bounded reads of the public pages (portal/selectors.py): the units directory in pages, and the newest
records of an item found through a window of recent records or, when that finds too few, the item's own."""

import pytest

from organizations.models import Unit
from portal import selectors
from publishing.models import Fulfilment, Publication

pytestmark = pytest.mark.django_db


# -- the units directory ------------------------------------------------------------------------------------
def _names(response):
    return response.content.decode()


def test_units_page_lists_districts_and_streets_with_their_communities_count(client, world):
    page = _names(client.get("/units/"))
    assert "区教育局" in page and "湖墅街道" in page and "小河街道" in page
    assert 'href="?street=D-S1"' in page and "2 个社区" in page and "1 个社区" in page
    assert "卖鱼桥社区" not in page  # communities on demand, not all on one page
    street = _names(client.get("/units/", {"street": "D-S1"}))
    assert "卖鱼桥社区" in street and "信义坊社区" in street and "小河社区" not in street


def test_units_page_is_paged(client, world, monkeypatch):
    monkeypatch.setattr(selectors, "UNITS_PER_PAGE", 1)
    communities = Unit.objects.filter(tier="community", is_active=True).order_by("tree_id", "lft")
    seen = []
    for page in (1, 2, 3):
        html = _names(client.get("/units/", {"tier": "community", "page": page}))
        seen += [u.name for u in communities if u.name in html]
        assert f"第 {page} / 3 页" in html
    assert seen == [u.name for u in communities]
    overview = _names(client.get("/units/"))
    assert 'href="?tier=street&amp;page=2"' in overview  # two streets, one shown


def test_units_page_refuses_an_unknown_street_and_a_community_as_street(client, world):
    assert client.get("/units/", {"street": "NOPE"}).status_code == 404
    assert client.get("/units/", {"street": "D-S1-1"}).status_code == 404


def test_retired_units_are_not_listed_or_counted(client, world):
    Unit.objects.filter(code="D-S1-2").update(is_active=False)
    page = _names(client.get("/units/"))
    assert "1 个社区" in page and "2 个社区" not in page
    assert "信义坊社区" not in _names(client.get("/units/", {"street": "D-S1"}))


# -- the newest records of an item --------------------------------------------------------------------------
def _expected(item, limit, exclude=None):
    ids = Fulfilment.objects.filter(obligation__item=item).values("publication_id")
    qs = Publication.objects.published().filter(pk__in=ids).exclude(pk=exclude or 0)
    return list(qs.order_by("-published_at", "-id").values_list("pk", flat=True)[:limit])


def _fulfilled(item):
    return Fulfilment.objects.filter(obligation__item=item).values("publication_id")


@pytest.mark.parametrize("window", [2, 1000])
def test_newest_ids_are_the_items_newest_whichever_path_finds_them(world, monkeypatch, window):
    """A small window holds too few of the item's records (the fallback runs); a large one holds enough."""
    monkeypatch.setattr(selectors, "RECENT_WINDOW", window)
    for n in range(4):
        world.publish(world.d["s1"], f"低保名单{n}", items=[world.dibao])
    for n in range(3):
        world.publish(world.d["s1"], f"征收公告{n}", items=[world.chaiqian])
    world.publish(world.d["s1"], "低保草稿", items=[world.dibao], publish=False)
    assert selectors.newest_ids(_fulfilled(world.dibao), 3) == _expected(world.dibao, 3)
    assert selectors.newest_ids(_fulfilled(world.dibao), 10) == _expected(world.dibao, 10)
    newest = _expected(world.dibao, 1)[0]
    assert selectors.newest_ids(_fulfilled(world.dibao), 2, exclude=newest) == _expected(
        world.dibao, 2, exclude=newest
    )


def test_item_page_shows_the_newest_records_within_the_limit(client, world, monkeypatch):
    monkeypatch.setattr(selectors, "ITEM_LIMIT", 2)
    for n in range(3):
        world.publish(world.d["s1"], f"低保名单第{n}期", items=[world.dibao])
    html = _names(client.get(f"/items/{world.code_of(world.dibao)}/"))
    assert "低保名单第2期" in html and "低保名单第1期" in html and "低保名单第0期" not in html
    assert "以上为最新 2 条" in html


# -- the years of the 信息公开目录 ----------------------------------------------------------------------------
def test_catalog_years_are_the_distinct_years_newest_first(world):
    from datetime import date

    from portal.models import SearchDocument
    from portal.search import documents

    for year in (2023, 2025, 2025, 2021):
        world.publish(world.d["s1"], f"{year}年公示", formed_on=date(year, 5, 1))
    documents.rebuild()
    expected = sorted(
        set(
            SearchDocument.objects.filter(kind="publication", year__isnull=False).values_list(
                "year", flat=True
            )
        ),
        reverse=True,
    )
    assert selectors.catalog_years() == expected == [2025, 2023, 2021]
