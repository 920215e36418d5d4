"""The desk and the office's dashboard count the three ledgers of issue 24 — consultations open and feedback
reports waiting (late), messages waiting and overdue, 舆情 entries with a running or a missed clock — only over
the units the person may see, narrowed by the desk's unit filter (``within``). The expected figures are counted
here from the table of records the test makes, not restated."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultation import services as consultation_services
from consultation.models import Kind
from interaction import services as interaction_services
from opinion import services as opinion_services
from organizations.models import Role
from publishing.selectors import desk_sections
from tests.factories import member

pytestmark = pytest.mark.django_db

#: (ledger, unit, what): the records made below.
RECORDS = [
    ("consultation", "s1", "open"),
    ("consultation", "s1", "open"),
    ("consultation", "s2", "open"),
    ("consultation", "s1", "late"),  # closed, decided 20 days ago, feedback report not published
    ("interaction", "s1", "overdue"),
    ("interaction", "s1", "overdue"),
    ("interaction", "s1", "waiting"),
    ("interaction", "s2", "overdue"),
    ("opinion", "s1", "missed"),
    ("opinion", "s1", "running"),
    ("opinion", "s2", "running"),
]


def expected(units: set[str]) -> dict[str, dict[str, int]]:
    """The desk's figures over ``units``, counted from :data:`RECORDS`."""
    mine = Counter((ledger, what) for ledger, unit, what in RECORDS if unit in units)
    return {
        "consultation": {
            "open": mine["consultation", "open"],
            "feedback": mine["consultation", "late"],  # every waiting report here is late
            "late": mine["consultation", "late"],
        },
        "interaction": {"waiting": mine["interaction", "waiting"], "overdue": mine["interaction", "overdue"]},
        "opinion": {"running": mine["opinion", "running"], "missed": mine["opinion", "missed"]},
    }


def _make(what: str, unit, office):
    today = timezone.localdate()
    if what in ("open", "late"):
        opened = today - timedelta(days=1 if what == "open" else 60)
        consultation = consultation_services.open_consultation(
            user=office, unit=unit, kind=Kind.objects.get(code="major"), title=f"{unit.name}的草案",
            draft="第一条 ……", explanation="背景", basis="依据", opens_on=opened,
        )  # fmt: skip
        if what == "late":
            consultation_services.set_meeting(
                user=office, consultation=consultation, decided_on=today - timedelta(days=20)
            )
    elif what in ("overdue", "waiting"):
        interaction_services.submit(
            kind="consult", subject="咨询", body="请问……", name="王小明", phone="13912345678", unit=unit,
            today=today - timedelta(days=60) if what == "overdue" else today,
        )  # fmt: skip
    else:
        opinion_services.record_entry(
            user=office, found_at=timezone.now() - timedelta(hours=60 if what == "missed" else 1),
            source="weibo", summary=f"{unit.name}舆情", unit=unit, kind="interest", level="general",
            emergency=False, link="https://example.cn/p/1",
        )  # fmt: skip


@pytest.fixture
def ledgers(d, office):
    for _ledger, unit, what in RECORDS:
        _make(what, d[unit], office)


def figures(user, within: str = "") -> dict[str, dict[str, int]]:
    sections = {s.key: s for s in desk_sections(user, within)}
    return {
        key: {c.key: c.count for c in sections[key].counts if c.key in expected({"s1"})[key]}
        for key in ("consultation", "interaction", "opinion")
    }


def test_the_office_counts_every_unit_and_the_filter_narrows(ledgers, office, d):
    assert figures(office) == expected({"s1", "s2"})
    assert figures(office, d["s2"].code) == expected({"s2"})
    assert figures(office, d["s1"].code) == expected({"s1"})


def test_an_officer_counts_only_the_units_in_scope(ledgers, d):
    officer_s2 = member(Role.OFFICER, d["s2"], "officer_s2")
    assert figures(officer_s2) == expected({"s2"})
    # a filter on another unit widens nothing
    assert figures(officer_s2, d["s1"].code) == expected(set())


def test_the_office_dashboard_shows_the_three_counts(ledgers, office, client):
    client.force_login(office)
    html = client.get(reverse("publishing:desk")).content.decode()
    dashboard = html[html.index('id="dashboard"') : html.index("</section>", html.index('id="dashboard"'))]
    want = expected({"s1", "s2"})
    assert f"征集中 {want['consultation']['open']}" in dashboard
    assert f"采纳情况超期 {want['consultation']['late']}" in dashboard
    assert f"待答复 {want['interaction']['waiting']}" in dashboard
    assert f"已超期 {want['interaction']['overdue']}" in dashboard
    assert f"计时中 {want['opinion']['running']}" in dashboard
    assert f"已超时 {want['opinion']['missed']}" in dashboard
    for key in ("consultation", "interaction", "opinion"):
        assert f'<section id="{key}"' in html  # and each ledger's own section below
