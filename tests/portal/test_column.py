"""The 政府信息公开 column, the 信息公开目录, the 政策文件 library, 政策解读 both ways, the site-wide feed, and the
furniture of 《政府网站发展指引》 (footer ids, 联系我们, 网站纠错, HTML site map, Chinese 404), the phone-first item and
guide pages and the service-point map.

The column's parts follow the standard layout of county government sites' 政府信息公开 columns (指南, 制度,
法定主动公开内容, 年报, 依申请公开), as listed in /work/shared/reference/standards.md and 《中华人民共和国政府信息公开条例》
(国务院令第711号) 第二十条.
"""

from __future__ import annotations

from datetime import date

import pytest

from portal.search import documents
from publishing import services as pub_services

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


@pytest.fixture
def library(world):
    d = world.d
    old = world.publish(
        d["dept"],
        "拱墅区最低生活保障实施办法（2020年）",
        items=[world.dibao],
        doc_number="拱民发〔2020〕1号",
        formed_on=date(2020, 1, 5),
        validity="invalid",
    )
    new = world.publish(
        d["dept"],
        "拱墅区最低生活保障实施办法",
        items=[world.dibao],
        doc_number="拱民发〔2025〕2号",
        formed_on=date(2025, 1, 5),
    )
    pub_services.supersede(user=world.office, old=old, new=new)
    repealed = world.publish(
        d["dept"],
        "关于废止若干规范性文件的决定",
        items=[world.dibao],
        doc_number="拱政发〔2024〕9号",
        formed_on=date(2024, 5, 5),
        validity="repealed",
    )
    interp = world.publish(
        d["dept"], "《拱墅区最低生活保障实施办法》政策解读", items=[world.dibao], interprets=new
    )
    notice = world.publish(d["s1"], "湖墅街道低保对象名单公示", items=[world.dibao])
    documents.rebuild()
    world.lib = {"old": old, "new": new, "repealed": repealed, "interp": interp, "notice": notice}
    return world


@pytest.mark.parametrize(
    "url,heading",
    [
        ("/gk/", "政府信息公开"),
        ("/gk/guide/", "政府信息公开指南"),
        ("/gk/rules/", "政府信息公开制度"),
        ("/gk/statutory/", "法定主动公开内容"),
        ("/gk/catalog/", "信息公开目录"),
        ("/gk/policies/", "政策文件"),
        ("/gk/interpretations/", "政策解读"),
    ],
)
def test_every_part_of_the_column_links_all_parts(client, library, url, heading):
    page = text(client.get(url))
    assert heading in page
    for link in (
        "/gk/guide/",
        "/gk/rules/",
        "/gk/statutory/",
        "/gk/catalog/",
        "/gk/policies/",
        "/gk/interpretations/",
        "/foi/annual/",
        "/foi/",
    ):
        assert f'href="{link}"' in page


def test_catalog_browses_by_theme_body_genre_and_date(client, library):
    page = text(client.get("/gk/catalog/"))
    assert "湖墅街道低保对象名单公示" in page and "拱墅区最低生活保障实施办法" in page
    by_genre = text(client.get("/gk/catalog/?genre=notice"))
    assert "湖墅街道低保对象名单公示" in by_genre and "拱民发〔2025〕2号" not in by_genre
    by_unit = text(client.get(f"/gk/catalog/?unit={library.d['s1'].code}"))
    assert "湖墅街道低保对象名单公示" in by_unit and "政策解读</td>" not in by_unit
    by_year = text(client.get("/gk/catalog/?year=2024"))
    assert "关于废止若干规范性文件的决定" in by_year and "湖墅街道低保对象名单公示" not in by_year
    assert 'href="/gk/catalog/feed/?year=2024"' in by_year


def test_catalog_is_paginated(client, library):
    for n in range(21):
        library.publish(library.d["s1"], f"湖墅街道公示第{n}号", items=[library.dibao])
    documents.rebuild()
    first, second = text(client.get("/gk/catalog/")), text(client.get("/gk/catalog/?page=2"))
    assert 'rel="next"' in first and "第 1 / 2 页" in first and 'rel="prev"' in second


def test_catalog_feed_follows_the_selection(client, library):
    feed = text(client.get("/gk/catalog/feed/?genre=notice"))
    assert "<rss" in feed and "湖墅街道低保对象名单公示" in feed and "拱民发" not in feed


def test_policy_library_filters_by_validity_and_shows_chains_and_interpretations(client, library):
    page = text(client.get("/gk/policies/"))
    old, interp = library.lib["old"], library.lib["interp"]
    assert "拱民发〔2025〕2号" in page and "拱政发〔2024〕9号" in page
    assert "替代了" in page and f'href="/publications/{old.index_number}/"' in page
    assert f'href="/publications/{interp.index_number}/"' in page
    assert interp.title not in page.split('class="policy-list"')[1].split("<h2")[0]  # not listed as a policy
    repealed = text(client.get("/gk/policies/?validity=repealed"))
    assert "拱政发〔2024〕9号" in repealed and "拱民发〔2025〕2号" not in repealed
    by_number = text(client.get("/gk/policies/?q=2025"))
    assert "拱民发〔2025〕2号" in by_number and "拱政发〔2024〕9号" not in by_number


def test_interpretations_link_both_ways(client, library):
    new, interp = library.lib["new"], library.lib["interp"]
    column = text(client.get("/gk/interpretations/"))
    assert f'href="/publications/{new.index_number}/"' in column and interp.title in column
    assert f'href="/publications/{interp.index_number}/"' in text(
        client.get(f"/publications/{new.index_number}/")
    )
    assert f'href="/publications/{new.index_number}/"' in text(
        client.get(f"/publications/{interp.index_number}/")
    )


def test_site_feed_is_linked_from_every_page_head(client, library):
    home = text(client.get("/"))
    assert '<link rel="alternate" type="application/rss+xml"' in home and 'href="/feed/"' in home
    feed = text(client.get("/feed/"))
    assert "湖墅街道低保对象名单公示" in feed and "<rss" in feed
    assert "<feed" in text(client.get("/atom/"))


def test_footer_identity_contact_correction_and_html_sitemap(client, world, settings):
    settings.PORTAL_SITE_CODE = "3301050099"
    home = text(client.get("/"))
    for bit in (
        "网站标识码",
        "3301050099",
        settings.PORTAL_ICP,
        settings.PORTAL_PSB,
        'href="/contact/"',
        'href="/participation/correction/?next=/"',
        'href="/sitemap/"',
        'href="/participation/supervise/"',
    ):
        assert bit in home
    sitemap = text(client.get("/sitemap/"))
    assert "网站地图" in sitemap and 'href="/gk/policies/"' in sitemap and 'href="/sitemap.xml"' in sitemap
    contact = text(client.get("/contact/"))
    assert f'href="tel:{settings.PORTAL_CONTACT_PHONE}"' in contact


def test_not_found_is_chinese_with_navigation_and_search(client, world, settings):
    settings.DEBUG = False
    response = client.get("/no/such/page/")
    page = text(response)
    assert response.status_code == 404 and "页面不存在" in page
    assert 'role="search"' in page and 'href="/sitemap/"' in page and 'href="/gk/"' in page


def test_item_page_shows_the_basis_once_and_links_guides(client, world):
    from catalog.models import GuideStep, ServiceGuide

    ServiceGuide.objects.create(
        item=world.dibao, code="dibao-apply", title="低保申请", contact="0571-1234 5678"
    )
    page = text(client.get(f"/items/{world.code_of(world.dibao)}/"))
    assert page.count("《中华人民共和国政府信息公开条例》") == 1
    assert 'href="/guides/dibao-apply/"' in page and "flow-steps" not in page
    guide = ServiceGuide.objects.get()
    GuideStep.objects.create(guide=guide, order=1, name="申请", actor="社区", time_limit_text="当场")
    GuideStep.objects.create(guide=guide, order=2, name="审核", actor="街道", time_limit_text="10个工作日")
    guide_page = text(client.get("/guides/dibao-apply/"))
    assert 'class="flow-steps"' in guide_page and "2. 审核" in guide_page and "<svg" in guide_page
    assert 'href="tel:0571-12345678"' in guide_page
    assert client.get("/guides/no-such/").status_code == 404


def test_map_has_a_legend_groups_close_points_and_links_phones(client, world):
    from organizations.models import ServicePoint

    for n in range(3):
        ServicePoint.objects.create(
            unit=world.d["s2"],
            kind="convenience_station",
            name=f"便民站{n}",
            address="路",
            latitude="30.3100",
            longitude=f"120.140{n}",
            phone="0571-8765 4321",
        )
    page = text(client.get("/service-points/"))
    assert 'class="map-legend"' in page and "便民服务站" in page or "map-legend" in page
    assert "3处" in page and 'href="tel:0571-87654321"' in page


def test_zero_result_page_links_the_request_form_by_path(client, world):
    page = text(client.get("/search/", {"q": "无此内容的关键词"}))
    assert 'href="/foi/apply/"' in page
