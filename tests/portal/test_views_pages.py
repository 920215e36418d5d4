"""The public pages: content, escaping, what is hidden, and a fixed number of queries whatever the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publishing import services as pub_services

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


def test_home_shows_fields_latest_publications_search_and_tiers(client, world):
    world.publish(world.d["s1"], "湖墅街道低保名单公示", items=[world.dibao])
    page = text(client.get("/"))
    assert world.domain.name in page and "湖墅街道低保名单公示" in page
    assert 'name="q"' in page and "区级" in page and "街道级" in page and "社区级" in page
    assert "<strong>社区级</strong> 3" in page and "<strong>街道级</strong> 2" in page  # counted per tier


def test_field_page_lists_three_tiers_with_latest_publication(client, world):
    world.publish(world.d["s1"], "旧的低保名单", items=[world.dibao])
    world.publish(world.d["s2"], "最新低保名单", items=[world.dibao])
    page = text(client.get(f"/fields/{world.domain.code}/"))
    assert "区级（1）" in page and "街道级（2）" in page and "社区级（0）" in page
    assert "最新低保名单" in page and "旧的低保名单" not in page


def test_inactive_field_is_404(client, world):
    world.domain.is_active = False
    world.domain.save()
    assert client.get(f"/fields/{world.domain.code}/").status_code == 404


def test_item_page_shows_publications_by_unit_and_rating_form(client, world):
    world.publish(world.d["s1"], "湖墅低保公示", items=[world.dibao])
    world.publish(world.d["s2"], "小河低保公示", items=[world.dibao])
    page = text(client.get(f"/items/{world.code_of(world.dibao)}/"))
    assert "各单位公开情况" in page and "湖墅街道" in page and "小河街道" in page
    assert "湖墅低保公示" in page and "小河低保公示" in page
    assert 'action="/participation/rate/"' in page and "csrfmiddlewaretoken" in page
    assert "__PORTAL_CSRF_PLACEHOLDER__" not in page


def test_unit_page_items_publications_points_and_public_officer(client, world):
    world.publish(world.d["s1"], "湖墅低保公示", items=[world.dibao])
    page = text(client.get("/units/D-S1/"))
    assert "湖墅街道" in page and "城乡低保对象审核" in page
    assert "征收补偿方案" not in page  # a department's item, not the street's
    assert "征收补偿方案" in text(client.get("/units/D-EDU/"))
    assert "湖墅低保公示" in page and "湖墅街道公开查阅点" in page
    assert "officer_s1" in page and "0571-88888888" in page
    assert "卖鱼桥社区" in page  # its communities
    assert client.get("/units/NOPE/").status_code == 404


def test_publication_page_and_interpretation(client, world):
    policy = world.publish(
        world.d["dept"],
        "拆迁补偿办法",
        "<p>补偿标准如下</p>",
        doc_number="拱政发〔2025〕1号",
        items=[world.chaiqian],
    )
    world.publish(world.d["dept"], "《拆迁补偿办法》政策解读", "<p>解读</p>", interprets=policy)
    page = text(client.get(f"/publications/{policy.index_number}/"))
    assert "拆迁补偿办法" in page and "拱政发〔2025〕1号" in page and policy.index_number in page
    assert "《拆迁补偿办法》政策解读" in page and "有效" in page and "征收补偿方案" in page


def test_unpublished_publication_is_404_and_withdrawn_shows_notice(client, world):
    draft = world.publish(world.d["s1"], "草稿", publish=False)
    assert client.get(f"/publications/{draft.index_number}/").status_code == 404
    pub = world.publish(world.d["s1"], "将被撤回", "<p>秘密正文</p>")
    pub_services.withdraw(user=world.office, publication=pub, reason="有误")
    response = client.get(f"/publications/{pub.index_number}/")
    assert response.status_code == 410
    assert "已被发布单位撤回" in text(response) and "秘密正文" not in text(response)
    assert "将被撤回" not in text(client.get("/units/D-S1/"))


def test_user_text_is_escaped(client, world):
    world.publish(world.d["s1"], "<script>alert(1)</script>低保", items=[world.dibao])
    for url in (
        "/",
        "/units/D-S1/",
        f"/fields/{world.domain.code}/",
        "/search/?q=低保",
        "/search/?q=<script>",
    ):
        page = text(client.get(url))
        assert "<script>alert(1)" not in page, url


def test_service_points_list_and_offline_map(client, world):
    page = text(client.get("/service-points/"))
    assert "湖墅街道公开查阅点" in page and "区行政服务中心" in page
    assert "<svg" in page and page.count('class="pin ') == 2 and "tile" not in page.lower()
    assert "湖墅街道公开查阅点" in text(client.get("/service-points/?unit=D-S1"))
    assert "区行政服务中心" not in text(client.get("/service-points/?unit=D-S1"))


def test_every_page_has_a_qr_code_and_print_styles(client, world):
    page = text(client.get("/units/D-S1/"))
    assert "/qr.svg?path=/units/D-S1/" in page


def _queries(client, url):
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code in (200, 410), url
    return len(ctx)


def _guide(world, n, steps=1):
    from catalog.models import GuideMaterial, GuideStep, ServiceGuide

    guide = ServiceGuide.objects.create(item=world.dibao, code=f"guide-{n}", title=f"低保指南{n}")
    for m in range(steps):
        GuideStep.objects.create(guide=guide, order=m, name=f"步骤{m}")
        GuideMaterial.objects.create(guide=guide, order=m, name=f"材料{m}")
    return guide


def test_query_counts_do_not_grow_with_data(client, world):
    from portal.search import documents

    dibao = world.code_of(world.dibao)
    first = world.publish(world.d["s1"], "低保一", items=[world.dibao, world.chaiqian])
    world.publish(world.d["s1"], "低保一的解读", items=[world.dibao], interprets=first)
    _guide(world, 0)  # an item page with one service guide (its steps and materials are prefetched)
    urls = [
        "/",
        f"/fields/{world.domain.code}/",
        f"/items/{dibao}/",
        "/units/",
        "/units/D-S1/",
        f"/publications/{first.index_number}/",
        "/service-points/",
        "/search/?q=低保",
        "/screen/",
        "/screen/?unit=D-S1&slide=2",
        "/sitemap.xml",
        "/units/D-S1/feed/",
        f"/fields/{world.domain.code}/atom/",
        f"/items/{dibao}/feed/",
        "/guides/guide-0/",
        "/gk/",
        "/gk/catalog/",
        "/gk/catalog/?genre=notice",
        "/gk/policies/",
        "/gk/interpretations/",
        "/feed/",
        "/sitemap/",
    ]
    documents.rebuild()
    small = {url: _queries(client, url) for url in urls}
    for n in range(8):
        for unit in ("s1", "s2", "dept"):
            world.publish(
                world.d[unit], f"低保名单{n}{unit}", items=[world.dibao, world.chaiqian], interprets=first
            )
    from organizations.models import ServicePoint

    for n in range(6):
        ServicePoint.objects.create(
            unit=world.d["s2"],
            kind="convenience_station",
            name=f"便民站{n}",
            address="路",
            latitude="30.31",
            longitude="120.14",
        )
    # Service guides with steps and materials on the item page, and ratings on every rated page.
    from participation import services as participation_services

    for n in range(1, 5):
        guide = _guide(world, n, steps=3)
        participation_services.rate(
            target_kind="guide", target_code=guide.code, value="good", ip=f"10.1.0.{n}"
        )
    participation_services.rate(
        target_kind="item", target_code=dibao, value="bad", reason="other", ip="10.2.0.1"
    )
    participation_services.rate(
        target_kind="publication", target_code=first.index_number, value="good", ip="10.2.0.2"
    )
    documents.rebuild()
    large = {url: _queries(client, url) for url in urls}
    # Bounded: a page never runs more queries with more data (the field page may run fewer once every item
    # has a recent record: portal.selectors.latest_by_item).
    assert {url: n for url, n in large.items() if n > small[url]} == {}


def test_pages_are_cached_until_something_is_published(client, world):
    assert "新鲜的低保公示" not in text(client.get("/"))
    with CaptureQueriesContext(connection) as ctx:
        client.get("/")
    assert len(ctx) == 0  # served from the cache
    world.publish(world.d["s1"], "新鲜的低保公示")
    assert "新鲜的低保公示" in text(client.get("/"))
    pub = world.publish(world.d["s1"], "马上撤回")
    assert "马上撤回" in text(client.get("/"))
    pub_services.withdraw(user=world.office, publication=pub, reason="错误")
    assert "马上撤回" not in text(client.get("/"))


def test_catalog_approval_clears_the_cache(client, world):
    assert "新增事项甲" not in text(client.get(f"/fields/{world.domain.code}/"))
    from tests.portal.fixtures import make_item

    make_item(world.office, world.domain, "新增事项甲", parent=world.top)
    world.release("第二版")
    assert "新增事项甲" in text(client.get(f"/fields/{world.domain.code}/"))


def test_unit_field_and_item_pages_link_board_sheet_and_subscription(client, world):
    from django.urls import reverse

    unit_page = text(client.get("/units/D-S1/"))
    assert f'href="{reverse("channels:board", args=["D-S1"])}"' in unit_page
    assert reverse("channels:board", args=["D-S1"]) == "/channels/board/D-S1.pdf"
    assert 'href="/channels/subscribe/?unit=D-S1"' in unit_page
    field_page = text(client.get(f"/fields/{world.domain.code}/"))
    assert f'href="/channels/subscribe/?field={world.domain.code}"' in field_page
    code = world.code_of(world.dibao)
    item_page = text(client.get(f"/items/{code}/"))
    assert f'href="/channels/subscribe/?item={code}"' in item_page
    assert "/channels/board/" not in field_page and "/channels/board/" not in item_page
    # The links lead somewhere: the form comes pre-filled, the board sheet is a PDF.
    form = text(client.get(f"/channels/subscribe/?unit=D-S1&field={world.domain.code}"))
    assert 'value="D-S1" selected' in form and f'value="{world.domain.code}" selected' in form
    sheet = client.get("/channels/board/D-S1.pdf")
    assert sheet.status_code == 200 and sheet["Content-Type"] == "application/pdf"
