"""What the public may read: reviewed translations only, one query per page or board."""

import pytest

from organizations.models import Unit
from tests.factories import district
from translations import selectors, services

pytestmark = pytest.mark.django_db


def write(record, language, body, reviewed):
    t = services.save_translation(
        user=None, record=record, language=language, body=body, source_text="中文", translator="甲"
    )
    if reviewed:
        services.review_translation(user=None, translation=t, reviewer="乙")
    return t


def test_public_translations_offer_each_language_reviewed_or_none(django_assert_num_queries):
    d = district()
    write(d["s1"], "bo", "བོད", reviewed=True)
    write(d["s1"], "ii", "ꆈꌠ", reviewed=False)
    with django_assert_num_queries(1):
        offers = selectors.public_translations(Unit, d["s1"].pk)
    assert [(o.code, o.translation and o.translation.body) for o in offers] == [("bo", "བོད"), ("ii", None)]
    assert [o.name_local for o in offers] == ["བོད་ཡིག", "ꆈꌠꉙ"]


def test_reviewed_by_record_groups_many_records_in_one_query(django_assert_num_queries):
    d = district()
    write(d["s1"], "ii", "ꆈ", reviewed=True)
    write(d["s1"], "bo", "བོད", reviewed=True)
    write(d["s2"], "bo", "ཡིག", reviewed=False)
    with django_assert_num_queries(1):
        found = selectors.reviewed_by_record(Unit, [d["s1"].pk, d["s2"].pk])
    assert {k: [t.language for t in v] for k, v in found.items()} == {str(d["s1"].pk): ["bo", "ii"]}


def test_fonts_are_self_hosted_files():
    fonts = selectors.font_files()
    assert set(fonts) == set(selectors.FONTS)
    assert all(uri.startswith("file://") and uri.endswith(".ttf") for uri in fonts.values())
