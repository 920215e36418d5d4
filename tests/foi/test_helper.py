"""foi/helper.py: "is it already public?" cuts a sentence into words (the portal's analyser, with the office's
synonyms, reached through core/query_terms.py) before looking for public records."""

from datetime import date

import pytest

from foi import helper
from organizations.models import Role
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _dictionary():
    from portal.search import synonyms

    synonyms.seed_if_empty()  # a transactional test's flush empties the office's dictionary (低保 → 最低生活保障)


def _publish(title, unit):
    from publishing import services as pub

    officer = member(Role.OFFICER, unit, f"o{abs(hash(title)) % 10**6}")
    reviewer = member(Role.REVIEWER, unit, f"r{abs(hash(title)) % 10**6}")
    p = pub.create_publication(user=officer, unit=unit, title=title, body="正文", formed_on=date(2025, 5, 6))
    pub.submit(user=officer, publication=p)
    pub.approve(user=reviewer, publication=p)
    return pub.publish(user=officer, publication=p)


def test_a_sentence_finds_the_records_of_its_subject(d):
    _publish("湖墅街道最低生活保障审核确认结果公示（2025年10月）", d["s1"])
    _publish("2025年学区划分方案", d["dept"])
    titles = [r["title"] for r in helper.matching_public_records("低保金怎么申请")]
    assert titles == ["湖墅街道最低生活保障审核确认结果公示（2025年10月）"]


def test_the_words_drop_how_people_ask():
    groups = helper.words("低保金怎么申请")
    assert groups and groups[0][0] == "低保" and "最低生活保障" in groups[0]
    assert not any(g[0] in ("怎么", "申请", "金") for g in groups)
    assert helper.words("请问怎么申请") == []


def test_nothing_to_match_returns_nothing_and_bounded_input(d):
    assert helper.matching_public_records("") == []
    assert helper.matching_public_records("怎么申请呢") == []
    assert helper.matching_public_records("低保" * 500) == []  # long input is cut, never an error


def test_the_titles_holding_more_of_the_words_come_first(d):
    _publish("2025年学区划分方案", d["dept"])
    _publish("2025年招生计划", d["dept"])
    found = [r["title"] for r in helper.matching_public_records("我想知道2025年学区划分")]
    assert found[0] == "2025年学区划分方案"
