"""core/query_terms.py: the lower apps' door to the portal's query analysis."""

from core import query_terms


def test_the_portal_registers_its_analyser_with_the_synonyms(db):
    from portal.search import synonyms

    synonyms.seed_if_empty()  # a transactional test's flush empties the office's dictionary
    assert query_terms.registered()  # PortalConfig.ready
    groups = query_terms.alternatives("低保金怎么申请")
    assert groups[0][0] == "低保" and "最低生活保障" in groups[0]


def test_without_an_analyser_jieba_alone_cuts_the_sentence(monkeypatch):
    monkeypatch.setattr(query_terms, "_analyser", [])
    groups = query_terms.alternatives("最低生活保障怎么申请")
    assert [g[0] for g in groups][:1] == ["最低"] or ["最低生活保障"] == groups[0]
    assert all(len(g) == 1 for g in groups)
    assert query_terms.alternatives("") == [] and query_terms.alternatives("，。！") == []


def test_the_text_is_bounded(monkeypatch):
    seen = []
    monkeypatch.setattr(query_terms, "_analyser", [lambda text: seen.append(text) or [[text]]])
    query_terms.alternatives("字" * 1000)
    assert len(seen[0]) == query_terms.MAX_TEXT
