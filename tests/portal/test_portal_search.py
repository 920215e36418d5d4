"""Search: two-character Chinese words, phrases, ranking, highlighting, filters."""

from datetime import date

import pytest

from portal import search

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


@pytest.fixture
def corpus(world):
    w = world
    w.p_title = w.publish(
        w.d["s1"],
        "湖墅街道低保对象名单公示",
        "<p>本期低保对象12户，低保标准每月1180元。</p>",
        items=[w.dibao],
        formed_on=date(2025, 2, 1),
    )
    w.p_body = w.publish(
        w.d["s2"],
        "小河街道社会救助月报",
        "<p>其中低保家庭3户。</p>",
        items=[w.dibao],
        formed_on=date(2024, 5, 6),
    )
    w.p_chaiqian = w.publish(
        w.d["dept"],
        "城中村拆迁补偿安置办法",
        "<p>拆迁补偿按评估价计算，补偿款一次付清。</p>",
        items=[w.chaiqian],
        formed_on=date(2023, 8, 8),
        validity="repealed",
    )
    w.p_other = w.publish(w.d["s1"], "湖墅街道垃圾分类通知", "<p>与救助无关</p>")
    return w


@pytest.mark.parametrize("word", ["低保", "拆迁", "补偿"])
def test_two_character_words_are_found(client, corpus, word):
    page = text(client.get("/search/", {"q": word}))
    assert f"<mark>{word}</mark>" in page
    assert "垃圾分类" not in page


def test_both_items_and_publications_are_found(corpus):
    _terms, hits = search.search("低保")
    kinds = {h.kind for h in hits}
    assert kinds == {"item", "publication"}
    titles = [str(h.title) for h in hits]
    assert any("城乡<mark>低保</mark>对象审核" in t for t in titles)


def test_title_hits_rank_above_body_hits_and_more_hits_higher(corpus):
    _terms, hits = search.search("低保")
    pubs = [h.obj for h in hits if h.kind == "publication"]
    assert pubs.index(corpus.p_title) < pubs.index(corpus.p_body)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_phrases_and_several_words_must_all_match(corpus):
    _terms, hits = search.search("拆迁补偿安置")
    assert [h.obj for h in hits if h.kind == "publication"] == [corpus.p_chaiqian]
    _terms, hits = search.search("湖墅 低保")
    assert [h.obj for h in hits if h.kind == "publication"] == [corpus.p_title]


def test_highlight_escapes_before_marking():
    out = str(search.highlight("<b>低保</b> & 低保", ["低保"]))
    assert out == "&lt;b&gt;<mark>低保</mark>&lt;/b&gt; &amp; <mark>低保</mark>"
    assert "<script>" not in str(search.highlight("<script>x</script>", ["script"]))


def test_filters(client, corpus):
    def pubs(**params):
        _t, hits = search.search("低保", search.Filters(**params))
        return {h.obj for h in hits if h.kind == "publication"}

    assert pubs(unit="D-S2") == {corpus.p_body}
    assert pubs(year=2025) == {corpus.p_title}
    assert pubs(tier="district") == set()
    assert pubs(field=corpus.domain.code) == {corpus.p_title, corpus.p_body}
    _t, hits = search.search("补偿", search.Filters(validity="repealed"))
    assert [h.obj for h in hits] == [corpus.p_chaiqian]
    page = text(client.get("/search/", {"q": "低保", "unit": "D-S2", "year": "2024"}))
    assert "小河街道社会救助月报" in page and "湖墅街道低保对象名单公示" not in page


def test_unpublished_and_withdrawn_are_not_found(corpus):
    from publishing import services as pub_services

    corpus.publish(corpus.d["s1"], "低保草稿", publish=False)
    pub_services.withdraw(user=corpus.office, publication=corpus.p_body, reason="错")
    _t, hits = search.search("低保")
    titles = {h.obj.title for h in hits if h.kind == "publication"}
    assert titles == {"湖墅街道低保对象名单公示"}


def test_empty_and_odd_queries(client, corpus):
    assert client.get("/search/").status_code == 200
    assert client.get("/search/", {"q": "%_'\"\\"}).status_code == 200
    assert client.get("/search/", {"q": "低保", "year": "abc", "tier": "x"}).status_code == 200
    assert search.parse_query("  低保\u3000拆迁 低保 ") == ["低保", "拆迁"]
