"""The demo's pilot ledger (demo/pilot.py): its units are the demo district's, it is written through
pilot.services (so the history has every step), loading twice adds nothing, and the public page shows it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from demo import pilot as demo_pilot
from demo.loader import read_demo_data
from pilot.models import Evidence, Level, PilotEvent, Problem, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_ledger(db, settings, tmp_path):
    from tests.factories.pilot import demo_pilot_ledger

    settings.MEDIA_ROOT = tmp_path / "media"
    return demo_pilot_ledger()


def test_every_unit_named_is_a_unit_of_the_demo_district():
    codes = {unit["code"] for unit in read_demo_data()["units"]}
    named = {lead for _n, _t, lead, _targets in demo_pilot.CLASSES}
    for _n, _t, _lead, targets in demo_pilot.CLASSES:
        for target in targets:
            named |= {target[2], *target[3]}
    named |= {m[3] for m in demo_pilot.MEASURES}
    assert named <= codes


def test_the_demo_ledger_is_whole_and_loads_once(demo_ledger, client):
    targets = sum(len(t) for _n, _t, _l, t in demo_pilot.CLASSES)
    assert Task.objects.filter(level=Level.TARGET).count() == targets
    assert Task.objects.filter(level=Level.MEASURE).count() == len(demo_pilot.MEASURES)
    assert Evidence.objects.count() == len(demo_pilot.EVIDENCE)
    assert sorted(Problem.objects.values_list("state", flat=True)) == ["closed", "correcting"]
    events = PilotEvent.objects.count()
    assert demo_pilot.load({}) == {"plans": 1}
    assert PilotEvent.objects.count() == events and Task.objects.count() == targets + 3 + len(
        demo_pilot.MEASURES
    )
    page = client.get(reverse("pilot:index")).content.decode()
    assert "拱墅区基层政务公开标准化规范化试点" in page and "部分查阅点未公示开放时间" in page
    assert "2个领域标准尚未经联席会议审核" not in page
