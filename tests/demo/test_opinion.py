"""The demo's three 舆情 entries: loading them runs the clock check, so the missed one's escalation
(舆情超时升级) is in the office's bell, once, however often the demo is loaded."""

from __future__ import annotations

import pytest

from demo import opinion as demo_opinion
from opinion.models import ClockAlert, Entry
from organizations.models import Role, UnitKind
from publishing.models import Notice, NoticeKind
from tests.factories import UnitFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    gov = UnitFactory(name="区政府", code="GS", kind=UnitKind.GOVERNMENT)
    for story in demo_opinion.STORIES:
        UnitFactory(name=f"单位{story['unit']}", code=story["unit"], kind=UnitKind.DEPARTMENT, parent=gov)
    return member(Role.OFFICE, gov, "office")


def test_the_missed_entry_is_escalated_to_the_office_once(office):
    assert demo_opinion.load({}) == {"entries": 3}
    missed = Entry.objects.get(summary=demo_opinion.STORIES[2]["summary"])
    assert ClockAlert.objects.filter(entry=missed, step="escalate").count() == 1
    escalations = Notice.objects.filter(recipient=office, kind=NoticeKind.OPINION_LATE)
    assert [n.url.split("?")[0] for n in escalations] == [f"/opinion/{missed.pk}/"]
    assert demo_opinion.load({}) == {"entries": 0}
    assert Notice.objects.filter(recipient=office, kind=NoticeKind.OPINION_LATE).count() == 1
