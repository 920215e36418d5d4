"""The ledger's reads: the month's report (counts by level and kind, each clock on time / late / missed, the
median response hours) against a count made here from the entries' own times, and the desk's section."""

from __future__ import annotations

import statistics
from collections import Counter
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
    """The entries were found in the last 70 hours, so near a month's start they fall in two months: each
    month's report is read and the figures are added up (nothing here depends on today's date)."""
    now = month["now"]
    entries = month["entries"]
    months = sorted(
        {(timezone.localtime(e.found_at).year, timezone.localtime(e.found_at).month) for e in entries}
    )
    reports = {ym: selectors.month_report(office, *ym, now=now) for ym in months}
    assert sum(r.total for r in reports.values()) == len(entries)
    levels = Counter()
    totals = Counter()
    for report in reports.values():
        levels.update(dict(report.by_level))
        totals.update(report.totals)
    assert levels["重大"] == sum(e.level == "major" for e in entries)
    assert levels["较大"] == sum(e.level == "large" for e in entries)
    # by hand: 甲's two clocks met by its press conference at 2 h; 乙 answered at 55 h of 48; 丙 never, 50 h gone;
    # 丁 handed over within its 48 hours
    assert {k: totals[k] for k in ("running", "on_time", "late", "missed", "handed_over")} == {
        "running": 0, "on_time": 2, "late": 1, "missed": 1, "handed_over": 1,
    }  # fmt: skip
    hours = {"甲": 2.0, "乙": 55.0}  # the responded entries, by hand
    for ym, report in reports.items():
        mine = [hours[e.summary] for e in entries if e.summary in hours and
                (timezone.localtime(e.found_at).year, timezone.localtime(e.found_at).month) == ym]  # fmt: skip
        assert report.responded == len(mine)
        assert report.median_hours == (statistics.median(mine) if mine else None)


def test_the_office_and_the_officer_see_the_running_clocks_on_the_desk(office, d, month):
    section = next(s for s in desk_sections(office) if s.key == "opinion")
    counts = {c.key: c.count for c in section.counts}
    assert counts == {"running": 0, "missed": 1}
    assert any("丙" in line.title for line in section.lines)
    other = member(Role.OFFICER, d["s2"])
    mine = next(s for s in desk_sections(other) if s.key == "opinion")
    assert {c.key: c.count for c in mine.counts} == {"running": 0, "missed": 0}
    assert not [s for s in desk_sections(member(Role.REVIEWER, d["s1"])) if s.key == "opinion"]
