"""Search finds Tibetan and Yi text: Tibetan cut into syllables on the tsheg and the shad, Yi one syllable per
character; only reviewed translations are indexed, and reviewing one re-indexes its record."""

from __future__ import annotations

import pytest

from catalog.models import DisclosureItem
from portal.search import documents, search, text
from translations import services as tr_services

pytestmark = pytest.mark.django_db

TSHEG, SHAD = "\u0f0b", "\u0f0d"


def test_tibetan_is_cut_on_the_tsheg_and_the_shad():
    phrase = f"དམའ{TSHEG}ཤོས{TSHEG}འཚོ{TSHEG}བའི{TSHEG}འགན{TSHEG}ལེན{SHAD} ཉིན{TSHEG}བདུན"
    expected = [s for chunk in phrase.replace(SHAD, " ").split() for s in chunk.split(TSHEG) if s]
    assert text.tokens(phrase) == expected
    assert text.query_words(f"འཚོ{TSHEG}བའི") == ["འཚོ", "བའི"]


def test_yi_is_cut_per_syllable_and_chinese_still_by_jieba():
    yi = "ꆈꌠꉙ"
    # the Chinese on either side is cut as jieba cuts it alone (its dictionary grows with the synonyms another
    # test may have taught it: compared with itself, not with a fixed list); the Yi between, one per syllable
    chinese = text.tokens("最低生活保障") + list(yi) + text.tokens("低保")
    assert text.tokens(f"最低生活保障{yi}低保") == chinese
    assert all(0xA000 <= ord(s) <= 0xA48F for s in text.query_words(yi))


def translate(record, language, body, reviewed, capture):
    with capture(execute=True):  # the index follows after the commit
        t = tr_services.save_translation(
            user=None, record=record, language=language, body=body, translator="甲"
        )
        if reviewed:
            tr_services.review_translation(user=None, translation=t, reviewer="乙")


def keys(q):
    return [h.doc.key for h in search(q).hits]


def test_reviewed_translations_are_found_in_their_own_script(world, django_capture_on_commit_callbacks):
    documents.rebuild()
    item = DisclosureItem.objects.get(pk=world.dibao.pk)
    code = world.code_of(world.dibao)
    translate(
        item,
        "bo",
        f"དམའ{TSHEG}ཤོས{TSHEG}འཚོ{TSHEG}བའི{TSHEG}འགན{TSHEG}ལེན{SHAD}",
        True,
        django_capture_on_commit_callbacks,
    )
    translate(item, "ii", "ꆈꌠꉙ ꀕꀖ", False, django_capture_on_commit_callbacks)
    assert keys(f"འཚོ{TSHEG}བའི") == [code]
    assert keys("འགན") == [code]  # one syllable
    assert keys("ꀕꀖ") == []  # waiting for review: not indexed
    translate(item, "ii", "ꆈꌠꉙ ꀕꀖ", True, django_capture_on_commit_callbacks)
    assert keys("ꀕꀖ") == [code] and keys("ꀖ") == [code]
