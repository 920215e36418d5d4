"""The demo's 公开栏: a board in each community of the two demo streets, and on 卖鱼桥社区's the life of a posting
(a photo, an objection handled as founded, the re-posting) — loaded once, however often the demo is loaded."""

from __future__ import annotations

import pytest

from boards.models import Board, Objection, Posting
from demo import boards as demo_boards
from organizations.models import Role, UnitKind
from tests.factories import UnitFactory, member
from tests.publishing.helpers import published

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    gov = UnitFactory(name="区政府", code="GS", kind=UnitKind.GOVERNMENT)
    hs = UnitFactory(name="湖墅街道办事处", code="GS-HS", kind=UnitKind.STREET, parent=gov)
    msx = UnitFactory(name="米市巷街道办事处", code="GS-MSX", kind=UnitKind.STREET, parent=gov)
    mine = UnitFactory(name="卖鱼桥社区居民委员会", code="GS-HS-01", kind=UnitKind.COMMUNITY, parent=hs)
    UnitFactory(name="信义坊社区居民委员会", code="GS-HS-02", kind=UnitKind.COMMUNITY, parent=hs)
    UnitFactory(name="米市巷社区居民委员会", code="GS-MSX-01", kind=UnitKind.COMMUNITY, parent=msx)
    member(Role.OFFICE, gov, "office")
    officer = member(Role.OFFICER, mine, "officer_community")
    mine.refresh_from_db()
    published(officer, mine, "卖鱼桥社区低保拟确认对象公示", body="<p>拟确认某某家庭为低保对象。</p>")
    return mine


def test_the_demo_boards_and_a_postings_life(district):
    assert demo_boards.load({}) == {"boards": 3, "postings": 2}
    board = Board.objects.get(unit=district)
    first, again = Posting.objects.filter(board=board).order_by("id")
    assert first.photo_posted and again.supersedes == first and first.taken_down_on == again.posted_on
    assert Objection.objects.get(posting=first).result == "corrected"
    assert board.keeper.username == "officer_community"
    assert demo_boards.load({}) == {"boards": 0, "postings": 0}
