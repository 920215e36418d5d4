"""The ledger's reads: the month's report (counts by level and kind, each clock on time / late / missed, the
median response hours) against a count made here from the entries' own times, and the desk's section."""

from __future__ import annotations

import statistics
from datetime import timedelta

import pytest
from django.utils import timezone

from opinion import selectors, services
from organizations.models import Role
from publishing.selectors import desk_sections
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def month(d, make_entry):
    """Four entries found in the last days: answered on time, answered late, missed, handed over."""
    officer = member(Role.OFFICER, d["s1"])
    now = timezone.now()
    on_time = make_entry(ago=timedelta(hours=70), level="major", emergency=True, summary="甲")
    services.record_response(
        user=officer, entry=on_time, kind="press", responded_at=on_time.found_at + timedelta(hours=2)
    )
    late = make_entry(ago=timedelta(hours=60), summary="乙")
    services.record_response(
        user=officer, entry=late, kind="response", responded_at=late.found_at + timedelta(hours=55)
    )
    missed = make_entry(ago=timedelta(hours=50), level="large", summary="丙")
    handed = make_entry(ago=timedelta(hours=3), summary="丁")
    services.hand_over(user=officer, entry=handed, to="police", party="区公安分局", handed_at=now)
    return {"officer": officer, "entries": [on_time, late, missed, handed], "now": now}


def test_the_month_report_counts_what_the_entries_say(office, month):
    now = month["now"]
    local = timezone.localtime(now)
    if local.day <= 3:  # the fixture's entries would straddle two months
        pytest.skip("entries of the first days of a month fall in the month before")
    report = selectors.month_report(office, local.year, local.month, now=now)
    entries = month["entries"]
    assert report.total == len(entries)
    levels = dict(report.by_level)
    assert levels["重大"] == sum(e.level == "major" for e in entries)
    assert levels["较大"] == sum(e.level == "large" for e in entries)
    # by hand: 甲's two clocks met by its press conference at 2 h; 乙 answered at 55 h of 48; 丙 never, 50 h gone;
    # 丁 handed over within its 48 hours
    assert report.totals == {"running": 0, "on_time": 2, "late": 1, "missed": 1, "handed_over": 1}
    assert report.median_hours == statistics.median([2.0, 55.0])
    assert report.responded == 2


def test_the_office_and_the_officer_see_the_running_clocks_on_the_desk(office, d, month):
    section = next(s for s in desk_sections(office) if s.key == "opinion")
    counts = {c.key: c.count for c in section.counts}
    assert counts == {"running": 0, "missed": 1}
    assert any("丙" in line.title for line in section.lines)
    other = member(Role.OFFICER, d["s2"])
    mine = next(s for s in desk_sections(other) if s.key == "opinion")
    assert {c.key: c.count for c in mine.counts} == {"running": 0, "missed": 0}
    assert not [s for s in desk_sections(member(Role.REVIEWER, d["s1"])) if s.key == "opinion"]
