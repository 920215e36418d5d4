"""Chinese search with the words citizens type: abbreviations (低保), the full term (最低生活保障), the home
page's example (拆迁补偿), 公租房, pinyin (dibao, db), traditional characters, two words; ranking, highlights,
facets, the zero-result page and log, and the index following publish and withdraw.

The records are titled as real documents are: 民政部《最低生活保障审核确认办法》(民发〔2021〕57号),
《国有土地上房屋征收与补偿条例》(国务院令第590号), 住房和城乡建设部《公共租赁住房管理办法》(令第11号).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection

from portal.models import SearchDocument, SynonymGroup, ZeroResultQuery
from portal.search import Filters, documents, engine, search, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(world):
    d = world.d
    world.dibao_rules = world.publish(
        d["dept"],
        "区民政局关于印发《最低生活保障审核确认实施办法》的通知",
        "<p>为规范最低生活保障审核确认工作，根据《最低生活保障审核确认办法》（民发〔2021〕57号）制定本办法。</p>",
        items=[world.dibao],
        doc_number="拱民发〔2025〕3号",
        formed_on=date(2025, 2, 10),
    )
    world.dibao_list = world.publish(
        d["s1"], "湖墅街道2025年3月城乡低保对象名单公示", "<p>新增低保对象3户。</p>", items=[world.dibao]
    )
    world.zhengshou = world.publish(
        d["dept"],
        "拱墅区国有土地上房屋征收补偿方案",
        "<p>依据《国有土地上房屋征收与补偿条例》，对征收范围内房屋给予补偿。</p>",
        items=[world.chaiqian],
        formed_on=date(2024, 6, 1),
    )
    world.gongzu = world.publish(
        d["s2"],
        "小河街道公共租赁住房轮候名单公示",
        "<p>符合条件的家庭按轮候顺序配租。</p>",
        items=[world.chaiqian],
    )
    world.other = world.publish(d["s1"], "湖墅街道办事处工作动态", "<p>召开会议。</p>", items=[world.dibao])
    documents.rebuild()
    return world


def titles(q, **filters):
    return [h.doc.title for h in search(q, Filters(**filters)).hits]


def test_dibao_finds_the_full_term_and_the_full_term_finds_dibao(corpus):
    assert "区民政局关于印发《最低生活保障审核确认实施办法》的通知" in titles("低保")
    assert "湖墅街道2025年3月城乡低保对象名单公示" in titles("最低生活保障")


def test_chaiqian_buchang_finds_house_expropriation_compensation(corpus):
    assert "拱墅区国有土地上房屋征收补偿方案" in titles("拆迁补偿")


def test_gongzufang_finds_public_rental_housing(corpus):
    assert titles("公租房")[0] == "小河街道公共租赁住房轮候名单公示"


@pytest.mark.parametrize("q", ["dibao", "db", "DiBao"])
def test_pinyin_and_initials(corpus, q):
    assert "湖墅街道2025年3月城乡低保对象名单公示" in titles(q)


def test_traditional_characters_are_folded(corpus):
    assert "拱墅区国有土地上房屋征收补偿方案" in titles("拆遷補償")
    assert "湖墅街道2025年3月城乡低保对象名单公示" in titles("最低生活保障 名單")


def test_two_words_must_both_match(corpus):
    both = titles("低保 公示")
    assert both == ["湖墅街道2025年3月城乡低保对象名单公示"]
    assert "小河街道公共租赁住房轮候名单公示" in titles("公示")


def test_two_character_word_matches_items_and_publications(corpus):
    kinds = {h.doc.kind for h in search("低保").hits}
    assert kinds == {"item", "publication"}


def test_title_outranks_body_and_recency_breaks_ties(corpus):
    hits = search("低保").hits
    ranked = [h.doc.title for h in hits if h.doc.kind == "publication"]
    # 工作动态 matches only through its item's name: below every record with 低保 in its title.
    assert ranked[-1] == "湖墅街道办事处工作动态"
    assert ranked.index("湖墅街道2025年3月城乡低保对象名单公示") < ranked.index("湖墅街道办事处工作动态")
    assert engine.recency(None, None) < engine.recency(
        corpus.dibao_list.published_at, corpus.dibao_list.published_at
    )


def test_doc_number_is_searchable_and_weighted_above_body(corpus):
    assert titles("拱民发")[0] == "区民政局关于印发《最低生活保障审核确认实施办法》的通知"


def test_highlights_escape_first(corpus):
    marked = engine.highlight("<b>低保</b>标准", ["低保"])
    assert marked == "&lt;b&gt;<mark>低保</mark>&lt;/b&gt;标准"
    hit = search("低保").hits[0]
    assert "<mark>" in hit.title + hit.snippet


def test_facets_count_every_match(corpus):
    result = search("公示")
    units = {label: n for _v, label, n in result.facets["unit"]}
    assert units == {"湖墅街道办事处": 1, "小河街道办事处": 1} or sum(units.values()) == 2
    genres = dict((v, n) for v, _l, n in result.facets["genre"])
    assert genres.get("notice") == 2
    assert {v for v, _l, _n in result.facets["validity"]} == {"valid"}
    assert result.facets["year"][0][0] == "2025"


def test_filters_narrow_the_results(corpus):
    assert titles("低保", kind="item") and all(
        h.doc.kind == "item" for h in search("低保", Filters(kind="item")).hits
    )
    assert titles("低保", unit=corpus.d["s1"].code) == ["湖墅街道2025年3月城乡低保对象名单公示"] or all(
        "湖墅" in t for t in titles("低保", unit=corpus.d["s1"].code)
    )
    assert titles("征收", year=2024) == ["拱墅区国有土地上房屋征收补偿方案"]


def test_zero_results_suggest_words_fields_and_the_request_form_and_are_logged(client, corpus):
    page = client.get("/search/", {"q": "低保户口迁移证明"}).content.decode()
    assert "没有找到" in page and 'href="/foi/apply/"' in page and "按领域查看" in page
    page = client.get("/search/", {"q": "低保户口迁移证明"}).content.decode()
    logged = ZeroResultQuery.objects.get()
    assert logged.count == 2 and "低保" in logged.query


def test_search_page_shows_results_facets_and_pagination_links(client, corpus):
    page = client.get("/search/", {"q": "低保"}).content.decode()
    assert "找到" in page and "<mark>低保</mark>" in page and 'class="facets"' in page


def test_search_is_rate_limited(client, corpus, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": (2, 60)}
    cache.clear()
    assert client.get("/search/", {"q": "低保"}).status_code == 200
    assert client.get("/search/", {"q": "公示"}).status_code == 200
    limited = client.get("/search/", {"q": "征收"})
    assert limited.status_code == 429 and "请求过于频繁" in limited.content.decode()


def test_the_index_follows_publish_and_withdraw(world, django_capture_on_commit_callbacks):
    from publishing import services as pub_services

    with django_capture_on_commit_callbacks(execute=True):
        pub = world.publish(world.d["s1"], "湖墅街道临时救助审批结果公示", items=[world.dibao])
    assert SearchDocument.objects.filter(kind="publication", key=pub.index_number).exists()
    assert "湖墅街道临时救助审批结果公示" in titles("急难救助")
    with django_capture_on_commit_callbacks(execute=True):
        pub_services.withdraw(user=world.office, publication=pub, reason="内容有误")
    assert not SearchDocument.objects.filter(kind="publication", key=pub.index_number).exists()


def test_edition_approval_reindexes_the_catalog(world, django_capture_on_commit_callbacks):
    from tests.portal.fixtures import make_item

    make_item(world.office, world.domain, "廉租住房保障对象公示", parent=world.top)
    with django_capture_on_commit_callbacks(execute=True):
        world.release("第二版")
    assert "廉租住房保障对象公示" in titles("廉租房")


def test_the_office_dictionary_changes_queries(corpus):
    assert titles("工作信息") == [] or "湖墅街道办事处工作动态" not in titles("工作信息")
    SynonymGroup.objects.create(terms="工作信息 工作动态")
    from portal.search import synonyms

    synonyms.bump()
    assert "湖墅街道办事处工作动态" in titles("工作信息")


def test_segmentation_is_search_mode():
    assert {"最低", "生活", "保障"} <= set(text.tokens("最低生活保障审核确认办法"))
    assert text.normalize("拆遷補償ＡＢ") == "拆迁补偿ab"
    assert text.pinyin_keys("低保") == ("dibao", "db")


def test_a_search_runs_a_fixed_number_of_queries(corpus, django_assert_max_num_queries):
    search("低保")  # warm the dictionary
    with django_assert_max_num_queries(12):
        search("低保 公示")


# -- the bounded ranking (engine.POOL) -----------------------------------------------------------------------
@pytest.fixture
def many(world):
    """Nine records about 低保 (three with the word in the title, six only in the body), published in turn."""
    for n in range(9):
        title = f"湖墅街道低保对象名单公示第{n}期" if n % 3 == 0 else f"湖墅街道工作动态第{n}期"
        world.publish(world.d["s1"], title, f"<p>本期涉及低保事项{n}。</p>", items=[world.dibao])
    documents.rebuild()
    return world


def _full_ranking(q):
    """The backend's own ranking over every match (what the pool must agree with), as ids."""
    parsed = engine.parse(q)
    be = engine.backend()
    return [pk for pk, _score in be.page(SearchDocument.objects.all(), be.expression(parsed.groups), 0, 100)]


def test_below_the_pool_every_match_is_ranked_as_the_backend_ranks(many):
    result = search("低保")
    assert not result.pooled and not result.capped
    assert [h.doc.pk for h in result.hits] == _full_ranking("低保")
    assert result.total == len(_full_ranking("低保")) == sum(n for _v, _l, n in result.facets["kind"])


def test_above_the_pool_the_newest_matches_are_ranked_in_the_same_order(many, monkeypatch):
    monkeypatch.setattr(engine, "POOL", 4)
    full = _full_ranking("低保")
    result = search("低保")
    assert result.pooled and result.capped and result.total >= engine.POOL
    if connection.vendor == "sqlite":  # a count that stops at COUNT_CAP: exact here
        assert result.total == len(full)
    # PostgreSQL gives the planner's estimate (shown as 约 N), which on a table this small may be low
    hits = [h.doc.pk for h in result.hits]
    matches = SearchDocument.objects.filter(pk__in=full)
    undated = [d.pk for d in matches.filter(date__isnull=True).order_by("-id")]
    newest = undated + [d.pk for d in matches.filter(date__isnull=False).order_by("-date", "-id")]
    assert set(hits) == set(newest[:4])  # the pool: catalog items first, then the newest records
    assert hits == [pk for pk in full if pk in hits]  # relevance order kept among them
    assert sum(n for _v, _l, n in result.facets["kind"]) == 4  # the facets count the pool
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)


def test_the_search_page_says_when_results_are_pooled(client, many, monkeypatch):
    monkeypatch.setattr(engine, "POOL", 4)
    page = client.get("/search/", {"q": "低保"}).content.decode()
    assert "找到约" in page and "按最新的 4 条排序和分类统计" in page
