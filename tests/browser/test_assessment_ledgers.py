"""The demo's 互动交流与政务舆情回应 round in a real browser (issue 24): after ``load_demo`` the office opens the round's
page of a unit and sees its scores with one evidence line per ledger record counted — messages with their tracking
code, kind, received, due and answered/overdue days; 舆情 with found-at, level, deadline and outcome — and a unit
with a message waiting over three months scores 0 on 互动交流 (单项否决). Screenshots (desktop) in
docs/screenshots/issue24/."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "issue24"


def test_the_demo_round_shows_the_ledger_scores_with_evidence(admin_login, page, live_server):
    from django.utils import timezone

    from assessment.models import Evidence, IndicatorScore, Round
    from demo.assessment import ledger_round_plan

    call_command("load_demo", verbosity=0)
    name, _kind, start, end = ledger_round_plan(timezone.localdate())
    round_ = Round.objects.get(name=name, period_start=start, period_end=end)
    admin_login("office")
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"{live_server.url}/assessment/rounds/{round_.pk}/units/GS-MZJ/")
    text = page.inner_text("main")
    assert "互动交流（留言办理）" in text and "政务舆情回应" in text
    # every message line of the unit is on the page, with its code, kind, dates and outcome
    lines = Evidence.objects.filter(
        score__round=round_, score__unit__code="GS-MZJ", score__indicator__code="1.1"
    )
    assert lines.count() >= 5
    for e in lines:
        assert e.description in text
    assert "按时答复" in text and "超期" in text
    assert "舆情「微博称低保资格复核" in text and "未回应" in text and "一般" in text
    assert page.locator("li.evidence-counted").count() >= 1 and page.locator("li.evidence-lost").count() >= 2
    page.screenshot(path=str(SHOTS / "assessment-ledgers.png"), full_page=True)

    vetoed = (
        IndicatorScore.objects.filter(round=round_, indicator__code="1.3", score__lt=0)
        .select_related("unit")
        .order_by("unit__code")
        .first()
    )
    assert vetoed is not None
    page.goto(f"{live_server.url}/assessment/rounds/{round_.pk}/units/{vetoed.unit.code}/")
    text = page.inner_text("main")
    assert "超过3个月未答复（单项否决）" in text and "已等待" in text
    pool = IndicatorScore.objects.get(round=round_, unit=vetoed.unit, indicator__code="1")
    assert pool.score == 0
    page.screenshot(path=str(SHOTS / "assessment-ledgers-veto.png"), full_page=True)
