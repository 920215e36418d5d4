"""A channel's own words are frozen with it; editions frozen before words existed still compare equal."""

import pytest

from catalog import services
from catalog.diff import compare_items
from catalog.models import Channel
from catalog.snapshot import item_data, items_for_snapshot
from domains.models import Domain

pytestmark = pytest.mark.django_db


def test_channel_words_in_the_snapshot_only_when_the_catalog_has_them(office):
    edu = Domain.objects.get(code="compulsory-education")
    data = services.ItemData(
        name="招生范围",
        elements=["招生范围"],
        time_limit_text="信息形成或者变更之日起20个工作日内",
        subject_text="区教育局",
        tier_district=True,
        channels=[(Channel.WEBSITE, True), (Channel.BULLETIN_BOARD, True, "镇村公示公开栏")],
    )
    services.save_item(user=office, domain=edu, parent=None, data=data)
    frozen = item_data(items_for_snapshot().get(name="招生范围"))
    assert frozen["channels"][0] == {"channel": "website", "label": "政府网站", "required": True}
    assert frozen["channels"][1]["words"] == "镇村公示公开栏"
    older = dict(
        frozen,
        channels=[frozen["channels"][0], {k: v for k, v in frozen["channels"][1].items() if k != "words"}],
    )
    (change,) = compare_items(older, frozen)
    assert change.added == ["■镇村公示公开栏"]
    assert compare_items(dict(frozen), frozen) == []
